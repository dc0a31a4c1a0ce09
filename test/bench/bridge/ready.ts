/**
 * Claim to Ready, end to end (issue 15, item 4): consumers create AppConfigs in kcp workspaces; the
 * bridge syncs them down to the service cluster, where Crossplane runs a real Pipeline Composition
 * through a kxp function (functions/app-config, served by `kxp function serve` as its own process:
 * a ConfigMap and a ServiceAccount per object, so no external system sets the pace), and the bridge
 * brings Ready back up. Per object, from timestamps the bench's watches see:
 *
 *   t0 create acknowledged in kcp → t1 copy seen in the service cluster (bridge, down)
 *   → t2 copy Ready in the service cluster (Crossplane) → t3 Ready seen on the kcp object (bridge, up)
 *
 * The AppConfig API has its own export and bridge process, so the Gadget rows never see its objects.
 */
import { join } from 'node:path';
import { xrdsV1 } from '../../../src/bridge/refs.js';
import type { ResourceRef } from '../../../src/kube/paths.js';
import { resourcePath } from '../../../src/kube/paths.js';
import type { KubeObject, RestClient } from '../../../src/kube/rest.js';
import { functionServerCerts, registerLocalFunction } from '../../../src/stack/functions.js';
import { appConfigXrd } from '../../e2e/app-config.js';
import { type BenchObject, cpuTicks, follow, percentile, pool, waitUntil } from './kube.js';
import {
  type BridgeSetup,
  bindAll,
  exportView,
  exportWorkspace,
  freePort,
  type RunningSystem,
  startKxpBridge,
  startProcess,
} from './systems.js';

/** The AppConfig API of this row: its group is its export's name. */
export const readyExport = 'ready.bench.kxp.dev';
export const appConfigs: ResourceRef = { group: readyExport, version: 'v1alpha1', resource: 'appconfigs' };
const functionName = 'kxp-bench-app-config';

const composition: KubeObject = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name: `${appConfigs.resource}.${appConfigs.group}` },
  spec: {
    compositeTypeRef: { apiVersion: `${appConfigs.group}/${appConfigs.version}`, kind: 'AppConfig' },
    mode: 'Pipeline',
    pipeline: [
      {
        step: 'settings',
        functionRef: { name: functionName },
        input: { apiVersion: 'app.kxp.dev/v1alpha1', kind: 'Input', labels: { bench: 'ready' } },
      },
    ],
  },
};

export interface ReadyApi {
  fn: RunningSystem;
  bridge: RunningSystem;
  stop(): Promise<void>;
}

/**
 * startReadyApi serves functions/app-config (`kxp function serve`, its own process, with a server
 * certificate of Crossplane's CA), registers it for Crossplane, creates the Composition, and starts
 * a bridge publishing the AppConfig XRD into its export.
 */
export async function startReadyApi(o: BridgeSetup): Promise<ReadyApi> {
  const certs = await functionServerCerts(o.service, join(o.logDir, 'ready-function-certs'));
  const port = await freePort();
  const fn = startProcess(
    process.execPath,
    [
      join(o.root, 'dist/cli/main.js'),
      'function',
      'serve',
      join(o.root, 'functions/app-config/index.ts'),
      '--address',
      `127.0.0.1:${port}`,
      '--tls-certs-dir',
      certs,
      '--metrics-address',
      '',
    ],
    join(o.logDir, 'ready-function.log'),
  );
  try {
    await registerLocalFunction(o.service, functionName, `localhost:${port}`);
    await o.service.ensure(resourcePath({ ...xrdsV1, resource: 'compositions' }), composition);
    const bridge = await startKxpBridge(o, {
      exportName: readyExport,
      xrd: appConfigXrd(appConfigs.group, readyExport),
      name: 'kxp-bridge-ready',
    });
    return {
      fn,
      bridge,
      stop: async () => {
        await Promise.all([bridge.stop(), fn.stop()]);
      },
    };
  } catch (err) {
    await fn.stop();
    throw err;
  }
}

/**
 * claimToReady measures the row: its function and bridge started, its export bound in every
 * workspace, the objects created; it returns the result, or why there is none.
 */
export async function claimToReady(
  setup: BridgeSetup,
  workspaces: RestClient[],
  peers: { name: string; pid: number }[],
  o: Pick<ReadyOptions, 'objects' | 'concurrency' | 'timeoutMs' | 'log'>,
): Promise<ReadyResult | string> {
  let api: ReadyApi | undefined;
  try {
    api = await startReadyApi(setup);
    o.log(`claim-to-Ready: bridge serving ${readyExport}; binding it in every workspace`);
    await bindAll(setup.kcp.forCluster(exportWorkspace), workspaces, readyExport);
    return await measureClaimToReady({
      ...o,
      workspaces,
      kcpAll: await exportView(setup.kcp, readyExport),
      service: setup.service,
      pids: {
        ...Object.fromEntries(peers.map((p) => [p.name, p.pid])),
        bridge: api.bridge.pid,
        function: api.fn.pid,
        bench: process.pid,
      },
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    o.log(`claim-to-Ready: ${why}`);
    return why;
  } finally {
    await api?.stop();
  }
}

export interface ReadyOptions {
  /** workspaces are the consumer workspaces' clients; objects are spread over them in turn. */
  workspaces: RestClient[];
  objects: number;
  /** kcpAll lists AppConfigs across every bound workspace (the export's virtual workspace). */
  kcpAll: RestClient;
  service: RestClient;
  concurrency: number;
  timeoutMs: number;
  log: (message: string) => void;
  /** pids names the processes whose CPU time the row reports, by name. */
  pids: Record<string, number>;
}

/** p50 and p99 of a share of claim-to-Ready, in ms. */
export interface Spread {
  p50: number;
  p99: number;
}

export interface ReadyResult {
  objects: number;
  workspaces: number;
  createSeconds: number;
  /** allReadySeconds: first create sent until every kcp object shows Ready. */
  allReadySeconds: number;
  /** total is t3−t0; bridge (t1−t0)+(t3−t2), down t1−t0, up t3−t2; crossplane t2−t1. */
  total: Spread;
  bridge: Spread;
  down: Spread;
  up: Spread;
  crossplane: Spread;
  /** cpuSeconds is what each named process spent over the row. */
  cpuSeconds: Record<string, number>;
}

type AppConfig = BenchObject & { spec?: { owner?: string }; status?: { configMapName?: string } };

/** isReady tells an AppConfig Ready with the status the function wrote: composed by it, not by anything else. */
const isReady = (o: AppConfig) =>
  Boolean(o.status?.configMapName) &&
  (o.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * measureClaimToReady creates the objects in kcp (spec.owner names each across both sides) and
 * returns, per object, how claim-to-Ready splits between the bridge and Crossplane.
 */
export async function measureClaimToReady(o: ReadyOptions): Promise<ReadyResult> {
  const acked = new Map<string, number>();
  const down = new Map<string, number>();
  const composed = new Map<string, number>();
  const ready = new Map<string, number>();
  const items = Array.from({ length: o.objects }, (_, k) => {
    const w = k % o.workspaces.length;
    const i = Math.floor(k / o.workspaces.length);
    return { ws: o.workspaces[w] as RestClient, name: `ready-${i}`, id: `ready-w${w}-${i}` };
  });
  const ids = new Set(items.map((x) => x.id));
  const see = (at: Map<string, number>, when: (x: AppConfig) => boolean) => (x: AppConfig) => {
    const id = x.spec?.owner;
    if (id && ids.has(id) && !at.has(id) && when(x)) at.set(id, Date.now());
  };
  const [seeDown, seeComposed] = [see(down, () => true), see(composed, isReady)];
  const stop = new AbortController();
  try {
    await follow(
      o.service,
      resourcePath(appConfigs),
      (x) => {
        seeDown(x);
        seeComposed(x);
      },
      stop.signal,
    );
    await follow(o.kcpAll, `/clusters/*${resourcePath(appConfigs)}`, see(ready, isReady), stop.signal);
    const cpuBefore = cpuOf(o.pids);
    const t0 = Date.now();
    await pool(items, o.concurrency, async ({ ws, name, id }) => {
      await ws.create(resourcePath(appConfigs, 'default'), {
        apiVersion: `${appConfigs.group}/${appConfigs.version}`,
        kind: 'AppConfig',
        metadata: { name },
        spec: { owner: id, settings: { tier: 'bench' } },
      });
      acked.set(id, Date.now());
    });
    const createSeconds = (Date.now() - t0) / 1000;
    o.log(`ready: ${o.objects} AppConfigs created in kcp in ${createSeconds.toFixed(1)}s`);
    await waitUntil(
      // Every watch event comes, though the service watch may deliver some after kcp shows Ready.
      () => [down, composed, ready].every((m) => m.size === ids.size),
      o.timeoutMs,
      () =>
        `${down.size}/${ids.size} copies down, ${composed.size} Ready in the service cluster, ${ready.size} Ready in kcp`,
      200,
    );
    const cpuAfter = cpuOf(o.pids);
    const per = (f: (id: string) => number): Spread => {
      const values = [...ids].map((id) => Math.max(0, f(id)));
      return { p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
    };
    const at = (m: Map<string, number>, id: string) => m.get(id) ?? Number.NaN;
    // A watch may show the copy Ready in the same event that first shows it, and kcp Ready before the
    // service watch delivers it: each share is measured between the times in their order.
    const t1 = (id: string) => Math.min(at(down, id), at(composed, id));
    const t2 = (id: string) => Math.min(at(composed, id), at(ready, id));
    return {
      objects: ids.size,
      workspaces: o.workspaces.length,
      createSeconds,
      allReadySeconds: (Math.max(...ready.values()) - t0) / 1000,
      total: per((id) => at(ready, id) - at(acked, id)),
      down: per((id) => t1(id) - at(acked, id)),
      crossplane: per((id) => t2(id) - t1(id)),
      up: per((id) => at(ready, id) - t2(id)),
      bridge: per((id) => t1(id) - at(acked, id) + (at(ready, id) - t2(id))),
      cpuSeconds: Object.fromEntries(
        Object.keys(o.pids).map((name) => [name, ((cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0)) / 100]),
      ),
    };
  } finally {
    stop.abort();
  }
}

const cpuOf = (pids: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTicks(pid)]));

/** readyLines prints the row: claim-to-Ready p50/p99 and its split, the verdict, and CPU by process. */
export function readyLines(r: ReadyResult | string | undefined): string[] {
  if (r === undefined) return [];
  if (typeof r === 'string') return [`MISS  claim-to-Ready not measured: ${r}`];
  const ms = (s: Spread) => `${s.p50.toFixed(0)}/${s.p99.toFixed(0)} ms`;
  const share = r.bridge.p50 / r.total.p50;
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const cpu = Object.entries(r.cpuSeconds)
    .map(([name, s]) => `${name} ${s.toFixed(1)}`)
    .join(', ');
  return [
    `claim-to-Ready: ${r.objects} AppConfigs over ${r.workspaces} workspaces (Pipeline Composition, kxp function), created in kcp in ${r.createSeconds.toFixed(1)}s, all Ready in kcp after ${r.allReadySeconds.toFixed(1)}s`,
    `  p50/p99: create -> Ready in kcp ${ms(r.total)}; bridge ${ms(r.bridge)} (down ${ms(r.down)}, up ${ms(r.up)}); Crossplane ${ms(r.crossplane)}`,
    `${share < 0.2 ? 'PASS' : 'MISS'}  bridge share of claim-to-Ready p50 ${r.bridge.p50.toFixed(0)} ms = ${pct(share)} of ${r.total.p50.toFixed(0)} ms (target < 20% of the p50)`,
    `usage  claim-to-Ready CPU s by process: ${cpu}`,
  ];
}
