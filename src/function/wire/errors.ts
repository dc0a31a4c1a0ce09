/**
 * A RunFunction message that cannot be encoded or decoded: truncated or malformed bytes, a known field
 * with the wrong wire type, or a value that google.protobuf.Struct cannot carry. Decoding never throws
 * anything else, so a server can answer a bad request instead of crashing.
 */
export class WireError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WireError';
  }
}

/** A path segment: an object key or an array index. */
export type PathSegment = string | number;

/**
 * A value that cannot be encoded, with the path from the outermost message to it. Encoders throw it
 * at the offending value and every enclosing level adds its own segment on the way out (see
 * withSegment), so the happy path never pays for building paths.
 */
export class ValuePathError extends WireError {
  /** Segments from the outermost value inwards. */
  readonly path: PathSegment[] = [];

  constructor(
    readonly problem: string,
    segment?: PathSegment,
  ) {
    super(problem);
    this.name = 'WireError';
    if (segment !== undefined) this.path.push(segment);
    this.message = this.describe();
  }

  /** describe returns the error message for the path collected so far. */
  private describe(): string {
    const where = formatPath(this.path);
    return where === '' ? `cannot encode value: ${this.problem}` : `cannot encode ${where}: ${this.problem}`;
  }

  /** prepend adds an enclosing segment and refreshes the message. */
  prepend(segment: PathSegment): this {
    this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }
}

/**
 * withSegment returns err with segment added in front of its path when it is a ValuePathError, and err
 * unchanged otherwise; callers rethrow the result from a catch block around one nested value.
 */
export function withSegment(err: unknown, segment: PathSegment): unknown {
  return err instanceof ValuePathError ? err.prepend(segment) : err;
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const maxShownSegments = 24;

/**
 * formatPath returns a JSONPath-like rendering of path: `spec.forProvider.tags[0]`, with keys that are
 * not plain identifiers quoted (`metadata.annotations["kxp.dev/owner"]`). Very deep paths (a circular
 * object, usually) keep their first and last segments around an ellipsis.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let shown: readonly PathSegment[] = path;
  let elided = 0;
  if (path.length > maxShownSegments) {
    elided = path.length - maxShownSegments;
    shown = [...path.slice(0, maxShownSegments / 2), ...path.slice(-maxShownSegments / 2)];
  }
  let out = '';
  shown.forEach((segment, i) => {
    if (elided > 0 && i === maxShownSegments / 2) out += `…(${elided} more)…`;
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  });
  return out;
}
