/**
 * Names in generated TypeScript: type names made from kinds, versions and field paths, property keys
 * quoted only where JSON names are no identifiers, literals and doc comments written safely.
 */

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Words TypeScript does not allow as a type name. */
const reservedTypeNames = new Set([
  'any',
  'boolean',
  'never',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'void',
]);

/**
 * pascalCase returns name with each word capitalised and everything but letters and digits left
 * out: `writeConnectionSecretToRef` -> `WriteConnectionSecretToRef`, `x-kubernetes_id` -> `XKubernetesId`.
 * It keeps the case of the letters after the first of a word (`PostgreSQL` stays `PostgreSQL`).
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * versionSuffix returns a Kubernetes version as a type-name suffix, each letter run after a digit
 * capitalised: v1 -> V1, v1beta1 -> V1Beta1, v2alpha3 -> V2Alpha3.
 */
export function versionSuffix(version: string): string {
  return pascalCase(version).replace(/([0-9])([a-z])/g, (_, d: string, l: string) => d + l.toUpperCase());
}

/**
 * typeName returns the type name of a kind (with the version suffix, for all but the preferred version),
 * or undefined when the kind gives none that TypeScript accepts: one that starts with a digit, or a
 * primitive's name.
 */
export function typeName(kind: string, suffix = ''): string | undefined {
  const name = `${pascalCase(kind)}${suffix}`;
  if (!identifier.test(name) || reservedTypeNames.has(name)) return undefined;
  return name;
}

/** aKind returns kind after its indefinite article, as doc comments say it: `a Database`, `an AppConfig`. */
export function aKind(kind: string): string {
  return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** propertyKey returns a JSON field name as an object type's key: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return identifier.test(name) ? name : stringLiteral(name);
}

/**
 * stringLiteral returns s as a TypeScript string literal: single-quoted, or double-quoted when that
 * needs fewer escapes (as Biome and Prettier write it).
 */
export function stringLiteral(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${quote}${escaped}${quote}`;
}

/**
 * literal returns a JSON value as TypeScript source: strings single-quoted, objects and arrays as
 * compact literals, object keys sorted (so the same value read from YAML or from kcp reads the same).
 */
export function literal(v: unknown): string {
  if (typeof v === 'string') return stringLiteral(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${propertyKey(k)}: ${literal((v as Record<string, unknown>)[k])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/**
 * docComment returns lines of a JSDoc comment at indent, one paragraph per non-empty item of
 * paragraphs (each may span lines), or no lines when there is nothing to say. `*\/` in the text is
 * broken up, so a description cannot end the comment early.
 */
export function docComment(paragraphs: readonly (string | undefined)[], indent = ''): string[] {
  const blocks = paragraphs
    .map((p) => p?.replace(/\*\//g, '*\\/').replace(/\r\n?/g, '\n').trim())
    .filter((p): p is string => p !== undefined && p !== '');
  if (blocks.length === 0) return [];
  const body = blocks.flatMap((b, i) => [...(i > 0 ? [''] : []), ...b.split('\n').map((l) => l.trimEnd())]);
  if (body.length === 1 && body[0]!.length + indent.length + 7 <= 110) return [`${indent}/** ${body[0]} */`];
  return [
    `${indent}/**`,
    ...body.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)),
    `${indent} */`,
  ];
}

/** unionMembers returns the members of a type expression's top-level union (one, when it is none). */
export function unionMembers(type: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === "'" || c === '"') i = closingQuote(type, i, c);
    else if (c === '|' && depth === 0) {
      out.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(type.slice(start).trim());
  return out;
}

/** closingQuote returns the index of the quote that ends the string literal opening with quote at i. */
function closingQuote(s: string, i: number, quote: string): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j;
  }
  return s.length;
}
