/**
 * Compiling templates: parse (syntax errors with their line), refuse what the sandbox does not
 * allow (decorators such as {{#*inline}}, whose partials would escape the depth guard), compile
 * with knownHelpersOnly and no HTML escaping, and cache the result by source, since Crossplane calls
 * a function with the same templates on every reconcile.
 */
import Handlebars from 'handlebars';
import { blockDepthError } from './depth.js';
import { describe, handlebarsLine, TemplateError } from './errors.js';
import { knownHelpers } from './guard.js';

/** The environment templates compile in: Handlebars' built-ins only, and no inline decorator. */
const env = Handlebars.create();
env.unregisterDecorator('inline');

/** A compiled template, and the partials it names itself. */
export interface CompiledTemplate {
  render: (context: unknown, options?: Handlebars.RuntimeOptions) => string;
  /** partials are those named in `{{> name}}` statements, with their lines (dynamic ones are not here). */
  partials: { name: string; line: number }[];
}

const cache = new Map<string, CompiledTemplate>();
const maxCached = 128;
const maxCachedLength = 256 * 1024;

/**
 * compiled returns source compiled, from the cache when it was compiled before. It throws a
 * CompileError naming the template and line when source nests blocks deeper than maxBlockDepth,
 * does not parse, uses a decorator, or calls a helper that is not one of knownHelpers.
 */
export function compiled(
  name: string,
  source: string,
  strict: boolean,
  maxBlockDepth: number,
): CompiledTemplate {
  const key = `${strict}\n${maxBlockDepth}\n${source}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const deep = blockDepthError(source, maxBlockDepth);
  if (deep !== undefined) {
    throw new TemplateError('CompileError', `blocks or subexpressions nest deeper than ${maxBlockDepth}`, {
      template: name,
      line: deep,
    });
  }
  const ast = parsed(name, source);
  const partials = inspect(ast, name);
  const options: CompileOptions = { noEscape: true, strict, knownHelpersOnly: true, knownHelpers };
  const render = env.compile(ast, options);
  try {
    compileNow(render, source, options);
  } catch (err) {
    const where = { template: name, line: handlebarsLine(err) };
    throw new TemplateError('CompileError', compileError(err, ast), where, { cause: err });
  }
  const template: CompiledTemplate = { render, partials };
  if (source.length <= maxCachedLength) {
    cache.set(key, template);
    const oldest = cache.keys().next().value;
    if (cache.size > maxCached && oldest !== undefined) cache.delete(oldest);
  }
  return template;
}

/**
 * compileNow makes Handlebars compile render now rather than on its first call, so that compile
 * errors come out here. Handlebars' compile is lazy; the `_setup` it gives the template compiles
 * it (and prepares nothing a render does not prepare again). Without `_setup`, precompiling the
 * source reports the same errors at the price of a second compile.
 */
function compileNow(render: Handlebars.TemplateDelegate, source: string, options: CompileOptions): void {
  const setup = (render as { _setup?: unknown })._setup;
  if (typeof setup === 'function') setup.call(render, {});
  else env.precompile(source, options);
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

/**
 * parsed returns source's syntax tree, or throws a CompileError at the line of the syntax error.
 * The tree is unprocessed: compile strips standalone whitespace from it, once.
 */
function parsed(name: string, source: string): hbs.AST.Program {
  try {
    return env.parseWithoutProcessing(source);
  } catch (err) {
    const { line, detail } = parseError(err);
    throw new TemplateError('CompileError', detail, { template: name, line }, { cause: err });
  }
}

/**
 * parseError returns the line and a one-line account of a Handlebars syntax error, which reads
 * "Parse error on line N:", the text around it, a caret line, and what the parser expected.
 */
export function parseError(err: unknown): { line: number | undefined; detail: string } {
  const message = describe(err);
  const m = /^(?:Parse|Lexical) error on line (\d+)[:.]\s*/.exec(message);
  if (!m) return { line: handlebarsLine(err), detail: message.replace(/\s*\n\s*/g, '; ') };
  const [near = '', , ...rest] = message.slice(m[0].length).split('\n');
  const expected = rest.join(' ').replace(/^Expecting /, 'expecting ');
  const tokens = expected.split(', ');
  const short = tokens.length > 6 ? `${tokens.slice(0, 4).join(', ')}, …, ${tokens.at(-1)}` : expected;
  return {
    line: Number(m[1]),
    detail: `syntax error near ${JSON.stringify(near)}${short ? `: ${short}` : ''}`,
  };
}

/**
 * compileError returns what the compiler rejected in words for template authors. Handlebars names
 * an unknown helper by the first part of its path only ("s" for `{{s.sub.apply 0 s}}`), so the
 * whole path is taken from the expression at the error's position in ast.
 */
function compileError(err: unknown, ast: unknown): string {
  const detail = describe(err);
  const m = /^You specified knownHelpersOnly, but used the unknown helper (.*)$/.exec(detail);
  if (!m) return detail;
  const at = err as { lineNumber?: unknown; column?: unknown };
  let helper = m[1] ?? '';
  walk(ast, (node) => {
    const start = node.loc?.start;
    if (
      start?.line === at.lineNumber &&
      start?.column === at.column &&
      typeof node.path?.original === 'string'
    )
      helper = node.path.original;
  });
  return `there is no helper ${JSON.stringify(helper)}: templates call only kxp's helpers`;
}

/** An AST node, as far as inspect and compileError read it. */
interface Node {
  type: string;
  loc?: { start: { line: number; column: number } };
  name?: { type: string; original?: unknown; value?: unknown };
  path?: { original?: unknown };
}

/** inspect returns the partials ast names statically, and throws a CompileError at any decorator. */
function inspect(ast: unknown, template: string): CompiledTemplate['partials'] {
  const partials: CompiledTemplate['partials'] = [];
  walk(ast, (node) => {
    const line = node.loc?.start.line ?? 0;
    if (node.type === 'Decorator' || node.type === 'DecoratorBlock') {
      throw new TemplateError(
        'CompileError',
        "decorators such as {{#*inline}} are not supported: declare partials under the input's partials",
        { template, line },
      );
    }
    // A partial block ({{#> name}}...{{/name}}) renders its own content when the partial is missing.
    if (node.type !== 'PartialStatement' || !node.name) return;
    const ref = node.name.type === 'PathExpression' ? node.name.original : node.name.value;
    if ((typeof ref === 'string' || typeof ref === 'number') && ref !== '@partial-block')
      partials.push({ name: String(ref), line });
  });
  return partials;
}

function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (typeof node.type === 'string') visit(node as unknown as Node);
  for (const [k, v] of Object.entries(node)) if (k !== 'loc') walk(v, visit);
}
