/**
 * Deletion, in order: a kcp object being deleted (it carries kxp's finalizer, so it waits) first has
 * its service copy deleted in the foreground, waits until the copy is gone (Crossplane has deleted
 * what it composed), then loses its projected Secrets, and only then its finalizer.
 */
import { isNotFound, isObjectNotFound } from '../../kube/errors.js';
import { type EngineEnv, kcpPathOf, servicePathOf } from './env.js';
import { bridgeFinalizer, type Origin, originOf } from './origin.js';
import { projectedSecretsIn, removeSecret } from './secrets.js';
import { done, type ObjectKey, requeue, type Step, type SyncedObject, type SyncSide } from './sides.js';

/** How often to look whether Crossplane has finished deleting a copy (its deletion also wakes the queue). */
const deletionPollMs = 2_000;

/** handleDeletion takes a kcp object being deleted (source) through deleting its copy (dest) to releasing it. */
export async function handleDeletion(
  env: EngineEnv,
  source: SyncSide<SyncedObject>,
  dest: SyncSide<SyncedObject>,
  origin: Origin,
): Promise<Step> {
  const obj = source.object;
  if (!obj?.metadata?.finalizers?.includes(bridgeFinalizer)) return done;
  const copy = dest.object;
  if (copy && originOf(copy)?.uid === origin.uid) {
    if (!copy.metadata?.deletionTimestamp) {
      await removeCopy(env, copy);
      env.log.info(
        { cluster: origin.cluster, namespace: origin.namespace, name: origin.name },
        'deleting service copy',
      );
    }
    return requeue(deletionPollMs);
  }
  for (const s of (await projectedSecretsIn(source.client, origin.namespace, origin.uid)) ?? [])
    await removeSecret(source.client, origin.namespace, s.metadata?.name ?? '');
  try {
    source.object = await source.client.mergePatch<SyncedObject>(kcpPathOf(env, obj), {
      metadata: {
        finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== bridgeFinalizer),
        resourceVersion: obj.metadata.resourceVersion,
      },
    });
  } catch (cause) {
    if (!isNotFound(cause))
      throw new Error(`cannot remove finalizer of ${origin.cluster}/${origin.name}`, { cause });
  }
  return done;
}

/** removeCopy deletes a service copy in the foreground, so it exists until everything it owns is gone. */
async function removeCopy(env: EngineEnv, copy: SyncedObject): Promise<void> {
  try {
    await env.service.remove(
      servicePathOf(env, copy.metadata?.namespace ?? '', copy.metadata?.name),
      'Foreground',
    );
  } catch (cause) {
    if (!isNotFound(cause)) throw new Error(`cannot delete service copy ${copy.metadata?.name}`, { cause });
  }
}

/**
 * removeOrphan deletes the copy and projected Secrets of a kcp object that is gone without kxp's
 * finalizer (removed by force, or never added): the copy names its origin, so it can be matched.
 */
export async function removeOrphan(
  env: EngineEnv,
  key: ObjectKey,
  serviceNamespace: string,
  kcp: SyncSide | undefined,
): Promise<Step> {
  let copy: SyncedObject;
  try {
    copy = await env.service.get<SyncedObject>(servicePathOf(env, serviceNamespace, key.name));
  } catch (err) {
    if (isObjectNotFound(err, key.name)) return done;
    throw err;
  }
  const origin = originOf(copy);
  if (!origin || origin.cluster !== key.cluster || origin.namespace !== key.namespace) return done;
  if (!copy.metadata?.deletionTimestamp) {
    env.log.info({ ...key }, 'kcp object is gone, deleting its service copy');
    await removeCopy(env, copy);
  }
  if (kcp)
    for (const s of (await projectedSecretsIn(kcp.client, key.namespace, origin.uid)) ?? [])
      await removeSecret(kcp.client, key.namespace, s.metadata?.name ?? '');
  return done;
}
