/**
 * The bridge's rights in kcp: one ClusterRole and its ClusterRoleBinding in the export's workspace,
 * and nothing in any other workspace. Consumers' objects, Secrets, events and workspace paths are
 * reached through the export's virtual workspace, which kcp authorizes as `apiexports/content` of
 * the export (the request's own verb) in the export's workspace, and the permission claims each
 * consumer accepted; a consumer workspace never grants the bridge anything itself.
 */
import type { KubeObject } from '../../kube/rest.js';
import { statusConfigMapName } from '../status.js';
import { binding, type PolicyRule, role, rule } from './rules.js';

export type BridgeMode = 'api-first' | 'crossplane-first';

export interface KcpRightsOptions {
  /** exportName is the APIExport's name; the objects belong in its workspace. */
  exportName: string;
  mode: BridgeMode;
  /** user is the kcp user the bridge authenticates as. */
  user: string;
}

const kcpAPIs = 'apis.kcp.io';

/** kcpRoleName returns the name of the ClusterRole (and ClusterRoleBinding) of the bridge of exportName. */
export function kcpRoleName(exportName: string): string {
  return `kxp-bridge:${exportName}`;
}

/**
 * contentVerbs are the verbs the bridge uses through the virtual workspace: list and watch consumers'
 * objects in every bound workspace; get one (and its workspace's LogicalCluster, and a Secret before
 * projecting over its name); patch (finalizer, status, server-side apply of Secrets); create (events,
 * and Secrets applied for the first time); delete (projected Secrets).
 */
export const contentVerbs = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

/** kcpRules returns the rules of the bridge's ClusterRole in the export's workspace. */
export function kcpRules(o: Pick<KcpRightsOptions, 'exportName' | 'mode'>): PolicyRule[] {
  const name = [o.exportName];
  const publishes = o.mode === 'crossplane-first';
  return [
    // kcp lets a user into a workspace only with `access` on `/`.
    { nonResourceURLs: ['/'], verbs: ['access'] },
    // Its export: read and watched by name, changed by merge patch; crossplane-first creates it by
    // server-side apply, which carries the name, so create is limited to it too.
    rule(
      kcpAPIs,
      ['apiexports'],
      publishes ? ['create', 'get', 'list', 'patch', 'watch'] : ['get', 'list', 'patch', 'watch'],
      name,
    ),
    rule(kcpAPIs, ['apiexports/content'], contentVerbs, name),
    // Its endpoint slice (the virtual workspace URLs), watched by name.
    rule(kcpAPIs, ['apiexportendpointslices'], ['list', 'watch'], name),
    // api-first reads the export's schemas (named by the export, watched for new ones); crossplane-first
    // creates schemas named by a hash of their content, so their names are not known beforehand.
    publishes
      ? rule(kcpAPIs, ['apiresourceschemas'], ['create'])
      : rule(kcpAPIs, ['apiresourceschemas'], ['get', 'list', 'watch']),
    // The status ConfigMap, written by server-side apply (create the first time).
    rule('', ['configmaps'], ['create', 'get', 'patch'], [statusConfigMapName(o.exportName)]),
  ];
}

/** kcpRights returns the ClusterRole and ClusterRoleBinding that give user the bridge's rights, for the export's workspace. */
export function kcpRights(o: KcpRightsOptions): KubeObject[] {
  const name = kcpRoleName(o.exportName);
  return [
    role(name, kcpRules(o)),
    binding(name, { kind: 'User', name: o.user, apiGroup: 'rbac.authorization.k8s.io' }),
  ];
}
