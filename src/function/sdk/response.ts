/**
 * Building a RunFunctionResponse: to(req) starts one from the request, setters change it. Like
 * function-sdk-go's response package, everything the function does not set passes through.
 * Results are in result.ts, conditions in condition.ts.
 */
import {
  type JsonObject,
  type JsonValue,
  Ready,
  type Resource,
  type RunFunctionRequest,
  type RunFunctionResponse,
  type State,
} from '../wire/types.js';
import type { RequirementFields } from './request.js';
import { cloneJson, isObject, toJsonObject, toJsonValue } from './resource.js';

/** defaultTTL is how long, in seconds, Crossplane may cache a response before calling again (as the Go SDK). */
export const defaultTTL = 60;

/**
 * to returns a response to req that starts from it: the tag echoed, the desired state and context
 * deep-copied (so desired state the function does not touch passes through, and context reaches
 * the next step), and a TTL of ttlSeconds.
 */
export function to(req: RunFunctionRequest, ttlSeconds = defaultTTL): RunFunctionResponse {
  const rsp: RunFunctionResponse = {
    meta: { tag: req.meta?.tag ?? '', ttl: duration(ttlSeconds) },
    desired: copyState(req.desired),
    results: [],
    conditions: [],
  };
  if (req.context) rsp.context = cloneJson(req.context);
  return rsp;
}

/** A desired composed resource: the object to apply and, optionally, whether it counts as ready. */
export interface DesiredComposed {
  resource: object;
  /** True or false says so; undefined leaves readiness unspecified (Crossplane treats it as not ready). */
  ready?: boolean;
}

/**
 * setDesiredComposedResources sets the named desired composed resources (names are composition
 * resource names), replacing those names only; other steps' resources pass through. The response
 * takes each object as it is, without a copy: copying every composed resource was a third of a
 * busy function's CPU. Values JSON cannot carry fail when the response is encoded, naming the field.
 */
export function setDesiredComposedResources(
  rsp: RunFunctionResponse,
  resources: Record<string, DesiredComposed>,
): void {
  for (const name of Object.keys(resources)) {
    const d = resources[name] as DesiredComposed;
    setDesiredComposedResource(rsp, name, d.resource, readyOf(d.ready));
  }
}

/**
 * setDesiredComposedResource sets one desired composed resource, like setDesiredComposedResources
 * without a record around it (ctx.compose calls it once per resource, so that matters).
 */
export function setDesiredComposedResource(
  rsp: RunFunctionResponse,
  name: string,
  resource: object,
  ready: Ready = Ready.UNSPECIFIED,
): void {
  const r = resource as JsonObject;
  if (!isPlainObject(r) || typeof r.apiVersion !== 'string' || typeof r.kind !== 'string') {
    throw new Error(
      `cannot set desired composed resource ${JSON.stringify(name)}: apiVersion and kind are required`,
    );
  }
  desiredState(rsp).resources[name] = { resource: r, connectionDetails: {}, ready };
}

/**
 * setDesiredCompositeStatus merges status into the desired XR's status: objects merge key by key,
 * anything else (arrays included) replaces. A function may desire only an XR's status.
 */
export function setDesiredCompositeStatus(rsp: RunFunctionResponse, status: object): void {
  const xr = desiredXr(rsp);
  const resource = xr.resource ?? {};
  const current = isObject(resource.status) ? resource.status : {};
  resource.status = mergeJson(current, toJsonObject(status, 'desired composite status'));
  xr.resource = resource;
}

/**
 * setDesiredCompositeConnectionDetails merges details into the desired XR's connection details.
 * Only legacy (Crossplane v1-style) XRs use them; Crossplane ignores them for modern XRs.
 */
export function setDesiredCompositeConnectionDetails(
  rsp: RunFunctionResponse,
  details: Record<string, string | Buffer>,
): void {
  const xr = desiredXr(rsp);
  for (const [k, v] of Object.entries(details)) xr.connectionDetails[k] = Buffer.from(v);
}

/** setContextKey sets the pipeline context's key, which later steps receive. */
export function setContextKey(rsp: RunFunctionResponse, key: string, value: unknown): void {
  rsp.context = { ...rsp.context, [key]: toJsonValue(value, `context key ${JSON.stringify(key)}`) };
}

/** setOutput sets the function's output. Only Operations use it; compositions discard it. */
export function setOutput(rsp: RunFunctionResponse, output: object): void {
  rsp.output = toJsonObject(output, 'output');
}

/** setTTL sets how long, in seconds, Crossplane may cache this response before calling again. */
export function setTTL(rsp: RunFunctionResponse, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`cannot set TTL: ${seconds} is not a duration`);
  rsp.meta = { tag: rsp.meta?.tag ?? '', ttl: duration(seconds) };
}

/** What a resource requirement selects: one object by name, or all with the given labels. */
export interface RequiredSelector {
  apiVersion: string;
  kind: string;
  matchName?: string;
  matchLabels?: Record<string, string>;
  /** Omit for cluster-scoped kinds, or to match by labels across all namespaces. */
  namespace?: string;
}

/**
 * requireResources asks Crossplane to fetch the resources selector selects and call the function
 * again with them under name (see request.requiredResources). Crossplane repeats the call until
 * the requirements stop changing, so ask for the same thing on every call.
 */
export function requireResources(
  rsp: RunFunctionResponse,
  name: string,
  selector: RequiredSelector,
  fields: RequirementFields = 'resources',
): void {
  const { apiVersion, kind, matchName, matchLabels, namespace } = selector;
  if ((matchName === undefined) === (matchLabels === undefined)) {
    throw new Error(
      `cannot require resources ${JSON.stringify(name)}: give exactly one of matchName and matchLabels`,
    );
  }
  const wire = {
    apiVersion,
    kind,
    ...(matchName !== undefined ? { matchName } : { matchLabels: { labels: { ...matchLabels } } }),
    ...(namespace !== undefined ? { namespace } : {}),
  };
  const req = requirements(rsp);
  if (fields !== 'extraResources') req.resources[name] = wire;
  if (fields !== 'resources') req.extraResources[name] = { ...wire };
}

/** requireSchema asks Crossplane for the OpenAPI schema of a kind (see request.requiredSchema). */
export function requireSchema(
  rsp: RunFunctionResponse,
  name: string,
  apiVersion: string,
  kind: string,
): void {
  requirements(rsp).schemas[name] = { apiVersion, kind };
}

/** readyOf returns the wire readiness for an optional boolean. */
export function readyOf(ready: boolean | undefined): Ready {
  if (ready === undefined) return Ready.UNSPECIFIED;
  return ready ? Ready.TRUE : Ready.FALSE;
}

function duration(seconds: number): { seconds: number; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

function copyState(state: State | undefined): State {
  const resources: Record<string, Resource> = {};
  for (const [name, r] of Object.entries(state?.resources ?? {})) resources[name] = copyResource(r);
  return state?.composite ? { composite: copyResource(state.composite), resources } : { resources };
}

/** copyResource deep-copies a Resource (structuredClone would turn its Buffers into Uint8Arrays). */
function copyResource(r: Resource): Resource {
  const connectionDetails: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(r.connectionDetails)) connectionDetails[k] = Buffer.from(v);
  const out: Resource = { connectionDetails, ready: r.ready };
  if (r.resource) out.resource = cloneJson(r.resource);
  return out;
}

function desiredState(rsp: RunFunctionResponse): State {
  rsp.desired ??= { resources: {} };
  return rsp.desired;
}

function desiredXr(rsp: RunFunctionResponse): Resource {
  const desired = desiredState(rsp);
  desired.composite ??= { resource: {}, connectionDetails: {}, ready: Ready.UNSPECIFIED };
  return desired.composite;
}

function requirements(rsp: RunFunctionResponse): NonNullable<RunFunctionResponse['requirements']> {
  rsp.requirements ??= { resources: {}, extraResources: {}, schemas: {} };
  return rsp.requirements;
}

/** mergeJson returns base with patch merged in: objects recursively, everything else replaced. */
function mergeJson(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const prev: JsonValue | undefined = out[k];
    out[k] = isObject(prev) && isObject(v) ? mergeJson(prev, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
