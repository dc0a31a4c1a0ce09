import pino from 'pino';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge.js';
import { type BridgeConfig, bridgeConfig, type ExportConfig } from '../../src/bridge/config.js';
import type { APIExport } from '../../src/bridge/export.js';
import { exportLabel, xrdsV1, xrdsV2 } from '../../src/bridge/refs.js';
import { sourceSchemaAnnotation } from '../../src/bridge/schema/annotations.js';
import {
  boundCondition,
  type Condition,
  statusConfigMapName,
  statusNamespace,
} from '../../src/bridge/status.js';
import { apiExports, apiResourceSchemas } from '../../src/kcp/apis.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { ApiError } from '../../src/kube/errors.js';
import { configMaps, customResourceDefinitions, namespaces, resourcePath } from '../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../src/kube/rest.js';
import { bridgeIdentity, eventually, kcpAdmin, serviceAdmin } from './stack.js';

const log = pino({ level: process.env.KXP_TEST_LOG ?? 'silent' });
const admin = kcpAdmin();
const db = admin.forCluster('root:db');
const service = serviceAdmin();
const running: RunningBridge[] = [];

type Obj = KubeObject & {
  spec?: Record<string, unknown> & { versions?: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  status?: { conditions?: Condition[]; phase?: string };
  data?: Record<string, string>;
};
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  [k: string]: unknown;
}

/**
 * configFor returns the config of a bridge of export name (and more, in root:db), run with its own
 * identities, granted the rights of those exports as they stand.
 */
async function configFor(
  name: string,
  exp: Partial<ExportConfig>,
  overrides: Partial<BridgeConfig> = {},
  more: Partial<ExportConfig>[] = [],
): Promise<BridgeConfig> {
  const exports = [
    { workspace: 'root:db', name, ...exp },
    ...more.map((e) => ({ workspace: 'root:db', name: '', ...e })),
  ];
  const leaseName = `kxp-bridge-${name}`;
  const id = await bridgeIdentity(exports, { namespace: 'kxp-system', name: leaseName });
  return bridgeConfig.parse({
    kubeconfig: id.kubeconfig,
    kcpKubeconfig: id.kcpKubeconfig,
    exports,
    leaderElection: { leaseName, renewSeconds: 1, leaseDurationSeconds: 5 },
    metricsAddress: '',
    ...overrides,
  });
}

async function bridge(config: BridgeConfig): Promise<RunningBridge> {
  const b = await startBridge(config, log);
  running.push(b);
  return b;
}

/** pgSchema returns an APIResourceSchema for PostgreSQLInstance in group with the given parameters. */
function pgSchema(name: string, group: string, parameters: Record<string, Schema>): KubeObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name },
    spec: {
      group,
      names: {
        kind: 'PostgreSQLInstance',
        listKind: 'PostgreSQLInstanceList',
        plural: 'postgresqlinstances',
        singular: 'postgresqlinstance',
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { parameters: { type: 'object', properties: parameters } },
              },
            },
          },
        },
      ],
    },
  };
}

function exportOf(name: string, group: string, schema: string): KubeObject {
  return {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIExport',
    metadata: { name },
    spec: { resources: [{ name: 'postgresqlinstances', group, schema, storage: { crd: {} } }] },
  };
}

const condition = (o: Obj, type: string) => o.status?.conditions?.find((c) => c.type === type);
const parametersOf = (crd: Obj) =>
  crd.spec?.versions?.[0]?.schema.openAPIV3Schema.properties?.spec?.properties?.parameters?.properties ?? {};

async function establishedXRD(name: string): Promise<Obj> {
  return eventually(async () => {
    const xrd = await service.get<Obj>(resourcePath(xrdsV2, undefined, name));
    expect(condition(xrd, 'Established')?.status).toBe('True');
    expect(condition(xrd, boundCondition)?.status).toBe('True');
    return xrd;
  }, 60_000);
}

async function switchSchema(exportName: string, group: string, schema: string): Promise<void> {
  const path = resourcePath(apiExports, undefined, exportName);
  await eventually(async () => {
    const exp = await db.get<APIExport>(path);
    await db.replace(path, {
      ...exp,
      spec: {
        ...exp.spec,
        resources: [{ name: 'postgresqlinstances', group, schema, storage: { crd: {} } }],
      },
    });
  });
}

beforeAll(async () => {
  await ensureWorkspace(admin, 'root:db');
});

afterAll(async () => {
  await Promise.all(running.map((b) => b.stop()));
});

describe('bridge, API-first', () => {
  it('derives a namespaced XRD, follows a compatible change and refuses an incompatible one', async () => {
    const group = 'pg1.e2e.kxp.dev';
    const name = group;
    await db.create(
      resourcePath(apiResourceSchemas),
      pgSchema(`v1.postgresqlinstances.${group}`, group, {
        storageGB: { type: 'integer' },
        version: { type: 'string' },
      }),
    );
    await db.create(resourcePath(apiExports), exportOf(name, group, `v1.postgresqlinstances.${group}`));
    const b = await bridge(await configFor(name, { compositionLabels: { provider: 'local' } }));

    const xrdName = `postgresqlinstances.${group}`;
    const xrd = await establishedXRD(xrdName);
    expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v2');
    expect(xrd.spec?.scope).toBe('Namespaced');
    await eventually(async () => {
      expect(b.bindings()).toContainEqual(
        expect.objectContaining({
          mode: 'xr',
          kcp: { group, version: 'v1alpha1', resource: 'postgresqlinstances', kind: 'PostgreSQLInstance' },
          schemaName: `v1.postgresqlinstances.${group}`,
          xrdName,
        }),
      );
    });
    // The export asks for the claims the sync engine needs; the status ConfigMap says what happened.
    const exp = await db.get<APIExport>(resourcePath(apiExports, undefined, name));
    expect(exp.spec?.permissionClaims?.map((c) => c.resource).sort()).toEqual([
      'events',
      'logicalclusters',
      'secrets',
    ]);
    expect(exp.spec?.resources).toHaveLength(1);
    const cm = await eventually(() =>
      db.get<Obj>(resourcePath(configMaps, statusNamespace, statusConfigMapName(name))),
    );
    expect(JSON.parse(cm.data?.[`postgresqlinstances.${group}`] ?? '{}')).toMatchObject({
      state: 'bound',
      schema: `v1.postgresqlinstances.${group}`,
    });

    // Compatible: an added optional field reaches the XRD and its CRD without a restart.
    await db.create(
      resourcePath(apiResourceSchemas),
      pgSchema(`v2.postgresqlinstances.${group}`, group, {
        storageGB: { type: 'integer' },
        version: { type: 'string' },
        tier: { type: 'string' },
      }),
    );
    await switchSchema(name, group, `v2.postgresqlinstances.${group}`);
    await eventually(async () => {
      const crd = await service.get<Obj>(resourcePath(customResourceDefinitions, undefined, xrdName));
      expect(Object.keys(parametersOf(crd)).sort()).toEqual(['storageGB', 'tier', 'version']);
    }, 60_000);

    // Incompatible: a removed field is refused, and the old XRD keeps serving.
    await db.create(
      resourcePath(apiResourceSchemas),
      pgSchema(`v3.postgresqlinstances.${group}`, group, {
        storageGB: { type: 'integer' },
        tier: { type: 'string' },
      }),
    );
    await switchSchema(name, group, `v3.postgresqlinstances.${group}`);
    const refused = await eventually(async () => {
      const x = await service.get<Obj>(resourcePath(xrdsV2, undefined, xrdName));
      expect(condition(x, boundCondition)).toMatchObject({ status: 'False', reason: 'IncompatibleSchema' });
      return x;
    });
    expect(condition(refused, boundCondition)?.message).toMatch(/version/);
    expect(refused.metadata?.annotations?.[sourceSchemaAnnotation]).toBe(`v2.postgresqlinstances.${group}`);
    const crd = await service.get<Obj>(resourcePath(customResourceDefinitions, undefined, xrdName));
    expect(Object.keys(parametersOf(crd))).toContain('version');
    // The status ConfigMap is written after the XRD's condition, in the same pass.
    await eventually(async () => {
      const status = await db.get<Obj>(resourcePath(configMaps, statusNamespace, statusConfigMapName(name)));
      expect(JSON.parse(status.data?.[`postgresqlinstances.${group}`] ?? '{}')).toMatchObject({
        state: 'refused',
        reason: 'IncompatibleSchema',
      });
    }, 30_000);
  });

  it('derives a legacy XRD whose claim carries the kcp kind with claims: true', async () => {
    const group = 'pg2.e2e.kxp.dev';
    await db.create(
      resourcePath(apiResourceSchemas),
      pgSchema(`v1.postgresqlinstances.${group}`, group, {
        storageGB: { type: 'integer' },
      }),
    );
    await db.create(resourcePath(apiExports), exportOf(group, group, `v1.postgresqlinstances.${group}`));
    const b = await bridge(await configFor(group, { claims: true }));
    const xrd = await eventually(async () => {
      const x = await service.get<Obj>(resourcePath(xrdsV1, undefined, `xpostgresqlinstances.${group}`));
      expect(condition(x, 'Established')?.status).toBe('True');
      expect(condition(x, boundCondition)?.status).toBe('True');
      return x;
    }, 60_000);
    expect(xrd.spec?.claimNames).toMatchObject({ kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' });
    await eventually(async () => {
      expect(b.bindings()).toContainEqual(
        expect.objectContaining({
          mode: 'claim',
          service: {
            group,
            version: 'v1alpha1',
            resource: 'postgresqlinstances',
            kind: 'PostgreSQLInstance',
          },
        }),
      );
    });
  });
});

/** xrdOf returns an XRD in group whose spec.parameters.size is at most 100. */
function xrdOf(
  apiVersion: 'v1' | 'v2',
  names: { kind: string; plural: string },
  group: string,
  extra: Record<string, unknown>,
  parameters: Record<string, Schema> = {},
): KubeObject {
  return {
    apiVersion: `apiextensions.crossplane.io/${apiVersion}`,
    kind: 'CompositeResourceDefinition',
    metadata: { name: `${names.plural}.${group}`, labels: { [exportLabel]: group } },
    spec: {
      group,
      names,
      ...extra,
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          referenceable: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    parameters: {
                      type: 'object',
                      properties: { size: { type: 'integer' }, ...parameters },
                      'x-kubernetes-validations': [
                        { rule: 'self.size <= 100', message: 'size must be at most 100' },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

/** bindNewWorkspace binds the export in a new workspace, accepting its permission claims, and returns the workspace's client. */
async function bindNewWorkspace(workspace: string, exportName: string): Promise<RestClient> {
  await ensureWorkspace(admin, workspace);
  const ws = admin.forCluster(workspace);
  await bindExport(admin, ws, { path: 'root:db', name: exportName });
  return ws;
}

async function discovered(ws: RestClient, group: string): Promise<string[]> {
  const list = await ws.get<{ resources: { name: string }[] }>(`/apis/${group}/v1alpha1`);
  return list.resources.map((r) => r.name).filter((n) => !n.includes('/'));
}

describe('bridge, Crossplane-first', () => {
  it('publishes a legacy claim and a namespaced XR into the export, follows changes and removals', async () => {
    const group = 'cp3.e2e.kxp.dev';
    const legacy = xrdOf('v1', { kind: 'XMySQLInstance', plural: 'xmysqlinstances' }, group, {
      claimNames: { kind: 'MySQLInstance', plural: 'mysqlinstances' },
    });
    const caches = { kind: 'Cache', plural: 'caches' };
    await service.create(resourcePath(xrdsV1), legacy);
    await service.create(resourcePath(xrdsV2), xrdOf('v2', caches, group, { scope: 'Namespaced' }));
    // A cluster-scoped XR cannot be published; it is refused on its own, the others go on.
    const clusterXRD = xrdOf('v2', { kind: 'Bucket', plural: 'buckets' }, group, { scope: 'Cluster' });
    await service.create(resourcePath(xrdsV2), clusterXRD);
    await bridge(await configFor(group, { mode: 'crossplane-first' }));

    await eventually(async () => {
      const exp = await db.get<APIExport>(resourcePath(apiExports, undefined, group));
      expect(exp.spec?.resources?.map((r) => r.name).sort()).toEqual(['caches', 'mysqlinstances']);
      expect(exp.spec?.resources?.every((r) => /^v[0-9a-z]+\./.test(r.schema))).toBe(true);
    }, 60_000);
    await eventually(async () => {
      const bucket = await service.get<Obj>(resourcePath(xrdsV2, undefined, `buckets.${group}`));
      expect(condition(bucket, boundCondition)).toMatchObject({
        status: 'False',
        reason: 'ClusterScopedCompositeResource',
      });
    }, 60_000);
    const ws = await bindNewWorkspace('root:org-cp3:consumer', group);
    await eventually(async () =>
      expect((await discovered(ws, group)).sort()).toEqual(['caches', 'mysqlinstances']),
    );

    await ws.create(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    const claims = { group, version: 'v1alpha1', resource: 'mysqlinstances' };
    const cachesRef = { group, version: 'v1alpha1', resource: 'caches' };
    await eventually(() =>
      ws.create(resourcePath(claims, 'apps'), {
        apiVersion: `${group}/v1alpha1`,
        kind: 'MySQLInstance',
        metadata: { name: 'm1' },
        spec: { parameters: { size: 10 } },
      }),
    );
    await ws.create(resourcePath(cachesRef, 'apps'), {
      apiVersion: `${group}/v1alpha1`,
      kind: 'Cache',
      metadata: { name: 'c1' },
      spec: { parameters: { size: 1 } },
    });
    const invalid = await ws
      .create(resourcePath(cachesRef, 'apps'), {
        apiVersion: `${group}/v1alpha1`,
        kind: 'Cache',
        metadata: { name: 'too-big' },
        spec: { parameters: { size: 1000 } },
      })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).serverMessage).toContain('size must be at most 100');

    // A changed XRD yields a new schema that reaches the bound workspace without a restart.
    const path = resourcePath(xrdsV2, undefined, `caches.${group}`);
    await eventually(async () => {
      const current = await service.get<Obj>(path);
      const changed = xrdOf('v2', caches, group, { scope: 'Namespaced' }, { ttl: { type: 'string' } });
      await service.replace(path, { ...changed, metadata: { ...current.metadata } });
    });
    // A dry run shows what the workspace would store: ttl pruned until the new schema is there.
    // (Creating and deleting a real object per attempt made the test wait on its deletion.)
    await eventually(async () => {
      const c2 = await ws.request<Obj>('POST', resourcePath(cachesRef, 'apps'), {
        body: {
          apiVersion: `${group}/v1alpha1`,
          kind: 'Cache',
          metadata: { name: 'c2' },
          spec: { parameters: { size: 2, ttl: '1h' } },
        },
        query: { dryRun: 'All' },
      });
      expect(c2.spec).toEqual({ parameters: { size: 2, ttl: '1h' } });
    }, 60_000);
    expect(await ws.get(resourcePath(cachesRef, 'apps', 'c2')).catch((e: unknown) => e)).toBeInstanceOf(
      ApiError,
    );

    // Without the label the claim leaves the export: a workspace bound afterwards does not get it.
    const legacyPath = resourcePath(xrdsV1, undefined, `xmysqlinstances.${group}`);
    await service.mergePatch(legacyPath, { metadata: { labels: { [exportLabel]: null } } });
    await eventually(async () => {
      const exp = await db.get<APIExport>(resourcePath(apiExports, undefined, group));
      expect(exp.spec?.resources?.map((r) => r.name)).toEqual(['caches']);
    });
    const later = await bindNewWorkspace('root:org-cp3:later', group);
    await eventually(async () => expect(await discovered(later, group)).toEqual(['caches']));
  });
});

describe('bridge, restarted', () => {
  it('changes nothing that was already right', async () => {
    const apiGroup = 'pg4.e2e.kxp.dev';
    const cpGroup = 'cp4.e2e.kxp.dev';
    await db.create(
      resourcePath(apiResourceSchemas),
      pgSchema(`v1.postgresqlinstances.${apiGroup}`, apiGroup, {
        storageGB: { type: 'integer' },
      }),
    );
    await db.create(
      resourcePath(apiExports),
      exportOf(apiGroup, apiGroup, `v1.postgresqlinstances.${apiGroup}`),
    );
    await service.create(
      resourcePath(xrdsV2),
      xrdOf('v2', { kind: 'Queue', plural: 'queues' }, cpGroup, { scope: 'Namespaced' }),
    );
    const config = await configFor(apiGroup, {}, { metricsAddress: '127.0.0.1:0' }, [
      { name: cpGroup, mode: 'crossplane-first' },
    ]);

    const first = await bridge(config);
    await establishedXRD(`postgresqlinstances.${apiGroup}`);
    await establishedXRD(`queues.${cpGroup}`);
    await eventually(async () => expect(first.bindings()).toHaveLength(2), 60_000);
    // Let Crossplane and the bridge settle, then record every object the bridge writes.
    await new Promise((r) => setTimeout(r, 3_000));
    const versions = async () => ({
      exports: await Promise.all(
        [apiGroup, cpGroup].map(
          async (n) => (await db.get(resourcePath(apiExports, undefined, n))).metadata?.resourceVersion,
        ),
      ),
      statuses: await Promise.all(
        [apiGroup, cpGroup].map(
          async (n) =>
            (await db.get(resourcePath(configMaps, statusNamespace, statusConfigMapName(n)))).metadata
              ?.resourceVersion,
        ),
      ),
      xrds: await Promise.all(
        [`postgresqlinstances.${apiGroup}`, `queues.${cpGroup}`].map(
          async (n) => (await service.get(resourcePath(xrdsV2, undefined, n))).metadata?.resourceVersion,
        ),
      ),
      schemas: (await db.list(resourcePath(apiResourceSchemas))).items
        .map((s) => s.metadata?.name ?? '')
        .filter((n) => n.endsWith(apiGroup) || n.endsWith(cpGroup))
        .sort(),
    });
    const before = await versions();
    await first.stop();

    const second = await bridge(config);
    const address = second.metricsServer?.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok');
    // Wait until the new bridge has reconciled both exports successfully.
    await eventually(async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const n of [apiGroup, cpGroup])
        expect(metrics).toMatch(
          new RegExp(
            `kxp_bridge_reconciles_total\\{export="root:db/${n.replace(/\./g, '\\.')}",result="success"\\} [1-9]`,
          ),
        );
      expect(metrics).toMatch(/kxp_bridge_leader 1/);
    }, 60_000);
    expect(second.bindings()).toHaveLength(2);
    expect(await versions()).toEqual(before);
  });
});
