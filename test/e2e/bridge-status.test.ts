/**
 * Status that GitOps tools read correctly, on the real stack: a consumer's namespaced XR and a
 * consumer's claim (Crossplane-first, composed by a kxp function), applied with kubectl and the
 * team's own kubeconfig, reach Ready with every observedGeneration telling the consumer's own
 * generation, not the service copy's; `kubectl wait --for=condition=Ready` and kstatus (the library
 * behind Flux's health checks) agree; after a spec change, held back in Crossplane, observedGeneration
 * lags, kstatus says InProgress and kubectl wait waits, until Crossplane has observed the copy
 * carrying the new spec.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import * as z from 'zod';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge.js';
import { bridgeConfig } from '../../src/bridge/config.js';
import { exportLabel } from '../../src/bridge/refs.js';
import { serviceNamespaceName } from '../../src/bridge/sync/naming.js';
import { kcpGenerationAnnotation } from '../../src/bridge/sync/projection.js';
import type { Condition } from '../../src/bridge/sync/sides.js';
import { syncedConditionType } from '../../src/bridge/sync/status.js';
import { defineFunction } from '../../src/function/sdk/index.js';
import type { FunctionServer } from '../../src/function/serve/server.js';
import { ensureWorkspace } from '../../src/kcp/workspaces.js';
import { resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { bindTeam, type Consumer, kstatus, kstatusBinary, kubectl, serveFunctions } from './consumer.js';
import { bridgeIdentity, eventually, kcpAdmin, serviceAdmin } from './stack.js';

const group = 'status.e2e.kxp.dev';
const exportName = group;
const admin = kcpAdmin();
const service = serviceAdmin();

type Obj = KubeObject & {
  metadata?: KubeObject['metadata'] & { generation?: number };
  status?: { conditions?: Condition[]; observedGeneration?: number; [k: string]: unknown };
};

/** While gate is set, the function waits for it: Crossplane cannot finish observing a new spec. */
let gate: Promise<void> | undefined;

/** owner composes a ConfigMap naming the owner, in the claim's namespace for a legacy XR. */
const owner = defineFunction({
  composite: z.looseObject({
    metadata: z.looseObject({ name: z.string() }),
    spec: z.looseObject({
      owner: z.string(),
      claimRef: z.looseObject({ namespace: z.string() }).optional(),
    }),
  }),
  autoReady: true,
  async compose(ctx) {
    if (gate) await gate;
    const namespace = ctx.composite.spec.claimRef?.namespace;
    ctx.compose('owner', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${ctx.composite.metadata.name}-owner`, ...(namespace ? { namespace } : {}) },
      data: { owner: ctx.composite.spec.owner },
    });
  },
});

const schema = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', required: ['owner'], properties: { owner: { type: 'string' } } },
    },
  },
};
const version = { name: 'v1alpha1', served: true, referenceable: true, schema };

/** holdComposition holds back every composition until the returned function is called. */
async function holdComposition(): Promise<() => void> {
  let release = () => {};
  gate = new Promise((r) => {
    release = r;
  });
  return () => {
    gate = undefined;
    release();
  };
}

const paused = 'crossplane.io/paused';

/** pauseCopy pauses Crossplane on the service copy at path (as an operator would) until the returned function is called. */
async function pauseCopy(path: string): Promise<() => Promise<void>> {
  await service.mergePatch(path, { metadata: { annotations: { [paused]: 'true' } } });
  return async () => {
    await service.mergePatch(path, { metadata: { annotations: { [paused]: null } } });
  };
}

/**
 * The two kinds a consumer creates: a v2 namespaced XR, and the claim of a legacy XRD. Each is held
 * back after a spec change in its own way, and shows while held the generations in `held`.
 */
const kinds = [
  {
    name: 'a namespaced XR',
    mode: 'xr',
    // Crossplane is slow to compose it: no condition observes the new spec.
    hold: (_copy: string) => holdComposition(),
    held: { ready: 1, synced: 1 },
    resource: 'gadgets',
    kind: 'Gadget',
    composite: 'Gadget',
    xrd: {
      apiVersion: 'apiextensions.crossplane.io/v2',
      kind: 'CompositeResourceDefinition',
      metadata: { name: `gadgets.${group}`, labels: { [exportLabel]: exportName } },
      spec: { scope: 'Namespaced', group, names: { kind: 'Gadget', plural: 'gadgets' }, versions: [version] },
    },
  },
  {
    name: 'a claim',
    mode: 'claim',
    // Paused: Crossplane observes the new spec only to say so (Synced False, ReconcilePaused), and
    // Ready stays the earlier generation's. (Holding back the XR's composition would not hold the
    // claim's conditions: the claim reconciler observes a new spec without waiting for it.)
    hold: (copy: string) => pauseCopy(copy),
    held: { ready: 1, synced: 2 },
    resource: 'widgets',
    kind: 'Widget',
    composite: 'XWidget',
    xrd: {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositeResourceDefinition',
      metadata: { name: `xwidgets.${group}`, labels: { [exportLabel]: exportName } },
      spec: {
        group,
        names: { kind: 'XWidget', plural: 'xwidgets' },
        claimNames: { kind: 'Widget', plural: 'widgets' },
        versions: [version],
      },
    },
  },
] as const;

/** compositionFor returns the Composition of kind: one step, the owner function. */
function compositionFor(k: (typeof kinds)[number]): KubeObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'Composition',
    metadata: { name: k.xrd.metadata.name },
    spec: {
      compositeTypeRef: { apiVersion: `${group}/v1alpha1`, kind: k.composite },
      mode: 'Pipeline',
      pipeline: [{ step: 'owner', functionRef: { name: 'kxp-status-owner' } }],
    },
  };
}

/** generations returns, of a kcp object, its generation and every observedGeneration it shows. */
function generations(o: Obj) {
  const of = (type: string) => o.status?.conditions?.find((c) => c.type === type)?.observedGeneration;
  return {
    generation: o.metadata?.generation,
    status: o.status?.observedGeneration,
    ready: of('Ready'),
    synced: of('Synced'),
    kxp: of(syncedConditionType),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kxp-status-'));
let kstatusBin: string;
let servers: FunctionServer[] = [];
let bridge: RunningBridge | undefined;
let team: Consumer;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

beforeAll(async () => {
  // Built (or found in the cache) first: the build blocks, and nothing may be running in-process yet.
  kstatusBin = kstatusBinary();
  await ensureWorkspace(admin, 'root:db');
  servers = await serveFunctions(service, join(dir, 'certs'), [['kxp-status-owner', owner]]);
  for (const k of kinds) {
    await service.create(
      `/apis/apiextensions.crossplane.io/${k.xrd.apiVersion.split('/')[1]}/compositeresourcedefinitions`,
      k.xrd,
    );
    await service.create('/apis/apiextensions.crossplane.io/v1/compositions', compositionFor(k));
  }
  // The bridge runs as its own kcp user and ServiceAccount, with their rights only.
  const exports = [{ workspace: 'root:db', name: exportName, mode: 'crossplane-first' as const }];
  const identity = await bridgeIdentity(exports, null);
  bridge = await startBridge(
    bridgeConfig.parse({
      kubeconfig: identity.kubeconfig,
      kcpKubeconfig: identity.kcpKubeconfig,
      exports,
      leaderElection: { enabled: false },
      metricsAddress: '',
    }),
    pino({ level: process.env.KXP_TEST_LOG ?? 'silent' }),
  );
  await eventually(async () => {
    for (const k of kinds)
      expect(bridge?.bindings()).toContainEqual(
        expect.objectContaining({ mode: k.mode, xrdName: k.xrd.metadata.name }),
      );
  }, 90_000);
  team = await bindTeam(
    admin,
    { path: 'root:db', name: exportName },
    'root:org-s:team-status',
    'team-a',
    dir,
  );
  console.log(`status e2e: set up in ${elapsed()}`);
}, 240_000);

afterAll(async () => {
  await bridge?.stop();
  await Promise.all(servers.map((s) => s.stop()));
});

describe.each(kinds)('status of $name, read by GitOps tools', (k) => {
  const resource = { group, version: 'v1alpha1', resource: k.resource };
  const ref = `${k.resource}.${group}/first`;
  const copyPath = () => resourcePath(resource, serviceNamespaceName(team.cluster, 'apps'), 'first');
  const run = async (args: string[]) => {
    const out = await kubectl(team.kubeconfig, args);
    if (out.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${out.code}: ${out.stderr}`);
    return out.stdout;
  };
  /** apply applies the object with owner as the team does (kubectl apply) and returns it as applied. */
  const apply = async (owner: string) => {
    const file = join(dir, `${k.resource}-first.json`);
    const obj = {
      apiVersion: `${group}/v1alpha1`,
      kind: k.kind,
      metadata: { name: 'first' },
      spec: { owner },
    };
    writeFileSync(file, JSON.stringify(obj));
    return JSON.parse(await run(['apply', '-n', 'apps', '-f', file, '-o', 'json'])) as Obj;
  };
  const read = async () => JSON.parse(await run(['get', '-n', 'apps', ref, '-o', 'json'])) as Obj;
  const waitReady = (timeout: string) =>
    kubectl(team.kubeconfig, ['wait', '-n', 'apps', ref, '--for=condition=Ready', `--timeout=${timeout}`]);

  it('reaches Ready at generation 1 as its own generation, for kubectl wait and kstatus', async () => {
    const t0 = Date.now();
    // The export's API reaches the workspace's discovery moments after binding.
    await eventually(() => apply('team-a'));
    await eventually(async () => {
      const o = await read();
      expect(o.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }, 90_000);
    expect(await waitReady('60s')).toMatchObject({ code: 0 });
    const o = await read();
    expect(generations(o)).toEqual({ generation: 1, status: 1, ready: 1, synced: 1, kxp: 1 });
    expect(await kstatus(kstatusBin, o)).toMatchObject({ status: 'Current' });
    const copy = await service.get<Obj>(copyPath());
    expect(copy.metadata?.annotations?.[kcpGenerationAnnotation]).toBe('1');
    console.log(
      `status e2e (${k.name}): Ready, kubectl wait and kstatus Current ${((Date.now() - t0) / 1000).toFixed(1)}s after creation; ` +
        `kcp generation 1, the copy's ${copy.metadata?.generation}`,
    );
  });

  it('lags after a spec change until Crossplane observes the copy carrying it, then catches up', async () => {
    const release = await k.hold(copyPath());
    try {
      const t0 = Date.now();
      const next = (await apply('team-a-2')).metadata?.generation ?? 0;
      expect(next).toBe(2);
      // At once: the status is the one before, and says so.
      expect(await kstatus(kstatusBin, await read())).toMatchObject({ status: 'InProgress' });

      // The copy carries the new spec, and kxp.dev/Synced says so; Ready does not, nor does the object.
      const lagging = await eventually(async () => {
        const copy = await service.get<Obj>(copyPath());
        expect(copy.metadata?.annotations?.[kcpGenerationAnnotation]).toBe(String(next));
        const o = await read();
        expect(generations(o)).toEqual({ generation: next, status: 1, kxp: next, ...k.held });
        return o;
      }, 30_000);
      expect(await kstatus(kstatusBin, lagging)).toMatchObject({ status: 'InProgress' });
      expect((await waitReady('2s')).code).not.toBe(0);
      const held = Date.now() - t0;
      await release();

      const caughtUp = await eventually(async () => {
        const o = await read();
        expect(generations(o)).toEqual({
          generation: next,
          status: next,
          ready: next,
          synced: next,
          kxp: next,
        });
        return o;
      }, 60_000);
      expect(caughtUp.status?.conditions?.find((c) => c.type === 'Synced')?.status).toBe('True');
      expect(await kstatus(kstatusBin, caughtUp)).toMatchObject({ status: 'Current' });
      expect(await waitReady('30s')).toMatchObject({ code: 0 });
      console.log(
        `status e2e (${k.name}): held ${(held / 1000).toFixed(1)}s, then generation ${next} observed and Current ${((Date.now() - t0 - held) / 1000).toFixed(1)}s after it was let go`,
      );
    } finally {
      await release();
    }
  });
});
