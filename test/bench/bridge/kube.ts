/** Small helpers of the bridge benchmark: following a collection, bounded concurrency, percentiles, peak RSS. */
import { readFileSync } from 'node:fs';
import type { KubeObject, RestClient } from '../../../src/kube/rest.js';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** BenchObject is an object of the benchmark's kinds: spec.id names it across kcp and the service cluster. */
export type BenchObject = KubeObject & {
  spec?: { id?: string };
  status?: { conditions?: Condition[] };
};

/** The condition the benchmark's status writer sets on every service copy, standing in for Crossplane. */
export const benchCondition = 'BenchReady';

export const hasBenchCondition = (o: BenchObject): boolean =>
  (o.status?.conditions ?? []).some((c) => c.type === benchCondition && c.status === 'True');

/**
 * follow lists path and then watches it from the list's resourceVersion, calling onObject for every
 * object listed, added or modified, until signal aborts; a watch that ends or fails is followed by a
 * fresh list. It resolves once the first list is done, so nothing created after that is missed.
 */
export async function follow(
  client: RestClient,
  path: string,
  onObject: (o: BenchObject) => void,
  signal: AbortSignal,
): Promise<void> {
  const listOnce = async (): Promise<string | undefined> => {
    const list = await client.list<BenchObject>(path);
    for (const o of list.items) onObject(o);
    return list.metadata.resourceVersion;
  };
  let rv = await listOnce();
  void (async () => {
    while (!signal.aborted) {
      try {
        if (rv === undefined) rv = await listOnce();
        await client.watch<BenchObject>(
          path,
          { resourceVersion: rv, timeoutSeconds: 600 },
          (e) => {
            if (e.type === 'ADDED' || e.type === 'MODIFIED') onObject(e.object);
            if (e.object.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
            if (e.type === 'ERROR') rv = undefined;
          },
          signal,
        );
      } catch {
        if (signal.aborted) return;
        rv = undefined;
        await sleep(200);
      }
    }
  })();
}

/** pool runs work over items with at most concurrency at once. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Limiter bounds how many promises run at once, queueing the rest. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** retry calls fn until it resolves, or rethrows its last error after timeoutMs. */
export async function retry<T>(fn: () => Promise<T>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}

/** waitUntil polls check until it returns true, or throws what describe says after timeoutMs. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s: ${describe()}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** percentile returns the q-quantile (0..1) of values by the nearest-rank method. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** peakRssMiB returns a process's peak resident set (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** cpuTicks returns the CPU time a process has used (user + system), in clock ticks; 0 once it is gone. */
export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * settled resolves once the processes together used less than `share` of one CPU over a window of
 * windowMs (or after timeoutMs), and returns how long that took: the servers finishing work left
 * from before (kcp takes a second or two after a burst of creates) is then not counted against
 * whatever is measured next. Clock ticks are 1/100 s on Linux.
 */
export async function settled(
  pids: number[],
  share = 0.2,
  windowMs = 500,
  timeoutMs = 20_000,
): Promise<number> {
  const t0 = Date.now();
  const total = () => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  for (let before = total(); Date.now() - t0 < timeoutMs; ) {
    await sleep(windowMs);
    const now = total();
    if (((now - before) * 10) / windowMs < share) break;
    before = now;
  }
  return Date.now() - t0;
}
