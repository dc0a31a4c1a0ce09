/**
 * applyXrdDefaults: the defaults an XRD's schema declares, applied to an XR the way the API server
 * applies a CRD's (structural defaulting), as `crossplane render --xrd` does before rendering.
 */
import type { JsonObject, JsonValue } from '../function/wire/types.js';
import { child, copy, isObject } from './store.js';
import type { XrSchema } from './xr.js';

/**
 * applyXrdDefaults sets in xr every default that the schema of xr's version in xrd declares, and
 * Crossplane's own compositionUpdatePolicy default (from spec.defaultCompositionUpdatePolicy).
 */
export function applyXrdDefaults(xr: JsonObject, xrd: JsonObject, schema: XrSchema): void {
  const spec = isObject(xrd.spec) ? xrd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const version = versions.find((v) => `${String(spec.group)}/${String(v.name)}` === xr.apiVersion);
  if (!version) {
    throw new Error(`the specified API version '${String(xr.apiVersion)}' does not exist in the XRD`);
  }
  const validation = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
  const openAPI = isObject(validation) ? copy(validation) : { type: 'object' };
  const policy = spec.defaultCompositionUpdatePolicy;
  if (typeof policy === 'string') addPolicyDefault(openAPI, schema, policy);
  defaultValue(xr, openAPI);
}

/** addPolicyDefault declares compositionUpdatePolicy's default where Crossplane's CRD does. */
function addPolicyDefault(openAPI: JsonObject, schema: XrSchema, policy: string): void {
  let holder = child(child(openAPI, 'properties'), 'spec');
  if (schema === 'modern') holder = child(child(holder, 'properties'), 'crossplane');
  child(holder, 'properties').compositionUpdatePolicy = { type: 'string', default: policy };
}

/** defaultValue sets defaults in x from schema s, as Kubernetes' structural defaulting does. */
function defaultValue(x: JsonValue | undefined, s: JsonObject): void {
  if (Array.isArray(x)) {
    if (isObject(s.items)) for (const item of x) defaultValue(item, s.items);
  } else if (isObject(x)) {
    defaultObject(x, s);
  }
}

/** defaultObject sets x's missing properties (or null ones, when not nullable) to their defaults, then defaults inside each. */
function defaultObject(x: JsonObject, s: JsonObject): void {
  const props = isObject(s.properties) ? s.properties : {};
  for (const [k, prop] of Object.entries(props)) {
    if (!isObject(prop) || prop.default === undefined) continue;
    if (!(k in x) || (x[k] === null && prop.nullable !== true)) x[k] = copyValue(prop.default);
  }
  const extra = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(x)) {
    const prop = props[k];
    const schema = isObject(prop) ? prop : extra;
    if (schema) defaultValue(v, schema);
  }
}

function copyValue(v: JsonValue): JsonValue {
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}
