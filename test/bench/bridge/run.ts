/**
 * The bridge benchmark (`make bench`, part `bridge`): on one fresh local stack, objects created in
 * BENCH_WORKSPACES kcp workspaces (BENCH_OBJECTS_PER_WORKSPACE each; 100 x 10 by default) are synced
 * down by kxp's bridge (a Crossplane-first export of a v2 XRD) and, beside it, by api-syncagent (a
 * plain CRD it publishes), and the same number of objects is created straight in the service cluster
 * as the physical limit. A status writer stands in for Crossplane, setting a condition on each
 * service copy as soon as it appears; the benchmark waits until every kcp object shows it.
 *
 *   node --import tsx test/bench/run.ts bridge
 *
 * Each system is measured twice: keeping up (running while the objects are created) and catching up
 * with a backlog (stopped while they are created, then started; timed from its start). Crossplane
 * is paused (SIGSTOP) while the systems run, so that neither pays for its reconciles of the copies
 * (BENCH_CROSSPLANE=run keeps it running). Both systems run as their own processes (peak RSS is
 * VmHWM). Logs go to .kxp/bench/.
 * BENCH_CONCURRENCY (16) is the client concurrency of the creates, in kcp and in the raw run alike.
 * BENCH_SYSTEMS=kxp (or agent, or ready) measures one system only, for quicker runs while working on it.
 * Claim to Ready (ready.ts), first and with Crossplane running: BENCH_READY_OBJECTS AppConfigs
 * (1,000) over the workspaces, composed by a kxp function, timed per object down, Crossplane, up
 * (BENCH_READY_TIMEOUT_SECONDS, 600).
 * BENCH_BRIDGE_NODE_ARGS passes flags to the bridge's node (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
 * BENCH_BRIDGE_SYNC=qps=500,burst=500,workers=16 overrides the bridge's sync settings (its defaults otherwise).
 * Ten times larger: BENCH_WORKSPACES=1000 (10,000 objects); each run records the bridge's peak RSS and
 * /metrics series count by size in .kxp/bench/bridge-sizes.json, and the verdicts compare the sizes.
 *
 * Beside the systems, the fair limits, measured in the same run: creates of objects shaped exactly as
 * the bridge's copies at its concurrency (the down lane's limit), and the up lane's two writes per
 * new object (finalizer, status) through the virtual workspace (the limit of statuses coming back).
 * The bridge's CPU time and its requests to each side per object come from /proc and from a module
 * loaded into its process (count-requests.mjs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { syncSettings } from '../../../src/bridge/config.js';
import { ensureWorkspace } from '../../../src/kcp/workspaces.js';
import { credentialsFromKubeconfig } from '../../../src/kube/credentials.js';
import { namespaces, resourcePath } from '../../../src/kube/paths.js';
import { RestClient } from '../../../src/kube/rest.js';
import { startStack } from '../../../src/stack/stack.js';
import {
  type DownSyncOptions,
  type DownSyncResult,
  measureCopyCreates,
  measureDownSync,
  measureRawCreates,
  measureVirtualWorkspaceWrites,
} from './downsync.js';
import { cpuTicks, peakRssMiB, pool, settled, sleep } from './kube.js';
import { claimToReady, type ReadyResult, readyLines } from './ready.js';
import {
  agentExport,
  bindAll,
  bridgeExport,
  exportView,
  gadgetKind,
  gadgets,
  type RunningSystem,
  startKxpBridge,
  startSyncAgent,
  syncAgentBinary,
  widgetKind,
} from './systems.js';

const root = resolve(import.meta.dirname, '../../..');
const logDir = join(root, '.kxp', 'bench');
const log = (message: string) => console.error(`bench: ${message}`);

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!(Number.isInteger(v) && v > 0))
    throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return v;
}

interface SystemRow {
  system: string;
  result?: DownSyncResult;
  rssMiB?: number;
  note?: string;
  usage?: Usage;
}

/** Usage is what a system's process spent over one measurement: CPU, and requests by host. */
interface Usage {
  cpuMs: number;
  requests?: Record<string, number>;
  /** metricsSeries is how many series the system's /metrics served at the end. */
  metricsSeries?: number;
}

export async function bridgeBench(): Promise<void> {
  const workspaceCount = positive('BENCH_WORKSPACES', 100);
  const perWorkspace = positive('BENCH_OBJECTS_PER_WORKSPACE', 10);
  const concurrency = positive('BENCH_CONCURRENCY', 16);
  const timeoutMs = positive('BENCH_TIMEOUT_SECONDS', 180) * 1000;
  const total = workspaceCount * perWorkspace;
  const readyObjects = positive('BENCH_READY_OBJECTS', 1000);
  const readyTimeoutMs = positive('BENCH_READY_TIMEOUT_SECONDS', 600) * 1000;
  const systems = new Set((process.env.BENCH_SYSTEMS ?? 'kxp,agent,ready').split(','));
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const since = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
  const loadBefore = loadavg()[0] ?? 0;
  log(
    `bridge: ${workspaceCount} workspaces x ${perWorkspace} objects = ${total}, client concurrency ${concurrency}; ` +
      `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(2)}`,
  );
  const agentBin = syncAgentBinary(root);
  if (agentBin.missing) log(`api-syncagent left out: ${agentBin.missing}`);
  log('building dist/ (npm run build) for the bridge process');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

  const stack = await startStack({ log: (m) => log(`stack: ${m}`) });
  const rows: SystemRow[] = [];
  let resumeCrossplane = () => {};
  let rawApplies: RawRate | undefined;
  let raw: RawRate | undefined;
  let rawCopies: RawRate | undefined;
  let rawUp: Awaited<ReturnType<typeof measureVirtualWorkspaceWrites>> | undefined;
  let serviceHost = '';
  let ready: ReadyResult | string | undefined;
  try {
    const { info } = stack;
    const kcp = new RestClient(credentialsFromKubeconfig(info.kcp.kubeconfig));
    const serviceCredentials = credentialsFromKubeconfig(info.service.kubeconfig);
    const service = new RestClient(serviceCredentials);
    serviceHost = new URL(serviceCredentials.server).host;
    const setup = {
      root,
      serviceKubeconfig: info.service.kubeconfig,
      kcpKubeconfig: info.kcp.kubeconfig,
      logDir,
      service,
      kcp,
    };
    log(`stack ready after ${since()}; creating ${workspaceCount} workspaces`);
    await ensureWorkspace(kcp, 'root:db');
    await ensureWorkspace(kcp, 'root:bench');
    const paths = Array.from(
      { length: workspaceCount },
      (_, i) => `root:bench:ws-${String(i).padStart(2, '0')}`,
    );
    await pool(paths, 10, async (p) => {
      await ensureWorkspace(kcp, p, 120_000);
    });
    const workspaces = paths.map((p) => kcp.forCluster(p));
    log(`workspaces ready after ${since()}`);
    const db = kcp.forCluster('root:db');

    // Crossplane reconciles every copy of the bridge's Gadgets (an XR kind without a Composition
    // here, so it errors and requeues), while nothing reconciles the agent's Widgets: paused, it
    // leaves the two sync engines and the raw creates on equal terms. BENCH_CROSSPLANE=run keeps it.
    const crossplanePid = info.processes.find((p) => p.name === 'crossplane')?.pid;
    const pauseCrossplane = process.env.BENCH_CROSSPLANE !== 'run' && crossplanePid !== undefined;
    resumeCrossplane = () => {
      if (pauseCrossplane) process.kill(crossplanePid, 'SIGCONT');
    };

    // Claim to Ready, while Crossplane runs and before any Gadget exists for it to reconcile.
    if (systems.has('ready')) {
      log(`claim-to-Ready: starting its function and bridge after ${since()}`);
      ready = await claimToReady(setup, workspaces, info.processes, {
        objects: readyObjects,
        concurrency,
        timeoutMs: readyTimeoutMs,
        log,
      });
    }

    const serverPids = info.processes
      .filter((p) => ['kcp', 'kube-apiserver', 'kube-controller-manager', 'etcd'].includes(p.name))
      .map((p) => p.pid);
    const common = {
      workspaces,
      objectsPerWorkspace: perWorkspace,
      service,
      concurrency,
      timeoutMs,
      log,
      settle: () => settled(serverPids),
    };

    // kxp's bridge: keeping up with creates, then catching up with a backlog made while it was stopped.
    if (systems.has('kxp'))
      await measureSystem(rows, 'kxp bridge', async () => {
        const bridge = await startKxpBridge(setup);
        return stoppedOnFailure(bridge, async () => {
          if (pauseCrossplane) process.kill(crossplanePid, 'SIGSTOP');
          log(`bridge serving ${bridgeExport} after ${since()}; binding it in every workspace`);
          await bindAll(db, workspaces, bridgeExport);
          const options = {
            ...common,
            kcpRef: gadgets,
            kind: gadgetKind,
            serviceRef: gadgets,
            kcpAll: await exportView(kcp, bridgeExport),
          };
          return systemRun('kxp', options, bridge, () => startKxpBridge(setup));
        });
      });
    // The fair limit of the up lane: its two writes per new object, made through the virtual workspace.
    if (systems.has('kxp')) {
      rawUp = await measureVirtualWorkspaceWrites(
        await exportView(kcp, bridgeExport),
        gadgets,
        total,
        bridgeWorkers(),
      );
      log(
        `raw virtual-workspace finalizer+status writes: ${rawUp.objects} objects in ${rawUp.seconds.toFixed(1)}s`,
      );
    }

    // api-syncagent, on the same stack and workspaces.
    if (!systems.has('agent')) {
      // left out by BENCH_SYSTEMS
    } else if (agentBin.binary) {
      const binary = agentBin.binary;
      await measureSystem(rows, 'api-syncagent', async () => {
        const started = await startSyncAgent({ ...setup, binary, kcpUrl: info.kcp.url });
        return stoppedOnFailure(started.agent, async () => {
          const { resource, group } = started.kcpRef;
          log(`api-syncagent serving ${agentExport} (${resource}.${group}) after ${since()}; binding it`);
          await bindAll(db, workspaces, agentExport);
          const options = {
            ...common,
            kcpRef: started.kcpRef,
            kind: widgetKind,
            serviceRef: { group: 'agent.bench.kxp.dev', version: 'v1alpha1', resource: 'widgets' },
            kcpAll: await exportView(kcp, agentExport),
          };
          const restart = async () =>
            (await startSyncAgent({ ...setup, binary, kcpUrl: info.kcp.url })).agent;
          return systemRun('agent', options, started.agent, restart);
        });
      });
    } else {
      rows.push({ system: 'api-syncagent', note: agentBin.missing });
    }

    // The physical limits, beside the sync systems' rows.
    if (systems.has('kxp') || systems.has('agent'))
      ({ raw, rawApplies, rawCopies } = await measureLimits(
        service,
        workspaceCount,
        perWorkspace,
        concurrency,
      ));
  } finally {
    resumeCrossplane();
    await stack.stop();
  }
  const loadAfter = loadavg()[0] ?? 0;
  log(
    `done after ${since()}; load average ${loadAfter.toFixed(2)} (other work on these CPUs makes the figures noisy)`,
  );
  const out = [
    ...syncLines(rows, { raw, rawApplies, rawCopies, rawUp }, serviceHost, total),
    ...readyLines(ready),
    `(${synced(rows, raw) ? `${total} objects in ` : ''}${workspaceCount} workspaces, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after)`,
  ].join('\n');
  console.log(out);
  writeFileSync(
    join(logDir, 'bridge-results.json'),
    `${JSON.stringify({ rows, raw, rawApplies, ready, at: new Date().toISOString() }, null, 2)}\n`,
  );
  failIncomplete(systems, rows, ready);
}

/** failIncomplete throws when a measurement asked for has no result. */
function failIncomplete(systems: Set<string>, rows: SystemRow[], ready: ReadyResult | string | undefined) {
  if (systems.has('kxp') && !rows.some((r) => r.system === 'kxp bridge' && r.result))
    throw new Error('the bridge part did not complete');
  if (systems.has('ready') && typeof ready !== 'object') throw new Error('claim-to-Ready did not complete');
}

/**
 * measureLimits measures the physical limit (the same kind created, and applied, straight in the
 * service cluster, nothing else running) and the fair limit of the down lane (creates of the
 * bridge's very copies, at its concurrency).
 */
async function measureLimits(
  service: RestClient,
  workspaceCount: number,
  perWorkspace: number,
  concurrency: number,
): Promise<{ raw: RawRate; rawApplies: RawRate; rawCopies: RawRate }> {
  const total = workspaceCount * perWorkspace;
  await service.create(resourcePath(namespaces), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'bench-raw' },
  });
  const raw = await measureRawCreates(service, gadgets, gadgetKind, 'bench-raw', total, concurrency);
  log(`raw creates: ${total} ${gadgetKind}s in ${raw.seconds.toFixed(1)}s`);
  const rawApplies = await measureRawCreates(
    service,
    gadgets,
    gadgetKind,
    'bench-raw',
    total,
    concurrency,
    'apply',
  );
  log(`raw applies: ${total} ${gadgetKind}s in ${rawApplies.seconds.toFixed(1)}s`);
  const workers = bridgeWorkers();
  const rawCopies = await measureCopyCreates(
    service,
    gadgets,
    gadgetKind,
    workspaceCount,
    perWorkspace,
    workers,
  );
  log(`raw copy-shaped creates: ${total} in ${rawCopies.seconds.toFixed(1)}s at concurrency ${workers}`);
  return { raw, rawApplies, rawCopies };
}

/** synced tells whether a sync row or a limit was measured (not so when only claim-to-Ready ran). */
const synced = (rows: SystemRow[], raw: RawRate | undefined) => rows.length > 0 || raw !== undefined;

/** syncLines prints the sync rows' table and lines, none when only claim-to-Ready ran. */
function syncLines(
  rows: SystemRow[],
  limits: { raw?: RawRate; rawApplies?: RawRate; rawCopies?: RawRate; rawUp?: RawRate },
  serviceHost: string,
  total: number,
): string[] {
  const { raw, rawApplies, rawCopies, rawUp } = limits;
  if (!synced(rows, raw)) return [];
  return [
    table(rows, raw, rawApplies, rawCopies, rawUp),
    verdicts(rows, rawCopies),
    upLaneLine(rows, rawUp),
    usageLines(rows, serviceHost),
    ...sizeVerdicts(rows, total),
  ];
}

/** A system under test as measureSystem drives it: its processes' pids and its two measurements. */
interface SystemRun {
  pids: number[];
  /** usage is what the system's process spent over the last measurement. */
  usage(): Usage | undefined;
  stop(): Promise<void>;
  live(): Promise<DownSyncResult>;
  backlog(): Promise<DownSyncResult>;
}

/** stoppedOnFailure returns what set up returns, stopping system if setting up fails. */
async function stoppedOnFailure<T>(system: RunningSystem, setUp: () => Promise<T>): Promise<T> {
  try {
    return await setUp();
  } catch (err) {
    await system.stop();
    throw err;
  }
}

/**
 * systemRun returns the two measurements of a system over one kind: keeping up as first started,
 * and catching up, stopped for the creates and started again with restart.
 */
function systemRun(
  label: string,
  options: Omit<DownSyncOptions, 'label' | 'backlog'>,
  first: RunningSystem,
  restart: () => Promise<RunningSystem>,
): SystemRun {
  let current = first;
  const pids = [first.pid];
  // The request counts are written once a second: a sample waits for the last write.
  const sample = async (): Promise<Usage> => {
    await sleep(1_100);
    return { cpuMs: cpuTicks(current.pid) * 10, requests: current.requests?.() };
  };
  let usage: Usage | undefined;
  return {
    pids,
    usage: () => usage,
    stop: () => current.stop(),
    live: async () => {
      const before = await sample();
      const r = await measureDownSync({ ...options, label });
      usage = { ...usageSince(before, await sample()), metricsSeries: await current.metricsSeries?.() };
      return r;
    },
    // Catching up, the process started for it has spent nothing before.
    backlog: async () => {
      const r = await measureDownSync({
        ...options,
        label: `${label}-backlog`,
        backlog: {
          stop: () => current.stop(),
          start: async () => {
            current = await restart();
            pids.push(current.pid);
          },
        },
      });
      usage = {
        ...usageSince({ cpuMs: 0, requests: {} }, await sample()),
        metricsSeries: await current.metricsSeries?.(),
      };
      return r;
    },
  };
}

/** usageSince returns what was spent between two samples. */
function usageSince(before: Usage, after: Usage): Usage {
  const requests: Record<string, number> = {};
  for (const [host, n] of Object.entries(after.requests ?? {}))
    requests[host] = n - (before.requests?.[host] ?? 0);
  return { cpuMs: after.cpuMs - before.cpuMs, requests: after.requests ? requests : undefined };
}

/**
 * measureSystem starts a system, measures it keeping up and then catching up, and adds a row for
 * each (peak RSS: the highest of its processes), or one row saying why it could not be measured.
 */
async function measureSystem(
  rows: SystemRow[],
  system: string,
  start: () => Promise<SystemRun>,
): Promise<void> {
  let run: SystemRun | undefined;
  try {
    run = await start();
    const live = await run.live();
    const rss = (r: SystemRun) => Math.max(...r.pids.map((p) => safeRss(p) ?? 0));
    rows.push({ system, result: live, rssMiB: rss(run), usage: run.usage() });
    const backlog = await run.backlog();
    rows.push({ system: `${system} (backlog)`, result: backlog, rssMiB: rss(run), usage: run.usage() });
  } catch (err) {
    rows.push({ system, note: message(err) });
    log(`${system}: ${message(err)}`);
  } finally {
    await run?.stop();
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function safeRss(pid: number): number | undefined {
  try {
    return peakRssMiB(pid);
  } catch {
    return undefined;
  }
}

const rate = (r: DownSyncResult) => r.objects / r.downSeconds;
/**
 * syncingRate is objects/s from the first copy to the last: the pace of the sync itself, without
 * the fixed cost of getting there (catching up: process start, lists, workspace paths), which the
 * first-copy column shows and which a larger backlog would spread thinner.
 */
const syncingRate = (r: DownSyncResult) => (r.objects - 1) / Math.max(r.downSeconds - r.firstSeconds, 0.001);

type RawRate = { objects: number; seconds: number; rate: number };

/** bridgeWorkers returns the bridge's sync workers in this run (BENCH_BRIDGE_SYNC, else its default). */
function bridgeWorkers(): number {
  const set = (process.env.BENCH_BRIDGE_SYNC ?? '').split(',').find((kv) => kv.startsWith('workers='));
  return set ? Number(set.split('=')[1]) : syncSettings.parse({}).workers;
}

function table(
  rows: SystemRow[],
  raw: RawRate | undefined,
  rawApplies: RawRate | undefined,
  rawCopies: RawRate | undefined,
  rawUp: RawRate | undefined,
): string {
  const header = [
    'system',
    'objects',
    'kcp creates s',
    'all down s',
    'obj/s',
    'first copy s',
    'syncing obj/s',
    '% of raw',
    'all status s',
    'p50 ms',
    'p99 ms',
    'kcp watch p50/p99 ms',
    'status p50/p99 ms',
    'peak RSS MiB',
  ];
  const cells: string[][] = rows.map(({ system, result: r, rssMiB, note }) =>
    r
      ? [
          system,
          `${r.objects}`,
          r.createSeconds.toFixed(1),
          r.downSeconds.toFixed(1),
          rate(r).toFixed(0),
          r.firstSeconds.toFixed(1),
          syncingRate(r).toFixed(0),
          raw ? `${((syncingRate(r) / raw.rate) * 100).toFixed(0)}%` : '',
          r.statusSeconds.toFixed(1),
          r.p50Ms.toFixed(0),
          r.p99Ms.toFixed(0),
          `${r.watchP50Ms.toFixed(0)}/${r.watchP99Ms.toFixed(0)}`,
          `${r.statusP50Ms.toFixed(0)}/${r.statusP99Ms.toFixed(0)}`,
          rssMiB?.toFixed(0) ?? '',
        ]
      : [system, `not measured: ${note ?? '?'}`],
  );
  const rawRow = (label: string, r: RawRate) => {
    const share = raw ? `${((r.rate / raw.rate) * 100).toFixed(0)}%` : '';
    cells.push([
      label,
      `${r.objects}`,
      '',
      r.seconds.toFixed(1),
      r.rate.toFixed(0),
      '',
      r.rate.toFixed(0),
      share,
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  };
  if (raw) rawRow('raw service creates', raw);
  if (rawApplies) rawRow('raw service applies', rawApplies);
  if (rawCopies) rawRow('raw copy-shaped creates', rawCopies);
  if (rawUp) rawRow('raw kcp finalizer+status', rawUp);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.filter((c) => c.length > 2).map((c) => c[i]?.length ?? 0)),
  );
  const line = (c: string[]) =>
    c.length <= 2
      ? c.join('  ')
      : c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return [header, ...cells].map(line).join('\n');
}

/**
 * verdicts checks the issue's targets. The rate is judged catching up with a backlog (keeping up,
 * no system can sync faster than kcp accepts the creates, which the table shows beside it), at the
 * pace of the sync from first copy to last (see syncingRate), against creates of copy-shaped objects
 * at the bridge's concurrency (the fair limit); the rate from the start is printed too.
 */
function verdicts(rows: SystemRow[], limit: RawRate | undefined): string {
  const row = (system: string) => rows.find((r) => r.system === system);
  const v = (ok: boolean | undefined) => (ok === undefined ? 'N/A ' : ok ? 'PASS' : 'MISS');
  const kLive = row('kxp bridge')?.result;
  const kBacklog = row('kxp bridge (backlog)')?.result;
  const share = kBacklog && limit ? syncingRate(kBacklog) / limit.rate : undefined;
  const pct = (x: number | undefined) => (x === undefined ? '?' : `${(x * 100).toFixed(0)}%`);
  const out = [
    `${v(share === undefined ? undefined : share >= 0.8)}  bridge catching up syncs at ${pct(share)} of the raw copy-shaped create rate (target >= 80%)` +
      (kBacklog && limit
        ? `: ${syncingRate(kBacklog).toFixed(0)} obj/s from first copy to last vs ${limit.rate.toFixed(0)}/s; from its start ${pct(rate(kBacklog) / limit.rate)}, first copy after ${kBacklog.firstSeconds.toFixed(1)}s`
        : ''),
  ];
  out.push(...statusVerdicts(kLive, kBacklog));
  for (const suffix of ['', ' (backlog)']) {
    const k = row(`kxp bridge${suffix}`)?.result;
    const a = row(`api-syncagent${suffix}`)?.result;
    out.push(
      `${v(k && a ? k.downSeconds < a.downSeconds : undefined)}  bridge down-sync${suffix} ${k?.downSeconds.toFixed(1) ?? '?'}s vs api-syncagent ${a?.downSeconds.toFixed(1) ?? '?'}s (target: faster)`,
    );
  }
  const peak = (system: string) => {
    const r = rows.filter((x) => x.system.startsWith(system) && x.rssMiB !== undefined);
    return r.length ? Math.max(...r.map((x) => x.rssMiB ?? 0)) : undefined;
  };
  const kRss = peak('kxp bridge');
  const aRss = peak('api-syncagent');
  out.push(
    `${v(kRss !== undefined && aRss !== undefined ? kRss < aRss : undefined)}  bridge peak RSS ${kRss?.toFixed(0) ?? '?'} MiB vs api-syncagent ${aRss?.toFixed(0) ?? '?'} MiB (target: less)`,
  );
  return out.join('\n');
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** statusVerdicts checks the targets for statuses: back within 2x the copies' time catching up, p99 < 2 s keeping up. */
function statusVerdicts(live: DownSyncResult | undefined, backlog: DownSyncResult | undefined): string[] {
  const out: string[] = [];
  if (backlog)
    out.push(
      `${verdict(backlog.statusSeconds <= 2 * backlog.downSeconds)}  bridge catching up: all statuses back in ${backlog.statusSeconds.toFixed(1)}s, copies down in ${backlog.downSeconds.toFixed(1)}s (target: within 2x)`,
    );
  if (live)
    out.push(
      `${verdict(live.statusP99Ms < 2000)}  bridge keeping up: p99 create -> status back ${live.statusP99Ms.toFixed(0)} ms over ${live.objects} objects (target < 2000 ms)`,
    );
  return out;
}

/**
 * sizeVerdicts compares this run with the bridge's runs at other sizes (kept in .kxp/bench/bridge-sizes.json,
 * by object count): RSS at 10,000 objects at most 3x that at 1,000, and /metrics serving as many
 * series at every size (no series per workspace or object).
 */
function sizeVerdicts(rows: SystemRow[], total: number): string[] {
  const file = join(logDir, 'bridge-sizes.json');
  let sizes: Record<string, { rssMiB: number; series?: number; at: string }> = {};
  try {
    sizes = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // no earlier run
  }
  const kxp = rows.filter((r) => r.system.startsWith('kxp bridge') && r.result);
  if (kxp.length === 0) return [];
  const series = kxp.map((r) => r.usage?.metricsSeries).find((n) => n !== undefined);
  const here = { rssMiB: Math.max(...kxp.map((r) => r.rssMiB ?? 0)), at: new Date().toISOString() };
  sizes[String(total)] = series === undefined ? here : { ...here, series };
  writeFileSync(file, `${JSON.stringify(sizes, null, 2)}\n`);
  const out: string[] = [];
  const [small, large] = [sizes['1000'], sizes['10000']];
  out.push(
    small && large
      ? `${verdict(large.rssMiB <= 3 * small.rssMiB)}  bridge peak RSS at 10000 objects ${large.rssMiB.toFixed(0)} MiB vs ${small.rssMiB.toFixed(0)} MiB at 1000 (target: at most 3x)`
      : `N/A   bridge peak RSS at 10000 vs 1000 objects: run both sizes (now: ${Object.keys(sizes).join(', ')})`,
  );
  const counts = Object.entries(sizes).filter(([, v]) => v.series !== undefined);
  out.push(
    counts.length >= 2
      ? `${verdict(new Set(counts.map(([, v]) => v.series)).size === 1)}  bridge /metrics series by objects: ${counts.map(([n, v]) => `${n}: ${v.series}`).join(', ')} (target: the same at every size)`
      : `N/A   bridge /metrics series: ${series ?? '?'} at ${total} objects; run another size to compare`,
  );
  return out;
}

/**
 * upLaneLine compares the pace of statuses coming back catching up (objects / the time from the last
 * copy down to the last status back: the up lane waits for the copies) with the raw writes of the up lane.
 */
function upLaneLine(rows: SystemRow[], rawUp: RawRate | undefined): string {
  const r = rows.find((x) => x.system === 'kxp bridge (backlog)')?.result;
  if (!r || !rawUp) return 'info  up lane vs raw kcp finalizer+status writes: not measured';
  const pace = r.objects / Math.max(r.statusSeconds - r.downSeconds, 0.001);
  return `info  bridge catching up: statuses back at ${pace.toFixed(0)} obj/s after the last copy, raw kcp finalizer+status writes ${rawUp.rate.toFixed(0)} obj/s (${((pace / rawUp.rate) * 100).toFixed(0)}%)`;
}

/** usageLines prints each system's CPU time per synced object and, for the bridge, its requests per object to each side. */
function usageLines(rows: SystemRow[], serviceHost: string): string {
  const out: string[] = [];
  for (const { system, result, usage } of rows) {
    if (!result || !usage) continue;
    const per = (n: number) => (n / result.objects).toFixed(2);
    let line = `usage  ${system}: CPU ${per(usage.cpuMs)} ms per object`;
    if (usage.requests) {
      const entries = Object.entries(usage.requests);
      const service = entries.filter(([h]) => h === serviceHost).reduce((sum, [, n]) => sum + n, 0);
      const kcp = entries.filter(([h]) => h !== serviceHost).reduce((sum, [, n]) => sum + n, 0);
      line += `; requests per object: kcp ${per(kcp)}, service ${per(service)}`;
    }
    if (usage.metricsSeries !== undefined) line += `; /metrics ${usage.metricsSeries} series`;
    out.push(line);
  }
  return out.join('\n');
}
