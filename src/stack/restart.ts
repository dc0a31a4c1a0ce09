/**
 * Restarting the local platform's peers, as a supervisor (systemd, the kubelet) restarts a server:
 * the same binary and flags, so the same ports, data folder, certificates and token files. kcp keeps
 * its admin token too: it reads it back from the admin kubeconfig it wrote, which must stay (with
 * its token store and without the kubeconfig, kcp refuses to start). The fault e2e tests
 * use these to show that the bridge survives its peers going away and coming back.
 */
import { kcpServing } from './kcp.js';
import type { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';
import type { Stack } from './stack.js';

/** The peers a stack can restart. */
export type RestartablePeer = 'kcp' | 'kube-apiserver' | 'etcd' | 'crossplane';

export interface RestartOptions {
  /** downMs is how long the peer stays stopped (after SIGTERM, or SIGKILL 10 s later) before it starts again. @default 0 */
  downMs?: number;
}

/** Restart is when a peer had stopped, when it was started again, and when it served again (ms since the epoch). */
export interface Restart {
  stoppedAt: number;
  startedAt: number;
  readyAt: number;
}

/**
 * restartPeer stops the peer name of stack, waits downMs, starts it again with the same command,
 * records the new process in the stack, and resolves once it serves again.
 */
export async function restartPeer(
  stack: Stack,
  name: RestartablePeer,
  o: RestartOptions = {},
): Promise<Restart> {
  const old = stack.process(name);
  await old.stop(10_000);
  const stoppedAt = Date.now();
  if (o.downMs) await new Promise((r) => setTimeout(r, o.downMs));
  const startedAt = Date.now();
  const next = old.startAgain();
  stack.replaceProcess(next);
  await servesAgain(stack, name, next);
  return { stoppedAt, startedAt, readyAt: Date.now() };
}

/** servesAgain resolves once the restarted peer serves; etcd does once the API server it backs is ready. */
async function servesAgain(stack: Stack, name: RestartablePeer, next: PeerProcess): Promise<void> {
  // kube-apiserver took up to 144 s to report ready again beside four other stacks on two cores.
  const wait = { timeoutMs: 300_000, process: next };
  const serviceReady = httpOk(`${stack.service.url}/readyz`, {
    authorization: `Bearer ${stack.service.credentials.token}`,
  });
  switch (name) {
    case 'kcp':
      stack.kcp.process = next;
      stack.kcp.admin = await kcpServing(stack.info.dir, stack.kcp.url, next);
      return;
    case 'kube-apiserver':
      stack.service.apiserver = next;
      return waitUntil(name, `${stack.service.url}/readyz`, serviceReady, wait);
    case 'etcd':
      return waitUntil(name, `${stack.service.url}/readyz (its etcd check)`, serviceReady, wait);
    case 'crossplane':
      stack.crossplane.process = next;
      return waitUntil(
        name,
        `${stack.crossplane.healthUrl}/readyz`,
        httpOk(`${stack.crossplane.healthUrl}/readyz`),
        wait,
      );
  }
}
