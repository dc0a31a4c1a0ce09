/**
 * Status up-sync: the service copy's status (Crossplane's conditions, Ready and Synced, connection
 * details' publish time, the composition's status fields) onto the kcp object's status subresource,
 * with kxp's own kxp.dev/Synced condition saying whether the copy could be written at all.
 *
 * Generations are the consumer's: every observedGeneration on the kcp object is a generation of the
 * kcp object, never of the copy (see observedKcpGeneration in projection.ts). Ready and Synced claim
 * a generation only once Crossplane has observed a copy carrying its spec, status.observedGeneration
 * likewise (so kstatus, and with it Flux, reads InProgress until then), and kxp.dev/Synced claims
 * the generation the copy was written from.
 */
import type { KubeObject } from '../../kube/rest.js';
import { canonicalJSON } from '../schema/canonical.js';
import { type EngineEnv, kcpPathOf } from './env.js';
import { copyKcpGeneration, kcpStatus } from './projection.js';
import { type Condition, done, type Step, type SyncedObject, type SyncSide } from './sides.js';

/** The condition kxp sets on every kcp object it syncs. */
export const syncedConditionType = 'kxp.dev/Synced';

/**
 * syncedCondition returns kxp's Synced condition about the kcp generation observedGeneration (left
 * out when unknown), keeping the previous transition time when nothing but the generation or the
 * time would change, so an unchanged state writes nothing.
 */
export function syncedCondition(
  ok: boolean,
  reason: string,
  message: string,
  previous: Condition | undefined,
  observedGeneration?: number,
  now: () => Date = () => new Date(),
): Condition {
  const status = ok ? 'True' : 'False';
  const same = previous?.status === status && previous.reason === reason && previous.message === message;
  const c: Condition = {
    type: syncedConditionType,
    status,
    reason,
    message,
    lastTransitionTime:
      same && previous
        ? previous.lastTransitionTime
        : now()
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
  };
  if (observedGeneration !== undefined) c.observedGeneration = observedGeneration;
  return c;
}

/** conditionOf returns the condition of type in an object's status. */
export function conditionOf(obj: SyncedObject | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/**
 * desiredKcpStatus returns the kcp object's status: the service copy's status told in kcp generations
 * when there is a copy (kcpStatus), or the kcp object's own otherwise, with kxp's Synced condition in
 * place of any earlier one; without status.observedGeneration when the kcp schema prunes it.
 */
export function desiredKcpStatus(
  kcpObject: SyncedObject,
  serviceObject: SyncedObject | undefined,
  synced: Condition,
  keepsObservedGeneration = true,
): Record<string, unknown> {
  const base = serviceObject
    ? kcpStatus(serviceObject, kcpObject)
    : { observedGeneration: 0, ...structuredClone(kcpObject.status) };
  const conditions = ((base.conditions as Condition[] | undefined) ?? []).filter(
    (c) => c.type !== syncedConditionType,
  );
  const status: Record<string, unknown> = { ...base, conditions: [...conditions, synced] };
  if (!keepsObservedGeneration) delete status.observedGeneration;
  return status;
}

/**
 * Bindings whose kcp schema prunes status.observedGeneration (an API-first schema that does not
 * declare it): the bridge stops writing it rather than write it again on every pass.
 */
const prunesObservedGeneration = new WeakSet<object>();

/** keepsObservedGeneration reports whether the kcp schema of env's binding keeps status.observedGeneration. */
function keepsObservedGeneration(env: EngineEnv): boolean {
  return !prunesObservedGeneration.has(env.binding);
}

/** notePruning remembers that kcp pruned status.observedGeneration from what was written, and says so once. */
function notePruning(env: EngineEnv, written: Record<string, unknown>, stored: KubeObject): void {
  const status = stored.status as Record<string, unknown> | undefined;
  if (written.observedGeneration === undefined || status?.observedGeneration !== undefined) return;
  if (prunesObservedGeneration.has(env.binding)) return;
  prunesObservedGeneration.add(env.binding);
  env.log.warn(
    { schema: env.binding.schemaName },
    'the kcp schema prunes status.observedGeneration: declare it (integer) so that kstatus-based tools can tell whether status is current',
  );
}

/**
 * statusPatch returns the JSON merge patch that turns current into desired at the top level of
 * status (null removes a field Crossplane no longer sets), or undefined when they are equal.
 */
export function statusPatch(
  current: Record<string, unknown> | undefined,
  desired: Record<string, unknown>,
): { status: Record<string, unknown> } | undefined {
  if (canonicalJSON(current ?? {}) === canonicalJSON(desired)) return undefined;
  const patch: Record<string, unknown> = { ...desired };
  for (const k of Object.keys(current ?? {})) if (!(k in desired)) patch[k] = null;
  return { status: patch };
}

/** writeKcpStatus writes status onto the kcp object's status subresource when it differs. */
export async function writeKcpStatus(
  env: EngineEnv,
  dest: SyncSide<SyncedObject>,
  status: Record<string, unknown>,
): Promise<void> {
  const patch = statusPatch(dest.object?.status, status);
  if (!patch || !dest.object) return;
  try {
    dest.object = await dest.client.mergePatch<SyncedObject>(`${kcpPathOf(env, dest.object)}/status`, patch);
    env.wrote?.('kcp', dest.object);
  } catch (cause) {
    throw new Error(`cannot write status of ${dest.cluster}/${dest.object.metadata?.name}`, { cause });
  }
  notePruning(env, status, dest.object);
}

/**
 * syncStatusBack copies the service copy's status (source) onto the kcp object (dest), told in kcp
 * generations, and marked Synced as of the kcp generation the copy was written from.
 */
export async function syncStatusBack(
  env: EngineEnv,
  source: SyncSide<SyncedObject>,
  dest: SyncSide<SyncedObject>,
): Promise<Step> {
  if (!dest.object) return done;
  const synced = syncedCondition(
    true,
    'Synced',
    `synced to ${source.object?.metadata?.namespace}/${source.object?.metadata?.name} in the service cluster`,
    conditionOf(dest.object, syncedConditionType),
    copyKcpGeneration(source.object),
  );
  const status = desiredKcpStatus(dest.object, source.object, synced, keepsObservedGeneration(env));
  await writeKcpStatus(env, dest, status);
  return done;
}

/**
 * reportRejection sets kxp's Synced condition False on the kcp object, as of its generation (the one
 * refused), keeping the rest of its status.
 */
export async function reportRejection(
  env: EngineEnv,
  dest: SyncSide<SyncedObject>,
  reason: string,
  message: string,
): Promise<void> {
  if (!dest.object) return;
  const synced = syncedCondition(
    false,
    reason,
    message,
    conditionOf(dest.object, syncedConditionType),
    dest.object.metadata?.generation,
  );
  const status = desiredKcpStatus(dest.object, undefined, synced, keepsObservedGeneration(env));
  await writeKcpStatus(env, dest, status);
}
