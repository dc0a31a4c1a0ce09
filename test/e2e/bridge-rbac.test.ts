/**
 * The bridge with least privilege on the real peers: `kxp bridge rbac` prints and applies its rights;
 * a bridge missing a kcp right reports it once (log) and on its XRD, and recovers when it is granted;
 * its kcp identity and its ServiceAccount are refused everything outside their rights; a malformed
 * kubeconfig stops it at start, naming the file.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseAllDocuments } from 'yaml';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge.js';
import { bridgeConfig } from '../../src/bridge/config.js';
import { applyRights, type BridgeRights, resolveRights, rightsYAML } from '../../src/bridge/rbac/rights.js';
import type { PolicyRule } from '../../src/bridge/rbac/rules.js';
import { exportLabel, xrdsV2 } from '../../src/bridge/refs.js';
import { boundCondition, type Condition } from '../../src/bridge/status.js';
import { apiExportEndpointSlices, apiExports, apiResourceSchemas } from '../../src/kcp/apis.js';
import { bindExport } from '../../src/kcp/bindings.js';
import { ensureWorkspace, workspaces } from '../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../src/kube/credentials.js';
import { ApiError } from '../../src/kube/errors.js';
import { configMaps, namespaces, resourcePath, secrets } from '../../src/kube/paths.js';
import { type KubeObject, RestClient } from '../../src/kube/rest.js';
import { bridgeRightsOptions, bridgeUser } from '../../src/stack/bridge-identity.js';
import { serviceAccountKubeconfig } from '../../src/stack/service-account.js';
import { exec, repo } from './project.js';
import { bridgeIdentity, eventually, kcpAdmin, kcpUser, serviceAdmin, stackInfo } from './stack.js';

const group = 'rbac.e2e.kxp.dev';
const exportName = group;
const widgets = { group, version: 'v1alpha1', resource: 'widgets' };
const consumerWorkspace = 'root:org-rbac:consumer';
const admin = kcpAdmin();
const db = admin.forCluster('root:db');
const service = serviceAdmin();
const cli = join(repo, 'dist/cli/main.js');
const exports = [
  { workspace: 'root:db', name: exportName, mode: 'crossplane-first' as const, claims: false },
];
const dir = mkdtempSync(join(tmpdir(), 'kxp-rbac-e2e-'));

type Obj = KubeObject & {
  metadata?: KubeObject['metadata'] & { finalizers?: string[] };
  status?: { conditions?: Condition[] };
  rules?: PolicyRule[];
};

const xrd: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v2',
  kind: 'CompositeResourceDefinition',
  metadata: { name: `widgets.${group}`, labels: { [exportLabel]: exportName } },
  spec: {
    scope: 'Namespaced',
    group,
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } },
      },
    ],
  },
};

/** rightsWithout returns the export's rights with verbs taken off the kcp rule of resource. */
function rightsWithout(rights: BridgeRights, resource: string, verbs: string[]): BridgeRights {
  const out = structuredClone(rights);
  const role = out.kcp[0]!.objects[0] as Obj;
  role.rules = role.rules?.map((r) =>
    r.resources?.includes(resource) ? { ...r, verbs: r.verbs.filter((v) => !verbs.includes(v)) } : r,
  );
  return out;
}

/** status returns the status of an error a promise rejects with, or 200 when it resolves. */
async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

const bound = async () =>
  (await service.get<Obj>(resourcePath(xrdsV2, undefined, `widgets.${group}`))).status?.conditions?.find(
    (c) => c.type === boundCondition,
  );

let rights: BridgeRights;
let bridge: RunningBridge | undefined;
const lines: { msg: string; level: number }[] = [];

beforeAll(async () => {
  await ensureWorkspace(admin, 'root:db');
  await service.create(resourcePath(xrdsV2), xrd);
  rights = await resolveRights(bridgeRightsOptions({ exports, lease: null }), { kcp: admin, service });
});

afterAll(async () => {
  await bridge?.stop();
});

describe('a bridge missing a right', () => {
  it('says once which verb on which resource it misses, on its XRD, and recovers when it is granted', async () => {
    await applyRights(rightsWithout(rights, 'apiexports', ['patch']), { kcp: admin, service });
    const kubeconfig = await serviceAccountKubeconfig(service, 'kxp-system', 'kxp-bridge', join(dir, 'sa'));
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    bridge = await startBridge(
      bridgeConfig.parse({
        kubeconfig,
        kcpKubeconfig: stackInfo().kcp.users[bridgeUser],
        exports,
        leaderElection: { enabled: false },
        metricsAddress: '',
        resyncSeconds: 2,
      }),
      log,
    );
    const missing = `may not patch apiexports.apis.kcp.io ${exportName} in workspace root:db`;
    await eventually(async () => {
      expect(await bound()).toMatchObject({ status: 'False', reason: 'Forbidden' });
      expect((await bound())?.message).toContain(missing);
    }, 60_000);
    // Several reconciles later (one every 2 s), still one line.
    await new Promise((r) => setTimeout(r, 8_000));
    const said = lines.filter((l) => l.msg.includes(missing));
    expect(said).toHaveLength(1);
    expect(said[0]?.level).toBe(50);
    expect(said[0]?.msg).toMatch(
      /^the bridge's kcp identity kxp-bridge may not patch .* kxp bridge rbac --apply$/,
    );

    // Granted patch, refused reading consumers' objects through the virtual workspace: the export
    // offers its resource, and once a consumer binds it (kcp lists an endpoint only then), the
    // bridge's watch through the virtual workspace is refused.
    await applyRights(rightsWithout(rights, 'apiexports/content', ['list', 'watch']), {
      kcp: admin,
      service,
    });
    await ensureWorkspace(admin, consumerWorkspace);
    const ws = admin.forCluster(consumerWorkspace);
    await bindExport(admin, ws, { path: 'root:db', name: exportName });
    const vw = /may not (list|watch) widgets\.rbac\.e2e\.kxp\.dev through the virtual workspace of APIExport/;
    await eventually(async () => {
      expect(await bound()).toMatchObject({ status: 'False', reason: 'Forbidden' });
      expect((await bound())?.message).toMatch(vw);
    }, 60_000);
    expect(lines.filter((l) => vw.test(l.msg))).toHaveLength(1);

    // Everything granted: objects sync.
    await applyRights(rights, { kcp: admin, service });
    await ws.ensure(resourcePath(namespaces), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
    });
    await eventually(() =>
      ws.create(resourcePath(widgets, 'apps'), {
        apiVersion: `${group}/v1alpha1`,
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: {},
      }),
    );
    await eventually(async () => {
      const w1 = await ws.get<Obj>(resourcePath(widgets, 'apps', 'w1'));
      expect(w1.metadata?.finalizers).toContain('kxp.dev/bridge');
      expect(await copiesOf('w1')).toHaveLength(1);
    }, 90_000);
    // The copy records the consumer's workspace path, read through the virtual workspace.
    const [copy] = await copiesOf('w1');
    expect(copy?.metadata?.annotations?.['kxp.dev/workspace-path']).toBe(consumerWorkspace);
  }, 240_000);
});

/** copiesOf returns the service copies of the consumer's widget name. */
async function copiesOf(name: string): Promise<KubeObject[]> {
  const all = await service.list(resourcePath(widgets));
  return all.items.filter((c) => c.metadata?.annotations?.['kxp.dev/name'] === name);
}

describe("the bridge's kcp identity", () => {
  const me = () => kcpUser(bridgeUser);

  it('is refused outside the export workspace and its virtual workspace', async () => {
    // Another export in root:db, and the URL of its virtual workspace.
    await db.ensure(resourcePath(apiResourceSchemas), {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: `v1.gadgets.other.${group}` },
      spec: {
        group: `other.${group}`,
        names: { kind: 'Gadget', listKind: 'GadgetList', plural: 'gadgets', singular: 'gadget' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }],
      },
    });
    await db.ensure(resourcePath(apiExports), {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: `other.${group}` },
      spec: {
        resources: [
          {
            name: 'gadgets',
            group: `other.${group}`,
            schema: `v1.gadgets.other.${group}`,
            storage: { crd: {} },
          },
        ],
      },
    });
    const dbCluster = (await db.get(resourcePath(apiExports, undefined, `other.${group}`))).metadata
      ?.annotations?.['kcp.io/cluster'];
    const otherURL = `${stackInfo().kcp.url}/services/apiexport/${dbCluster}/other.${group}`;
    const consumer = me().forCluster(consumerWorkspace);
    const refused: [string, () => Promise<unknown>][] = [
      ['namespaces of root', () => me().forCluster('root').list(resourcePath(namespaces))],
      // (kcp lets every authenticated user into root and read its workspaces: its own default policy.)
      [
        'creating a workspace in root',
        () =>
          me()
            .forCluster('root')
            .request('POST', resourcePath(workspaces), {
              body: { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: 'x' } },
              query: { dryRun: 'All' },
            }),
      ],
      ["root's ConfigMaps", () => me().forCluster('root').list(resourcePath(configMaps))],
      [
        "a consumer workspace's LogicalCluster, directly",
        () => consumer.get('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster'),
      ],
      ["a consumer workspace's Secrets, directly", () => consumer.list(resourcePath(secrets, 'apps'))],
      ["a consumer workspace's Widgets, directly", () => consumer.list(resourcePath(widgets, 'apps'))],
      ["the consumer's organisation", () => me().forCluster('root:org-rbac').list(resourcePath(configMaps))],
      ["root:db's ConfigMaps", () => me().forCluster('root:db').list(resourcePath(configMaps, 'default'))],
      ["root:db's Secrets", () => me().forCluster('root:db').list(resourcePath(secrets))],
      ["root:db's APIExports, all of them", () => me().forCluster('root:db').list(resourcePath(apiExports))],
      [
        'another APIExport',
        () =>
          me()
            .forCluster('root:db')
            .get(resourcePath(apiExports, undefined, `other.${group}`)),
      ],
      [
        "another export's virtual workspace",
        () => me().withServer(otherURL).forCluster('*').list(`/apis/other.${group}/v1/gadgets`),
      ],
      [
        'writing a ConfigMap other than its status',
        () =>
          me()
            .forCluster('root:db')
            .create(resourcePath(configMaps, 'default'), { metadata: { name: 'x' }, data: {} }),
      ],
    ];
    for (const [what, request] of refused) expect([what, await status(request())]).toEqual([what, 403]);

    // What it needs, it reaches through its own export's virtual workspace.
    const slice = await me()
      .forCluster('root:db')
      .list<{ status?: { endpoints?: { url: string }[] } }>(resourcePath(apiExportEndpointSlices), {
        fieldSelector: `metadata.name=${exportName}`,
      });
    const vw = me().withServer(slice.items[0]?.status?.endpoints?.[0]?.url ?? '');
    const listed = await vw.forCluster('*').list(resourcePath(widgets));
    const cluster = listed.items[0]?.metadata?.annotations?.['kcp.io/cluster'] ?? '';
    const lc = await vw.forCluster(cluster).get('/apis/core.kcp.io/v1alpha1/logicalclusters/cluster');
    expect(lc.metadata?.annotations?.['kcp.io/path']).toBe(consumerWorkspace);
  });
});

describe("the bridge's ServiceAccount", () => {
  it('is refused what it does not use', async () => {
    const id = await bridgeIdentity(exports, null);
    const sa = new RestClient(credentialsFromKubeconfig(id.kubeconfig));
    // Writes are dry runs: authorization comes first, and a wrong grant must not change anything.
    const dry = { query: { dryRun: 'All' } };
    const refused: [string, () => Promise<unknown>][] = [
      [
        'creating a Secret',
        () =>
          sa.request('POST', resourcePath(secrets, 'default'), {
            ...dry,
            body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } },
          }),
      ],
      ['listing ConfigMaps', () => sa.list(resourcePath(configMaps))],
      [
        'deleting a namespace',
        () => sa.request('DELETE', resourcePath(namespaces, undefined, 'kxp-system'), dry),
      ],
      [
        'granting itself more',
        () =>
          sa.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
            ...dry,
            body: {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name: 'x' },
              roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
              subjects: [{ kind: 'ServiceAccount', name: 'kxp-bridge', namespace: 'kxp-system' }],
            },
          }),
      ],
      [
        'changing an XRD it did not derive',
        () =>
          sa.request('PATCH', resourcePath(xrdsV2, undefined, `widgets.${group}`), {
            ...dry,
            body: { metadata: { labels: { x: 'y' } } },
            contentType: 'application/merge-patch+json',
          }),
      ],
      [
        "another XRD's status",
        () =>
          sa.request('PATCH', `${resourcePath(xrdsV2, undefined, 'queues.elsewhere.dev')}/status`, {
            ...dry,
            body: { status: {} },
            contentType: 'application/merge-patch+json',
          }),
      ],
      ['Compositions', () => sa.list('/apis/apiextensions.crossplane.io/v1/compositions')],
      [
        'a Lease other than its own',
        () => sa.get('/apis/coordination.k8s.io/v1/namespaces/kxp-system/leases/x'),
      ],
      [
        'Pods in a service namespace',
        () =>
          sa.request('POST', '/api/v1/namespaces/default/pods', {
            ...dry,
            body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [] } },
          }),
      ],
    ];
    for (const [what, request] of refused) expect([what, await status(request())]).toEqual([what, 403]);
  });
});

describe('kxp bridge rbac', () => {
  it('prints the rights it applies, read from the clusters', async () => {
    const info = stackInfo();
    const args = [
      cli,
      'bridge',
      'rbac',
      `--export=root:db:${exportName}`,
      '--mode=crossplane-first',
      '--leader-elect=false',
      `--kcp-kubeconfig=${info.kcp.kubeconfig}`,
      `--kubeconfig=${info.service.kubeconfig}`,
    ];
    const printed = await exec(process.execPath, args, repo);
    expect(printed.code).toBe(0);
    const objects = parseAllDocuments(printed.stdout).map((d) => d.toJS());
    expect(objects).toEqual(parseAllDocuments(rightsYAML(rights)).map((d) => d.toJS()));
    expect(printed.stdout).toMatch(/^# kcp, workspace root:db\n/);
    expect(printed.stdout).toContain('# service cluster\n');

    const applied = await exec(process.execPath, [...args, '--apply', '--only=kcp'], repo);
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.stderr).toContain(`applied the rights of root:db:${exportName}`);
    const role = await db.get<Obj>(
      `/apis/rbac.authorization.k8s.io/v1/clusterroles/kxp-bridge:${exportName}`,
    );
    expect(role.rules).toEqual((rights.kcp[0]!.objects[0] as Obj).rules);
  });
});

describe('a malformed kubeconfig', () => {
  /** secretMount writes content as key kubeconfig of a Secret volume (..data symlinks, as the kubelet does). */
  function secretMount(name: string, content: string): string {
    const mount = join(dir, name);
    mkdirSync(join(mount, '..2026_12_01'), { recursive: true });
    writeFileSync(join(mount, '..2026_12_01', 'kubeconfig'), content);
    symlinkSync('..2026_12_01', join(mount, '..data'));
    symlinkSync('..data/kubeconfig', join(mount, 'kubeconfig'));
    return join(mount, 'kubeconfig');
  }

  it.each([
    {
      name: 'a Secret holding a token instead of a kubeconfig',
      content: 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl\n',
      expected: /not a kubeconfig/,
    },
    {
      name: 'a CA that is not a certificate',
      content: [
        'apiVersion: v1',
        'kind: Config',
        'current-context: c',
        'clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: bm90IGEgY2VydA==}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: c, context: {cluster: k, user: u}}]',
      ].join('\n'),
      expected: /its certificate authority holds no PEM certificate/,
    },
  ])('stops the bridge at start, naming the file: $name', async ({ name, content, expected }) => {
    const file = secretMount(name.replace(/\W+/g, '-'), content);
    const id = await bridgeIdentity(exports, null);
    const t0 = Date.now();
    const out = await exec(
      process.execPath,
      [
        cli,
        'bridge',
        `--kubeconfig=${id.kubeconfig}`,
        `--kcp-kubeconfig=${file}`,
        `--export=root:db:${exportName}`,
        '--metrics-address=',
      ],
      repo,
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`kxp: cannot use --kcp-kubeconfig ${file}: `);
    expect(out.stderr).toMatch(expected);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
