/**
 * openAPIFromZod: a zod schema as the Kubernetes structural OpenAPI v3 schema a CRD (and so an XRD)
 * carries. zod writes JSON Schema (z.toJSONSchema, OpenAPI 3.0 flavour, input side, so fields with
 * defaults are optional); this module turns that into what the API server accepts: no $schema, $ref
 * or `additionalProperties: false`, `x-kubernetes-preserve-unknown-fields` where zod allows unknown
 * fields, integer formats instead of JavaScript's safe-integer bounds, `nullable`, and unions
 * folded into the few shapes a structural schema can express.
 */
import * as z from 'zod';
import type { JsonObject, JsonValue } from '../function/wire/types.js';

/** A Kubernetes JSONSchemaProps (apiextensions.k8s.io/v1), as plain JSON. */
export type JSONSchemaProps = JsonObject;

/** Formats the Kubernetes API server validates; zod's other formats are left out (their patterns too). */
const kubeFormats = new Set([
  'byte',
  'date',
  'date-time',
  'datetime',
  'duration',
  'email',
  'hostname',
  'int32',
  'int64',
  'float',
  'double',
  'ipv4',
  'ipv6',
  'cidr',
  'password',
  'uri',
  'uuid',
]);

/** Keys copied as they are, in the order they are written. */
const copiedKeys = [
  'title',
  'default',
  'enum',
  'nullable',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;

const maxSafe = Number.MAX_SAFE_INTEGER;
const int32 = { min: -2147483648, max: 2147483647 };

/**
 * openAPIFromZod returns schema as a Kubernetes structural OpenAPI v3 schema: descriptions
 * (.describe() or .meta({ description })), titles, defaults, enums, literals, required fields and
 * bounds carried over, `x-kubernetes-*` keys given with .meta() kept. Unions of objects become one
 * object with every branch's properties, unions of literals one enum, string or integer
 * `x-kubernetes-int-or-string`; recursive schemas and other unions throw, naming the field.
 */
export function openAPIFromZod(schema: z.ZodType): JSONSchemaProps {
  let json: JsonObject;
  try {
    json = z.toJSONSchema(schema, {
      target: 'openapi-3.0',
      io: 'input',
      unrepresentable: 'any',
      cycles: 'throw',
      reused: 'inline',
      override: overrideUnrepresentable,
    }) as JsonObject;
  } catch (cause) {
    const why = (cause as Error).message.split('\n')[0];
    throw new Error(`cannot convert zod schema to OpenAPI: ${why}`, { cause });
  }
  return structural(json, []);
}

/** overrideUnrepresentable gives JSON Schema to the zod types z.toJSONSchema cannot express. */
function overrideUnrepresentable(ctx: {
  zodSchema: z.core.$ZodTypes;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}) {
  const type = ctx.zodSchema._zod.def.type;
  if (type === 'bigint') Object.assign(ctx.jsonSchema, { type: 'integer', format: 'int64' });
  if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
}

/** structural returns the structural schema for one JSON Schema node at path. */
function structural(s: JsonObject, path: string[]): JSONSchemaProps {
  if ('$ref' in s) fail(path, 'it refers to another schema (recursive schemas have no structural form)');
  const union = (s.anyOf ?? s.oneOf) as JsonObject[] | undefined;
  if (union) return withMeta(s, foldUnion(union, path), path);
  if (Array.isArray(s.allOf)) return withMeta(s, mergeObjects(s.allOf as JsonObject[], path, 'all'), path);
  const out = keywords(s);
  shape(s, out, path);
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-kubernetes-')) out[k] = v;
  return out;
}

/** keywords returns the node's description, type, format and validations that Kubernetes knows. */
function keywords(s: JsonObject): JSONSchemaProps {
  const out: JSONSchemaProps = {};
  if (typeof s.description === 'string') out.description = s.description;
  if (typeof s.type === 'string') out.type = s.type;
  const format = typeof s.format === 'string' ? s.format : undefined;
  if (format && kubeFormats.has(format)) out.format = format;
  for (const key of copiedKeys) if (s[key] !== undefined) out[key] = s[key];
  // zod writes a pattern beside each format, often with lookarounds Kubernetes' RE2 rejects.
  if (typeof s.pattern === 'string' && !format) out.pattern = s.pattern;
  if (Array.isArray(s.examples) && s.examples.length > 0) out.example = s.examples[0] as JsonValue;
  return out;
}

/** shape sets what the node's type needs: integer formats, an object's fields, an array's items. */
function shape(s: JsonObject, out: JSONSchemaProps, path: string[]): void {
  switch (s.type) {
    case 'integer':
      integerBounds(out);
      break;
    case 'object':
      objectShape(s, out, path);
      break;
    case 'array':
      if (Array.isArray(s.prefixItems) || Array.isArray(s.items))
        fail(path, 'tuples have no structural form');
      out.items = isObject(s.items) ? structural(s.items, [...path, '[]']) : preserve();
      break;
    case undefined:
      if (out.enum === undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
      break;
  }
}

/** objectShape sets properties, required and how unknown fields are kept on an object schema. */
function objectShape(s: JsonObject, out: JSONSchemaProps, path: string[]): void {
  const props = isObject(s.properties) ? s.properties : undefined;
  if (props) {
    out.properties = properties(props, path);
    // z.unknown() and z.any() admit a missing field, though zod lists them as required.
    const anything = (r: string) => isObject(props[r]) && Object.keys(props[r]).length === 0;
    const required = Array.isArray(s.required) ? s.required.filter((r) => typeof r === 'string') : [];
    const present = required.filter((r) => !anything(r));
    if (present.length > 0) out.required = present;
  }
  const extra = s.additionalProperties;
  const anything = extra === true || (isObject(extra) && Object.keys(extra).length === 0);
  // Kubernetes allows properties or additionalProperties, not both: a catchall keeps unknown fields.
  const keepUnknown = anything || (props ? isObject(extra) : extra !== false);
  if (isObject(extra) && !anything && !props) out.additionalProperties = structural(extra, [...path, '*']);
  else if (keepUnknown) out['x-kubernetes-preserve-unknown-fields'] = true;
}

/** properties returns each property's structural schema. */
function properties(props: JsonObject, path: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [name, prop] of Object.entries(props)) {
    if (isObject(prop)) out[name] = structural(prop, [...path, name]);
  }
  return out;
}

/** integerBounds replaces JavaScript's safe-integer bounds with nothing, and int32 bounds with a format. */
function integerBounds(out: JSONSchemaProps): void {
  if (out.minimum === -maxSafe) delete out.minimum;
  if (out.maximum === maxSafe) delete out.maximum;
  if (out.minimum === int32.min && out.maximum === int32.max) {
    delete out.minimum;
    delete out.maximum;
    out.format = 'int32';
  }
}

/** foldUnion returns the single structural schema a union stands for, or throws. */
function foldUnion(branches: JsonObject[], path: string[]): JSONSchemaProps {
  const nonNull = branches.filter((b) => !isNullBranch(b));
  const nullable = nonNull.length < branches.length || branches.some((b) => b.nullable === true);
  const folded = foldNonNull(nonNull, path);
  return nullable ? { ...folded, nullable: true } : folded;
}

/** isNullBranch reports whether a union branch only admits null (zod writes z.null() as an enum of null). */
function isNullBranch(b: JsonObject): boolean {
  return b.type === 'null' || (Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null);
}

function foldNonNull(branches: JsonObject[], path: string[]): JSONSchemaProps {
  const converted = branches.map((b) => structural(b, path));
  const [only] = converted;
  if (converted.length === 1 && only) return only;
  const types = new Set(converted.map((c) => c.type));
  if (converted.every((c) => Array.isArray(c.enum)) && types.size === 1) {
    return { type: converted[0]?.type ?? 'string', enum: converted.flatMap((c) => c.enum as JsonValue[]) };
  }
  if (types.size === 2 && types.has('string') && types.has('integer')) {
    return { 'x-kubernetes-int-or-string': true };
  }
  if (types.size === 1 && types.has('object')) return mergeObjects(branches, path, 'any');
  return fail(path, `a union of ${[...types].join(' and ')} has no structural form`);
}

/**
 * mergeObjects returns one object schema with every branch's properties: required by all branches
 * ('any': a union) or by any branch ('all': an intersection).
 */
function mergeObjects(branches: JsonObject[], path: string[], of: 'any' | 'all'): JSONSchemaProps {
  const props: JsonObject = {};
  let required: string[] | undefined;
  let preserve = false;
  for (const branch of branches) {
    const b = structural(branch, path);
    if (b.type !== 'object') fail(path, 'an intersection or union mixes objects with other types');
    for (const [k, v] of Object.entries(isObject(b.properties) ? b.properties : {})) {
      props[k] = mergeProp(props[k], v);
    }
    required = mergeRequired(required, Array.isArray(b.required) ? (b.required as string[]) : [], of);
    preserve ||= b['x-kubernetes-preserve-unknown-fields'] === true;
  }
  const out: JSONSchemaProps = { type: 'object', properties: props };
  if (required && required.length > 0) out.required = required;
  if (preserve) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

/** mergeRequired returns the fields required so far and by one more branch, of a union or an intersection. */
function mergeRequired(sofar: string[] | undefined, branch: string[], of: 'any' | 'all'): string[] {
  if (of === 'all') return [...new Set([...(sofar ?? []), ...branch])];
  return sofar === undefined ? branch : sofar.filter((r) => branch.includes(r));
}

/** mergeProp returns a property two branches share: the first's schema, with both enums when both have one. */
function mergeProp(first: JsonValue | undefined, next: JsonValue): JsonValue {
  if (!isObject(first)) return next;
  if (isObject(next) && Array.isArray(first.enum) && Array.isArray(next.enum) && first.type === next.type) {
    return { ...first, enum: [...new Set([...first.enum, ...next.enum])] };
  }
  return first;
}

/** withMeta returns folded with the description, title and default the union node itself carries. */
function withMeta(s: JsonObject, folded: JSONSchemaProps, path: string[]): JSONSchemaProps {
  const { anyOf: _a, oneOf: _o, allOf: _l, type: _t, ...rest } = s;
  const own = structural(rest, path);
  const out: JSONSchemaProps = {};
  if (own.description !== undefined) out.description = own.description;
  Object.assign(out, folded);
  for (const k of ['title', 'default', 'nullable'] as const) if (own[k] !== undefined) out[k] = own[k];
  return out;
}

function preserve(): JSONSchemaProps {
  return { 'x-kubernetes-preserve-unknown-fields': true };
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string[], why: string): never {
  const where = path.length > 0 ? path.join('.') : 'the schema';
  throw new Error(`cannot convert zod schema to OpenAPI: ${where}: ${why}`);
}
