/**
 * Writing declarations as TypeScript source, in the shape `cdk8s import` gives CRDs: per kind a
 * construct class extending ApiObject (static GVK, static manifest, a constructor taking scope, id
 * and props), its Props and Manifest interfaces, and the interfaces of the objects inside it.
 * Formatted as Biome and Prettier would (two spaces, single quotes, lines within 110 columns).
 */
import type { InterfaceDecl, Property } from './declarations.js';
import type { KindDecls } from './kind.js';
import { aKind, docComment, propertyKey, stringLiteral, unionMembers } from './names.js';

const lineWidth = 110;

/** fileText returns a generated file: header comment lines, the imports, then each kind's declarations. */
export function fileText(header: readonly string[], kinds: readonly KindDecls[]): string {
  const blocks = [
    [
      ...header.map((l) => `// ${l}`),
      "import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';",
      "import type { Construct } from 'constructs';",
    ],
    ...kinds.flatMap((k) => [classLines(k), ...[k.props, k.manifest, ...k.nested].map(interfaceLines)]),
  ];
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

/** classLines returns the construct class of a kind's version. */
export function classLines(k: KindDecls): string[] {
  const { className: c, propsName: p, manifestName: m, kv } = k;
  const param = k.propsRequired ? `props: ${p}` : `props: ${p} = {}`;
  return [
    ...docComment(k.doc),
    `export class ${c} extends ApiObject {`,
    ...docComment([`The apiVersion and kind of every ${kv.kind}.`], '  '),
    '  static readonly GVK = {',
    `    apiVersion: ${stringLiteral(`${kv.group}/${kv.version}`)},`,
    `    kind: ${stringLiteral(kv.kind)},`,
    '  } as const satisfies GroupVersionKind;',
    '',
    ...docComment(
      [`manifest returns ${aKind(kv.kind)} as a plain object, e.g. to embed in another resource.`],
      '  ',
    ),
    `  static manifest(${param}): ${m} {`,
    `    return { ...${c}.GVK, ...props };`,
    '  }',
    '',
    ...docComment(
      [`Defines ${aKind(kv.kind)} in scope, named after its path unless props.metadata names it.`],
      '  ',
    ),
    `  constructor(scope: Construct, id: string, ${param}) {`,
    `    super(scope, id, { ...${c}.GVK, ...props });`,
    '  }',
    '}',
  ];
}

/**
 * interfaceLines returns an interface, its properties apart by blank lines when any has a doc comment,
 * and an index signature last.
 */
export function interfaceLines(decl: InterfaceDecl): string[] {
  const head = decl.extends
    ? `export interface ${decl.name} extends ${decl.extends} {`
    : `export interface ${decl.name} {`;
  const documented = decl.properties.some((p) => docComment(p.doc).length > 0);
  const body: string[] = [];
  for (const prop of decl.properties) {
    if (documented && body.length > 0) body.push('');
    body.push(...docComment(prop.doc, '  '), ...propertyLines(prop));
  }
  if (decl.indexType !== undefined) {
    if (body.length > 0) body.push('');
    body.push(
      ...docComment(
        ['Fields besides these are kept as they are (x-kubernetes-preserve-unknown-fields).'],
        '  ',
      ),
      `  readonly [key: string]: ${decl.indexType};`,
    );
  }
  return [...docComment(decl.doc), head, ...body, '}'];
}

/** propertyLines returns a property, its union spread over one line per member when one line is too long. */
function propertyLines(prop: Property): string[] {
  const start = `  readonly ${propertyKey(prop.name)}${prop.optional ? '?' : ''}:`;
  const line = `${start} ${prop.type};`;
  const members = unionMembers(prop.type);
  if (line.length <= lineWidth || members.length < 2) return [line];
  return [start, ...members.map((m, i) => `    | ${m}${i === members.length - 1 ? ';' : ''}`)];
}
