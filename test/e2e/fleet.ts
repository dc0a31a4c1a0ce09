/**
 * A fleet of consumers on a stack of its own, for the e2e tests that disturb the peers (bridge
 * failover, peer faults): an AppConfig XRD published crossplane-first into root:db, composed by the
 * app-config function, bound in many workspaces that each hold many objects; bridges run as child
 * processes of the kxp CLI with their least-privilege identities, as a Deployment's replicas would;
 * and the checks a user makes of such a fleet: every object synced exactly once, statuses converged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import appConfig from '../../functions/app-config/index.js';
import type { BridgeConfig } from '../../src/bridge/config.js';
import { managedByLabel, managedByValue, xrdsV2 } from '../../src/bridge/refs.js';
import { bridgeFinalizer } from '../../src/bridge/sync/origin.js';
import type { Condition } from '../../src/bridge/sync/sides.js';
import { syncedConditionType } from '../../src/bridge/sync/status.js';
import type { FunctionServer } from '../../src/function/serve/server.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { namespaces, resourcePath } from '../../src/kube/paths.js';
import { type KubeObject, RestClient } from '../../src/kube/rest.js';
import { type BridgeIdentity, bridgeUser, grantBridge } from '../../src/stack/bridge-identity.js';
import { kcpAdminKubeconfig } from '../../src/stack/kcp.js';
import { kxpCommand } from '../../src/stack/kxp.js';
import { freePorts } from '../../src/stack/ports.js';
import { PeerProcess } from '../../src/stack/process.js';
import { type Stack, startStack } from '../../src/stack/stack.js';
import { appConfigXrd } from './app-config.js';
import { serveFunctions } from './consumer.js';

export const group = 'fleet.e2e.kxp.dev';
export const exportRef = { path: 'root:db', name: group };
export const appConfigs = { group, version: 'v1alpha1', resource: 'appconfigs' };
/** The namespace of every consumer's objects. */
export const consumerNamespace = 'apps';
export const lease = { namespace: 'kxp-system', name: 'kxp-bridge' };

export type Obj = KubeObject & {
  metadata?: KubeObject['metadata'] & {
    finalizers?: string[];
    deletionTimestamp?: string;
    generation?: number;
  };
  spec?: { owner?: string; settings?: Record<string, string> };
  status?: { conditions?: Condition[]; settingCount?: number; [k: string]: unknown };
};

/** Fleet is a stack of its own with the fleet's API published, and its consumers' workspaces. */
export interface Fleet {
  stack: Stack;
  /** servers serve the app-config function that Crossplane calls. */
  servers: FunctionServer[];
  identity: BridgeIdentity;
  /** workspaces are the consumers' workspace paths. */
  workspaces: string[];
}

/** kcpAdmin returns a client of kcp-admin; kcp's admin token changes when kcp restarts, so ask again after. */
export function kcpAdmin(stack: Stack): RestClient {
  return new RestClient(credentialsFromKubeconfig(kcpAdminKubeconfig(stack.info.dir)));
}

/** serviceAdmin returns a client of the service cluster's admin. */
export function serviceAdmin(stack: Stack): RestClient {
  return new RestClient(stack.service.credentials);
}

const xrd = appConfigXrd(group, group);

const composition: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name: `appconfigs.${group}` },
  spec: {
    compositeTypeRef: { apiVersion: `${group}/v1alpha1`, kind: 'AppConfig' },
    mode: 'Pipeline',
    pipeline: [
      {
        step: 'settings',
        functionRef: { name: 'kxp-fleet-app-config' },
        input: { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input' },
      },
    ],
  },
};

/**
 * startFleet starts a stack of its own, serves the function, creates the XRD and its Composition, and
 * grants the bridge its rights for the export (with the Lease); the workspaces are bound later, by
 * bindWorkspaces, once a bridge has published the export's resource.
 */
export async function startFleet(dir: string, log: (m: string) => void): Promise<Fleet> {
  const stack = await startStack({ users: [bridgeUser], log });
  try {
    const service = serviceAdmin(stack);
    await ensureWorkspace(kcpAdmin(stack), exportRef.path);
    const servers = await serveFunctions(service, join(dir, 'certs'), [['kxp-fleet-app-config', appConfig]]);
    await service.create(resourcePath(xrdsV2), xrd);
    await service.create('/apis/apiextensions.crossplane.io/v1/compositions', composition);
    const identity = await grantBridge(stack.info, {
      exports: [{ workspace: exportRef.path, name: exportRef.name, mode: 'crossplane-first', claims: false }],
      lease,
      dir,
    });
    return { stack, servers, identity, workspaces: [] };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** stopFleet stops the fleet's function servers and its stack. */
export async function stopFleet(fleet: Fleet | undefined): Promise<void> {
  if (!fleet) return;
  for (const s of fleet.servers) await s.stop();
  await fleet.stack.stop();
}

/** bindWorkspaces makes count consumer workspaces bound to the export (claims accepted), a few at a time. */
export async function bindWorkspaces(fleet: Fleet, count: number): Promise<void> {
  const admin = kcpAdmin(fleet.stack);
  const paths = Array.from({ length: count }, (_, i) => `root:fleet-${i}`);
  await inBatches(paths, 5, async (path) => {
    await ensureWorkspace(admin, path, 120_000);
    const ws = admin.forCluster(path);
    await bindExport(admin, ws, exportRef, 120_000);
    await ws.ensure(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: consumerNamespace },
    });
  });
  fleet.workspaces.push(...paths);
}

/** inBatches runs each item through fn, at most size at once. */
export async function inBatches<T>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** createObjects creates perWorkspace AppConfigs in every workspace of the fleet, at round 0. */
export async function createObjects(fleet: Fleet, perWorkspace: number): Promise<void> {
  const admin = kcpAdmin(fleet.stack);
  const all = fleet.workspaces.flatMap((w) =>
    Array.from({ length: perWorkspace }, (_, i) => [w, `app-${i}`] as const),
  );
  await inBatches(all, 20, ([w, name]) =>
    admin.forCluster(w).create(resourcePath(appConfigs, consumerNamespace), {
      apiVersion: `${group}/v1alpha1`,
      kind: 'AppConfig',
      metadata: { name },
      spec: { owner: w, settings: { round: '0' } },
    }),
  );
}

/** settingsOf returns the settings of round: the round, and one more key each round (the function counts them). */
export function settingsOf(round: number): Record<string, string> {
  const s: Record<string, string> = { round: String(round) };
  for (let r = 1; r <= round; r++) s[`r${r}`] = 'x';
  return s;
}

/** editObjects moves every AppConfig of the fleet to round, as its consumer edits it. */
export async function editObjects(fleet: Fleet, round: number): Promise<void> {
  const admin = kcpAdmin(fleet.stack);
  const objects = await kcpObjects(fleet);
  await inBatches(objects, 20, ({ workspace, obj }) =>
    admin.forCluster(workspace).mergePatch(resourcePath(appConfigs, consumerNamespace, obj.metadata?.name), {
      spec: { settings: settingsOf(round) },
    }),
  );
}

/** kcpObjects returns every AppConfig of the fleet's workspaces, as their admins list them. */
export async function kcpObjects(fleet: Fleet): Promise<{ workspace: string; obj: Obj }[]> {
  const admin = kcpAdmin(fleet.stack);
  const lists = await Promise.all(
    fleet.workspaces.map(async (workspace) => {
      const list = await admin.forCluster(workspace).list<Obj>(resourcePath(appConfigs, consumerNamespace));
      return list.items.map((obj) => ({ workspace, obj }));
    }),
  );
  return lists.flat();
}

/** copiesByOrigin returns the bridge's service copies, grouped by the kcp uid they name as their origin. */
export async function copiesByOrigin(fleet: Fleet): Promise<Map<string, Obj[]>> {
  const list = await serviceAdmin(fleet.stack).list<Obj>(resourcePath(appConfigs), {
    labelSelector: `${managedByLabel}=${managedByValue}`,
  });
  const byUid = new Map<string, Obj[]>();
  for (const c of list.items) {
    const uid = c.metadata?.labels?.['kxp.dev/uid'] ?? '';
    byUid.set(uid, [...(byUid.get(uid) ?? []), c]);
  }
  return byUid;
}

/** copiesAt returns how many copies have reached round (their spec says so). */
export async function copiesAt(fleet: Fleet, round: number): Promise<number> {
  const byUid = await copiesByOrigin(fleet).catch(() => new Map<string, Obj[]>());
  return [...byUid.values()].flat().filter((c) => c.spec?.settings?.round === String(round)).length;
}

const condition = (o: Obj, type: string) => o.status?.conditions?.find((c) => c.type === type);

/**
 * expectSyncedOnce checks what a user checks of the fleet at round, and throws naming the first
 * object that is not so: count objects in kcp, each with kxp's finalizer exactly once, exactly one
 * copy in the service cluster at the object's spec, no copy without its object, Synced and Ready
 * True, and the status the function computed from that spec (settingCount) back on the object.
 */
export async function expectSyncedOnce(fleet: Fleet, count: number, round: number): Promise<void> {
  const [objects, byUid] = await Promise.all([kcpObjects(fleet), copiesByOrigin(fleet)]);
  if (objects.length !== count) throw new Error(`${objects.length} objects in kcp, want ${count}`);
  for (const { workspace, obj } of objects)
    expectObjectSynced(
      `${workspace}/${obj.metadata?.name}`,
      obj,
      byUid.get(obj.metadata?.uid ?? '') ?? [],
      round,
    );
  const uids = new Set(objects.map((o) => o.obj.metadata?.uid));
  const orphans = [...byUid.keys()].filter((uid) => !uids.has(uid));
  if (orphans.length > 0)
    throw new Error(`${orphans.length} copies without their kcp object: ${orphans.slice(0, 3)}`);
}

/** expectObjectSynced throws unless obj (named id) is synced once at round, with copies its copies. */
function expectObjectSynced(id: string, obj: Obj, copies: Obj[], round: number): void {
  const finalizers = (obj.metadata?.finalizers ?? []).filter((f) => f === bridgeFinalizer).length;
  if (finalizers !== 1) throw new Error(`${id} has kxp's finalizer ${finalizers} times`);
  if (copies.length !== 1) throw new Error(`${id} has ${copies.length} copies`);
  if (copies[0]?.spec?.settings?.round !== String(round))
    throw new Error(`${id}'s copy is not at round ${round}`);
  for (const type of [syncedConditionType, 'Ready'])
    if (condition(obj, type)?.status !== 'True')
      throw new Error(`${id} is not ${type}: ${JSON.stringify(condition(obj, type))}`);
  const want = Object.keys(settingsOf(round)).length;
  if (obj.status?.settingCount !== want)
    throw new Error(`${id} shows settingCount ${obj.status?.settingCount}, want ${want}`);
}

/** BridgeReplica is one bridge run as a child process of the kxp CLI, with its metrics address. */
export interface BridgeReplica {
  identity: string;
  process: PeerProcess;
  metricsUrl: string;
}

/**
 * startReplica runs `kxp bridge --config` as a child process, as one replica of the bridge's
 * Deployment: the fleet's export, its least-privilege identities, leader election on the Lease.
 */
export async function startReplica(
  fleet: Fleet,
  dir: string,
  identity: string,
  overrides: Partial<BridgeConfig> = {},
): Promise<BridgeReplica> {
  const [port] = await freePorts(1);
  mkdirSync(dir, { recursive: true });
  const config = {
    kubeconfig: fleet.identity.kubeconfig,
    kcpKubeconfig: fleet.identity.kcpKubeconfig,
    exports: [{ workspace: exportRef.path, name: exportRef.name, mode: 'crossplane-first' }],
    leaderElection: { enabled: true, namespace: lease.namespace, leaseName: lease.name, identity },
    metricsAddress: `127.0.0.1:${port}`,
    ...overrides,
  };
  const file = join(dir, `${identity}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  const process = PeerProcess.start(
    identity,
    globalThis.process.execPath,
    [...kxpCommand(), 'bridge', '--config', file],
    {
      dir,
    },
  );
  return { identity, process, metricsUrl: `http://127.0.0.1:${port}/metrics` };
}

/** BridgeLease is the bridge's Lease, as far as the tests read it. */
export type BridgeLease = KubeObject & { spec?: { holderIdentity?: string; renewTime?: string } };

/** leaseOf returns the bridge's Lease. */
export function leaseOf(fleet: Fleet): Promise<BridgeLease> {
  return serviceAdmin(fleet.stack).get<BridgeLease>(
    `/apis/coordination.k8s.io/v1/namespaces/${lease.namespace}/leases/${lease.name}`,
  );
}

/** leaseHolder returns who holds the bridge's Lease now, if anyone. */
export async function leaseHolder(fleet: Fleet): Promise<string | undefined> {
  return (await leaseOf(fleet)).spec?.holderIdentity;
}

/** metricOf returns the value of a metric line a replica serves (its first sample matching name and labels). */
export async function metricOf(replica: BridgeReplica, pattern: RegExp): Promise<number | undefined> {
  const text = await (await fetch(replica.metricsUrl)).text();
  const line = text.split('\n').find((l) => pattern.test(l));
  return line === undefined ? undefined : Number(line.trim().split(/\s+/).pop());
}

/** seconds returns the time since t0 in seconds, for the figures the tests print. */
export const seconds = (t0: number, t1 = Date.now()): string => `${((t1 - t0) / 1000).toFixed(1)} s`;
