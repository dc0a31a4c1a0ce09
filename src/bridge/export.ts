/**
 * Maintaining an APIExport the bridge shares with its owners: it changes only the resources and
 * permission claims it owns, records them in an annotation, and writes only when something differs.
 */
import { apiExports } from '../kcp/apis.js';
import { isNotFound } from '../kube/errors.js';
import { resourcePath } from '../kube/paths.js';
import type { KubeObject, RestClient } from '../kube/rest.js';
import { contains } from './contains.js';
import { logicalClustersClaim } from './kcp/clusters.js';
import { fieldManager } from './refs.js';
import { canonicalJSON } from './schema/canonical.js';

/** ExportResource is one entry of an APIExport's (apis.kcp.io/v1alpha2) spec.resources. */
export interface ExportResource {
  /** name is the plural resource name. */
  name: string;
  group: string;
  schema: string;
  storage: { crd: Record<string, never> };
}

/** PermissionClaim is one entry of an APIExport's spec.permissionClaims. */
export interface PermissionClaim {
  group: string;
  resource: string;
  verbs: string[];
  identityHash?: string;
  [key: string]: unknown;
}

export interface APIExport extends KubeObject {
  spec?: { resources?: ExportResource[]; permissionClaims?: PermissionClaim[]; [key: string]: unknown };
}

/** ownedAnnotation holds, as JSON, the resources and permission claims the bridge owns in the export. */
export const ownedAnnotation = 'kxp.dev/owned';

/**
 * bridgeClaims are the permission claims the bridge needs in every consumer workspace, with the verbs
 * it uses: Secrets, to project connection details (listed by label, read before taking a name,
 * applied, removed); events, created to report what happens to a consumer's objects; and the
 * workspace's LogicalCluster, read for its path.
 */
export const bridgeClaims: readonly PermissionClaim[] = [
  { group: '', resource: 'secrets', verbs: ['create', 'delete', 'get', 'list', 'patch'] },
  { group: '', resource: 'events', verbs: ['create'] },
  logicalClustersClaim,
];

/** Owned is what the bridge owns in an export, each entry as `<resource>.<group>`. */
export interface Owned {
  resources: string[];
  permissionClaims: string[];
}

const keyOf = (group: string, resource: string) => `${resource}.${group}`;
const resourceKey = (r: ExportResource) => keyOf(r.group, r.name);
const claimKey = (c: PermissionClaim) => keyOf(c.group, c.resource);

/** ownedFrom returns what the owned annotation records, nothing when it is absent or unreadable. */
export function ownedFrom(annotations: Record<string, string> | undefined): Owned {
  try {
    const v = JSON.parse(annotations?.[ownedAnnotation] ?? '{}') as Partial<Owned>;
    const strings = (a: unknown) => (Array.isArray(a) ? a.filter((s) => typeof s === 'string') : []);
    return { resources: strings(v.resources), permissionClaims: strings(v.permissionClaims) };
  } catch {
    return { resources: [], permissionClaims: [] };
  }
}

/**
 * resourcesWith returns current with the bridge's entries replaced by want: entries it owned before
 * and no longer wants go, wanted ones replace any entry of the same resource in place or are appended,
 * and every other entry stays as it is.
 */
export function resourcesWith(
  current: readonly ExportResource[],
  ownedBefore: readonly string[],
  want: readonly ExportResource[],
): ExportResource[] {
  const wanted = new Map(want.map((r) => [resourceKey(r), r]));
  const out: ExportResource[] = [];
  for (const r of current) {
    const k = resourceKey(r);
    const w = wanted.get(k);
    if (w) {
      // Keep the server's entry when it already says what the bridge wants (defaults included).
      out.push(contains(r, w) ? r : w);
      wanted.delete(k);
    } else if (!ownedBefore.includes(k)) out.push(r);
  }
  return [...out, ...wanted.values()];
}

/**
 * claimsWith returns current with every claim of want present, its verbs added to an existing claim of
 * the same resource; claims of others stay untouched.
 */
export function claimsWith(
  current: readonly PermissionClaim[],
  want: readonly PermissionClaim[],
): PermissionClaim[] {
  const out = current.map((c) => ({ ...c }));
  for (const w of want) {
    const have = out.find((c) => claimKey(c) === claimKey(w) && !c.identityHash);
    if (!have) out.push({ ...w, verbs: [...w.verbs] });
    else have.verbs = [...have.verbs, ...w.verbs.filter((v) => !have.verbs.includes(v))];
  }
  return out;
}

/** ExportChange is what the bridge wants of an export: its resources (undefined leaves them to their owners) and claims. */
export interface ExportChange {
  resources?: readonly ExportResource[];
  claims: readonly PermissionClaim[];
}

/** exportPatch returns the merge patch that makes export what change asks, or undefined when it already is. */
export function exportPatch(exp: APIExport, change: ExportChange): Record<string, unknown> | undefined {
  const before = ownedFrom(exp.metadata?.annotations);
  const currentResources = exp.spec?.resources ?? [];
  const currentClaims = exp.spec?.permissionClaims ?? [];
  const resources = change.resources
    ? resourcesWith(currentResources, before.resources, change.resources)
    : currentResources;
  const permissionClaims = claimsWith(currentClaims, change.claims);
  const owned: Owned = {
    resources: change.resources ? change.resources.map(resourceKey).sort() : before.resources,
    permissionClaims: change.claims.map(claimKey).sort(),
  };
  const ownedJSON = canonicalJSON(owned);
  const same =
    canonicalJSON(resources) === canonicalJSON(currentResources) &&
    canonicalJSON(permissionClaims) === canonicalJSON(currentClaims) &&
    exp.metadata?.annotations?.[ownedAnnotation] === ownedJSON;
  if (same) return undefined;
  // The resourceVersion makes the patch fail on a concurrent change instead of overwriting it.
  return {
    metadata: {
      resourceVersion: exp.metadata?.resourceVersion,
      annotations: { [ownedAnnotation]: ownedJSON },
    },
    spec: { resources, permissionClaims },
  };
}

/**
 * ensureExport reads the export in kcp (the client of its workspace) and patches it when it differs,
 * creating it first when create is set and it is missing; it returns the export as it is now.
 */
export async function ensureExport(
  kcp: RestClient,
  name: string,
  change: ExportChange,
  create = false,
): Promise<APIExport> {
  const path = resourcePath(apiExports, undefined, name);
  let exp: APIExport;
  try {
    exp = await kcp.get<APIExport>(path);
  } catch (cause) {
    if (!(create && isNotFound(cause)))
      throw new Error(`cannot get APIExport ${name}: ${(cause as Error).message}`, { cause });
    // Created by server-side apply, which names the export, so the bridge's right to create one is
    // limited to it (a POST carries no name for RBAC to check).
    exp = await kcp
      .apply<APIExport>(
        path,
        { apiVersion: 'apis.kcp.io/v1alpha2', kind: 'APIExport', metadata: { name }, spec: {} },
        fieldManager,
      )
      .catch((err: unknown) => {
        throw new Error(`cannot create APIExport ${name}: ${(err as Error).message}`, { cause: err });
      });
  }
  const patch = exportPatch(exp, change);
  if (!patch) return exp;
  try {
    return await kcp.mergePatch<APIExport>(path, patch);
  } catch (cause) {
    throw new Error(`cannot patch APIExport ${name}: ${(cause as Error).message}`, { cause });
  }
}
