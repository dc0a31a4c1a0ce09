import type { ExportConfig } from '../../src/bridge/config.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { RestClient } from '../../src/kube/rest.js';
import { type BridgeIdentity, grantBridge } from '../../src/stack/bridge-identity.js';
import { readState, type StackInfo } from '../../src/stack/stack.js';

/** The stack global-setup started for this run. */
export function stackInfo(): StackInfo {
  const dir = process.env.KXP_STACK_DIR;
  if (!dir) throw new Error('KXP_STACK_DIR is not set: run e2e tests with `make test` or `npm run test:e2e`');
  return readState(dir);
}

/** kcpAdmin returns a client acting as kcp-admin, on the root workspace. */
export function kcpAdmin(): RestClient {
  return new RestClient(credentialsFromKubeconfig(stackInfo().kcp.kubeconfig));
}

/** kcpUser returns a client acting as one of the stack's named kcp users. */
export function kcpUser(name: string): RestClient {
  const file = stackInfo().kcp.users[name];
  if (!file) throw new Error(`the stack has no kcp user ${name}`);
  return new RestClient(credentialsFromKubeconfig(file));
}

/** serviceAdmin returns a client acting as system:masters on the service cluster. */
export function serviceAdmin(): RestClient {
  return new RestClient(credentialsFromKubeconfig(stackInfo().service.kubeconfig));
}

/** eventually retries check until it stops throwing, or rethrows its last error after timeoutMs. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/**
 * bridgeIdentity grants the bridge the rights of exports as they stand (what `kxp bridge rbac
 * --apply` applies) and returns kubeconfigs of its own kcp user and ServiceAccount: every bridge
 * the tests start runs with them, never as an admin.
 */
export function bridgeIdentity(
  exports: { workspace: string; name: string; mode?: ExportConfig['mode']; claims?: boolean }[],
  lease?: { namespace: string; name: string } | null,
): Promise<BridgeIdentity> {
  return grantBridge(stackInfo(), {
    exports: exports.map((e) => ({ mode: 'api-first', claims: false, ...e })),
    ...(lease === undefined ? {} : { lease }),
  });
}
