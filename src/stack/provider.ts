import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Credentials } from '../kube/credentials.js';
import { customResourceDefinitions, resourcePath, secrets } from '../kube/paths.js';
import { type KubeObject, RestClient } from '../kube/rest.js';
import { crossplaneNamespace } from './crossplane.js';
import { peerBinary, peerDir } from './peers.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { waitUntil } from './ready.js';

/** The peer in peers/peers.json: provider-sql, whose PostgreSQL Database and Role the database example composes. */
export const providerPeer = 'provider-sql';
/** Namespaced managed resources (Crossplane v2) of provider-sql's PostgreSQL API. */
export const postgresqlGroup = 'postgresql.sql.m.crossplane.io';
export const databasesRef = { group: postgresqlGroup, version: 'v1alpha1', resource: 'databases' };
export const rolesRef = { group: postgresqlGroup, version: 'v1alpha1', resource: 'roles' };
export const clusterProviderConfigsRef = {
  group: postgresqlGroup,
  version: 'v1alpha1',
  resource: 'clusterproviderconfigs',
};
/** Managed resources without a providerConfigRef use the ClusterProviderConfig named `default` (the CRDs' default). */
export const defaultProviderConfig = 'default';

export interface Provider {
  process: PeerProcess;
  metricsUrl: string;
  /** Names of the CRDs installed. */
  crds: string[];
}

/** What the provider needs of the cluster it reconciles in. */
export type ProviderCluster = { kubeconfig: string; credentials: Credentials };

/** providerCrds reads the CRDs shipped in provider-sql's package (copied by peers/build.sh). */
export function providerCrds(dir = join(peerDir(providerPeer), 'crds')): KubeObject[] {
  const crds: KubeObject[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const obj = doc.toJS() as KubeObject | null;
      if (obj?.kind === 'CustomResourceDefinition') crds.push(obj);
    }
  }
  return crds;
}

/** installCrds server-side applies each CRD (creating or updating it) and waits until all are Established. */
export async function installCrds(
  api: RestClient,
  crds: KubeObject[],
  timeoutMs = 60_000,
): Promise<string[]> {
  const names = crds.map((crd) => crd.metadata?.name ?? '');
  await Promise.all(
    crds.map(async (crd, i) => {
      try {
        await api.apply(resourcePath(customResourceDefinitions, undefined, names[i]), crd, 'kxp');
      } catch (cause) {
        throw new Error(`cannot apply CRD ${names[i]}: ${(cause as Error).message}`, { cause });
      }
    }),
  );
  const established = async (name: string) => {
    const crd = await api.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(
      resourcePath(customResourceDefinitions, undefined, name),
    );
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
  };
  await waitUntil(
    providerPeer,
    `its ${names.length} CRDs to be Established`,
    async () => (await Promise.all(names.map(established))).every(Boolean),
    { timeoutMs },
  );
  return names;
}

/** providerArgs is provider-sql's command line; it has no webhooks and no health port, only metrics. */
export function providerArgs(metricsPort: number, debug: boolean): string[] {
  return [
    `--metrics-bind-address=127.0.0.1:${metricsPort}`,
    // Check for drift every minute (default 10m), so a test that changes a database sees it soon.
    '--poll=1m',
    '--sync=10m',
    ...(debug ? ['--debug'] : []),
  ];
}

/**
 * startProvider installs provider-sql's CRDs in the service cluster and runs the provider as a local
 * process against it: with the External package runtime nothing in the cluster deploys providers,
 * so the local platform plays that part, as it does for functions.
 */
export async function startProvider(
  dir: string,
  cluster: ProviderCluster,
  detach: boolean,
): Promise<Provider> {
  const api = new RestClient(cluster.credentials);
  const crds = await installCrds(api, providerCrds());
  const [metrics = 0] = await freePorts(1);
  const debug = (process.env.KXP_DEBUG ?? '').split(',').includes(providerPeer);
  const proc = PeerProcess.start(
    providerPeer,
    peerBinary(providerPeer, 'provider'),
    providerArgs(metrics, debug),
    {
      dir,
      detach,
      env: { KUBECONFIG: cluster.kubeconfig },
    },
  );
  const metricsUrl = `http://127.0.0.1:${metrics}/metrics`;
  // provider-sql serves no health probe. controller-runtime registers a controller's metrics as the
  // controller starts its watches, so the Role controller's series means the manager got past its
  // set-up (CRDs found, client working); objects created from then on are in its first list.
  await waitUntil(
    providerPeer,
    `its Role controller to start (${metricsUrl})`,
    roleControllerStarted(metricsUrl),
    {
      timeoutMs: 60_000,
      process: proc,
    },
  );
  return { process: proc, metricsUrl, crds };
}

function roleControllerStarted(metricsUrl: string): () => Promise<boolean> {
  const marker = `controller="managed/role.${postgresqlGroup}"`;
  return async () => {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
    return res.ok && (await res.text()).includes(marker);
  };
}

/** Where the provider finds a PostgreSQL server, and as whom it connects. */
export interface PostgresServer {
  host: string;
  port: number;
  superuser: string;
  password: string;
}

/**
 * postgresProviderConfig returns the Secret (the keys provider-sql reads: endpoint, port, username,
 * password) and the ClusterProviderConfig that point provider-sql's namespaced resources at a server.
 * The stack's server has no TLS, hence sslMode disable (the provider's default is verify-full).
 */
export function postgresProviderConfig(
  server: PostgresServer,
  name = defaultProviderConfig,
  namespace = crossplaneNamespace,
): { secret: KubeObject; providerConfig: KubeObject } {
  const secretName = `${name}-postgresql-superuser`;
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secretName, namespace },
    type: 'Opaque',
    // data rather than the write-only stringData, so what is applied is what the server stores.
    data: base64({
      endpoint: server.host,
      port: String(server.port),
      username: server.superuser,
      password: server.password,
    }),
  };
  const providerConfig: KubeObject = {
    apiVersion: `${postgresqlGroup}/v1alpha1`,
    kind: 'ClusterProviderConfig',
    metadata: { name },
    spec: {
      credentials: {
        source: 'PostgreSQLConnectionSecret',
        connectionSecretRef: { name: secretName, namespace },
      },
      defaultDatabase: 'postgres',
      sslMode: 'disable',
    },
  };
  return { secret, providerConfig };
}

function base64(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}

/** applyProviderConfig server-side applies postgresProviderConfig's objects in the cluster. */
export async function applyProviderConfig(
  api: RestClient,
  server: PostgresServer,
  name?: string,
): Promise<void> {
  const { secret, providerConfig } = postgresProviderConfig(server, name);
  const ns = secret.metadata?.namespace;
  try {
    await api.apply(resourcePath(secrets, ns, secret.metadata?.name), secret, 'kxp');
    await api.apply(
      resourcePath(clusterProviderConfigsRef, undefined, providerConfig.metadata?.name),
      providerConfig,
      'kxp',
    );
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`cannot apply the provider-sql config for ${server.host}:${server.port}: ${why}`, {
      cause,
    });
  }
}
