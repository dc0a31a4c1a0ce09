/**
 * The sync engine for one binding: it reconciles one kcp object by key in two lanes that share a
 * lock per key. The down lane writes the service cluster only (the service namespace and the copy,
 * or the deletion of both), so copies flow at the service cluster's pace; the up lane writes kcp
 * (the finalizer, status, Secrets and events), trailing behind. Each step returns `done` (go on) or
 * a requeue (stop, look again later), or throws (the queue retries with backoff); a SyncRefusal in
 * the down lane is kept for the up lane, which reports it as a condition on the kcp object, so bad
 * input is reported where its author sees it and nothing is retried until the object changes.
 */
import { isObjectNotFound } from '../../kube/errors.js';
import { resourcePath } from '../../kube/paths.js';
import { workspacePathOf } from '../kcp/clusters.js';
import { handleDeletion, removeOrphan } from './deletion.js';
import type { EngineEnv } from './env.js';
import { syncEvents } from './events.js';
import { serviceNamespaceName } from './naming.js';
import { type Origin, originOf } from './origin.js';
import { noProjections, syncSecrets } from './secrets.js';
import { keyParts, type ObjectKey, type Step, type SyncedObject, type SyncSide } from './sides.js';
import { ensureFinalizer, ensureServiceNamespace, SyncRefusal, syncSpec } from './spec.js';
import { conditionOf, reportRejection, syncedConditionType, syncStatusBack } from './status.js';

/** Outcome is how one pass over an object ended, for metrics and logs. */
export type Outcome = 'synced' | 'deleted' | 'rejected' | 'requeued' | 'gone' | 'waiting';

export interface Pass {
  outcome: Outcome;
  /** requeueAfter asks to look at the object again after this many ms. */
  requeueAfter?: number;
}

/** How long to wait for a logical cluster's endpoint to be seen by a watch. */
const unknownEndpointMs = 5_000;

/** How long a workspace path that could not be read is not asked for again. */
const unreadPathMs = 60_000;

/** runSteps runs steps in order until one is not done. */
async function runSteps(steps: (() => Promise<Step>)[]): Promise<Pass> {
  for (const step of steps) {
    const s = await step();
    if (s !== 'done') return { outcome: 'requeued', requeueAfter: s.requeueAfter };
  }
  return { outcome: 'synced' };
}

/** originFor returns the origin of the kcp object of key. */
function originFor(parts: ObjectKey, kcp: SyncSide<SyncedObject>): Origin {
  const origin: Origin = { ...parts, uid: kcp.object?.metadata?.uid ?? '' };
  if (kcp.workspacePath) origin.workspacePath = kcp.workspacePath;
  return origin;
}

/**
 * syncDown runs the down lane over the kcp object named by key: its copy applied in its service
 * namespace, or, for an object being deleted or gone, its copy deleted in order.
 */
export async function syncDown(env: EngineEnv, key: string): Promise<Pass> {
  const parts = keyParts(key);
  if (!parts) return { outcome: 'gone' };
  const kcp = await kcpSide(env, key, parts);
  const serviceNamespace = serviceNamespaceName(parts.cluster, parts.namespace);
  if (!kcp) return { outcome: 'waiting', requeueAfter: unknownEndpointMs };
  if (!kcp.object) {
    await removeOrphan(env, parts, serviceNamespace, kcp);
    return { outcome: 'gone' };
  }
  const origin = originFor(parts, kcp);
  const deleting = Boolean(kcp.object.metadata?.deletionTimestamp);
  // Deletion and replacing a stale copy act on what they find, so they never act on a cached copy.
  const service = await serviceSide(
    env,
    key,
    serviceNamespace,
    parts.name,
    deleting ? undefined : origin.uid,
  );
  if (deleting) {
    const step = await handleDeletion(env, kcp, service, origin);
    return step === 'done'
      ? { outcome: 'deleted' }
      : { outcome: 'requeued', requeueAfter: step.requeueAfter };
  }
  try {
    const pass = await runSteps([
      () => ensureServiceNamespace(env, serviceNamespace, origin),
      () => syncSpec(env, kcp, service, serviceNamespace, origin),
    ]);
    env.refusals.delete(key);
    if (pass.outcome === 'synced') env.onApplied?.(key, kcp.object.metadata?.generation);
    return pass;
  } catch (err) {
    if (!(err instanceof SyncRefusal)) throw err;
    env.log.info({ ...parts, reason: err.reason, message: err.message }, 'refused to sync object');
    env.refusals.set(key, { reason: err.reason, message: err.message });
    return { outcome: 'rejected' };
  }
}

/**
 * syncUp runs the up lane over the kcp object named by key: kxp's finalizer on it, and the status,
 * Secrets and Warning events of its copy onto it; or the refusal the down lane met, as a condition.
 * Objects being deleted or without a copy are left to the down lane.
 */
export async function syncUp(env: EngineEnv, key: string): Promise<Pass> {
  const parts = keyParts(key);
  if (!parts) return { outcome: 'gone' };
  const kcp = await kcpSide(env, key, parts);
  if (!kcp) return { outcome: 'waiting', requeueAfter: unknownEndpointMs };
  if (!kcp.object || kcp.object.metadata?.deletionTimestamp) return { outcome: 'gone' };
  const refusal = env.refusals.get(key);
  if (refusal) {
    await reportRejection(env, kcp, refusal.reason, refusal.message);
    return { outcome: 'rejected' };
  }
  const origin = originFor(parts, kcp);
  const serviceNamespace = serviceNamespaceName(parts.cluster, parts.namespace);
  const service = await serviceSide(env, key, serviceNamespace, parts.name, origin.uid);
  if (!service.object || originOf(service.object)?.uid !== origin.uid) return { outcome: 'waiting' };
  // kxp projects Secrets only after its Synced condition is on the object: without it, none exist.
  if (!conditionOf(kcp.object, syncedConditionType)) env.projections.set(origin.uid, noProjections);
  // The finalizer and the first status are two writes: with a status subresource (every export's
  // schema has one) the API server drops metadata from a write to /status and status from a write
  // to the object, kcp's virtual workspace alike. Each is skipped when it would change nothing.
  return runSteps([
    () => ensureFinalizer(env, kcp),
    () => syncStatusBack(env, service, kcp),
    () => syncSecrets(env, service, kcp, origin),
    () => {
      // Forgetting is safe: an event surfaced twice is refused by kcp as already existing.
      if (env.surfacedEvents.size > 100_000) env.surfacedEvents.clear();
      return syncEvents(env, service, kcp, env.surfacedEvents);
    },
  ]);
}

/**
 * workspacePath returns the workspace path of a logical cluster, read once per cluster through the
 * virtual workspace that serves it (undefined while none is known). The controller asks for it as
 * soon as a watch shows a cluster, so passes seldom wait for it, and takes it from kxp's service
 * namespaces when they record it.
 */
export function workspacePath(
  env: Pick<EngineEnv, 'kcpRoot' | 'workspacePaths' | 'endpointOf'>,
  cluster: string,
): Promise<string | undefined> {
  let path = env.workspacePaths.get(cluster);
  if (!path) {
    const endpoint = env.endpointOf(cluster);
    if (!endpoint) return Promise.resolve(undefined);
    const reading = workspacePathOf(env.kcpRoot.withServer(endpoint).forCluster(cluster));
    env.workspacePaths.set(cluster, reading);
    // A path not read (the claim not accepted, or not in effect yet) is asked for again later.
    void reading.then((p) => {
      if (p !== undefined) return;
      const forget = () => env.workspacePaths.get(cluster) === reading && env.workspacePaths.delete(cluster);
      setTimeout(forget, unreadPathMs).unref();
    });
    path = reading;
  }
  return path;
}

/**
 * kcpSide returns the kcp side of key through the virtual workspace that serves its cluster, or
 * undefined while none is known. The object is the one the watch delivered last when there is one
 * (a stale one fails the finalizer's resourceVersion precondition, and the retry reads afresh).
 */
async function kcpSide(
  env: EngineEnv,
  cacheKey: string,
  key: ObjectKey,
): Promise<SyncSide<SyncedObject> | undefined> {
  const endpoint = env.endpointOf(key.cluster);
  if (!endpoint) return undefined;
  const client = env.kcpRoot.withServer(endpoint).forCluster(key.cluster);
  const side: SyncSide<SyncedObject> = { cluster: key.cluster, client, object: undefined };
  const path = await workspacePath(env, key.cluster);
  if (path) side.workspacePath = path;
  side.object = env.cache?.kcp.get(cacheKey);
  if (side.object) return side;
  try {
    side.object = await side.client.get<SyncedObject>(resourcePath(env.binding.kcp, key.namespace, key.name));
  } catch (err) {
    // Only the object's own 404 means it is gone: one for its resource (a restarting kcp) would
    // have its copy deleted as an orphan's.
    if (!isObjectNotFound(err, key.name))
      throw new Error(`cannot read ${key.cluster}/${key.namespace}/${key.name} from kcp`, { cause: err });
  }
  return side;
}

/**
 * serviceSide returns the service side: the copy named name in the service namespace, when it exists.
 * The copy the watch delivered last is used when it is the one made for uid and not being deleted;
 * anything else (no copy known, a copy kxp did not make or made for an earlier object) is read afresh.
 */
async function serviceSide(
  env: EngineEnv,
  cacheKey: string,
  namespace: string,
  name: string,
  uid: string | undefined,
): Promise<SyncSide<SyncedObject>> {
  const side: SyncSide<SyncedObject> = { cluster: 'service', client: env.service, object: undefined };
  const cached = env.cache?.service.get(cacheKey);
  if (
    cached &&
    uid !== undefined &&
    cached.metadata?.namespace === namespace &&
    cached.metadata?.name === name &&
    !cached.metadata?.deletionTimestamp &&
    originOf(cached)?.uid === uid
  ) {
    side.object = cached;
    return side;
  }
  // A new object's copy: the service watch has listed every object of the kind and shows none
  // here, so there is nothing to read (deletion, uid undefined, always reads).
  if (
    !cached &&
    uid !== undefined &&
    env.cache?.service.absent(cacheKey) &&
    !env.foreign?.has(`${namespace}/${name}`)
  )
    return side;
  try {
    side.object = await env.service.get<SyncedObject>(resourcePath(env.binding.service, namespace, name));
  } catch (err) {
    // Only the copy's own 404 means there is none: one for its kind (a restarting kube-apiserver
    // that serves no CRDs yet) would have a deletion release its kcp object with the copy left.
    if (!isObjectNotFound(err, name))
      throw new Error(`cannot read ${namespace}/${name} from the service cluster`, { cause: err });
  }
  return side;
}
