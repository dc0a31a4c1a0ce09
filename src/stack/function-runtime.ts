/**
 * The local platform's function runtime: `kxp function runtime` as a process beside Crossplane,
 * running the function packages Crossplane installs (it runs with the External package runtime, so
 * nothing else would). Its function processes stay in its process group, so stopping the platform
 * stops them with it.
 */
import { join } from 'node:path';
import { kxpCommand } from './kxp.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';
import type { ServiceCluster } from './service-cluster.js';

export interface FunctionRuntimeProcess {
  process: PeerProcess;
  /** metricsUrl serves /healthz, /readyz and /metrics. */
  metricsUrl: string;
  /** dir holds unpacked images, and each revision's certificate and log (revisions/<name>/function.log). */
  dir: string;
}

/** startFunctionRuntime starts the function runtime against the service cluster and waits until it watches. */
export async function startFunctionRuntime(
  dir: string,
  cluster: ServiceCluster,
  detach: boolean,
): Promise<FunctionRuntimeProcess> {
  const [port] = await freePorts(1);
  const state = join(dir, 'function-runtime');
  const runtime = PeerProcess.start(
    'function-runtime',
    process.execPath,
    [
      ...kxpCommand(),
      'function',
      'runtime',
      '--kubeconfig',
      cluster.kubeconfig,
      '--dir',
      state,
      '--metrics-address',
      `127.0.0.1:${port}`,
    ],
    { dir, detach },
  );
  const metricsUrl = `http://127.0.0.1:${port}`;
  await waitUntil('function-runtime', `${metricsUrl}/readyz`, httpOk(`${metricsUrl}/readyz`), {
    timeoutMs: 30_000,
    process: runtime,
  });
  return { process: runtime, metricsUrl, dir: state };
}
