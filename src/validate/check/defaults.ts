/**
 * Structural defaulting, as the API server applies it to a custom resource before validating it: null
 * values of fields that are neither nullable nor defaulted are dropped (`PruneNonNullableNullsWithoutDefaults`),
 * then every missing field with a default gets a copy of it, and so does every null field that is not
 * nullable; defaults of nested fields apply inside objects that exist, defaults included.
 */
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { isObject } from './values.js';

/** applyDefaults changes x in place: nulls dropped where the server drops them, then defaults set. */
export function applyDefaults(x: unknown, s: SchemaNode): void {
  pruneNulls(x, s);
  setDefaults(x, s);
}

/** fieldSchema returns the schema of an object's field: its property, else its additionalProperties. */
export function fieldSchema(s: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (s === undefined) return undefined;
  const prop = s.properties?.[key];
  if (isSchemaNode(prop)) return prop;
  return isSchemaNode(s.additionalProperties) ? s.additionalProperties : undefined;
}

function itemSchema(s: SchemaNode | undefined): SchemaNode | undefined {
  return s !== undefined && isSchemaNode(s.items) ? s.items : undefined;
}

/** pruneNulls drops null fields whose schema is neither nullable nor defaulted, at any depth. */
function pruneNulls(x: unknown, s: SchemaNode | undefined): void {
  if (Array.isArray(x)) {
    for (const item of x) pruneNulls(item, itemSchema(s));
  } else if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      const schema = fieldSchema(s, k);
      if (v === null && schema && schema.nullable !== true && schema.default === undefined) delete x[k];
      else pruneNulls(v, schema);
    }
  }
}

/** setDefaults sets the defaults of schema s in x, and inside each of x's fields and items. */
function setDefaults(x: unknown, s: SchemaNode | undefined): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    const items = itemSchema(s);
    for (let i = 0; i < x.length; i++) x[i] = defaulted(x[i], items);
  } else if (isObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (isSchemaNode(prop) && prop.default !== undefined && !(k in x)) x[k] = structuredClone(prop.default);
    }
    for (const k of Object.keys(x)) x[k] = defaulted(x[k], fieldSchema(s, k));
  }
}

/** defaulted returns v with its schema's defaults set: its own default when v is a null it may not be. */
function defaulted(v: unknown, s: SchemaNode | undefined): unknown {
  const out = v === null && s !== undefined && nonNullableDefault(s) ? structuredClone(s.default) : v;
  setDefaults(out, s);
  return out;
}

function nonNullableDefault(s: SchemaNode): boolean {
  return s.nullable !== true && s.default !== undefined;
}
