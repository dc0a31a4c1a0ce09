/**
 * `kxp bridge rbac`: the rights the bridge needs for its exports, printed as YAML or applied. Read
 * from the clusters when their kubeconfigs are given (the export's resources, the labelled XRDs), so
 * the XRDs and synced kinds named are those the bridge will bind.
 */
import { parseArgs } from 'node:util';
import { exportRef } from '../bridge/config.js';
import { kindOf, type RightsExport } from '../bridge/rbac/exports.js';
import type { BridgeMode } from '../bridge/rbac/kcp.js';
import { applyRights, type RightsOptions, resolveRights, rightsYAML } from '../bridge/rbac/rights.js';
import type { SyncedKind } from '../bridge/rbac/service.js';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';

export const rbacUsage = `usage: kxp bridge rbac --export WS:NAME [flags]

Prints the rights the bridge needs for an export as YAML: a ClusterRole and ClusterRoleBinding in the
export's kcp workspace for its kcp user, and in the service cluster its ServiceAccount with the roles
naming only what it reads and writes. --apply applies them. The XRDs and synced kinds they name are
those of the export's bindings as they stand: run it again (it is idempotent) when the export gains
a resource; until then the bridge reports the right it misses on the XRD and in its status ConfigMap.

flags:
  --export WS:NAME                    APIExport the bridge maintains, repeatable
  --mode api-first|crossplane-first   as the bridge's (default api-first)
  --claims                            api-first derives legacy XRDs with claims
  --kcp-user NAME                     the kcp user the bridge authenticates as (default kxp-bridge)
  --service-account NS/NAME           its ServiceAccount (default kxp-system/kxp-bridge)
  --lease-namespace NS                its leader-election Lease (default kxp-system)
  --lease-name NAME                   (default kxp-bridge)
  --leader-elect=false                no Lease
  --divide-endpoints                  the Leases of replicas that divide the exports' endpoints (kxp bridge --divide-endpoints)
  --event-namespace NS                where it records events about XRDs (default default)
  --resource PLURAL.GROUP             a synced kind to grant besides those read, repeatable
  --xrd NAME                          an XRD to grant besides those read, repeatable
  --kcp-kubeconfig FILE               kcp: read the export's resources (api-first); apply there
  --kubeconfig FILE                   the service cluster: read the labelled XRDs (crossplane-first); apply there
  --only kcp|service                  print one side only
  --apply                             apply with those kubeconfigs (their users must be allowed to grant these rights)
`;

/** RBACRequest is what the flags of `kxp bridge rbac` ask for. */
export interface RBACRequest {
  options: RightsOptions;
  extra: { kinds: SyncedKind[]; xrds: string[] };
  kcpKubeconfig?: string;
  kubeconfig?: string;
  only?: 'kcp' | 'service';
  apply: boolean;
}

/** parse returns the flags' values, defaults filled in. */
function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      export: { type: 'string', multiple: true, default: [] },
      mode: { type: 'string', default: 'api-first' },
      claims: { type: 'boolean', default: false },
      'kcp-user': { type: 'string', default: 'kxp-bridge' },
      'service-account': { type: 'string', default: 'kxp-system/kxp-bridge' },
      'lease-namespace': { type: 'string', default: 'kxp-system' },
      'lease-name': { type: 'string', default: 'kxp-bridge' },
      'leader-elect': { type: 'string', default: 'true' },
      'divide-endpoints': { type: 'boolean', default: false },
      'event-namespace': { type: 'string', default: 'default' },
      resource: { type: 'string', multiple: true, default: [] },
      xrd: { type: 'string', multiple: true, default: [] },
      'kcp-kubeconfig': { type: 'string' },
      kubeconfig: { type: 'string' },
      only: { type: 'string' },
      apply: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}

type Values = ReturnType<typeof parse>;

/** problemOf returns what is wrong with the flags, or undefined when nothing is. */
function problemOf(v: Values): string | undefined {
  if (v.export.length === 0) return 'cannot render rights: --export is required';
  if (v.mode !== 'api-first' && v.mode !== 'crossplane-first')
    return `cannot render rights: --mode ${v.mode}: want api-first or crossplane-first`;
  if (v.only !== undefined && v.only !== 'kcp' && v.only !== 'service')
    return `cannot render rights: --only ${v.only}: want kcp or service`;
  if (!/^[^/]+\/[^/]+$/.test(v['service-account']))
    return `cannot render rights: --service-account ${v['service-account']}: want NAMESPACE/NAME`;
  if (v.apply && !(v['kcp-kubeconfig'] && v.kubeconfig))
    return 'cannot apply rights: --apply needs --kcp-kubeconfig and --kubeconfig';
  return undefined;
}

/** rbacRequestFrom returns what the flags ask for, or throws naming the flag that is wrong. */
export function rbacRequestFrom(args: string[]): RBACRequest {
  const v = parse(args);
  const problem = problemOf(v);
  if (problem) throw new Error(problem);
  const [namespace = '', name = ''] = v['service-account'].split('/');
  const mode = v.mode as BridgeMode;
  const options: RightsOptions = {
    exports: v.export.map((ref): RightsExport => ({ ...exportRef(ref), mode, claims: v.claims })),
    kcpUser: v['kcp-user'],
    serviceAccount: { namespace, name },
    eventNamespace: v['event-namespace'],
  };
  if (v['leader-elect'] !== 'false')
    options.lease = {
      namespace: v['lease-namespace'],
      name: v['lease-name'],
      ...(v['divide-endpoints'] ? { divideEndpoints: true } : {}),
    };
  const request: RBACRequest = {
    options,
    extra: { kinds: v.resource.map(kindOf), xrds: v.xrd },
    apply: v.apply,
  };
  if (v['kcp-kubeconfig']) request.kcpKubeconfig = v['kcp-kubeconfig'];
  if (v.kubeconfig) request.kubeconfig = v.kubeconfig;
  if (v.only) request.only = v.only as 'kcp' | 'service';
  return request;
}

/** bridgeRBACCommand runs `kxp bridge rbac`: prints the rights, and applies them with --apply. */
export async function bridgeRBACCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(rbacUsage);
    return 0;
  }
  const r = rbacRequestFrom(args);
  const client = (file?: string) => (file ? new RestClient(credentialsFromKubeconfig(file)) : undefined);
  const kcp = client(r.kcpKubeconfig);
  const service = client(r.kubeconfig);
  const rights = await resolveRights(r.options, { kcp, service }, r.extra);
  process.stdout.write(rightsYAML(rights, r.only));
  if (r.apply && kcp && service) {
    await applyRights(rights, { kcp, service });
    console.error(
      `kxp bridge rbac: applied the rights of ${r.options.exports.map((e) => `${e.workspace}:${e.name}`).join(', ')}`,
    );
  }
  return 0;
}
