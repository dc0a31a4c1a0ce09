/**
 * The bridge's rights in the service cluster: a ServiceAccount, a ClusterRole of what every bridge
 * reads, one ClusterRole per export naming its XRDs and synced kinds, and Roles for its Lease and
 * its events. Everything that names an export's XRDs or kinds is rendered from the export's bindings
 * when `kxp bridge rbac` runs, and rendered again when they change: the bridge cannot grant itself
 * rights for a new kind without rights to grant anything (escalate, bind), which least privilege
 * keeps from it; it names the right it misses instead (see forbidden.ts).
 */
import type { KubeObject } from '../../kube/rest.js';
import type { BridgeMode } from './kcp.js';
import { binding, managedBy, type PolicyRule, role, rule, type Subject } from './rules.js';

/** SyncedKind is a kind the bridge keeps copies of: a claim or a namespaced XR, by plural resource. */
export interface SyncedKind {
  group: string;
  resource: string;
}

/** ExportRights is what one export's bindings need in the service cluster. */
export interface ExportRights {
  workspace: string;
  name: string;
  mode: BridgeMode;
  /** kinds are the claims or namespaced XRs its bindings sync. */
  kinds: SyncedKind[];
  /** xrds are the XRDs the bridge derives from the export (api-first) or publishes into it (crossplane-first). */
  xrds: string[];
}

export interface ServiceRightsOptions {
  serviceAccount: { namespace: string; name: string };
  exports: ExportRights[];
  /** lease is the leader election's Lease; divideEndpoints adds the Leases of replicas that divide the endpoints. */
  lease?: { namespace: string; name: string; divideEndpoints?: boolean };
  /** eventNamespace is where the bridge records events about XRDs. */
  eventNamespace: string;
}

const xrds = 'apiextensions.crossplane.io';
const crds = 'apiextensions.k8s.io';

/** serviceRoleName returns the name of the ClusterRole every bridge of the ServiceAccount has. */
export function serviceRoleName(sa: ServiceRightsOptions['serviceAccount']): string {
  return `kxp-bridge:${sa.namespace}:${sa.name}`;
}

/**
 * commonRules are what the bridge reads whatever it binds: CRDs and XRDs (watched to notice what
 * Crossplane establishes), its service namespaces (watched by label, created for each consumer
 * workspace and namespace; never changed or deleted), Secrets (Crossplane writes claims' connection
 * Secrets unlabelled into those namespaces, and one watch over them needs the cluster scope: RBAC
 * cannot limit a read to namespaces by label), and the Warning events of its copies (watched, not
 * listed per pass).
 */
export const commonRules: PolicyRule[] = [
  rule(crds, ['customresourcedefinitions'], ['list', 'watch']),
  rule(xrds, ['compositeresourcedefinitions'], ['get', 'list', 'watch']),
  rule('', ['namespaces'], ['create', 'get', 'list', 'watch']),
  rule('', ['secrets'], ['get', 'list', 'watch']),
  rule('', ['events'], ['list', 'watch']),
];

/** syncedVerbs are the verbs used on copies: watched, read afresh, created, applied, deleted in the foreground. */
export const syncedVerbs = ['create', 'delete', 'get', 'list', 'patch', 'watch'];

/** exportRules returns the rules that name one export's XRDs and synced kinds. */
export function exportRules(e: ExportRights): PolicyRule[] {
  const out: PolicyRule[] = [];
  const names = [...new Set(e.xrds)];
  if (names.length > 0) {
    // api-first applies the XRDs it derives (create the first time); either mode sets its condition.
    if (e.mode === 'api-first')
      out.push(rule(xrds, ['compositeresourcedefinitions'], ['create', 'patch'], names));
    out.push(rule(xrds, ['compositeresourcedefinitions/status'], ['patch'], names));
  }
  const byGroup = new Map<string, Set<string>>();
  for (const k of e.kinds) byGroup.set(k.group, (byGroup.get(k.group) ?? new Set()).add(k.resource));
  // crossplane-first reads the CRD Crossplane generated for each kind, named after it.
  if (e.mode === 'crossplane-first' && e.kinds.length > 0)
    out.push(
      rule(
        crds,
        ['customresourcedefinitions'],
        ['get'],
        e.kinds.map((k) => `${k.resource}.${k.group}`),
      ),
    );
  for (const [group, resources] of [...byGroup].sort(([a], [b]) => a.localeCompare(b)))
    out.push(rule(group, [...resources], syncedVerbs));
  return out;
}

/** serviceRights returns the objects that give the ServiceAccount the bridge's rights, in the order to apply them. */
export function serviceRights(o: ServiceRightsOptions): KubeObject[] {
  const sa = o.serviceAccount;
  const subject: Subject = { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
  const common = serviceRoleName(sa);
  const namespaces = [...new Set([sa.namespace, ...(o.lease ? [o.lease.namespace] : [])])];
  const out: KubeObject[] = [
    ...namespaces.map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: managedBy },
    })),
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: sa.name, namespace: sa.namespace, labels: managedBy },
    },
    role(common, commonRules),
    binding(common, subject),
  ];
  for (const e of o.exports) {
    const rules = exportRules(e);
    if (rules.length === 0) continue;
    const name = `${common}:${e.workspace}:${e.name}`;
    out.push(role(name, rules), binding(name, subject));
  }
  if (o.lease) {
    // Leader election: the Lease is created once (a create carries no name to limit it by), then
    // read and replaced by name.
    const name = `${sa.name}:lease:${o.lease.name}`;
    // Replicas that divide the endpoints hold a Lease per endpoint and one each to say they live, named
    // at run time (hashes of URLs and identities), and list the Leases to count the live replicas.
    const rules = o.lease.divideEndpoints
      ? [
          rule('coordination.k8s.io', ['leases'], ['create', 'list']),
          rule('coordination.k8s.io', ['leases'], ['get', 'update']),
        ]
      : [
          rule('coordination.k8s.io', ['leases'], ['create']),
          rule('coordination.k8s.io', ['leases'], ['get', 'update'], [o.lease.name]),
        ];
    out.push(role(name, rules, o.lease.namespace), binding(name, subject, o.lease.namespace));
  }
  // Named for the ServiceAccount's namespace too: bridges installed in two namespaces both write
  // events into the one eventNamespace, and must not take each other's binding over.
  const events = `${common}:events`;
  out.push(
    role(events, [rule('', ['events'], ['create'])], o.eventNamespace),
    binding(events, subject, o.eventNamespace),
  );
  return out;
}
