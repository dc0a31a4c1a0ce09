/**
 * Template errors: what went wrong, in which template, and on which line, so that a FATAL result
 * points the Composition's author at the place to fix. Handlebars' own exceptions carry a line (and
 * append " - line:column" to their message); helpers know theirs from options.loc.
 */

/** What failed, used as the FATAL result's reason. */
export type Reason =
  /** The template does not compile: syntax, an unknown helper or partial, a decorator. */
  | 'CompileError'
  /** A helper or the template failed while rendering. */
  | 'RenderError'
  /** Rendering went past a limit: time, output size, partial depth, range size. */
  | 'LimitExceeded'
  /** The rendered text is not valid YAML. */
  | 'YAMLError'
  /** A rendered document is not a resource or meta document the function understands. */
  | 'DocumentError';

/** How each reason's message starts, in the project's "cannot <verb> <noun>" form. */
const verbs: Record<Reason, string> = {
  CompileError: 'cannot compile template',
  RenderError: 'cannot render template',
  LimitExceeded: 'cannot render template',
  YAMLError: 'cannot parse rendered YAML',
  DocumentError: 'cannot compose rendered document',
};

/**
 * A failure tied to a template and, when known, a line. For compile and render errors the line is
 * in the template's source; for YAML and document errors it is in the template's rendered output.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  template: string | undefined;
  line: number | undefined;

  constructor(
    readonly reason: Reason,
    readonly detail: string,
    where: { template?: string | undefined; line?: number | undefined } = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.template = where.template;
    this.line = where.line;
    this.message = this.format();
  }

  /**
   * locate fills in the template and line where they are still unknown: the template first, and a
   * line only for that template (a line found in another template's call site would mislead).
   */
  locate(template: string, line: number | undefined): this {
    this.template ??= template;
    if (this.line === undefined && this.template === template) this.line = line;
    this.message = this.format();
    return this;
  }

  private format(): string {
    const rendered = this.reason === 'YAMLError' || this.reason === 'DocumentError';
    const name = this.template === undefined ? undefined : JSON.stringify(this.template);
    if (rendered) {
      const where = name && this.line !== undefined ? `rendered line ${this.line} of template ${name}` : name;
      return `${verbs[this.reason]}: ${where ? `${where}: ` : ''}${this.detail}`;
    }
    const line = this.line === undefined ? '' : `: line ${this.line}`;
    return `${verbs[this.reason]}${name ? ` ${name}` : ''}${line}: ${this.detail}`;
  }
}

/**
 * located returns err as a TemplateError located in template: a TemplateError keeps what it knows
 * and gains what it lacks; any other error becomes a RenderError, at the line Handlebars recorded
 * in it or else at line.
 */
export function located(err: unknown, template: string, line?: number): TemplateError {
  if (err instanceof TemplateError) return err.locate(template, line);
  const own = handlebarsLine(err);
  return new TemplateError('RenderError', describe(err), { template, line: own ?? line }, { cause: err });
}

/** describe returns err's message without the " - line:column" suffix Handlebars appends. */
export function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/ - \d+:\d+$/, '');
}

/** handlebarsLine returns the line a Handlebars exception recorded, if it did. */
export function handlebarsLine(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('lineNumber' in err)) return undefined;
  return typeof err.lineNumber === 'number' ? err.lineNumber : undefined;
}
