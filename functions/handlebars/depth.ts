/**
 * Nesting checks that run before anything recursive does. Handlebars' parser slows down
 * quadratically with nested blocks, the YAML composer and stringifier recurse once per level, and
 * V8 can abort the whole process (rather than throw) when it runs out of stack while compiling a
 * regular expression deep in such a recursion. So templates, rendered YAML and helper values are
 * measured first, by loops, and refused past a depth no real composition reaches.
 */

/** blockDepthError returns the line where blocks or subexpressions in source nest deeper than max, if they do. */
export function blockDepthError(source: string, max: number): number | undefined {
  let depth = 0;
  for (const { index, body } of mustaches(source)) {
    depth = Math.max(depth + blockStep(body), 0);
    if (depth > max || parenDepth(body) > max) return lineOf(source, index);
  }
  return undefined;
}

/** mustaches yields where each `{{...}}` of source starts and what it holds, comments left out. */
function* mustaches(source: string): Generator<{ index: number; body: string }> {
  for (let i = source.indexOf('{{'); i >= 0; ) {
    const closing = source.startsWith('{{!--', i) ? '--}}' : '}}';
    const close = source.indexOf(closing, i + 2);
    const end = close < 0 ? source.length : close;
    if (!source.startsWith('{{!', i))
      yield { index: i, body: source.slice(i + 2, end).replace(/^[{~\s]+/, '') };
    i = source.indexOf('{{', end + closing.length);
  }
}

/** blockStep returns 1 for a mustache that opens a block, -1 for one that closes one, else 0. */
function blockStep(body: string): number {
  if (body.startsWith('#')) return 1;
  if (body.startsWith('/')) return -1;
  // {{^name}} opens an inverse block; a bare {{^}} is an else.
  return body.startsWith('^') && /[^~}\s]/.test(body.slice(1)) ? 1 : 0;
}

/** parenDepth returns how deeply parentheses nest in a mustache's body, outside string literals. */
function parenDepth(body: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (const c of body) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') max = Math.max(max, ++depth);
    else if (c === ')') depth = Math.max(depth - 1, 0);
  }
  return max;
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < index; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

const collections = new Set(['block-map', 'block-seq', 'flow-collection']);

/**
 * yamlDepthError returns the offset of the first YAML collection among tokens (what yaml's Parser
 * yields, which it builds without recursing) nested deeper than max, if there is one.
 */
export function yamlDepthError(tokens: readonly unknown[], max: number): number | undefined {
  const isCollection = (node: object): boolean => {
    const type = (node as { type?: unknown }).type;
    return typeof type === 'string' && collections.has(type);
  };
  const found = firstTooDeep(tokens, isCollection, max);
  return found === undefined ? undefined : ((found as { offset?: number }).offset ?? 0);
}

/** tooDeep reports whether a JSON-like value nests objects and arrays deeper than max. */
export function tooDeep(value: unknown, max: number): boolean {
  return firstTooDeep([value], () => true, max) !== undefined;
}

/**
 * firstTooDeep returns the first object found under roots that lies more than max levels deep,
 * where a level is an object for which counts is true. It walks with a stack, not recursion.
 */
function firstTooDeep(
  roots: readonly unknown[],
  counts: (node: object) => boolean,
  max: number,
): object | undefined {
  const stack: [unknown, number][] = roots.map((r) => [r, 0]);
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (typeof node !== 'object' || node === null) continue;
    const level = counts(node) ? depth + 1 : depth;
    if (level > max) return node;
    for (const child of Object.values(node)) stack.push([child, level]);
  }
  return undefined;
}
