/**
 * Rendering templates in a sandbox. Templates are compiled with knownHelpersOnly (a template can
 * call kxp's helpers and nothing found in its data), without HTML escaping (the output is YAML),
 * and run over plain JSON data with prototype access denied (`constructor`, `__proto__` and the
 * like render as nothing). A render is bounded in time, output size and partial depth; going past
 * a limit, like any template error, throws a TemplateError naming the template and line.
 */
import Handlebars from 'handlebars';
import { type CompiledTemplate, compiled } from './compile.js';
import type { TemplateData } from './data.js';
import { describe, handlebarsLine, located, TemplateError } from './errors.js';
import { runtimeHelpers } from './guard.js';
import { type HelperOptions, own, type RenderSession } from './helpers.js';
import type { TemplateSet } from './input.js';

/** How far one call may go. */
export interface Limits {
  /** timeoutMs bounds compiling, rendering and parsing the output, in milliseconds of wall-clock time. */
  timeoutMs: number;
  /** maxOutputLength bounds what the templates render, together, in characters. */
  maxOutputLength: number;
  /** maxPartialDepth bounds how deeply partials (and include) nest. */
  maxPartialDepth: number;
  /** maxRangeItems bounds the list (range ...) makes. */
  maxRangeItems: number;
  /** maxSourceLength bounds the templates and partials, together, in characters. */
  maxSourceLength: number;
  /** maxBlockDepth bounds how deeply a template nests blocks, and subexpressions in one mustache. */
  maxBlockDepth: number;
  /** maxDataDepth bounds how deeply rendered YAML, and values helpers read or make, nest collections. */
  maxDataDepth: number;
}

/** The limits the function serves with. */
export const defaultLimits: Limits = {
  timeoutMs: 2_000,
  maxOutputLength: 8 * 1024 * 1024,
  maxPartialDepth: 16,
  maxRangeItems: 10_000,
  maxSourceLength: 256 * 1024,
  maxBlockDepth: 32,
  maxDataDepth: 100,
};

/** What one template rendered. */
export interface Rendered {
  template: string;
  text: string;
}

/** A partial as Handlebars calls it: the context, and the runtime options of the call. */
type Partial = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** When a call must be done by, in performance.now() milliseconds, and where `{{log}}` goes. */
export interface RenderOptions {
  deadline: number;
  log?: (template: string, message: string) => void;
}

/**
 * renderTemplates returns what each of set's entrypoints renders from data, in order. It throws a
 * TemplateError when a template does not compile or fails, or when the render goes past limits or
 * the deadline.
 */
export function renderTemplates(
  set: TemplateSet,
  data: TemplateData,
  limits: Limits,
  { deadline, log = () => {} }: RenderOptions,
): Rendered[] {
  const templates = compileAll(set, limits);
  const session = new Session(data, limits, deadline, log);
  const partials: Record<string, Partial> = {};
  for (const [name, template] of templates) partials[name] = session.partial(name, template.render);
  const runtime: Handlebars.RuntimeOptions = {
    helpers: runtimeHelpers(session),
    partials,
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
    allowCallsToHelperMissing: false,
  };
  session.runtime = runtime;

  const out: Rendered[] = [];
  let length = 0;
  for (const name of set.entrypoints) {
    const text = own(partials, name)?.(data, runtime) ?? '';
    length += text.length;
    session.checkOutput(length, name);
    out.push({ template: name, text });
  }
  return out;
}

/**
 * compileAll returns every template and partial of set compiled, or throws a TemplateError for the
 * first that is too long together with the rest, does not compile, or names a partial set lacks.
 */
function compileAll(set: TemplateSet, limits: Limits): Map<string, CompiledTemplate> {
  const size = Object.values(set.sources).reduce((n, s) => n + s.length, 0);
  if (size > limits.maxSourceLength) {
    throw new TemplateError(
      'LimitExceeded',
      `the templates and partials are ${size} characters, more than the limit of ${limits.maxSourceLength}`,
    );
  }
  const templates = new Map<string, CompiledTemplate>();
  for (const [name, source] of Object.entries(set.sources)) {
    try {
      templates.set(name, compiled(name, source, set.strict, limits.maxBlockDepth));
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new TemplateError('CompileError', describe(err), { template: name }, { cause: err });
    }
  }
  for (const [name, template] of templates) {
    const missing = template.partials.find((ref) => !Object.hasOwn(set.sources, ref.name));
    if (missing) {
      throw new TemplateError(
        'CompileError',
        `the partial ${JSON.stringify(missing.name)} is not defined: name it under partials or templates`,
        { template: name, line: missing.line },
      );
    }
  }
  return templates;
}

/** The state of one render: the time left, the stack of templates being rendered, and the helpers' view of it. */
class Session implements RenderSession {
  readonly stack: string[] = [];
  runtime: Handlebars.RuntimeOptions = {};
  readonly maxRangeItems: number;
  readonly maxDataDepth: number;
  private readonly partials: Record<string, Partial> = {};

  constructor(
    readonly data: TemplateData,
    private readonly limits: Limits,
    private readonly deadline: number,
    private readonly logger: (template: string, message: string) => void,
  ) {
    this.maxRangeItems = limits.maxRangeItems;
    this.maxDataDepth = limits.maxDataDepth;
  }

  template(): string {
    return this.stack.at(-1) ?? '';
  }

  tick(template = this.template()): void {
    if (performance.now() > this.deadline) {
      throw new TemplateError('LimitExceeded', `rendering took longer than ${this.limits.timeoutMs}ms`, {
        template,
      });
    }
  }

  checkOutput(length: number, template = this.template()): void {
    if (length > this.limits.maxOutputLength) {
      throw new TemplateError(
        'LimitExceeded',
        `the output is longer than the limit of ${this.limits.maxOutputLength} characters`,
        { template },
      );
    }
  }

  include(name: string, context: unknown, options: HelperOptions): string {
    const partial = own(this.partials, name);
    if (!partial)
      throw new Error(`cannot include ${JSON.stringify(name)}: there is no template or partial of that name`);
    return partial(context, { ...this.runtime, data: Handlebars.createFrame(options.data ?? {}) });
  }

  log(message: string): void {
    this.logger(this.template(), message);
  }

  /**
   * partial returns render as a partial called name: entering it checks the time and the depth,
   * its output counts against the limit, and its errors are located in it.
   */
  partial(name: string, render: Partial): Partial {
    const partial: Partial = (context, options) => {
      this.enter(name);
      try {
        const out = render(context, options);
        this.checkOutput(out.length);
        return out;
      } catch (err) {
        throw located(err, name, handlebarsLine(err));
      } finally {
        this.stack.pop();
      }
    };
    this.partials[name] = partial;
    return partial;
  }

  private enter(name: string): void {
    // The first template entered is the one to blame when the time is up before it starts.
    this.tick(this.template() || name);
    if (this.stack.length >= this.limits.maxPartialDepth) {
      const chain = [...this.stack.slice(0, 2), '…', ...this.stack.slice(-2), name].join(' > ');
      throw new TemplateError(
        'LimitExceeded',
        `partials nest deeper than ${this.limits.maxPartialDepth} (${chain}): does a partial include itself?`,
        { template: this.template() },
      );
    }
    this.stack.push(name);
  }
}
