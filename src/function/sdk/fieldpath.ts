/**
 * Field paths into plain Kubernetes objects, in the syntax Crossplane's patches use:
 * `spec.forProvider.region`, `spec.items[0].name`, `metadata.labels["a.b/c"]` (or unquoted
 * `metadata.labels[a.b/c]`). A bracket holding only digits is an array index.
 */
import type { JsonObject, JsonValue } from '../wire/types.js';

/** A parsed field path: object keys are strings, array indexes are numbers. */
export type FieldPathSegment = string | number;

/** parseFieldPath returns the segments of path, or throws naming the position of the first mistake. */
export function parseFieldPath(path: string): FieldPathSegment[] {
  // One step is `name` (first), `.name` (later) or `[inner]` (anywhere).
  const step = /(\.?)([^.[\]]+)|\[([^\]]*)\]/y;
  const segments: FieldPathSegment[] = [];
  let i = 0;
  while (i < path.length || i === 0) {
    step.lastIndex = i;
    const m = step.exec(path);
    const name = m?.[2];
    const dotted = m?.[1] === '.';
    let seg: FieldPathSegment | undefined;
    if (name !== undefined && dotted === i > 0) seg = name;
    else if (m && name === undefined) seg = bracketSegment(m[3] ?? '');
    if (!m || seg === undefined)
      throw new Error(`cannot parse field path ${JSON.stringify(path)}: ${mistake(path, i)}`);
    segments.push(seg);
    i = step.lastIndex;
  }
  return segments;
}

/** mistake returns why path cannot be parsed at position i. */
function mistake(path: string, i: number): string {
  if (path === '') return 'empty path';
  const c = path[i];
  let why = 'expected . or [';
  if (i === 0 && c === '.') why = 'expected a field name';
  else if (c === '.' && (path[i + 1] === undefined || '.['.includes(path[i + 1] ?? '')))
    why = 'empty field name';
  else if (c === '[' && !path.includes(']', i)) why = 'unclosed [';
  else if (c === '[') why = 'empty []';
  return `${why} at position ${i}`;
}

/** bracketSegment returns the segment inside [...]: an index for digits, else the (unquoted) key. */
function bracketSegment(inner: string): FieldPathSegment | undefined {
  if (inner === '') return undefined;
  if (/^\d+$/.test(inner)) return Number(inner);
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(inner);
  const key = quoted ? (quoted[1] ?? quoted[2] ?? '') : inner;
  return key === '' ? undefined : key;
}

/** formatFieldPath returns segments written as a field path, quoting keys that are not plain names. */
export function formatFieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && /^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/**
 * getField returns the value at path in obj, or undefined when any part of it is absent.
 * It throws when the path is malformed or walks into a value of the wrong shape (an index into
 * an object, a key into a string), because that is a mistake in the path, not a missing field.
 */
export function getField(obj: JsonObject, path: string): JsonValue | undefined {
  const segments = parseFieldPath(path);
  let cur: JsonValue | undefined = obj;
  for (const [i, seg] of segments.entries()) {
    if (cur === undefined || cur === null) return undefined;
    cur = child(cur, seg, segments, i, 'get');
  }
  return cur;
}

/**
 * setField sets the value at path in obj, creating the objects and arrays on the way (arrays grow,
 * padded with null, as Crossplane's fieldpath does). It throws when the path is malformed or a
 * value on the way has the wrong shape.
 */
export function setField(obj: JsonObject, path: string, value: JsonValue): void {
  const segments = parseFieldPath(path);
  let cur: JsonValue = obj;
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    const existing: JsonValue | undefined = child(cur, seg, segments, i, 'set');
    let nextValue: JsonValue;
    if (last) nextValue = value;
    else if (existing === undefined || existing === null) nextValue = typeof next === 'number' ? [] : {};
    else nextValue = existing;
    assign(cur, seg, nextValue);
    cur = nextValue;
  }
}

/** child returns cur[seg] after checking that cur has the shape seg expects. */
function child(
  cur: JsonValue,
  seg: FieldPathSegment,
  segments: FieldPathSegment[],
  i: number,
  verb: 'get' | 'set',
): JsonValue | undefined {
  const at = formatFieldPath(segments.slice(0, i)) || '(root)';
  const path = formatFieldPath(segments);
  if (typeof seg === 'number') {
    if (!Array.isArray(cur))
      throw new Error(`cannot ${verb} field ${path}: ${at} is ${shape(cur)}, not an array`);
    return cur[seg];
  }
  if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
    throw new Error(`cannot ${verb} field ${path}: ${at} is ${shape(cur)}, not an object`);
  }
  return Object.hasOwn(cur, seg) ? cur[seg] : undefined;
}

/** assign sets cur[seg] = value; child has already checked cur's shape. */
function assign(cur: JsonValue, seg: FieldPathSegment, value: JsonValue): void {
  if (typeof seg === 'number' && Array.isArray(cur)) {
    while (cur.length < seg) cur.push(null);
    cur[seg] = value;
  } else if (typeof seg === 'string' && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
    cur[seg] = value;
  }
}

/** shape returns a JSON value's kind for error messages. */
function shape(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
