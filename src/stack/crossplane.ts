import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConflict } from '../kube/errors.js';
import { namespaces, resourcePath, secrets } from '../kube/paths.js';
import { RestClient } from '../kube/rest.js';
import { peerBinary, peerDir } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess, tailOf } from './process.js';
import { httpOk, waitUntil } from './ready.js';
import type { ServiceCluster } from './service-cluster.js';

export const crossplaneNamespace = 'crossplane-system';
/** Secrets `crossplane core init` fills: the CA functions' server certificates must chain to, and core's client certificate. */
export const rootCaSecret = 'crossplane-root-ca';
export const clientTlsSecret = 'crossplane-tls-client';

export interface Crossplane {
  process: PeerProcess;
  /** Folder with core's client certificate (ca.crt, tls.crt, tls.key), which it presents to functions. */
  clientCertsDir: string;
  metricsUrl: string;
  healthUrl: string;
}

/**
 * startCrossplane installs Crossplane's CRDs and TLS secrets with `crossplane core init`, then runs
 * `crossplane core start` outside the cluster with the External package runtime: nothing deploys
 * functions or providers, the local platform serves them and points their revisions at itself.
 */
export async function startCrossplane(
  dir: string,
  cluster: ServiceCluster,
  detach: boolean,
): Promise<Crossplane> {
  const home = join(dir, 'crossplane');
  const clientCertsDir = join(home, 'tls-client');
  mkdirSync(clientCertsDir, { recursive: true });
  const env = { KUBECONFIG: cluster.kubeconfig, POD_NAMESPACE: crossplaneNamespace };
  const api = new RestClient(cluster.credentials);
  try {
    await api.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: crossplaneNamespace },
    });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }

  const initLog = join(dir, 'crossplane-init.log');
  const init = spawnSync(
    peerBinary('crossplane'),
    [
      'core',
      'init',
      `--crds-path=${join(peerDir('crossplane'), 'crds')}`,
      '--enable-webhooks=false',
      `--tls-ca-secret-name=${rootCaSecret}`,
      `--tls-client-secret-name=${clientTlsSecret}`,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 },
  );
  writeFileSync(initLog, `${init.stdout ?? ''}${init.stderr ?? ''}`);
  if (init.status !== 0) {
    throw new Error(
      `crossplane core init failed (exit ${init.status ?? init.signal})\n--- ${initLog}\n${tailOf(initLog, 25)}`,
    );
  }

  const tls = await api.get<{ data: Record<string, string> }>(
    resourcePath(secrets, crossplaneNamespace, clientTlsSecret),
  );
  for (const key of ['ca.crt', 'tls.crt', 'tls.key']) {
    const value = tls.data[key];
    if (!value) throw new Error(`secret ${crossplaneNamespace}/${clientTlsSecret} has no ${key}`);
    writeFileSync(join(clientCertsDir, key), Buffer.from(value, 'base64'), { mode: 0o600 });
  }

  const [metrics, health] = await freePorts(2);
  const core = PeerProcess.start(
    'crossplane',
    peerBinary('crossplane'),
    [
      'core',
      'start',
      '--enable-webhooks=false',
      '--package-runtime=External',
      `--tls-client-certs-dir=${clientCertsDir}`,
      `--tls-client-secret-name=${clientTlsSecret}`,
      `--xpkg-cache-dir=${join(home, 'xpkg')}`,
      `--xfn-cache-dir=${join(home, 'xfn')}`,
      `--metrics-port=${metrics}`,
      `--health-probe-port=${health}`,
      '--sync-interval=1m',
      '--poll-interval=15s',
    ],
    { dir, detach, env },
  );
  const healthUrl = `http://127.0.0.1:${health}`;
  await waitUntil('crossplane', `${healthUrl}/readyz`, httpOk(`${healthUrl}/readyz`), {
    timeoutMs: 90_000,
    process: core,
  });
  return { process: core, clientCertsDir, metricsUrl: `http://127.0.0.1:${metrics}/metrics`, healthUrl };
}
