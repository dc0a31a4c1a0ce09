/**
 * OpenAPI value validation of a custom resource, as the Kubernetes API server runs it (kube-openapi's
 * validator behind apiextensions-apiserver's ValidateCustomResource): types, enums, string lengths and
 * patterns, formats, numeric bounds, list and map sizes, required properties, and allOf/anyOf/oneOf/not.
 * Like the server's, each check applies by the kind of the value it meets (a string's length is checked
 * wherever a string is), and only the first failing string check of a value is reported.
 */
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { searchRE2 } from '../regex.js';
import type { Problem, Segment } from '../types.js';
import { formatCheck } from './formats.js';
import { at, goFloat, invalid, notSupported, required, tooLong, tooMany, type Where } from './messages.js';

/** checkValue appends to out the problems of value v against schema s, v being the field at path. */
export function checkValue(v: unknown, s: SchemaNode, path: Segment[], out: Problem[]): void {
  const w = at(path);
  if (v === null || v === undefined) {
    checkNull(s, w, out);
    return;
  }
  checkType(v, s, w, out);
  checkComposites(v, s, path, out);
  if (typeof v === 'string') {
    checkString(v, s, w, out);
    checkFormat(v, s, w, out);
  }
  if (typeof v === 'number' || typeof v === 'bigint') checkNumber(v, s, w, out);
  if (Array.isArray(v)) checkArray(v, s, path, out);
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(v, e))) {
    out.push(notSupported('schema', w, v, s.enum));
  }
  if (isObject(v)) checkObject(v, s, path, out);
}

/** jsonType returns the JSON type of a value as kube-openapi names it in messages. */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** allowedTypes returns the types a schema node allows, none meaning any (int-or-string allows two). */
export function allowedTypes(s: SchemaNode): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof s.type === 'string' && s.type !== '' ? [s.type] : [];
}

/** hasType reports whether a value of JSON type actual is one of type expected (an integer is a number too). */
export function hasType(actual: string, expected: string): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function checkNull(s: SchemaNode, w: Where, out: Problem[]): void {
  const types = allowedTypes(s);
  if (s.nullable !== true && types.length > 0) out.push(typeProblem(w, types, 'null'));
  if (Array.isArray(s.enum)) out.push(notSupported('schema', w, null, s.enum));
}

function checkType(v: unknown, s: SchemaNode, w: Where, out: Problem[]): void {
  const types = allowedTypes(s);
  const actual = jsonType(v);
  if (types.length > 0 && !types.some((t) => hasType(actual, t))) out.push(typeProblem(w, types, actual));
}

function typeProblem(w: Where, types: string[], actual: string): Problem {
  return invalid('schema', w, actual, `${w.field} in body must be of type ${types.join(',')}: "${actual}"`);
}

/** checkString reports the first of maxLength, minLength and pattern a string fails (lengths in characters). */
function checkString(v: string, s: SchemaNode, w: Where, out: Problem[]): void {
  const length = [...v].length;
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    out.push(tooLong('schema', w, s.maxLength));
  } else if (typeof s.minLength === 'number' && length < s.minLength) {
    out.push(invalid('schema', w, v, `${w.field} in body should be at least ${s.minLength} chars long`));
  } else if (typeof s.pattern === 'string' && !searchRE2(s.pattern, v)) {
    out.push(invalid('schema', w, v, `${w.field} in body should match '${s.pattern}'`));
  }
}

function checkFormat(v: string, s: SchemaNode, w: Where, out: Problem[]): void {
  if (typeof s.format !== 'string' || (s.type !== undefined && s.type !== 'string')) return;
  const check = formatCheck(s.format);
  if (check && !check(v)) {
    out.push(invalid('schema', w, v, `${w.field} in body must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
}

function checkNumber(value: number | bigint, s: SchemaNode, w: Where, out: Problem[]): void {
  const v = Number(value);
  const f = w.field;
  if (s.type === 'integer' && !Number.isInteger(v)) {
    // kube-openapi's range check of the value itself, reported without a field.
    out.push(composite(w, `Checked value must be of type integer (default format) in ${f}`));
  }
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !isMultiple(v, s.multipleOf)) {
    out.push(invalid('schema', w, v, `${f} in body should be a multiple of ${goFloat(s.multipleOf)}`));
  }
  const max = bound(v, s.maximum, s.exclusiveMaximum === true, 1);
  if (max) out.push(invalid('schema', w, v, `${f} in body should be ${max}`));
  const min = bound(v, s.minimum, s.exclusiveMinimum === true, -1);
  if (min) out.push(invalid('schema', w, v, `${f} in body should be ${min}`));
}

/**
 * bound returns how v breaks a maximum (side 1) or minimum (side -1) — `less than or equal to 10` — or
 * undefined when it keeps it or there is none.
 */
function bound(v: number, limit: unknown, exclusive: boolean, side: 1 | -1): string | undefined {
  if (typeof limit !== 'number') return undefined;
  const over = (v - limit) * side;
  if (exclusive ? over < 0 : over <= 0) return undefined;
  const than = side === 1 ? 'less than' : 'greater than';
  return `${exclusive ? than : `${than} or equal to`} ${goFloat(limit)}`;
}

function isMultiple(n: number, factor: number): boolean {
  const q = n / factor;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

function checkArray(v: unknown[], s: SchemaNode, path: Segment[], out: Problem[]): void {
  const w = at(path);
  if (typeof s.maxItems === 'number' && v.length > s.maxItems) {
    out.push(tooMany('schema', w, v.length, s.maxItems));
  }
  if (typeof s.minItems === 'number' && v.length < s.minItems) {
    out.push(invalid('schema', w, v.length, `${w.field} in body should have at least ${s.minItems} items`));
  }
  if (isSchemaNode(s.items)) {
    for (let i = 0; i < v.length; i++) checkValue(v[i], s.items, [...path, i], out);
  }
}

function checkObject(v: Record<string, unknown>, s: SchemaNode, path: Segment[], out: Problem[]): void {
  const w = at(path);
  const keys = Object.keys(v);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
    const detail = `${w.field} in body should have at least ${s.minProperties} properties`;
    out.push(invalid('schema', w, keys.length, detail));
  }
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) {
    out.push(tooMany('schema', w, keys.length, s.maxProperties));
  }
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (!(name in v)) out.push(required('schema', at([...path, name])));
  }
  const extra = isSchemaNode(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const key of keys) {
    const prop = s.properties?.[key];
    const schema = isSchemaNode(prop) ? prop : extra;
    if (schema) checkValue(v[key], schema, [...path, key], out);
  }
}

const compositeKeywords = ['anyOf', 'oneOf', 'allOf', 'not'];

/** checkComposites runs allOf, anyOf, oneOf and not, reporting as kube-openapi does (at the object's root). */
function checkComposites(v: unknown, s: SchemaNode, path: Segment[], out: Problem[]): void {
  if (!compositeKeywords.some((k) => s[k] !== undefined)) return;
  const w = at(path);
  const quoted = JSON.stringify(w.field);
  const branches = (key: string) => (Array.isArray(s[key]) ? (s[key] as unknown[]).filter(isSchemaNode) : []);
  const results = (list: SchemaNode[]) =>
    list.map((b) => {
      const found: Problem[] = [];
      checkValue(v, b, path, found);
      return found;
    });
  const anyOf = results(branches('anyOf'));
  if (anyOf.length > 0 && !anyOf.some((r) => r.length === 0)) {
    out.push(composite(w, `${quoted} must validate at least one schema (anyOf)`), ...fewest(anyOf));
  }
  const oneOf = results(branches('oneOf'));
  const valid = oneOf.filter((r) => r.length === 0).length;
  if (oneOf.length > 0 && valid !== 1) {
    const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
    out.push(composite(w, `${quoted} must validate one and only one schema (oneOf). ${found}`));
    if (valid === 0) out.push(...fewest(oneOf));
  }
  const allOf = results(branches('allOf'));
  const passed = allOf.filter((r) => r.length === 0).length;
  if (allOf.length > 0 && passed < allOf.length) {
    out.push(...allOf.flat());
    out.push(
      composite(
        w,
        `${quoted} must validate all the schemas (allOf)${passed === 0 ? '. None validated' : ''}`,
      ),
    );
  }
  if (isSchemaNode(s.not) && results([s.not])[0]?.length === 0) {
    out.push(composite(w, `${quoted} must not validate the schema (not)`));
  }
}

/** composite returns a problem of a composite keyword, which the server reports without a field. */
function composite(w: Where, detail: string): Problem {
  return invalid('schema', { path: w.path, field: '' }, '', detail);
}

/** fewest returns the problems of the branch that failed least (kube-openapi keeps the best failure). */
function fewest(results: Problem[][]): Problem[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best));
}

/** jsonEqual reports whether two JSON values are equal, numbers by value (1 equals 1.0). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return Number(a) === Number(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

/** isObject reports whether v is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
