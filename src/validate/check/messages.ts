/**
 * Field errors worded as the Kubernetes API server words them (k8s.io/apimachinery's field.Error):
 * `<field>: <kind of error>[: <value>][: <detail>]`, e.g. `spec.size: Unsupported value: "tiny":
 * supported values: "small", "big"`. Users compare kxp's messages with what kubectl prints, so the
 * wording is the server's; only the field of the object itself reads `<nil>`, as the server's does.
 */
import type { ErrorType, Problem, Segment } from '../types.js';

/** fieldOf returns segments written as a field path: properties and map keys joined by dots, indices as `[i]`. */
export function fieldOf(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

/** Where is a field: its segments (for the YAML position) and how the check writes it. */
export interface Where {
  path: Segment[];
  field: string;
}

/** at returns the Where of segments, written with fieldOf when first read (most fields have no problem). */
export function at(path: Segment[]): Where {
  let field: string | undefined;
  return {
    path,
    get field() {
      field ??= fieldOf(path);
      return field;
    },
  };
}

/** OMIT marks a value the message leaves out (CEL errors on objects and lists: `Invalid value: <detail>`). */
export const OMIT: unique symbol = Symbol('omit');

/** required returns a `Required value` problem. */
export function required(type: ErrorType, w: Where, detail = ''): Problem {
  return problem(type, w, 'Required value', undefined, detail, '');
}

/** forbidden returns a `Forbidden` problem. */
export function forbidden(type: ErrorType, w: Where, detail: string): Problem {
  return problem(type, w, 'Forbidden', undefined, detail, '');
}

/** invalid returns an `Invalid value` problem naming value, or leaving it out when value is OMIT. */
export function invalid(type: ErrorType, w: Where, value: unknown, detail: string): Problem {
  return problem(type, w, 'Invalid value', value, detail, value === OMIT ? {} : value);
}

/** notSupported returns an `Unsupported value` problem listing the values allowed. */
export function notSupported(
  type: ErrorType,
  w: Where,
  value: unknown,
  allowed: readonly unknown[],
): Problem {
  const values = allowed.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)));
  const detail = values.length > 0 ? `supported values: ${values.join(', ')}` : '';
  return problem(type, w, 'Unsupported value', value, detail, value);
}

/** tooLong returns a `Too long` problem for a string longer than max bytes. */
export function tooLong(type: ErrorType, w: Where, max: number): Problem {
  const detail = `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
  return problem(type, w, 'Too long', undefined, detail, '<value omitted>');
}

/** tooMany returns a `Too many` problem for a list or map with actual entries, more than max. */
export function tooMany(type: ErrorType, w: Where, actual: number, max: number): Problem {
  const detail = `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
  return problem(type, w, 'Too many', actual, detail, actual);
}

/** duplicate returns a `Duplicate value` problem. */
export function duplicate(type: ErrorType, w: Where, value: unknown): Problem {
  return problem(type, w, 'Duplicate value', value, '', value);
}

function problem(
  type: ErrorType,
  w: Where,
  kind: string,
  shown: unknown,
  detail: string,
  value: unknown,
): Problem {
  let body = kind;
  if (shown !== undefined && shown !== OMIT) body += `: ${render(shown)}`;
  if (detail !== '') body += `: ${detail}`;
  const out: Problem = { type, path: w.path, field: w.field, message: `${w.field || '<nil>'}: ${body}` };
  if (value !== undefined) out.value = value;
  return out;
}

/** render returns a value as Go's field errors print it: strings quoted, numbers as %v, the rest as JSON. */
export function render(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * goFloat returns n as Go's %v prints a float64: the shortest digits, with an exponent of at least two
 * digits when it is below -4 or at least 6 (`1e+06`, `1.5e-05`), as schema bounds read in messages.
 */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const [mantissa = '', e = '0'] = n.toExponential().split('e');
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(n);
  const digits = String(Math.abs(exp)).padStart(2, '0');
  return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
}
