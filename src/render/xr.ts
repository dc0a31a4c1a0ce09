/**
 * Where Crossplane keeps its own fields on an XR. Modern XRs (Crossplane v2: namespaced, or cluster
 * scoped from a v2 XRD) nest them under spec.crossplane; legacy XRs (scope LegacyCluster, the only
 * kind with claims and connection Secrets) keep them directly under spec.
 */
import type { JsonObject } from '../function/wire/types.js';
import { groupOf, isObject } from './store.js';

/** The two shapes of XR. */
export type XrSchema = 'modern' | 'legacy';

/** A reference to a composed resource, as in spec.crossplane.resourceRefs. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * xrSchema returns the shape of xr's kind: legacy when xrd (a v1 or v2 XRD for xr's group and kind)
 * has scope LegacyCluster (v1's default), modern otherwise and without an XRD, as crossplane render.
 */
export function xrSchema(xr: JsonObject, xrd?: JsonObject): XrSchema {
  if (!xrd) return 'modern';
  const spec = isObject(xrd.spec) ? xrd.spec : {};
  const name = JSON.stringify(isObject(xrd.metadata) ? String(xrd.metadata.name ?? '') : '');
  checkXrdMatches(xr, spec, name);
  switch (xrd.apiVersion) {
    case 'apiextensions.crossplane.io/v1':
      return (spec.scope ?? 'LegacyCluster') === 'LegacyCluster' ? 'legacy' : 'modern';
    case 'apiextensions.crossplane.io/v2':
      return spec.scope === 'LegacyCluster' ? 'legacy' : 'modern';
    default:
      throw new Error(
        `CompositeResourceDefinition ${name} has unrecognized apiVersion ${JSON.stringify(xrd.apiVersion)}`,
      );
  }
}

/** checkXrdMatches throws unless the XRD's spec defines xr's group and kind. */
function checkXrdMatches(xr: JsonObject, spec: JsonObject, name: string): void {
  const group = String(spec.group ?? '');
  const kind = String(isObject(spec.names) ? (spec.names.kind ?? '') : '');
  const xrGroup = groupOf(String(xr.apiVersion ?? ''));
  if (group !== xrGroup || kind !== xr.kind) {
    throw new Error(
      `CompositeResourceDefinition ${name} (composite Group=${group} Kind=${kind}) does not match the input XR's Group=${xrGroup} Kind=${String(xr.kind)}`,
    );
  }
}

/** crossplaneSpec returns the object holding Crossplane's spec fields (created when create is set). */
function crossplaneSpec(xr: JsonObject, schema: XrSchema, create: boolean): JsonObject | undefined {
  if (!isObject(xr.spec)) {
    if (!create) return undefined;
    xr.spec = {};
  }
  const spec = xr.spec as JsonObject;
  if (schema === 'legacy') return spec;
  if (!isObject(spec.crossplane)) {
    if (!create) return undefined;
    spec.crossplane = {};
  }
  return spec.crossplane as JsonObject;
}

/** resourceRefs returns the XR's references to its composed resources. */
export function resourceRefs(xr: JsonObject, schema: XrSchema): ResourceRef[] {
  const refs = crossplaneSpec(xr, schema, false)?.resourceRefs;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isObject).map((r) => {
    const ref: ResourceRef = {
      apiVersion: String(r.apiVersion ?? ''),
      kind: String(r.kind ?? ''),
      name: String(r.name ?? ''),
    };
    if (typeof r.namespace === 'string' && r.namespace !== '') ref.namespace = r.namespace;
    return ref;
  });
}

/** setResourceRefs replaces the XR's references to its composed resources. */
export function setResourceRefs(xr: JsonObject, schema: XrSchema, refs: ResourceRef[]): void {
  const target = crossplaneSpec(xr, schema, true) as JsonObject;
  target.resourceRefs = refs.map((r) => ({ ...r }));
}

/** compositionRefName returns the name of the Composition the XR selected, if any. */
export function compositionRefName(xr: JsonObject, schema: XrSchema): string | undefined {
  const ref = crossplaneSpec(xr, schema, false)?.compositionRef;
  return isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
}

/** setCompositionRef points the XR at the Composition called name. */
export function setCompositionRef(xr: JsonObject, schema: XrSchema, name: string): void {
  (crossplaneSpec(xr, schema, true) as JsonObject).compositionRef = { name };
}

/** writeConnectionSecretToRef returns where a legacy XR writes its connection Secret. */
export function writeConnectionSecretToRef(
  xr: JsonObject,
  schema: XrSchema,
): { name: string; namespace: string } | undefined {
  if (schema !== 'legacy') return undefined;
  const ref = crossplaneSpec(xr, schema, false)?.writeConnectionSecretToRef;
  if (!isObject(ref) || typeof ref.name !== 'string') return undefined;
  return { name: ref.name, namespace: typeof ref.namespace === 'string' ? ref.namespace : '' };
}

/** setWriteConnectionSecretToRef sets where a legacy XR writes its connection Secret. */
export function setWriteConnectionSecretToRef(
  xr: JsonObject,
  ref: { name: string; namespace: string },
): void {
  (crossplaneSpec(xr, 'legacy', true) as JsonObject).writeConnectionSecretToRef = { ...ref };
}

/** addClaimConditionTypes records condition types that a legacy XR's claim shows too. */
export function addClaimConditionTypes(xr: JsonObject, schema: XrSchema, ...types: string[]): void {
  if (schema !== 'legacy') return;
  const status = isObject(xr.status) ? xr.status : {};
  const have = Array.isArray(status.claimConditionTypes) ? status.claimConditionTypes.map(String) : [];
  for (const t of types) if (!have.includes(t)) have.push(t);
  status.claimConditionTypes = have;
  xr.status = status;
}
