/**
 * The bridge as a platform team deploys it, on the real peers: its image built without Docker and
 * pushed to the stack's registry (kxp bridge image), its manifests (kxp bridge manifests) applied
 * server-side to the real kube-apiserver (the Deployment as a dry run: nothing schedules Pods here),
 * its kcp rights applied (kxp bridge rbac --only kcp), and then its Pod run as a kubelet would: the
 * Deployment's own container spec from the image's own filesystem, with the ServiceAccount's token
 * and the kcp kubeconfig Secret mounted. A consumer's object is synced, Ready, and its status back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import * as z from 'zod';
import { exportLabel } from '../../src/bridge/refs.js';
import { defineFunction } from '../../src/function/sdk/index.js';
import type { FunctionServer } from '../../src/function/serve/server.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { resourcePath, secrets } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { pullImage } from '../../src/runtime/image.js';
import { type PodSpec, runPod } from '../../src/runtime/pod.js';
import type { SandboxedProcess } from '../../src/runtime/sandbox.js';
import { bridgeUser } from '../../src/stack/bridge-identity.js';
import { freePorts } from '../../src/stack/ports.js';
import { bindTeam, type Consumer, kubectl, serveFunctions } from './consumer.js';
import { ok, repo } from './project.js';
import { eventually, kcpAdmin, serviceAdmin, stackInfo } from './stack.js';

const group = 'deploy.e2e.kxp.dev';
const exportName = group;
const namespace = 'kxp-deploy-e2e';
const admin = kcpAdmin();
const service = serviceAdmin();
const cli = join(repo, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'kxp-bridge-deploy-'));

type Obj = KubeObject & {
  status?: { conditions?: { type: string; status: string }[]; [k: string]: unknown };
};

/** A namespaced XR whose function composes a ConfigMap and reports its size. */
const sized = defineFunction({
  composite: z.looseObject({
    metadata: z.looseObject({ name: z.string() }),
    spec: z.looseObject({ size: z.string() }),
  }),
  autoReady: true,
  compose(ctx) {
    ctx.compose('size', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${ctx.composite.metadata.name}-size` },
      data: { size: ctx.composite.spec.size },
    });
    ctx.setStatus({ size: ctx.composite.spec.size });
  },
});

const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v2',
  kind: 'CompositeResourceDefinition',
  metadata: { name: `boxes.${group}`, labels: { [exportLabel]: exportName } },
  spec: {
    scope: 'Namespaced',
    group,
    names: { kind: 'Box', plural: 'boxes' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', required: ['size'], properties: { size: { type: 'string' } } },
              status: { type: 'object', properties: { size: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};

const composition = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name: `boxes.${group}` },
  spec: {
    compositeTypeRef: { apiVersion: `${group}/v1alpha1`, kind: 'Box' },
    mode: 'Pipeline',
    pipeline: [{ step: 'size', functionRef: { name: 'kxp-deploy-sized' } }],
  },
};

let servers: FunctionServer[] = [];
let pod: SandboxedProcess | undefined;
let manifests: KubeObject[] = [];
let team: Consumer;
let metricsPort = 0;

/** kxp runs the built kxp CLI and returns what it printed. */
const kxp = (...args: string[]) => ok(process.execPath, [cli, ...args], repo);

beforeAll(async () => {
  await ensureWorkspace(admin, 'root:db');
  servers = await serveFunctions(service, join(dir, 'certs'), [['kxp-deploy-sized', sized]]);
  await service.create('/apis/apiextensions.crossplane.io/v2/compositeresourcedefinitions', xrd);
  await service.create('/apis/apiextensions.crossplane.io/v1/compositions', composition);
  [metricsPort = 0] = await freePorts(1);
}, 120_000);

afterAll(async () => {
  await pod?.stop(10_000);
  for (const s of servers) await s.stop();
});

describe('the bridge, deployed as a platform team deploys it', () => {
  const image = () => `${stackInfo().registry.host}/kxp/bridge:e2e`;
  const rbac = [
    '--export',
    `root:db:${exportName}`,
    '--mode',
    'crossplane-first',
    '--service-account',
    `${namespace}/kxp-bridge`,
  ];

  it('builds its image without Docker and pushes it', async () => {
    const out = await kxp('bridge', 'image', '--arch', 'amd64', '-o', join(dir, 'image'), '--push', image());
    expect(out).toMatch(new RegExp(`kxp-bridge-amd64\\.tar\\n${image()}@sha256:[0-9a-f]{64}\\n$`));
  }, 300_000);

  it('renders manifests the real kube-apiserver accepts: rights, Deployment (dry run) and budget', async () => {
    const yaml = await kxp(
      'bridge',
      'manifests',
      ...rbac,
      '--image',
      image(),
      '--kcp-kubeconfig-secret',
      'kxp-bridge-kcp',
      '--metrics-port',
      String(metricsPort),
      '--kubeconfig',
      stackInfo().service.kubeconfig,
    );
    manifests = parseAllDocuments(yaml).map((d) => d.toJS() as KubeObject);
    expect(manifests.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ServiceAccount', 'ClusterRole', 'Deployment', 'PodDisruptionBudget']),
    );
    const deployment = manifests.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { replicas: number };
    };
    expect(deployment.spec.replicas).toBe(2);
    // Everything for real but the Deployment, which nothing here would schedule: a dry run, server-side.
    for (const obj of manifests) await applyServerSide(obj, obj.kind === 'Deployment');
    await kxp(
      'bridge',
      'rbac',
      ...rbac,
      '--only',
      'kcp',
      '--kcp-kubeconfig',
      stackInfo().kcp.kubeconfig,
      '--kubeconfig',
      stackInfo().service.kubeconfig,
      '--apply',
    );
    // The platform team's Secret with the bridge's kcp kubeconfig (its own kcp user, no admin).
    const kcpKubeconfig = readFileSync(stackInfo().kcp.users[bridgeUser] ?? '', 'utf8');
    await service.create(resourcePath(secrets, namespace), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kxp-bridge-kcp', namespace },
      data: { kubeconfig: Buffer.from(kcpKubeconfig).toString('base64') },
    });
  }, 120_000);

  it("runs from the image's own filesystem with the ServiceAccount's token, as a kubelet would, and syncs", async () => {
    const deployment = manifests.find((o) => o.kind === 'Deployment') as KubeObject & {
      spec: { template: { spec: PodSpec } };
    };
    const unpacked = await pullImage(image(), join(dir, 'images'));
    pod = await runPod({
      name: 'bridge',
      dir: join(dir, 'pod'),
      namespace,
      pod: deployment.spec.template.spec,
      image: unpacked,
      cluster: service,
    });
    await eventually(async () => {
      if (!pod?.running) throw new Error(`the bridge exited:\n${pod?.tail(20)}`);
      const res = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
      expect(res.status).toBe(200);
    }, 60_000);

    team = await bindTeam(admin, { path: 'root:db', name: exportName }, 'root:org-a:deploy', 'team-a', dir);
    const boxes = { group, version: 'v1alpha1', resource: 'boxes' };
    await eventually(
      () =>
        team.ws.create(resourcePath(boxes, 'apps'), {
          apiVersion: `${group}/v1alpha1`,
          kind: 'Box',
          metadata: { name: 'small' },
          spec: { size: 'S' },
        }),
      60_000,
    );
    const box = await eventually(async () => {
      const b = await team.ws.get<Obj>(resourcePath(boxes, 'apps', 'small'));
      expect(b.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      return b;
    }, 120_000);
    expect(box.status?.size).toBe('S');
  }, 300_000);

  it('stops gracefully on SIGTERM, releasing its Lease', async () => {
    await pod?.stop(20_000);
    expect(await pod?.exited).toBe(0);
    const lease = await service.get<KubeObject & { spec?: { holderIdentity?: string } }>(
      `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/kxp-bridge`,
    );
    expect(lease.spec?.holderIdentity ?? '').toBe('');
  }, 60_000);
});

/** applyServerSide applies obj as a platform team would: kubectl apply --server-side (as a dry run, or for real). */
async function applyServerSide(obj: KubeObject, dryRun: boolean): Promise<void> {
  const file = join(dir, `${obj.kind}-${obj.metadata?.name}.yaml`.replaceAll(':', '_'));
  writeFileSync(file, stringify(obj));
  const args = ['apply', '--server-side', '--field-manager=platform-team', '-f', file];
  const out = await kubectl(stackInfo().service.kubeconfig, dryRun ? [...args, '--dry-run=server'] : args);
  if (out.code !== 0) throw new Error(`kubectl apply ${obj.kind} ${obj.metadata?.name}: ${out.stderr}`);
}
