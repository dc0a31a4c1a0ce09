import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
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
 * initCrossplane runs `crossplane core init`, which installs the CRDs and TLS secrets. In a cluster
 * it is an init container that restarts until it succeeds; here it is retried the same way, since
 * its first run can race the API server's discovery of the CRDs it just applied.
 */
async function initCrossplane(dir: string, env: Record<string, string>): Promise<void> {
  const initLog = join(dir, 'crossplane-init.log');
  // Flags are passed as the environment Crossplane documents: kong derives odd flag names from
  // some of these fields (--cr-ds-path, --tlsca-secret-name).
  const initEnv = {
    ...process.env,
    ...env,
    CRDS_PATH: join(peerDir('crossplane'), 'crds'),
    ENABLE_WEBHOOKS: 'false',
    TLS_CA_SECRET_NAME: rootCaSecret,
    TLS_CLIENT_SECRET_NAME: clientTlsSecret,
  };
  for (let attempt = 1; ; attempt++) {
    const init = spawnSync(peerBinary('crossplane'), ['core', 'init'], {
      env: initEnv,
      encoding: 'utf8',
      timeout: 120_000,
    });
    appendFileSync(initLog, `--- attempt ${attempt}\n${init.stdout ?? ''}${init.stderr ?? ''}`);
    if (init.status === 0) return;
    if (attempt === 5) {
      throw new Error(
        `crossplane core init failed (exit ${init.status ?? init.signal})\n--- ${initLog}\n${tailOf(initLog, 25)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
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
  // The package manager's cache must exist before core starts, or it fails to fetch any package.
  mkdirSync(join(home, 'xpkg'), { recursive: true });
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

  await initCrossplane(dir, env);

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
      // KXP_DEBUG=crossplane turns on Crossplane's debug log (function calls, compositions).
      ...((process.env.KXP_DEBUG ?? '').split(',').includes('crossplane') ? ['--debug'] : []),
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
