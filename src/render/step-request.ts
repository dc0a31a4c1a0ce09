/**
 * stepRequest: the first RunFunctionRequest of a pipeline step, as Crossplane builds it: the
 * observed and desired state, the context, the step's input, the credentials it names (from
 * Secrets) and its bootstrap requirements, with a tag identifying the request and the
 * capabilities Crossplane advertises.
 */
import { createHash } from 'node:crypto';
import { encodeRunFunctionRequest } from '../function/wire/messages-request.js';
import {
  Capability,
  type Credentials,
  type JsonObject,
  type Resources,
  type RunFunctionRequest,
  type State,
} from '../function/wire/types.js';
import { fetchResources } from './requirements.js';
import { isObject, type Store } from './store.js';

/** capabilities are those Crossplane v2 advertises (and crossplane render with it). */
const capabilities = [
  Capability.CAPABILITIES,
  Capability.REQUIRED_RESOURCES,
  Capability.CREDENTIALS,
  Capability.CONDITIONS,
  Capability.REQUIRED_SCHEMAS,
];

/** The state a step starts from. */
export interface StepState {
  observed: State;
  /** desired is what the steps before built (undefined when the last one returned none). */
  desired: State | undefined;
  /** context is what the steps before passed on. */
  context: JsonObject | undefined;
}

/** stepRequest returns the first request for step (an entry of a Composition's spec.pipeline). */
export function stepRequest(step: JsonObject, state: StepState, store: Store): RunFunctionRequest {
  const req: RunFunctionRequest = {
    observed: state.observed,
    extraResources: {},
    credentials: stepCredentials(step, store),
    requiredResources: {},
    requiredSchemas: {},
  };
  if (state.desired) req.desired = state.desired;
  if (state.context) req.context = state.context;
  if (isObject(step.input)) req.input = step.input;
  const requirements = isObject(step.requirements) ? step.requirements : {};
  const resources = Array.isArray(requirements.requiredResources) ? requirements.requiredResources : [];
  for (const sel of resources.filter(isObject)) {
    req.requiredResources[String(sel.requirementName)] = bootstrapFetch(sel, store);
  }
  const schemas = Array.isArray(requirements.requiredSchemas) ? requirements.requiredSchemas : [];
  for (const sel of schemas.filter(isObject)) req.requiredSchemas[String(sel.requirementName)] = {};
  req.meta = { tag: tag(req), capabilities };
  return req;
}

/** stepCredentials returns the credentials step names, read from Secrets in store. */
function stepCredentials(step: JsonObject, store: Store): Record<string, Credentials> {
  const out: Record<string, Credentials> = {};
  for (const c of Array.isArray(step.credentials) ? step.credentials.filter(isObject) : []) {
    const ref = isObject(c.secretRef) ? c.secretRef : undefined;
    if (c.source !== 'Secret' || !ref) continue;
    const name = String(ref.name);
    const secret = store.get({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: String(ref.namespace ?? ''),
      name,
    });
    if (!secret) {
      throw new Error(
        `cannot get Composition pipeline step ${JSON.stringify(step.step)} credential ${JSON.stringify(c.name)} from Secret: secrets ${JSON.stringify(name)} not found`,
      );
    }
    out[String(c.name)] = { credentialData: { data: secretData(secret) } };
  }
  return out;
}

/** bootstrapFetch returns what a Composition's requiredResources selector selects. */
function bootstrapFetch(sel: JsonObject, store: Store): Resources {
  const base = { apiVersion: String(sel.apiVersion ?? ''), kind: String(sel.kind ?? '') };
  const ns = typeof sel.namespace === 'string' ? { namespace: sel.namespace } : {};
  if (typeof sel.name === 'string') return fetchResources(store, { ...base, ...ns, matchName: sel.name });
  const labels: Record<string, string> = {};
  if (isObject(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) labels[k] = String(v);
  return fetchResources(store, { ...base, ...ns, matchLabels: { labels } });
}

/** secretData returns a Secret's data, base64-decoded. */
export function secretData(secret: JsonObject): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (isObject(secret.data)) {
    for (const [k, v] of Object.entries(secret.data)) out[k] = Buffer.from(String(v), 'base64');
  }
  return out;
}

/** tag returns a hash of the request that identifies it, like the tag Crossplane sends. */
function tag(req: RunFunctionRequest): string {
  return createHash('sha256').update(encodeRunFunctionRequest(req)).digest('hex');
}
