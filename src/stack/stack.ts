import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RestClient } from '../kube/rest.js';
import { type Crossplane, startCrossplane } from './crossplane.js';
import { startEtcd } from './etcd.js';
import { startFunctionRuntime } from './function-runtime.js';
import { type Kcp, startKcp } from './kcp.js';
import { shardReady, startShardedKcp } from './kcp-sharded.js';
import { type Postgres, startPostgres } from './postgres.js';
import { isAlive, type PeerProcess, signalGroup } from './process.js';
import { applyProviderConfig, startProvider } from './provider.js';
import { startRegistry } from './registry.js';
import { type ServiceCluster, startControllerManager, startServiceApiserver } from './service-cluster.js';

export interface StackOptions {
  /** State folder (logs, data, kubeconfigs); a fresh temporary one by default. */
  dir?: string;
  /** Extra kcp users to authenticate by token, e.g. one per tenant. */
  users?: string[];
  /** Leave the processes running after this Node process exits (make up). */
  detach?: boolean;
  /** Progress messages. */
  log?: (message: string) => void;
  /**
   * kcp shards: 1 (the default) runs one kcp; more run kcp as sharded deployments do, a cache
   * server, a root shard and shard-1, ... behind kcp-front-proxy, which every client uses.
   */
  shards?: number;
}

/** What a running stack offers, as written to <dir>/stack.json. */
export interface StackInfo {
  dir: string;
  ownerPid: number;
  detached: boolean;
  startedAt: string;
  processes: { name: string; pid: number; log: string }[];
  service: { url: string; kubeconfig: string };
  /** kcp (with shards: its front proxy's URL); shards lists each shard's own URL, empty for one kcp. */
  kcp: {
    url: string;
    kubeconfig: string;
    users: Record<string, string>;
    shards?: { name: string; url: string }[];
  };
  crossplane: { clientCertsDir: string; metricsUrl: string; healthUrl: string };
  /** The PostgreSQL server the reference scenario's databases live on (Debian's packages). */
  postgres: Pick<Postgres, 'host' | 'port' | 'superuser' | 'password' | 'url' | 'socketDir' | 'binDir'>;
  /** provider-sql, run as a local process against the service cluster. */
  provider: { metricsUrl: string };
  /** An OCI registry on loopback (plain HTTP) for function packages and their runtime images. */
  registry: { host: string; url: string };
  /** The function runtime: runs the function packages Crossplane installs (logs under dir/revisions/). */
  functionRuntime: { metricsUrl: string; dir: string };
}

export const stackFile = 'stack.json';

/**
 * The local platform: etcd, kube-apiserver and kube-controller-manager (the service cluster),
 * kcp, Crossplane core, PostgreSQL and provider-sql, each a real server on free loopback ports.
 */
export class Stack {
  private readonly onExit = () => this.killNow();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.killNow();
    process.kill(process.pid, signal);
  };

  constructor(
    readonly info: StackInfo,
    readonly service: ServiceCluster,
    readonly kcp: Kcp,
    readonly crossplane: Crossplane,
    private readonly processes: PeerProcess[],
  ) {
    if (!info.detached) {
      process.once('exit', this.onExit);
      process.once('SIGINT', this.onSignal);
      process.once('SIGTERM', this.onSignal);
    }
  }

  /** stop stops every process the stack started, newest first, and waits for them to exit. */
  async stop(): Promise<void> {
    for (const p of [...this.processes].reverse()) await p.stop();
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  /** process returns the running process of the peer named name (etcd, kube-apiserver, kcp, crossplane, ...). */
  process(name: string): PeerProcess {
    const p = this.processes.find((x) => x.name === name);
    if (!p) throw new Error(`the stack has no process ${name}`);
    return p;
  }

  /**
   * replaceProcess records next (the same peer, started again) in place of the process of its name,
   * here and in the stack's record, so that stop, kxp down and the reaper of stale stacks reach it.
   */
  replaceProcess(next: PeerProcess): void {
    const at = this.processes.findIndex((x) => x.name === next.name);
    if (at < 0) throw new Error(`the stack has no process ${next.name}`);
    this.processes[at] = next;
    const entry = { name: next.name, pid: next.pid, log: next.log };
    this.info.processes = this.info.processes.map((x) => (x.name === next.name ? entry : x));
    const state = readState(this.info.dir);
    state.processes = state.processes.map((x) => (x.name === next.name ? entry : x));
    writeFileSync(join(this.info.dir, stackFile), JSON.stringify(state, null, 2));
  }

  /**
   * restartShard kills one kcp shard with signal (SIGKILL: as a crash would) and starts it again
   * over its own data; it returns once the shard is ready, with the times of both steps in ms.
   */
  async restartShard(
    name: string,
    signal: NodeJS.Signals = 'SIGKILL',
  ): Promise<{ downMs: number; readyMs: number }> {
    const shard = this.kcp.shards.find((s) => s.name === name);
    if (!shard) throw new Error(`the stack has no kcp shard ${name}`);
    const t0 = Date.now();
    signalGroup(shard.process.pid, signal);
    await shard.process.exited;
    const downMs = Date.now() - t0;
    this.processes.splice(this.processes.indexOf(shard.process), 1);
    shard.process = shard.start(); // which adds it to this.processes and the stack's record (startStack's track)
    await shardReady(shard);
    return { downMs, readyMs: Date.now() - t0 };
  }

  private killNow(): void {
    for (const p of this.processes) signalGroup(p.pid, 'SIGKILL');
  }
}

/** startStack starts the whole local platform, or stops what it started and throws. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const base = join(tmpdir(), 'kxp-stacks');
  mkdirSync(base, { recursive: true });
  reapStaleStacks(base);
  const dir = resolve(opts.dir ?? mkdtempSync(join(base, 'stack-')));
  mkdirSync(dir, { recursive: true });
  const detach = opts.detach ?? false;
  const log = opts.log ?? (() => {});
  const started: PeerProcess[] = [];
  const track = <T extends { process: PeerProcess }>(x: T): T => {
    started.push(x.process);
    writeState(dir, detach, started);
    return x;
  };
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  try {
    const shards = opts.shards ?? 1;
    log(
      shards > 1
        ? `starting etcd, kcp (${shards} shards) and PostgreSQL`
        : 'starting etcd, kcp and PostgreSQL',
    );
    const kcpStarting =
      shards > 1
        ? startShardedKcp(dir, opts.users ?? [], shards, detach, (p) => track({ process: p }))
        : startKcp(dir, opts.users ?? [], detach).then(track);
    const postgresStarting = startPostgres(dir, detach).then(track);
    const registryStarting = startRegistry(dir, detach).then(track);
    registryStarting.catch(() => {}); // awaited below; not unhandled if an earlier step fails first
    const etcd = track(await startEtcd(dir, detach));
    log(`etcd ready after ${since()}; starting kube-apiserver`);
    const service = await startServiceApiserver(dir, etcd.clientUrl, detach);
    track({ process: service.apiserver });
    log(`kube-apiserver ready after ${since()}; starting kube-controller-manager and crossplane`);
    const [kcm, crossplane] = await Promise.all([
      startControllerManager(dir, service, detach).then((p) => track({ process: p }).process),
      startCrossplane(dir, service, detach).then(track),
    ]);
    service.controllerManager = kcm;
    log(`crossplane ready after ${since()}; starting the function runtime and provider-sql`);
    const runtimeStarting = startFunctionRuntime(dir, service, detach).then(track);
    runtimeStarting.catch(() => {}); // awaited below
    const postgres = await postgresStarting;
    const provider = track(await startProvider(dir, service, detach));
    await applyProviderConfig(new RestClient(service.credentials), postgres);
    log(`provider-sql ready after ${since()}; waiting for kcp`);
    const kcp = await kcpStarting;
    log(`kcp ready after ${since()}`);
    const registry = await registryStarting;
    const runtime = await runtimeStarting;
    const info: StackInfo = {
      ...readState(dir),
      service: { url: service.url, kubeconfig: service.kubeconfig },
      kcp: {
        url: kcp.url,
        kubeconfig: kcp.kubeconfig,
        users: Object.fromEntries(Object.entries(kcp.users).map(([u, x]) => [u, x.kubeconfig])),
        shards: kcp.shards.map((s) => ({ name: s.name, url: s.url })),
      },
      crossplane: {
        clientCertsDir: crossplane.clientCertsDir,
        metricsUrl: crossplane.metricsUrl,
        healthUrl: crossplane.healthUrl,
      },
      postgres: {
        host: postgres.host,
        port: postgres.port,
        superuser: postgres.superuser,
        password: postgres.password,
        url: postgres.url,
        socketDir: postgres.socketDir,
        binDir: postgres.binDir,
      },
      provider: { metricsUrl: provider.metricsUrl },
      registry: { host: registry.host, url: registry.url },
      functionRuntime: { metricsUrl: runtime.metricsUrl, dir: runtime.dir },
    };
    writeFileSync(join(dir, stackFile), JSON.stringify(info, null, 2));
    return new Stack(info, service, kcp, crossplane, started);
  } catch (err) {
    await Promise.allSettled(started.map((p) => p.stop(2000)));
    throw err;
  }
}

function writeState(dir: string, detached: boolean, processes: PeerProcess[]): void {
  const state = {
    dir,
    ownerPid: process.pid,
    detached,
    startedAt: new Date().toISOString(),
    processes: processes.map((p) => ({ name: p.name, pid: p.pid, log: p.log })),
  };
  writeFileSync(join(dir, stackFile), JSON.stringify(state, null, 2));
}

/**
 * recordProcess adds a process started beside the stack (a function server, the bridge) to the
 * stack's record, so `kxp down` stops it with the rest; the record's order is the stop order reversed.
 */
export function recordProcess(dir: string, p: PeerProcess): void {
  const state = readState(dir);
  state.processes.push({ name: p.name, pid: p.pid, log: p.log });
  writeFileSync(join(dir, stackFile), JSON.stringify(state, null, 2));
}

/** readState returns the stack recorded in dir. */
export function readState(dir: string): StackInfo {
  const file = join(dir, stackFile);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  } catch (cause) {
    throw new Error(`cannot read stack state ${file}`, { cause });
  }
}

/**
 * stopRecordedStack stops, by PID, every process a stack recorded in dir (for `kxp down`, which
 * runs in another process than the one that started them), and reports which it signalled.
 */
export async function stopRecordedStack(dir: string, graceMs = 10_000): Promise<string[]> {
  if (!existsSync(join(dir, stackFile))) return [];
  const { processes } = readState(dir);
  const stopped: string[] = [];
  for (const p of [...processes].reverse()) {
    if (!signalGroup(p.pid, 'SIGTERM')) continue;
    stopped.push(p.name);
    const deadline = Date.now() + graceMs;
    while (isAlive(p.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    signalGroup(p.pid, 'SIGKILL');
  }
  return stopped;
}

/**
 * reapStaleStacks kills the processes of test stacks whose owner died without stopping them
 * (a killed test run), and removes their folders. Detached stacks (make up) are left alone.
 */
export function reapStaleStacks(base: string): void {
  for (const name of readdirSync(base)) {
    const dir = join(base, name);
    let state: Pick<StackInfo, 'ownerPid' | 'detached' | 'processes'>;
    try {
      state = JSON.parse(readFileSync(join(dir, stackFile), 'utf8'));
    } catch {
      continue;
    }
    if (state.detached || isAlive(state.ownerPid)) continue;
    for (const p of state.processes) signalGroup(p.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
