/**
 * The bridge's own identities on the local platform: a kcp user of the stack's token file and a
 * ServiceAccount of the service cluster, granted the rights `kxp bridge rbac` prints for its exports
 * and nothing else, each with a kubeconfig. `kxp up` and the end-to-end tests run the bridge so.
 */
import { join } from 'node:path';
import type { RightsExport } from '../bridge/rbac/exports.js';
import { applyRights, type BridgeRights, type RightsOptions, resolveRights } from '../bridge/rbac/rights.js';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { RestClient } from '../kube/rest.js';
import { serviceAccountKubeconfig } from './service-account.js';
import type { StackInfo } from './stack.js';

/** bridgeUser is the kcp user the bridge authenticates as; start the stack with it among its users. */
export const bridgeUser = 'kxp-bridge';
/** bridgeServiceAccount is the bridge's ServiceAccount in the service cluster. */
export const bridgeServiceAccount = { namespace: 'kxp-system', name: 'kxp-bridge' };

export interface BridgeIdentityOptions {
  exports: RightsExport[];
  /** lease is the leader-election Lease the bridge uses; null when it runs without one. @default kxp-system/kxp-bridge */
  lease?: { namespace: string; name: string; divideEndpoints?: boolean } | null;
  /** dir holds the service-cluster kubeconfig. @default the stack's folder */
  dir?: string;
}

/** BridgeIdentity is how to run the bridge with its own identities, and the rights they were given. */
export interface BridgeIdentity {
  kcpKubeconfig: string;
  kubeconfig: string;
  rights: BridgeRights;
}

/** bridgeRightsOptions returns the rights options of the platform's bridge for o's exports. */
export function bridgeRightsOptions(o: BridgeIdentityOptions): RightsOptions {
  const options: RightsOptions = {
    exports: o.exports,
    kcpUser: bridgeUser,
    serviceAccount: bridgeServiceAccount,
    eventNamespace: 'default',
  };
  if (o.lease !== null) options.lease = o.lease ?? { namespace: 'kxp-system', name: 'kxp-bridge' };
  return options;
}

/**
 * grantBridge gives the platform's bridge the rights of o's exports as they stand (read and applied
 * as each side's admin) and returns kubeconfigs of its kcp user and of a fresh token of its
 * ServiceAccount (TokenRequest), written to its own file for these exports.
 */
export async function grantBridge(info: StackInfo, o: BridgeIdentityOptions): Promise<BridgeIdentity> {
  const kcpKubeconfig = info.kcp.users[bridgeUser];
  if (!kcpKubeconfig)
    throw new Error(`cannot grant the bridge its rights: the stack has no kcp user ${bridgeUser}`);
  const kcp = new RestClient(credentialsFromKubeconfig(info.kcp.kubeconfig));
  const service = new RestClient(credentialsFromKubeconfig(info.service.kubeconfig));
  const rights = await resolveRights(bridgeRightsOptions(o), { kcp, service });
  await applyRights(rights, { kcp, service });
  const sa = bridgeServiceAccount;
  const file = join(o.dir ?? info.dir, `bridge.${o.exports.map((e) => e.name).join('+')}.kubeconfig`);
  const kubeconfig = await serviceAccountKubeconfig(service, sa.namespace, sa.name, file);
  return { kcpKubeconfig, kubeconfig, rights };
}
