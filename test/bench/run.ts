/**
 * The function benchmark (`make bench`): the same composition work — a BucketSet XR asking for 1, 10
 * and 100 S3-like Buckets — served by kxp, by @crossplane-org/function-sdk-typescript and by
 * function-sdk-go, each pinned to one core and driven by the same gRPC load from a Go load generator
 * pinned to another. Prints requests/s, p50/p99 latency, peak RSS and kxp's ratio to each, and
 * whether kxp meets its targets at 100 resources: at least 2x the TypeScript SDK's requests/s and at
 * least half the Go SDK's.
 *
 *   node --import tsx test/bench/run.ts [functions] [bridge]   both parts by default
 *
 * BENCH_SECONDS=15 (measured seconds per run) by default. The bridge part is test/bench/bridge/run.ts.
 *
 * Each server starts afresh for each size, so peak RSS is that size's own. Server logs go to .kxp/bench/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { goBinary } from './go-build.js';
import {
  type CheckSummary,
  type Implementation,
  implementations,
  type LoadResult,
  loadgen,
  peakRssMiB,
  startServer,
  stopServer,
} from './servers.js';

const root = resolve(import.meta.dirname, '../..');
const logDir = join(root, '.kxp', 'bench');
const sizes = [1, 10, 100];
const warmupSeconds = 3;
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
/** kxp's targets at the largest size: its requests/s over each other implementation's. */
const targets: { against: Implementation; atLeast: number }[] = [
  { against: 'ts-sdk', atLeast: 2 },
  { against: 'go-sdk', atLeast: 0.5 },
];

interface Row {
  impl: Implementation;
  size: number;
  load: LoadResult;
  rssMiB: number;
}

const log = (message: string) => console.error(`bench: ${message}`);

async function main(): Promise<void> {
  const parts = process.argv.slice(2);
  const unknown = parts.filter((p) => p !== 'functions' && p !== 'bridge');
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}: want functions and/or bridge`);
  if (parts.length === 0 || parts.includes('functions')) await functionBench();
  if (parts.length === 0 || parts.includes('bridge')) await (await import('./bridge/run.js')).bridgeBench();
}

async function functionBench(): Promise<void> {
  if (!(seconds > 0))
    throw new Error(`BENCH_SECONDS must be a positive number, not ${process.env.BENCH_SECONDS}`);
  if (spawnSync('taskset', ['--version']).error)
    throw new Error('taskset (util-linux) is needed to pin processes');
  if (availableParallelism() < 2)
    throw new Error('the benchmark needs two CPUs: one for the server, one for the load');
  const goFunction = goBinary(join(root, 'test/bench/go-function'), 'go-function', log);
  const loadgenBin = goBinary(join(root, 'test/bench/loadgen'), 'loadgen', log);
  const go = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  log(
    `node ${process.version}, ${go}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}`,
  );
  log(`${warmupSeconds}s warm-up + ${seconds}s measured per run, 8 concurrent calls over 2 connections`);

  const rows: Row[] = [];
  for (const size of sizes) {
    let reference: { impl: Implementation; work: string } | undefined;
    for (const impl of implementations) {
      const { row, work } = await measure(impl, size, goFunction, loadgenBin);
      // All three must do the same work, or the comparison means nothing.
      if (reference && work !== reference.work) {
        throw new Error(`${impl} and ${reference.impl} answer differently:\n${work}\n${reference.work}`);
      }
      reference ??= { impl, work };
      rows.push(row);
      const { rps, p99Ms } = row.load;
      log(`${impl} at ${size}: ${rps.toFixed(0)} req/s, p99 ${p99Ms} ms, ${row.rssMiB.toFixed(0)} MiB`);
    }
  }
  log(`load average ${loadavg()[0]?.toFixed(2)} (other work on these CPUs makes the figures noisy)`);
  console.log(table(rows));
  console.log(verdicts(rows));
}

/**
 * measure serves impl afresh, checks one call's response, then times the load; it returns the row
 * and the work the response shows (see checked).
 */
async function measure(
  impl: Implementation,
  size: number,
  goFunction: string,
  loadgenBin: string,
): Promise<{ row: Row; work: string }> {
  const server = await startServer(impl, size, root, logDir, goFunction);
  try {
    // One call first: the benchmark must not time a function that fails or does other work.
    const summary = await loadgen<CheckSummary>(loadgenBin, server, ['-size', `${size}`, '-check']);
    const work = checked(impl, size, summary);
    const timing = ['-size', `${size}`, '-warmup', `${warmupSeconds}s`, '-duration', `${seconds}s`];
    const load = await loadgen<LoadResult>(loadgenBin, server, timing);
    if (load.errors > 0)
      throw new Error(`${impl}: ${load.errors} calls failed, the first: ${load.firstError}`);
    return { row: { impl, size, load, rssMiB: peakRssMiB(server) }, work };
  } finally {
    await stopServer(server);
  }
}

/** checked returns what impl's response says about the work done, or throws if it is not the benchmark's work. */
function checked(impl: Implementation, size: number, s: CheckSummary): string {
  const problems: string[] = [];
  if (s.fatal.length > 0) problems.push(`FATAL results: ${s.fatal.join('; ')}`);
  if (s.desired !== size + 1)
    problems.push(`${s.desired} desired resources, want ${size} Buckets + 1 passed through`);
  if (!s.passedThrough) problems.push('the desired resource of an earlier step was dropped');
  if (s.conditions.length !== 1) problems.push(`${s.conditions.length} conditions, want 1`);
  if (problems.length > 0) throw new Error(`${impl} at size ${size}: ${problems.join('; ')}`);
  // loadgen prints objects with sorted keys, so equal work is equal text.
  return JSON.stringify({ bucket0: s.bucket0, status: s.status, conditions: s.conditions });
}

/** ratio returns kxp's requests/s over against's at size, if both ran. */
function ratio(rows: Row[], against: Implementation, size: number): number | undefined {
  const rps = (impl: Implementation) => rows.find((r) => r.impl === impl && r.size === size)?.load.rps;
  const kxp = rps('kxp');
  const other = rps(against);
  return kxp !== undefined && other ? kxp / other : undefined;
}

/** table returns the results as aligned columns, kxp's rows with its ratio to each other implementation. */
function table(rows: Row[]): string {
  const header = [
    'function',
    'size',
    'req/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MiB',
    'kxp/ts-sdk',
    'kxp/go-sdk',
  ];
  const cells = rows.map((r) => {
    const ratios = targets.map((t) =>
      r.impl === 'kxp' ? (ratio(rows, t.against, r.size)?.toFixed(2) ?? '') : '',
    );
    const { rps, p50Ms, p99Ms } = r.load;
    return [
      r.impl,
      `${r.size}`,
      rps.toFixed(0),
      p50Ms.toFixed(2),
      p99Ms.toFixed(2),
      r.rssMiB.toFixed(0),
      ...ratios,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)));
  return [header, ...cells].map((c) => line(c).join('  ')).join('\n');
}

/** verdicts returns a PASS or MISS line for each of kxp's targets at the largest size. */
function verdicts(rows: Row[]): string {
  const size = Math.max(...sizes);
  return targets
    .map(({ against, atLeast }) => {
      const r = ratio(rows, against, size);
      const verdict = r !== undefined && r >= atLeast ? 'PASS' : 'MISS';
      return `${verdict}  kxp at ${size} resources: ${r?.toFixed(2) ?? '?'}x ${against}'s req/s (target >= ${atLeast}x)`;
    })
    .join('\n');
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.cause instanceof Error) console.error(`bench: ${err.cause.message}`);
  process.exit(1);
});
