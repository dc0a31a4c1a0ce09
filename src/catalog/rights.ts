/**
 * What a provider grants the consumers a catalog shows its export to, in the export's workspace:
 * entry into the workspace (kcp's `access` on `/`), `bind` on the export (kcp checks it when an
 * APIBinding is made; the catalog asks for it with a SelfSubjectAccessReview to decide whom to show
 * the export), and reading the export and its schemas (its permission claims and fields are shown
 * before anything is bound). Nothing else of the provider's workspace.
 */
import type { PolicyRule } from '../bridge/rbac/rules.js';
import { rule } from '../bridge/rbac/rules.js';
import type { ExportRef } from '../kcp/exports/ref.js';
import type { KubeObject, RestClient } from '../kube/rest.js';

const rbac = '/apis/rbac.authorization.k8s.io/v1';

/** consumerRoleName returns the name of the ClusterRole (and its binding) of export's consumers. */
export function consumerRoleName(exportName: string): string {
  return `kxp-catalog:consumers:${exportName}`;
}

/** consumerRules returns the rules of the consumers' ClusterRole in the export's workspace. */
export function consumerRules(exportName: string): PolicyRule[] {
  return [
    { nonResourceURLs: ['/'], verbs: ['access'] },
    rule('apis.kcp.io', ['apiexports'], ['bind', 'get'], [exportName]),
    rule('apis.kcp.io', ['apiresourceschemas'], ['get']),
  ];
}

/** grantConsumers applies the consumers' ClusterRole and binds it to users, in ref's workspace (as its admin). */
export async function grantConsumers(
  admin: RestClient,
  ref: ExportRef,
  users: readonly string[],
): Promise<void> {
  const ws = admin.forCluster(ref.path);
  const name = consumerRoleName(ref.name);
  const role: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: consumerRules(ref.name),
  };
  const binding: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: users.map((u) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u })),
  };
  await ws.apply(`${rbac}/clusterroles/${encodeURIComponent(name)}`, role, 'kxp-catalog');
  await ws.apply(`${rbac}/clusterrolebindings/${encodeURIComponent(name)}`, binding, 'kxp-catalog');
}
