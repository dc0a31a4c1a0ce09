/**
 * Secret up-sync: the Secrets that belong to a service copy (source) are projected into the
 * consumer's namespace in kcp (dest) under the same name, through the export's virtual workspace,
 * which may write Secrets because the consumer accepted the export's permission claim. For claims
 * that is the connection Secret named by spec.writeConnectionSecretToRef; for namespaced XRs, the
 * Secrets labelled kxp.dev/project=true that the XR owns.
 */
import { isConflict, isForbidden, isNotFound } from '../../kube/errors.js';
import { resourcePath, secrets } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';
import type { BindingMode } from '../binding.js';
import { fieldManager } from '../refs.js';
import { canonicalJSON } from '../schema/canonical.js';
import { shortHash } from '../schema/hash.js';
import type { EngineEnv } from './env.js';
import { type Origin, originLabels, projectLabel } from './origin.js';
import { ensureApplyOwnership } from './ownership.js';
import { projectedSecret } from './projection.js';
import { done, type Step, type SyncedObject, type SyncSide } from './sides.js';

/** The label Crossplane puts on what it composes for an XR, naming the XR. */
export const compositeLabel = 'crossplane.io/composite';

/**
 * projectedSecretNames returns the names of the service namespace's Secrets that belong to the copy:
 * for a claim, its connection Secret; for an XR, the Secrets labelled for projection that it owns
 * (by owner reference, or by Crossplane's composite label).
 */
export function projectedSecretNames(
  mode: BindingMode,
  copy: SyncedObject,
  secretsInNamespace: readonly SyncedObject[],
): string[] {
  if (mode === 'claim') {
    const name = copy.spec?.writeConnectionSecretToRef?.name;
    return name && secretsInNamespace.some((s) => s.metadata?.name === name) ? [name] : [];
  }
  const uid = copy.metadata?.uid;
  const xr = copy.metadata?.name;
  return secretsInNamespace
    .filter((s) => s.metadata?.labels?.[projectLabel] === 'true')
    .filter(
      (s) =>
        s.metadata?.ownerReferences?.some((r) => uid !== undefined && r.uid === uid) ||
        (xr !== undefined && s.metadata?.labels?.[compositeLabel] === xr),
    )
    .map((s) => s.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}

/** candidateSecrets returns the service Secrets that may belong to the copy, read as cheaply as the mode allows. */
async function candidateSecrets(env: EngineEnv, copy: SyncedObject): Promise<SyncedObject[]> {
  const ns = copy.metadata?.namespace;
  // The service Secrets watch holds them all once listed: no request per pass.
  if (env.secrets?.service.listed) {
    const inNamespace = env.secrets.service.in(ns ?? '') as SyncedObject[];
    if (env.binding.mode === 'xr') return inNamespace;
    const name = copy.spec?.writeConnectionSecretToRef?.name;
    return inNamespace.filter((s) => name !== undefined && s.metadata?.name === name);
  }
  if (env.binding.mode === 'claim') {
    const name = copy.spec?.writeConnectionSecretToRef?.name;
    if (!name) return [];
    try {
      return [await env.service.get<SyncedObject>(resourcePath(secrets, ns, name))];
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }
  const list = await env.service.list<SyncedObject>(resourcePath(secrets, ns), {
    labelSelector: `${projectLabel}=true`,
  });
  return list.items;
}

/**
 * projectedSecretsIn returns the Secrets kxp projected for a kcp object (by its uid) in its
 * namespace, or undefined when the workspace does not let the bridge read Secrets (its binding did
 * not accept the Secrets claim): then the bridge can neither have projected any nor project one.
 */
export async function projectedSecretsIn(
  kcp: RestClient,
  namespace: string,
  uid: string,
): Promise<KubeObject[] | undefined> {
  try {
    const list = await kcp.list(resourcePath(secrets, namespace), {
      labelSelector: `${originLabels.uid}=${uid}`,
    });
    return list.items;
  } catch (err) {
    if (isForbidden(err)) return undefined;
    throw err;
  }
}

const sameContent = (a: KubeObject, b: KubeObject) =>
  a.type === b.type && canonicalJSON(a.data ?? {}) === canonicalJSON(b.data ?? {});

/** projectionOf returns what env.projections holds for a set of projected Secrets: a hash, not their data. */
const projectionOf = (wanted: KubeObject[]) => shortHash(wanted, 16);

/** noProjections is what env.projections holds for a kcp object known to have no projected Secrets. */
export const noProjections = projectionOf([]);

/**
 * syncSecrets projects the copy's Secrets (source) into the kcp object's namespace (dest) and
 * removes stale projections. When the Secrets to project are those projected last (env.projections),
 * kcp is not asked at all.
 */
export async function syncSecrets(
  env: EngineEnv,
  source: SyncSide<SyncedObject>,
  dest: SyncSide<SyncedObject>,
  origin: Origin,
): Promise<Step> {
  const copy = source.object;
  if (!copy || !dest.object) return done;
  const candidates = await candidateSecrets(env, copy);
  const names = new Set(projectedSecretNames(env.binding.mode, copy, candidates));
  const wanted = candidates
    .filter((s) => names.has(s.metadata?.name ?? ''))
    .map((s) => projectedSecret(s, origin.namespace, origin));
  const projection = projectionOf(wanted);
  if (env.projections.get(origin.uid) === projection) return done;
  // The projected Secrets watch holds kxp's projections in every workspace that accepted the
  // Secrets claim (those of the others cannot exist); without it, they are listed.
  const existing = env.secrets?.kcp.listed
    ? env.secrets.kcp.in(origin.uid)
    : await projectedSecretsIn(dest.client, origin.namespace, origin.uid);
  if (!existing) return notProjecting(env, origin, projection);
  if (!(await projectAll(env, dest.client, origin, wanted, existing)))
    return notProjecting(env, origin, projection);
  for (const stale of existing.filter((e) => !names.has(e.metadata?.name ?? ''))) {
    await removeSecret(dest.client, origin.namespace, stale.metadata?.name ?? '');
  }
  env.projections.set(origin.uid, projection);
  return done;
}

/**
 * projectAll writes the wanted projections that differ from the existing ones; it returns false when
 * the workspace refuses kxp its Secrets (it did not accept the Secrets permission claim).
 */
async function projectAll(
  env: EngineEnv,
  kcp: RestClient,
  origin: Origin,
  wanted: KubeObject[],
  existing: KubeObject[],
): Promise<boolean> {
  for (const want of wanted) {
    const ours = existing.find((e) => e.metadata?.name === want.metadata?.name);
    if (ours && sameContent(ours, want)) continue;
    try {
      await projectSecret(env, kcp, origin, want, ours);
    } catch (err) {
      if (isForbidden(err) || isForbidden((err as Error).cause)) return false;
      throw err;
    }
  }
  return true;
}

/**
 * notProjecting reports a workspace that did not accept the Secrets permission claim: nothing can
 * be projected there. Remembered like a projection, so that the next passes do not ask again until
 * the resync.
 */
function notProjecting(env: EngineEnv, origin: Origin, projection: string): Step {
  env.log.warn(
    { cluster: origin.cluster, namespace: origin.namespace, name: origin.name },
    'not projecting Secrets: the workspace did not accept the Secrets permission claim',
  );
  env.projections.set(origin.uid, projection);
  return done;
}

/** projectSecret writes one projected Secret, unless a Secret of the consumer's holds its name. */
async function projectSecret(
  env: EngineEnv,
  kcp: RestClient,
  origin: Origin,
  want: KubeObject,
  ours: KubeObject | undefined,
): Promise<void> {
  const path = resourcePath(secrets, origin.namespace, want.metadata?.name);
  const failed = (cause: unknown) =>
    new Error(`cannot project Secret ${origin.namespace}/${want.metadata?.name} into ${origin.cluster}`, {
      cause,
    });
  if (!ours) {
    // A new projection is created: one request, and a Secret of the consumer's that happens to
    // have the same name is never taken over (the create finds it, and it is left alone).
    let found: KubeObject;
    try {
      found = await kcp
        .create(resourcePath(secrets, origin.namespace), want, fieldManager)
        .catch((err: unknown) => {
          if (isConflict(err)) return kcp.get(path);
          throw err;
        });
    } catch (cause) {
      throw failed(cause);
    }
    // A projection of this very object the watch has not delivered yet is kxp's own.
    if (found.metadata?.labels?.[originLabels.uid] !== origin.uid) {
      env.log.warn(
        { cluster: origin.cluster, secret: path },
        'not projecting over a Secret kxp did not make',
      );
      return;
    }
    if (sameContent(found, want)) return;
  }
  try {
    // What a create wrote is kxp's Update; made kxp's Apply first, so a key left out is removed.
    await ensureApplyOwnership(kcp, path);
    await kcp.apply(path, want, fieldManager, true);
  } catch (cause) {
    throw failed(cause);
  }
}

/** removeSecret deletes a projected Secret; one already gone is fine. */
export async function removeSecret(kcp: RestClient, namespace: string, name: string): Promise<void> {
  try {
    await kcp.remove(resourcePath(secrets, namespace, name));
  } catch (cause) {
    if (!isNotFound(cause)) throw new Error(`cannot remove projected Secret ${namespace}/${name}`, { cause });
  }
}
