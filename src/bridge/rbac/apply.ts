/**
 * Applying the bridge's rights: each object by server-side apply under one field manager, so that
 * applying again after the export's bindings changed replaces the rules it rendered before.
 */
import type { ResourceRef } from '../../kube/paths.js';
import { resourcePath } from '../../kube/paths.js';
import type { KubeObject, RestClient } from '../../kube/rest.js';

/** rbacFieldManager owns the fields of the rights kxp bridge rbac applies. */
export const rbacFieldManager = 'kxp-bridge-rbac';

const rbac = (resource: string): ResourceRef => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource,
});
const refs: Record<string, ResourceRef> = {
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  ClusterRole: rbac('clusterroles'),
  ClusterRoleBinding: rbac('clusterrolebindings'),
  Role: rbac('roles'),
  RoleBinding: rbac('rolebindings'),
};

/** objectPath returns the API path of one of the objects the rights are made of. */
export function objectPath(obj: KubeObject): string {
  const ref = refs[obj.kind ?? ''];
  if (!ref) throw new Error(`cannot apply ${obj.kind}: not a kind of the bridge's rights`);
  return resourcePath(ref, obj.metadata?.namespace, obj.metadata?.name);
}

/** applyAll applies objects in order with client, which must be allowed to grant what they grant. */
export async function applyAll(client: RestClient, objects: readonly KubeObject[]): Promise<void> {
  for (const obj of objects) {
    try {
      await client.apply(objectPath(obj), obj, rbacFieldManager, true);
    } catch (cause) {
      const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
      throw new Error(`cannot apply ${obj.kind} ${ns}${obj.metadata?.name} at ${client.url}`, { cause });
    }
  }
}
