/**
 * The sync engine against the real stack: a Crossplane-first AppConfig XRD published into an export,
 * two consumer workspaces creating objects of the same namespace and name, Crossplane composing them
 * with kxp functions served over mutual TLS, and status, Secrets and deletion flowing as designed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import * as z from 'zod';
import appConfig from '../../functions/app-config/index.js';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge.js';
import { type BridgeConfig, bridgeConfig } from '../../src/bridge/config.js';
import { xrdsV2 } from '../../src/bridge/refs.js';
import { serviceNamespaceName } from '../../src/bridge/sync/naming.js';
import { bridgeFinalizer } from '../../src/bridge/sync/origin.js';
import type { Condition } from '../../src/bridge/sync/sides.js';
import { syncedConditionType } from '../../src/bridge/sync/status.js';
import { defineFunction } from '../../src/function/sdk/index.js';
import { type FunctionServer, serve } from '../../src/function/serve/server.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { ApiError } from '../../src/kube/errors.js';
import { configMaps, namespaces, resourcePath, secrets } from '../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../src/kube/rest.js';
import type { BridgeIdentity } from '../../src/stack/bridge-identity.js';
import { functionServerCerts, registerLocalFunction } from '../../src/stack/functions.js';
import { appConfigXrd } from './app-config.js';
import { bridgeIdentity, eventually, kcpAdmin, kcpUser, serviceAdmin } from './stack.js';

const log = pino({ level: process.env.KXP_TEST_LOG ?? 'silent' });
const group = 'sync.e2e.kxp.dev';
const exportName = group;
const appConfigs = { group, version: 'v1alpha1', resource: 'appconfigs' };
const xrdName = `appconfigs.${group}`;
const admin = kcpAdmin();
const service = serviceAdmin();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

type Obj = KubeObject & {
  metadata?: KubeObject['metadata'] & { finalizers?: string[]; deletionTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: { conditions?: Condition[]; phase?: string; [k: string]: unknown };
  data?: Record<string, string>;
};

/** connectionSecret composes a Secret the bridge projects: labelled kxp.dev/project, with the owner and TOKEN setting. */
const connectionSecret = defineFunction({
  composite: z.looseObject({
    metadata: z.looseObject({ name: z.string() }),
    spec: z.looseObject({ owner: z.string(), settings: z.record(z.string(), z.string()).default({}) }),
  }),
  autoReady: true,
  compose(ctx) {
    const name = ctx.composite.metadata.name;
    ctx.compose('connection', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-conn`, labels: { 'kxp.dev/project': 'true' } },
      data: { owner: b64(ctx.composite.spec.owner), token: b64(ctx.composite.spec.settings.TOKEN ?? '') },
    });
  },
});

const xrd = appConfigXrd(group, exportName);

const composition: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name: xrdName },
  spec: {
    compositeTypeRef: { apiVersion: `${group}/v1alpha1`, kind: 'AppConfig' },
    mode: 'Pipeline',
    pipeline: [
      {
        step: 'settings',
        functionRef: { name: 'kxp-sync-app-config' },
        input: { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input', labels: { team: 'platform' } },
      },
      {
        step: 'connection',
        functionRef: { name: 'kxp-sync-connection' },
        input: { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input' },
      },
    ],
  },
};

/**
 * The service cluster's own admission policy, which kcp does not know: a platform rule that an
 * AppConfig may not be owned by "nobody". kcp accepts such an object; the service cluster refuses it.
 */
const policy: KubeObject = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'sync-e2e-owner' },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: [group],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: ['appconfigs'],
        },
      ],
    },
    validations: [
      {
        expression: "object.spec.owner != 'nobody'",
        message: 'an AppConfig must have a real owner, not nobody',
      },
    ],
  },
};
const policyBinding: KubeObject = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: 'sync-e2e-owner' },
  spec: { policyName: 'sync-e2e-owner', validationActions: ['Deny'] },
};
const admission = (r: string) => `/apis/admissionregistration.k8s.io/v1/${r}`;

/**
 * configFor returns the bridge's config, run with its own identities (granted once the XRD exists); a
 * modest rate limit keeps the restart test's stop in the middle of the work.
 */
async function configFor(overrides: Partial<BridgeConfig> = {}): Promise<BridgeConfig> {
  identity ??= await bridgeIdentity(
    [{ workspace: 'root:db', name: exportName, mode: 'crossplane-first' }],
    null,
  );
  return bridgeConfig.parse({
    kubeconfig: identity.kubeconfig,
    kcpKubeconfig: identity.kcpKubeconfig,
    exports: [{ workspace: 'root:db', name: exportName, mode: 'crossplane-first' }],
    leaderElection: { enabled: false },
    metricsAddress: '',
    sync: { workers: 4, qps: 30, burst: 5 },
    ...overrides,
  });
}

/**
 * bindTeam binds the export in workspace, accepting its permission claims (unless claims says
 * otherwise), and gives user cluster-admin there only.
 */
async function bindTeam(
  workspace: string,
  user: string,
  claims: 'Accepted' | 'Rejected' = 'Accepted',
): Promise<{ ws: RestClient; cluster: string }> {
  const cluster = await ensureWorkspace(admin, workspace);
  const ws = admin.forCluster(workspace);
  await bindExport(admin, ws, { path: 'root:db', name: exportName }, 60_000, claims);
  await ws.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${user}-admins` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
  for (const ns of ['apps', 'bulk'])
    await ws.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  return { ws, cluster };
}

function appConfigOf(name: string, owner: string, settings: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: `${group}/v1alpha1`,
    kind: 'AppConfig',
    metadata: { name, labels: { 'example.org/tier': 'gold' } },
    spec: { owner, settings },
  };
}

const condition = (o: Obj | undefined, type: string) => o?.status?.conditions?.find((c) => c.type === type);

/** copiesOf returns the service copies whose origin is the kcp object uid. */
async function copiesOf(uid: string): Promise<Obj[]> {
  return (await service.list<Obj>(resourcePath(appConfigs), { labelSelector: `kxp.dev/uid=${uid}` })).items;
}

let identity: BridgeIdentity | undefined;
const running: RunningBridge[] = [];
const servers: FunctionServer[] = [];
let teamA: { ws: RestClient; cluster: string };
let teamB: { ws: RestClient; cluster: string };
let bridge: RunningBridge;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

beforeAll(async () => {
  await ensureWorkspace(admin, 'root:db');
  const certs = await functionServerCerts(service, mkdtempSync(join(tmpdir(), 'kxp-sync-fn-')));
  const silent = pino({ level: 'silent' });
  for (const [name, fn] of [
    ['kxp-sync-app-config', appConfig],
    ['kxp-sync-connection', connectionSecret],
  ] as const) {
    const server = await serve(
      fn,
      { address: '127.0.0.1:0', tlsCertsDir: certs, metricsAddress: '' },
      silent,
    );
    servers.push(server);
    await registerLocalFunction(service, name, `localhost:${server.port}`);
  }
  await service.create(admission('validatingadmissionpolicies'), policy);
  await service.create(admission('validatingadmissionpolicybindings'), policyBinding);
  await service.create(resourcePath(xrdsV2), xrd);
  await service.create('/apis/apiextensions.crossplane.io/v1/compositions', composition);
  bridge = await startBridge(await configFor(), log);
  running.push(bridge);
  await eventually(async () => {
    expect(bridge.bindings()).toContainEqual(expect.objectContaining({ mode: 'xr', xrdName }));
  }, 90_000);
  [teamA, teamB] = await Promise.all([
    bindTeam('root:org-a:team-a-sync', 'team-a'),
    bindTeam('root:org-b:team-b-sync', 'team-b'),
  ]);
  console.log(`sync e2e: set up in ${elapsed()}`);
});

afterAll(async () => {
  await Promise.all(running.map((b) => b.stop()));
  await Promise.all(servers.map((s) => s.stop()));
});

describe('bridge sync', () => {
  const path = resourcePath(appConfigs, 'apps', 'shop');

  it("syncs two teams' objects of the same name apart, and brings status and Secrets back", async () => {
    const t0 = Date.now();
    await eventually(() =>
      teamA.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('shop', 'team-a', { TOKEN: 'a1' })),
    );
    await eventually(() =>
      teamB.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('shop', 'team-b', { TOKEN: 'b1' })),
    );

    for (const [team, t] of [
      ['team-a', teamA],
      ['team-b', teamB],
    ] as const) {
      const obj = await eventually(async () => {
        const o = await t.ws.get<Obj>(path);
        expect(condition(o, 'Ready')?.status).toBe('True');
        expect(condition(o, syncedConditionType)?.status).toBe('True');
        return o;
      }, 60_000);
      expect(obj.metadata?.finalizers).toContain(bridgeFinalizer);
      expect(obj.status?.configMapName).toBe('shop-settings');
      const copies = await copiesOf(obj.metadata?.uid ?? '');
      expect(copies).toHaveLength(1);
      const copy = copies[0]!;
      expect(copy.metadata?.namespace).toBe(serviceNamespaceName(t.cluster, 'apps'));
      expect(copy.metadata?.name).toBe('shop');
      expect(copy.spec).toMatchObject({ owner: team });
      expect(copy.metadata?.labels?.['example.org/tier']).toBe('gold');
      expect(copy.metadata?.annotations).toMatchObject({
        'kxp.dev/cluster': t.cluster,
        'kxp.dev/namespace': 'apps',
        'kxp.dev/name': 'shop',
        'kxp.dev/workspace-path': t === teamA ? 'root:org-a:team-a-sync' : 'root:org-b:team-b-sync',
      });
      expect(Object.keys(copy.metadata?.annotations ?? {}).filter((k) => k.startsWith('kcp.io/'))).toEqual(
        [],
      );
      const ns = await service.get<Obj>(resourcePath(namespaces, undefined, copy.metadata?.namespace));
      expect(ns.metadata?.annotations).toMatchObject({
        'kxp.dev/cluster': t.cluster,
        'kxp.dev/namespace': 'apps',
      });
      const secret = await eventually(
        () => t.ws.get<Obj>(resourcePath(secrets, 'apps', 'shop-conn')),
        30_000,
      );
      expect(unb64(secret.data?.owner)).toBe(team);
    }
    console.log(
      `sync e2e: both teams Ready with Secrets ${((Date.now() - t0) / 1000).toFixed(1)}s after creation`,
    );
    expect(serviceNamespaceName(teamA.cluster, 'apps')).not.toBe(serviceNamespaceName(teamB.cluster, 'apps'));
  });

  it("keeps each team's Secret to itself, checked with the teams' own identities", async () => {
    const a = kcpUser('team-a');
    const b = kcpUser('team-b');
    const secretPath = resourcePath(secrets, 'apps', 'shop-conn');
    const own = await eventually(() => a.forCluster('root:org-a:team-a-sync').get<Obj>(secretPath));
    expect(unb64(own.data?.owner)).toBe('team-a');
    const bOwn = await eventually(() => b.forCluster('root:org-b:team-b-sync').get<Obj>(secretPath));
    expect(unb64(bOwn.data?.owner)).toBe('team-b');
    const refused = await b
      .forCluster('root:org-a:team-a-sync')
      .get(secretPath)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);
  });

  it('follows kcp spec edits, reverts hand edits of the copy, and carries rotated Secret values', async () => {
    const obj = await teamA.ws.get<Obj>(path);
    const copyPath = resourcePath(appConfigs, serviceNamespaceName(teamA.cluster, 'apps'), 'shop');
    await eventually(async () => {
      const current = await teamA.ws.get<Obj>(path);
      // The label the object was created with goes: the copy must lose it too.
      await teamA.ws.replace(path, {
        ...current,
        metadata: { ...current.metadata, labels: {} },
        spec: { owner: 'team-a', settings: { TOKEN: 'a2', LEVEL: 'debug' } },
      });
    });
    await eventually(async () => {
      const copy = await service.get<Obj>(copyPath);
      expect(copy.spec).toMatchObject({ settings: { TOKEN: 'a2', LEVEL: 'debug' } });
      expect(copy.metadata?.labels?.['example.org/tier']).toBeUndefined();
      const kxpEntries = (
        (copy.metadata?.managedFields ?? []) as { manager: string; operation: string }[]
      ).filter((e) => e.manager === 'kxp-bridge');
      expect(kxpEntries.map((e) => e.operation)).toEqual(['Apply']);
      const s = await teamA.ws.get<Obj>(resourcePath(secrets, 'apps', 'shop-conn'));
      expect(unb64(s.data?.token)).toBe('a2');
    }, 60_000);

    await service.mergePatch(copyPath, { spec: { owner: 'intruder' } });
    await eventually(async () => expect((await service.get<Obj>(copyPath)).spec?.owner).toBe('team-a'));

    // A value added to the service Secret by its owner (not the composition) reaches the consumer.
    const serviceSecret = resourcePath(secrets, serviceNamespaceName(teamA.cluster, 'apps'), 'shop-conn');
    for (const value of ['r1', 'r2']) {
      await service.mergePatch(serviceSecret, { data: { rotated: b64(value) } });
      await eventually(async () => {
        const s = await teamA.ws.get<Obj>(resourcePath(secrets, 'apps', 'shop-conn'));
        expect(unb64(s.data?.rotated)).toBe(value);
      });
    }
    expect((await copiesOf(obj.metadata?.uid ?? '')).length).toBe(1);
  });

  it('recreates a service copy deleted by someone else', async () => {
    const obj = await teamB.ws.get<Obj>(path);
    const copyPath = resourcePath(appConfigs, serviceNamespaceName(teamB.cluster, 'apps'), 'shop');
    const before = await service.get<Obj>(copyPath);
    await service.remove(copyPath);
    await eventually(async () => {
      const copies = await copiesOf(obj.metadata?.uid ?? '');
      expect(copies).toHaveLength(1);
      expect(copies[0]?.metadata?.uid).not.toBe(before.metadata?.uid);
      expect(copies[0]?.metadata?.deletionTimestamp).toBeUndefined();
    }, 60_000);
  });

  it('reports an object the service cluster rejects on its status, and keeps syncing others', async () => {
    await teamA.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('rejected', 'nobody'));
    await teamA.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('after', 'team-a'));
    const rejected = await eventually(async () => {
      const o = await teamA.ws.get<Obj>(resourcePath(appConfigs, 'apps', 'rejected'));
      expect(condition(o, syncedConditionType)).toMatchObject({ status: 'False', reason: 'ServiceRejected' });
      return o;
    }, 60_000);
    expect(condition(rejected, syncedConditionType)?.message).toContain(
      'an AppConfig must have a real owner, not nobody',
    );
    expect(await copiesOf(rejected.metadata?.uid ?? '')).toHaveLength(0);
    await eventually(async () => {
      const o = await teamA.ws.get<Obj>(resourcePath(appConfigs, 'apps', 'after'));
      expect(condition(o, syncedConditionType)?.status).toBe('True');
    }, 60_000);
    // Fixing the object clears the condition.
    await eventually(async () => {
      const current = await teamA.ws.get<Obj>(resourcePath(appConfigs, 'apps', 'rejected'));
      await teamA.ws.replace(resourcePath(appConfigs, 'apps', 'rejected'), {
        ...current,
        spec: { owner: 'team-a' },
      });
    });
    await eventually(async () => {
      const o = await teamA.ws.get<Obj>(resourcePath(appConfigs, 'apps', 'rejected'));
      expect(condition(o, syncedConditionType)?.status).toBe('True');
    }, 60_000);
  });

  it('refuses to take over a service object of the same name that kxp did not make', async () => {
    const serviceNs = serviceNamespaceName(teamA.cluster, 'apps');
    const theirs = resourcePath(appConfigs, serviceNs, 'squatter');
    await service.create(resourcePath(appConfigs, serviceNs), appConfigOf('squatter', 'someone-else'));
    await teamA.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('squatter', 'team-a'));
    await eventually(async () => {
      const o = await teamA.ws.get<Obj>(resourcePath(appConfigs, 'apps', 'squatter'));
      expect(condition(o, syncedConditionType)).toMatchObject({
        status: 'False',
        reason: 'ServiceObjectNotOwned',
      });
    }, 60_000);
    const untouched = await service.get<Obj>(theirs);
    expect(untouched.spec?.owner).toBe('someone-else');
    expect(Object.keys(untouched.metadata?.labels ?? {}).filter((k) => k.startsWith('kxp.dev/'))).toEqual([]);
    // Without a copy there is nothing to wait for: the consumer's object goes at once.
    await teamA.ws.remove(resourcePath(appConfigs, 'apps', 'squatter'));
    await eventually(async () => {
      const gone = await teamA.ws.get(resourcePath(appConfigs, 'apps', 'squatter')).catch((e: unknown) => e);
      expect((gone as ApiError).status).toBe(404);
    }, 30_000);
    expect((await service.get<Obj>(theirs)).spec?.owner).toBe('someone-else');
    await service.remove(theirs);
  });

  it("deletes team A's object in order and leaves team B's alone", async () => {
    const obj = await teamA.ws.get<Obj>(path);
    const uid = obj.metadata?.uid ?? '';
    const serviceNs = serviceNamespaceName(teamA.cluster, 'apps');
    const t0 = Date.now();
    await teamA.ws.remove(path);
    await eventually(async () => {
      const gone = await teamA.ws.get(path).catch((e: unknown) => e);
      expect((gone as ApiError).status).toBe(404);
    }, 90_000);
    console.log(`sync e2e: deletion took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(await copiesOf(uid)).toHaveLength(0);
    const secret = await teamA.ws.get(resourcePath(secrets, 'apps', 'shop-conn')).catch((e: unknown) => e);
    expect((secret as ApiError).status).toBe(404);
    // Crossplane deleted what it composed before the copy went (foreground deletion).
    const cm = await service
      .get(resourcePath(configMaps, serviceNs, 'shop-settings'))
      .catch((e: unknown) => e);
    expect((cm as ApiError).status).toBe(404);

    const b = await teamB.ws.get<Obj>(path);
    expect(condition(b, 'Ready')?.status).toBe('True');
    expect(await copiesOf(b.metadata?.uid ?? '')).toHaveLength(1);
    expect(unb64((await teamB.ws.get<Obj>(resourcePath(secrets, 'apps', 'shop-conn'))).data?.owner)).toBe(
      'team-b',
    );
  });

  it('syncs status and deletes in a workspace that rejected the Secrets claim, without waiting for Secrets', async () => {
    const teamC = await bindTeam('root:org-c:team-c-sync', 'team-c', 'Rejected');
    const cPath = resourcePath(appConfigs, 'apps', 'cache');
    await eventually(() => teamC.ws.create(resourcePath(appConfigs, 'apps'), appConfigOf('cache', 'team-c')));
    const obj = await eventually(async () => {
      const o = await teamC.ws.get<Obj>(cPath);
      expect(o.metadata?.finalizers).toContain('kxp.dev/bridge');
      expect(await copiesOf(o.metadata?.uid ?? '')).toHaveLength(1);
      // Status comes back all the same; only Secrets cannot.
      expect(condition(o, 'Ready')?.status).toBe('True');
      return o;
    }, 60_000);
    await teamC.ws.remove(cPath);
    await eventually(async () => {
      expect(await teamC.ws.get(cPath).catch((e: unknown) => e)).toBeInstanceOf(ApiError);
      expect(await copiesOf(obj.metadata?.uid ?? '')).toHaveLength(0);
    }, 60_000);
  });

  it('syncs every object exactly once across a restart in the middle of syncing', async () => {
    const count = 100;
    const names = Array.from({ length: count }, (_, i) => `bulk-${i}`);
    const t0 = Date.now();
    await Promise.all(
      names.map((n) => teamB.ws.create(resourcePath(appConfigs, 'bulk'), appConfigOf(n, 'team-b'))),
    );
    const serviceNs = serviceNamespaceName(teamB.cluster, 'bulk');
    // Stop the bridge while it is part of the way through.
    await eventually(
      async () => {
        const copies = await service.list(resourcePath(appConfigs, serviceNs)).catch(() => ({ items: [] }));
        expect(copies.items.length).toBeGreaterThanOrEqual(5);
      },
      60_000,
      50,
    );
    await bridge.stop();
    const partial = (await service.list(resourcePath(appConfigs, serviceNs))).items.length;
    expect(partial).toBeLessThan(count);
    running.splice(running.indexOf(bridge), 1);
    bridge = await startBridge(await configFor({ metricsAddress: '127.0.0.1:0' }), log);
    running.push(bridge);

    const uids = await eventually(async () => {
      const list = await teamB.ws.list<Obj>(resourcePath(appConfigs, 'bulk'));
      expect(list.items).toHaveLength(count);
      for (const o of list.items) {
        expect(o.metadata?.finalizers?.filter((f) => f === bridgeFinalizer)).toHaveLength(1);
        expect(condition(o, syncedConditionType)?.status).toBe('True');
      }
      return list.items.map((o) => o.metadata?.uid ?? '');
    }, 180_000);
    const copies = (await service.list<Obj>(resourcePath(appConfigs, serviceNs))).items;
    const byUid = new Map<string, number>();
    for (const c of copies) {
      const uid = c.metadata?.labels?.['kxp.dev/uid'] ?? '';
      byUid.set(uid, (byUid.get(uid) ?? 0) + 1);
    }
    expect([...byUid.keys()].sort()).toEqual([...uids].sort());
    expect([...byUid.values()].every((n) => n === 1)).toBe(true);
    // Across the whole service cluster, no origin has two copies.
    const all = (
      await service.list<Obj>(resourcePath(appConfigs), {
        labelSelector: 'app.kubernetes.io/managed-by=kxp-bridge',
      })
    ).items;
    const origins = all.map((c) => c.metadata?.labels?.['kxp.dev/uid']);
    expect(new Set(origins).size).toBe(origins.length);
    const address = bridge.metricsServer?.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(
      /kxp_bridge_syncs_total\{binding="[^"]*appconfigs\.sync\.e2e\.kxp\.dev",lane="down",outcome="synced"\} [1-9]/,
    );
    expect(metrics).toMatch(/kxp_bridge_down_sync_latency_seconds_count\{binding="[^"]*"\} [1-9]/);
    expect(metrics).toMatch(/kxp_bridge_sync_queue_depth\{binding="[^"]*"\} \d+/);
    console.log(
      `sync e2e: ${count} objects synced across a restart (stopped with ${partial} copies) in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
    );
  }, 240_000);
});
