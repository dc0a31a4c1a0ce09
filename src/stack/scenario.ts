/**
 * The reference scenario on a running local platform (DESIGN.md): the database team's
 * PostgreSQLInstance published into root:db by the bridge, teams A and B bound to it, and team A's
 * first database ordered. `kxp up` runs it; every process it starts is recorded with the stack.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { grantConsumers } from '../catalog/rights.js';
import { bindExport } from '../kcp/bindings.js';
import { ensureWorkspace, type WorkspaceLocation } from '../kcp/workspaces.js';
import type { Credentials } from '../kube/credentials.js';
import { credentialsFromKubeconfig } from '../kube/credentials.js';
import { namespaces, resourcePath } from '../kube/paths.js';
import { type KubeObject, RestClient } from '../kube/rest.js';
import { type BridgeIdentity, bridgeUser, grantBridge } from './bridge-identity.js';
import { startCatalogProcess } from './catalog.js';
import { functionHealthy, installFunction, publishFunction } from './functions.js';
import { shardLabel } from './kcp-sharded.js';
import { writeKubeconfig } from './kubeconfig.js';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { httpOk, waitUntil } from './ready.js';
import { recordProcess, type StackInfo } from './stack.js';

export const exportName = 'databases';
export const databaseWorkspace = 'root:db';
export const teams = { 'team-a': 'root:org-a:team-a', 'team-b': 'root:org-b:team-b' } as const;
export const claims = { group: 'db.kxp.dev', version: 'v1alpha1', resource: 'postgresqlinstances' };

/** What the scenario set up: per team, a kubeconfig pointed at its own workspace; the catalog's URL. */
export interface Scenario {
  teams: Record<keyof typeof teams, { workspace: string; kubeconfig: string }>;
  catalog?: string;
}

const root = resolve(new URL('../..', import.meta.url).pathname);
/** cli is the built kxp command the scenario runs the bridge with. */
export const cli = join(root, 'dist', 'cli', 'main.js');

/**
 * offerDatabases makes the database team's side of the scenario: the postgresql function packaged
 * and installed from the local registry, the PostgreSQLInstance XRD (labelled for the export) and its
 * Composition in the service cluster, and the workspace root:db.
 */
export async function offerDatabases(
  info: StackInfo,
  log: (m: string) => void,
  synthAll: (outdir: string) => string[] | Promise<string[]> = synthCompositions,
): Promise<void> {
  const service = new RestClient(credentialsFromKubeconfig(info.service.kubeconfig));
  const kcp = new RestClient(credentialsFromKubeconfig(info.kcp.kubeconfig));

  log('packaging the postgresql function and installing it from the local registry');
  const image = await publishFunction(
    join(root, 'functions/postgresql'),
    info.registry.host,
    'kxp/postgresql',
    'v0.1.0',
    info.dir,
  );
  await installFunction(service, 'kxp-postgresql', image);
  await functionHealthy(service, 'kxp-postgresql', image);

  log('applying the PostgreSQLInstance API (synthesised from its zod schema) and its Composition');
  const dir = (await synthAll(mkdtempSync(join(info.dir, 'synth-')))).find((d) => d.endsWith('/postgresql'));
  if (!dir) throw new Error('cannot synthesise compositions/postgresql');
  const xrd = parse(readFileSync(join(dir, 'xrd.yaml'), 'utf8')) as KubeObject;
  xrd.metadata = { ...xrd.metadata, labels: { ...xrd.metadata?.labels, 'kxp.dev/export': exportName } };
  await service.ensure('/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions', xrd);
  await service.ensure(
    '/apis/apiextensions.crossplane.io/v1/compositions',
    parse(readFileSync(join(dir, 'composition.yaml'), 'utf8')) as KubeObject,
  );

  await ensureWorkspace(kcp, databaseWorkspace);
}

/**
 * synthCompositions synthesises compositions/ (TypeScript outside src/, loaded through tsx) into
 * outdir. Jest cannot load modules so; tests pass compositions/synth.ts's synthAll instead.
 */
async function synthCompositions(outdir: string): Promise<string[]> {
  const { tsImport } = await import('tsx/esm/api');
  const synth = (await tsImport(
    pathToFileURL(join(root, 'compositions/synth.ts')).href,
    import.meta.url,
  )) as {
    synthAll(outdir: string): string[];
  };
  return synth.synthAll(outdir);
}

/**
 * scenarioBridgeArgs returns the node arguments of a `kxp bridge` for the scenario's export
 * (Crossplane-first) as identity, serving /metrics and its probes on the loopback port metricsPort.
 */
export function scenarioBridgeArgs(
  identity: BridgeIdentity,
  metricsPort: number,
  extra: string[] = [],
): string[] {
  return [
    cli,
    'bridge',
    '--kubeconfig',
    identity.kubeconfig,
    '--kcp-kubeconfig',
    identity.kcpKubeconfig,
    '--export',
    `${databaseWorkspace}:${exportName}`,
    '--mode',
    'crossplane-first',
    '--metrics-address',
    `127.0.0.1:${metricsPort}`,
    ...extra,
  ];
}

/** runScenario sets the scenario up on the platform in info.dir and returns how to reach each team. */
export async function runScenario(info: StackInfo, log: (m: string) => void): Promise<Scenario> {
  const kcp = new RestClient(credentialsFromKubeconfig(info.kcp.kubeconfig));
  await offerDatabases(info, log);
  const [bridgeMetrics = 0] = await freePorts(1);
  log(
    `granting the bridge the rights of ${databaseWorkspace}:${exportName} (kxp bridge rbac), and nothing else`,
  );
  const identity = await grantBridge(info, {
    exports: [{ workspace: databaseWorkspace, name: exportName, mode: 'crossplane-first', claims: false }],
  });
  log(
    `starting the bridge for ${databaseWorkspace}:${exportName} as kcp user ${bridgeUser} and its ServiceAccount`,
  );
  const bridge = PeerProcess.start('bridge', process.execPath, scenarioBridgeArgs(identity, bridgeMetrics), {
    dir: info.dir,
    detach: true,
  });
  recordProcess(info.dir, bridge);
  await waitUntil('bridge', 'its /readyz', httpOk(`http://127.0.0.1:${bridgeMetrics}/readyz`), {
    timeoutMs: 30_000,
    process: bridge,
  });

  const scenario: Scenario = { teams: {} as Scenario['teams'] };
  const shards = info.kcp.shards ?? [];
  for (const [i, [user, workspace]] of (Object.entries(teams) as [keyof typeof teams, string][]).entries()) {
    // On a sharded kcp team A lives on the root shard and team B on shard-1.
    const shard = shards.length > 1 ? shards[i % shards.length]?.name : undefined;
    log(
      `binding ${workspace}${shard ? ` (on shard ${shard})` : ''} to the export, as its team's admin would`,
    );
    await bindConsumer(kcp, workspace, user, shard ? { [shardLabel]: shard } : undefined);
    const creds: Credentials = {
      ...credentialsFromKubeconfig(info.kcp.users[user] ?? ''),
      server: `${info.kcp.url}/clusters/${workspace}`,
    };
    scenario.teams[user] = {
      workspace,
      kubeconfig: writeKubeconfig(join(info.dir, `${user}.kubeconfig`), user, creds),
    };
  }

  log('letting teams A and B bind the export themselves, and starting the service catalog for them');
  await grantConsumers(kcp, { path: databaseWorkspace, name: exportName }, Object.keys(teams));
  scenario.catalog = await startCatalogProcess(info, cli, [`${databaseWorkspace}:${exportName}`]);

  log('team A orders a PostgreSQLInstance apps/orders');
  const teamA = new RestClient(credentialsFromKubeconfig(scenario.teams['team-a'].kubeconfig));
  await teamA.ensure(resourcePath(claims, 'apps'), {
    apiVersion: `${claims.group}/${claims.version}`,
    kind: 'PostgreSQLInstance',
    metadata: { name: 'orders' },
    spec: { parameters: { connectionLimit: 5 }, writeConnectionSecretToRef: { name: 'orders-db' } },
  });
  return scenario;
}

/**
 * bindConsumer binds workspace (placed by location, when given) to the export (accepting its
 * permission claims), makes user its admin, and creates namespace apps.
 */
export async function bindConsumer(
  kcp: RestClient,
  workspace: string,
  user: string,
  location?: WorkspaceLocation,
): Promise<void> {
  await ensureWorkspace(kcp, workspace, 60_000, location);
  const ws = kcp.forCluster(workspace);
  await bindExport(kcp, ws, { path: databaseWorkspace, name: exportName });
  await ws.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${user}-admins` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
  await ws.ensure(resourcePath(namespaces), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'apps' },
  });
}
