/** The shapes RBAC objects share, built as plain data for both kcp and the service cluster. */
import type { KubeObject } from '../../kube/rest.js';

/** PolicyRule is one rule of a (Cluster)Role, as rbac.authorization.k8s.io/v1 writes it. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** Subject is who a binding grants a role to. */
export type Subject =
  | { kind: 'User'; name: string; apiGroup: 'rbac.authorization.k8s.io' }
  | { kind: 'ServiceAccount'; name: string; namespace: string };

export const rbacGroup = 'rbac.authorization.k8s.io';
export const managedBy = { 'app.kubernetes.io/managed-by': 'kxp-bridge-rbac' };

/**
 * rule returns a rule for resources of one API group, verbs sorted. names restrict it to those objects;
 * an empty list would grant every object (RBAC reads no resourceNames as all), so callers leave a
 * rule out rather than pass none.
 */
export function rule(group: string, resources: string[], verbs: string[], names?: string[]): PolicyRule {
  const r: PolicyRule = { apiGroups: [group], resources: [...resources].sort(), verbs: [...verbs].sort() };
  if (names !== undefined) {
    if (names.length === 0) throw new Error(`cannot make a rule for ${resources.join(',')} with no names`);
    r.resourceNames = [...new Set(names)].sort();
  }
  return r;
}

/** role returns a ClusterRole (no namespace) or a Role (in namespace) with rules. */
export function role(name: string, rules: PolicyRule[], namespace?: string): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: namespace ? 'Role' : 'ClusterRole',
    metadata: namespace ? { name, namespace, labels: managedBy } : { name, labels: managedBy },
    rules,
  };
}

/** binding returns the (Cluster)RoleBinding of the role made by role(name, …, namespace) to subject. */
export function binding(name: string, subject: Subject, namespace?: string): KubeObject {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: namespace ? { name, namespace, labels: managedBy } : { name, labels: managedBy },
    roleRef: { apiGroup: rbacGroup, kind: namespace ? 'Role' : 'ClusterRole', name },
    subjects: [subject],
  };
}
