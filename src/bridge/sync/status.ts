/**
 * Status up-sync: the service copy's status (Crossplane's conditions, Ready and Synced, connection
 * details' publish time, the composition's status fields) onto the kcp object's status subresource,
 * with kxp's own kxp.dev/Synced condition saying whether the copy could be written at all.
 */
import { canonicalJSON } from '../schema/canonical.js';
import { type EngineEnv, kcpPathOf } from './env.js';
import { kcpStatus } from './projection.js';
import { type Condition, done, type Step, type SyncedObject, type SyncSide } from './sides.js';

/** The condition kxp sets on every kcp object it syncs. */
export const syncedConditionType = 'kxp.dev/Synced';

/**
 * syncedCondition returns kxp's Synced condition, keeping the previous transition time when nothing
 * but the time would change, so an unchanged state writes nothing.
 */
export function syncedCondition(
  ok: boolean,
  reason: string,
  message: string,
  previous: Condition | undefined,
  now: () => Date = () => new Date(),
): Condition {
  const status = ok ? 'True' : 'False';
  const same = previous?.status === status && previous.reason === reason && previous.message === message;
  return {
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
}

/** conditionOf returns the condition of type in an object's status. */
export function conditionOf(obj: SyncedObject | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

/**
 * desiredKcpStatus returns the kcp object's status: the service copy's status when there is one (or
 * the kcp object's own otherwise), with kxp's Synced condition in place of any earlier one.
 */
export function desiredKcpStatus(
  kcpObject: SyncedObject,
  serviceObject: SyncedObject | undefined,
  synced: Condition,
): Record<string, unknown> {
  const base = (serviceObject ? kcpStatus(serviceObject) : structuredClone(kcpObject.status)) ?? {};
  const conditions = ((base.conditions as Condition[] | undefined) ?? []).filter(
    (c) => c.type !== syncedConditionType,
  );
  return { ...base, conditions: [...conditions, synced] };
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
}

/** syncStatusBack copies the service copy's status (source) onto the kcp object (dest), marked Synced. */
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
  );
  await writeKcpStatus(env, dest, desiredKcpStatus(dest.object, source.object, synced));
  return done;
}

/** reportRejection sets kxp's Synced condition False on the kcp object, keeping the rest of its status. */
export async function reportRejection(
  env: EngineEnv,
  dest: SyncSide<SyncedObject>,
  reason: string,
  message: string,
): Promise<void> {
  if (!dest.object) return;
  const synced = syncedCondition(false, reason, message, conditionOf(dest.object, syncedConditionType));
  await writeKcpStatus(env, dest, desiredKcpStatus(dest.object, undefined, synced));
}
