/**
 * Getters over a RunFunctionRequest, each named for what it returns. They hand back the request's
 * own objects (no copies): read them, and write through the response setters instead.
 */
import { Capability, type JsonObject, type JsonValue, type RunFunctionRequest } from '../wire/types.js';

/** observedComposite returns the observed composite resource (XR) from the request, if any. */
export function observedComposite(req: RunFunctionRequest): JsonObject | undefined {
  return req.observed?.composite?.resource;
}

/** desiredComposite returns the desired composite resource that earlier pipeline steps built, if any. */
export function desiredComposite(req: RunFunctionRequest): JsonObject | undefined {
  return req.desired?.composite?.resource;
}

/** observedComposed returns the observed composed resources by composition resource name. */
export function observedComposed(req: RunFunctionRequest): Record<string, JsonObject> {
  return resourcesOf(req.observed?.resources);
}

/**
 * desiredComposed returns the desired composed resources that earlier pipeline steps built, by
 * composition resource name. Their readiness is in req.desired.resources[name].ready.
 */
export function desiredComposed(req: RunFunctionRequest): Record<string, JsonObject> {
  return resourcesOf(req.desired?.resources);
}

/**
 * observedConnectionDetails returns the observed connection details of the composed resource
 * called name, or of the composite resource when name is omitted; empty when there are none.
 */
export function observedConnectionDetails(req: RunFunctionRequest, name?: string): Record<string, Buffer> {
  const r = name === undefined ? req.observed?.composite : req.observed?.resources[name];
  return r?.connectionDetails ?? {};
}

/** input returns the function's input: the pipeline step's input block, if it has one. */
export function input(req: RunFunctionRequest): JsonObject | undefined {
  return req.input;
}

/** contextKey returns the pipeline context's value at key, or undefined when unset. */
export function contextKey(req: RunFunctionRequest, key: string): JsonValue | undefined {
  const ctx = req.context;
  return ctx && Object.hasOwn(ctx, key) ? ctx[key] : undefined;
}

/**
 * credentials returns the credential data called name (a Secret the pipeline step lists under
 * credentials), or undefined when the request carries none by that name.
 */
export function credentials(req: RunFunctionRequest, name: string): Record<string, Buffer> | undefined {
  return req.credentials[name]?.credentialData?.data;
}

/**
 * requiredResources returns the resources Crossplane fetched for the requirement called name:
 * undefined when Crossplane has not answered that requirement yet, [] when it looked and found
 * none. It reads required_resources and falls back to the deprecated extra_resources, which
 * Crossplane before v2 fills instead.
 */
export function requiredResources(req: RunFunctionRequest, name: string): JsonObject[] | undefined {
  const found = req.requiredResources[name] ?? req.extraResources[name];
  if (!found) return undefined;
  return found.items.flatMap((r) => (r.resource ? [r.resource] : []));
}

/**
 * requiredSchema returns the OpenAPI v3 schema Crossplane fetched for the schema requirement
 * called name: undefined when not answered yet, null when Crossplane found no such kind.
 */
export function requiredSchema(req: RunFunctionRequest, name: string): JsonObject | null | undefined {
  const found = req.requiredSchemas[name];
  if (!found) return undefined;
  return found.openapiV3 ?? null;
}

/**
 * hasCapability reports whether Crossplane advertises capability cap. Crossplane before v2.2
 * advertises nothing, so false from an old Crossplane does not mean unsupported; see
 * advertisesCapabilities.
 */
export function hasCapability(req: RunFunctionRequest, cap: Capability): boolean {
  return req.meta?.capabilities.includes(cap) ?? false;
}

/** advertisesCapabilities reports whether the calling Crossplane lists its capabilities (v2.2 and later). */
export function advertisesCapabilities(req: RunFunctionRequest): boolean {
  return hasCapability(req, Capability.CAPABILITIES);
}

/**
 * Which requirement fields a response fills: `resources` (current), `extraResources` (deprecated,
 * read by Crossplane before v2), or both.
 */
export type RequirementFields = 'resources' | 'extraResources' | 'both';

/**
 * requirementFields returns the requirement fields the calling Crossplane reads. A Crossplane that
 * advertises capabilities (v2.2+) reads `resources`; an older one may read only the deprecated
 * `extraResources`, so both are filled (Crossplane that reads both fetches twice, which is harmless).
 */
export function requirementFields(req: RunFunctionRequest): RequirementFields {
  return advertisesCapabilities(req) ? 'resources' : 'both';
}

function resourcesOf(
  resources: Record<string, { resource?: JsonObject }> | undefined,
): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const [name, r] of Object.entries(resources ?? {})) if (r.resource) out[name] = r.resource;
  return out;
}
