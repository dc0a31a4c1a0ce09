/**
 * Down-sync: the kcp object (source) becomes a copy in the service cluster (dest), in the service
 * namespace of its workspace and namespace, created and then kept with server-side apply under kxp's
 * field manager, so that the fields Crossplane sets on the copy are never fought over.
 */
import { ApiError, isConflict, isNotFound } from '../../kube/errors.js';
import { namespaces, resourcePath } from '../../kube/paths.js';
import type { KubeObject } from '../../kube/rest.js';
import { contains } from '../contains.js';
import { deniedRight } from '../forbidden.js';
import { fieldManager, managedByLabel, managedByValue } from '../refs.js';
import { shortHash } from '../schema/hash.js';
import { type EngineEnv, kcpPathOf, type NamespaceCheck, servicePathOf } from './env.js';
import { bridgeFinalizer, type Origin, originAnnotations, originOf } from './origin.js';
import { ensureApplyOwnership } from './ownership.js';
import { serviceCopy } from './projection.js';
import { done, requeue, type Step, type SyncedObject, type SyncSide } from './sides.js';

/** SyncRefusal is a reason the engine will not write an object; the consumer sees it as a condition. */
export class SyncRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'SyncRefusal';
  }
}

/**
 * isRejection reports whether err is the service cluster refusing an object (validation or
 * admission). A right refused to the bridge's own identity is not: the object is fine, and it is
 * synced once the right is granted (see forbidden.ts).
 */
export function isRejection(err: unknown): err is ApiError {
  return err instanceof ApiError && [400, 403, 422].includes(err.status) && !deniedRight(err);
}

/** ensureFinalizer puts kxp's finalizer on the kcp object, so that its deletion waits for the bridge. */
export async function ensureFinalizer(env: EngineEnv, kcp: SyncSide<SyncedObject>): Promise<Step> {
  const obj = kcp.object;
  if (!obj || obj.metadata?.finalizers?.includes(bridgeFinalizer)) return done;
  // The resourceVersion makes the patch fail rather than drop a finalizer someone added meanwhile.
  kcp.object = await kcp.client.mergePatch<SyncedObject>(kcpPathOf(env, obj), {
    metadata: {
      finalizers: [...(obj.metadata?.finalizers ?? []), bridgeFinalizer],
      resourceVersion: obj.metadata?.resourceVersion,
    },
  });
  env.wrote?.('kcp', kcp.object);
  return done;
}

/** namespaceOrigin returns `<cluster>/<namespace>`, what a service namespace's annotations must name. */
function namespaceOrigin(o: Pick<Origin, 'cluster' | 'namespace'>): string {
  return `${o.cluster}/${o.namespace}`;
}

/** namespaceAnnotations returns the annotations that tie a service namespace to its origin. */
function namespaceAnnotations(origin: Origin): Record<string, string> {
  const a: Record<string, string> = {
    [originAnnotations.cluster]: origin.cluster,
    [originAnnotations.namespace]: origin.namespace,
  };
  if (origin.workspacePath) a[originAnnotations.workspacePath] = origin.workspacePath;
  return a;
}

/** readNamespace returns the service namespace called name, or undefined when there is none. */
async function readNamespace(env: EngineEnv, name: string): Promise<SyncedObject | undefined> {
  try {
    return await env.service.get<SyncedObject>(resourcePath(namespaces, undefined, name));
  } catch (err) {
    if (!isNotFound(err)) throw new Error(`cannot read service namespace ${name}`, { cause: err });
    return undefined;
  }
}

/**
 * serviceNamespaceObject returns the service namespace, created for origin when missing; undefined
 * after a lost race. Once the watch has listed kxp's namespaces (env.namespacesListed), one not
 * among them is most likely missing, so it is created without reading first.
 */
async function serviceNamespaceObject(
  env: EngineEnv,
  name: string,
  origin: Origin,
): Promise<SyncedObject | undefined> {
  if (!env.namespacesListed) {
    const ns = await readNamespace(env, name);
    if (ns) return ns;
  }
  try {
    return await env.service.create<SyncedObject>(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { [managedByLabel]: managedByValue },
        annotations: namespaceAnnotations(origin),
      },
    });
  } catch (cause) {
    // It exists: made by someone else (not labelled as kxp's) or just now; read what it is.
    if (isConflict(cause)) return env.namespacesListed ? readNamespace(env, name) : undefined;
    throw new Error(`cannot create service namespace ${name}`, { cause });
  }
}

/** namespaceCheckOf returns what a service namespace is: whose its annotations say, and whether it is going. */
export function namespaceCheckOf(ns: KubeObject): NamespaceCheck {
  const a = ns.metadata?.annotations ?? {};
  return {
    owner: namespaceOrigin({
      cluster: a[originAnnotations.cluster] ?? '',
      namespace: a[originAnnotations.namespace] ?? '',
    }),
    deleting: Boolean(ns.metadata?.deletionTimestamp),
  };
}

/** namespaceCheck returns what a service namespace was found to be, creating it for origin when missing. */
async function namespaceCheck(env: EngineEnv, name: string, origin: Origin): Promise<NamespaceCheck> {
  const ns = await serviceNamespaceObject(env, name, origin);
  return ns ? namespaceCheckOf(ns) : { owner: '', lostRace: true };
}

/**
 * ensureServiceNamespace creates the service namespace of the origin's workspace and namespace, or
 * checks that an existing one was made for that origin; one annotated for another is refused. The
 * passes of one namespace's objects share one check, so a workspace's first objects make one
 * create between them instead of racing; only a namespace found to belong to origin is remembered.
 */
export async function ensureServiceNamespace(env: EngineEnv, name: string, origin: Origin): Promise<Step> {
  const want = namespaceOrigin(origin);
  let check = env.namespaces.get(name);
  if (!check) {
    const started = namespaceCheck(env, name, origin);
    check = started;
    env.namespaces.set(name, started);
    const forget = () => {
      if (env.namespaces.get(name) === started) env.namespaces.delete(name);
    };
    started.then((c) => {
      if (c.lostRace || c.deleting || c.owner !== want) forget();
    }, forget);
  }
  const found = await check;
  if (found.lostRace) return requeue(100);
  if (found.owner !== want)
    throw new SyncRefusal(
      'ServiceNamespaceConflict',
      `service namespace ${name} belongs to ${found.owner === '/' ? 'something else' : found.owner}, not ${want}`,
    );
  if (found.deleting) return requeue(2_000);
  return done;
}

/**
 * existingCopyStep returns what to do about a copy already in the service cluster: refuse one kxp
 * did not make, delete one left from an earlier kcp object of the same name, wait while one is
 * being deleted by someone else (it is made again once gone), or go on.
 */
async function existingCopyStep(
  env: EngineEnv,
  copy: SyncedObject,
  path: string,
  origin: Origin,
): Promise<Step> {
  const found = originOf(copy);
  if (!found)
    throw new SyncRefusal(
      'ServiceObjectNotOwned',
      `${copy.metadata?.namespace}/${copy.metadata?.name} exists in the service cluster and was not made by kxp`,
    );
  const deleting = Boolean(copy.metadata?.deletionTimestamp);
  if (found.uid !== origin.uid && !deleting) await env.service.remove(path, 'Foreground');
  return found.uid !== origin.uid || deleting ? requeue(1_000) : done;
}

/**
 * appliedCopy returns copy marked with a hash of itself. A copy that still contains every field the
 * bridge would apply, this mark included, needs no apply: a field the consumer removed is still on
 * the copy, so "contains" alone would miss that change, but the mark then differs. Being on the
 * copy, the mark holds across restarts of the bridge.
 */
export function appliedCopy(copy: KubeObject): KubeObject {
  const annotations = { ...copy.metadata?.annotations, [originAnnotations.applied]: shortHash(copy, 16) };
  return { ...copy, metadata: { ...copy.metadata, annotations } };
}

/**
 * syncSpec writes the service copy of the kcp object (source) to the service cluster (dest): a new
 * copy is created, an existing one applied to (see ownership.ts for why both). A copy the bridge
 * did not make is refused; one left from an earlier kcp object of the same name is
 * deleted first. A copy already as the bridge would apply it (see appliedCopy) is left alone, and a
 * hand edit of a field the bridge sets is reverted. What the service cluster rejects becomes a
 * SyncRefusal carrying its message.
 */
export async function syncSpec(
  env: EngineEnv,
  source: SyncSide<SyncedObject>,
  dest: SyncSide<SyncedObject>,
  serviceNamespace: string,
  origin: Origin,
): Promise<Step> {
  if (!source.object) return done;
  const name = origin.name;
  const path = servicePathOf(env, serviceNamespace, name);
  if (dest.object) {
    const step = await existingCopyStep(env, dest.object, path, origin);
    if (step !== 'done') return step;
  }
  const copy = appliedCopy(serviceCopy(source.object, serviceNamespace, origin));
  if (dest.object && contains(dest.object, copy)) return done;
  try {
    if (dest.object) {
      await ensureApplyOwnership(env.service, path);
      dest.object = await env.service.apply<SyncedObject>(path, copy, fieldManager, true);
    } else {
      dest.object = await env.service.create<SyncedObject>(
        servicePathOf(env, serviceNamespace),
        copy,
        fieldManager,
      );
    }
    env.wrote?.('service', dest.object);
  } catch (err) {
    if (isNotFound(err)) {
      // The namespace went away under us: check it again on the next pass.
      env.namespaces.delete(serviceNamespace);
      return requeue(500);
    }
    if (isRejection(err)) throw new SyncRefusal('ServiceRejected', err.serverMessage);
    // A copy that exists after all (created meanwhile) fails the create: the retry reads it.
    const verb = dest.object ? 'apply' : 'create';
    throw new Error(`cannot ${verb} ${serviceNamespace}/${name} in the service cluster`, { cause: err });
  }
  return done;
}
