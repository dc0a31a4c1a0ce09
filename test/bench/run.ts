/**
 * The function benchmark (`make bench`): the same composition work — a BucketSet XR asking for 1, 10
 * and 100 S3-like Buckets — served by kxp, by @crossplane-org/function-sdk-typescript and by
 * function-sdk-go, each pinned to one core and driven by the same gRPC load from a Go load generator
 * pinned to another. kxp runs twice: from the sources through tsx on the host's Node, and as its
 * package runs it (the bundle and Node 24 unpacked from the amd64 image `kxp package build` makes,
 * with the image's Entrypoint and Env; packaged.ts); the TypeScript SDK likewise, through tsx on the
 * host's Node and compiled to JavaScript on that same Node 24, so each kxp run has a TypeScript SDK
 * run on its own Node to compare with.
 *
 * It prints requests/s, p50/p99 latency, the server's CPU time per call, peak RSS and kxp's ratios;
 * the time from spawn to serving (health check SERVING, or a first RunFunction for the TypeScript
 * SDK, which serves no health; startup.ts); the compressed size of each layer of the package per
 * architecture beside the TypeScript SDK's computed equivalent (image-size.ts); and PASS or MISS per
 * target (report.ts): kxp from the sources at least 2x the TypeScript SDK's requests/s at 100
 * resources and half the Go SDK's; kxp packaged at least 2.5x the TypeScript SDK (node 24)'s, peak
 * RSS at or below its at every size, SERVING within 400 ms (median), and each architecture's
 * package under 45 MB.
 *
 *   node --import tsx test/bench/run.ts [functions] [bridge] [validate] [catalog]   every part by default
 *
 * BENCH_SECONDS=15 (measured seconds per implementation and size) by default, split over
 * BENCH_ROUNDS=3 rounds that take turns (measure.ts); BENCH_STARTS=10 starts per start time. The
 * bridge part is test/bench/bridge/run.ts.
 *
 * For each size every server starts afresh, so peak RSS is that size's own. Server logs, the bench
 * package and the unpacked programs go to .kxp/bench/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { goBinary } from './go-build.js';
import { packageSizes, sizeTable, tsSdkSizes } from './image-size.js';
import { measureSize } from './measure.js';
import { buildBenchPackages, packagedCommand, tsSdkProgram } from './packaged.js';
import { type Row, type Startup, startupLines, table, verdicts } from './report.js';
import { type Implementation, implementations, labels, onLoadCpu, type Programs } from './servers.js';
import { type Probe, timesToServing } from './startup.js';

const root = resolve(import.meta.dirname, '../..');
const workDir = join(root, '.kxp', 'bench');
const sizes = [1, 10, 100];
const warmupSeconds = 3;
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const starts = Number(process.env.BENCH_STARTS ?? 10);
/** The start times measured: kxp packaged by health and by a first call, the TypeScript SDK by a first call. */
const startProbes: { impl: Implementation; probe: Probe }[] = [
  { impl: 'kxp-pkg', probe: 'health' },
  { impl: 'kxp-pkg', probe: 'RunFunction' },
  { impl: 'ts-sdk-24', probe: 'RunFunction' },
];

const log = (message: string) => console.error(`bench: ${message}`);

async function main(): Promise<void> {
  const parts = process.argv.slice(2);
  const known = ['functions', 'bridge', 'validate', 'catalog'];
  const unknown = parts.filter((p) => !known.includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown part ${unknown.join(', ')}: want functions, bridge, validate and/or catalog`);
  if (parts.length === 0 || parts.includes('functions')) await functionBench();
  if (parts.length === 0 || parts.includes('bridge')) await (await import('./bridge/run.js')).bridgeBench();
  if (parts.length === 0 || parts.includes('validate'))
    await (await import('./validate/run.js')).validateBench();
  if (parts.length === 0 || parts.includes('catalog'))
    await (await import('./catalog/run.js')).catalogBench();
}

async function functionBench(): Promise<void> {
  if (!(seconds > 0))
    throw new Error(`BENCH_SECONDS must be a positive number, not ${process.env.BENCH_SECONDS}`);
  for (const [name, n] of [
    ['BENCH_ROUNDS', rounds],
    ['BENCH_STARTS', starts],
  ] as const) {
    if (!(Number.isInteger(n) && n > 0))
      throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  }
  if (spawnSync('taskset', ['--version']).error)
    throw new Error('taskset (util-linux) is needed to pin processes');
  if (availableParallelism() < 2)
    throw new Error('the benchmark needs two CPUs: one for the server, one for the load');
  const goFunction = goBinary(join(root, 'test/bench/go-function'), 'go-function', log);
  const loadgenBin = goBinary(join(root, 'test/bench/loadgen'), 'loadgen', log);
  const built = await buildBenchPackages(root, workDir, log);
  const amd64 = built.packages.find((p) => p.arch === 'amd64');
  if (!amd64) throw new Error('cannot run the packaged function: no amd64 package was built');
  const packaged = await packagedCommand(amd64.image, workDir);
  const [node24] = packaged.command;
  const tsSdk = { node: node24 ?? '', program: await tsSdkProgram(root, workDir) };
  const programs: Programs = { goFunction, packaged, tsSdk };
  const images = [...packageSizes(built), ...(await tsSdkSizes(root, built, tsSdk.program))];

  const go = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  const node24Version = execFileSync(tsSdk.node, ['--version'], { encoding: 'utf8' }).trim();
  log(
    `node ${process.version} and ${node24Version} (the package's), ${go}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}`,
  );
  log(
    `kxp packaged runs: ${env(packaged.env)}${packaged.command.map((a) => a.replace(`${root}/`, '')).join(' ')}`,
  );
  log(
    `${warmupSeconds}s warm-up + ${seconds}s measured per implementation and size, in ${rounds} rounds taking turns; 8 concurrent calls over 2 connections`,
  );

  // The driver probes starting servers every few milliseconds: it keeps to the load's CPU meanwhile.
  const restore = onLoadCpu(process.pid);
  const rows: Row[] = [];
  const startups: Startup[] = [];
  const measuring = { root, logDir: workDir, programs, loadgenBin, warmupSeconds, seconds, rounds };
  try {
    for (const size of sizes) {
      for (const row of await measureSize(implementations, size, measuring)) {
        rows.push(row);
        const { rps, p99Ms } = row.load;
        log(
          `${labels[row.impl].name} at ${size}: ${rps.toFixed(0)} req/s, p99 ${p99Ms} ms, ${row.cpuUsPerCall.toFixed(0)} us CPU per call, ${row.rssMiB.toFixed(0)} MiB`,
        );
      }
    }
    for (const { impl, probe } of startProbes) {
      log(`${labels[impl].name}: ${starts} starts to ${probe}`);
      startups.push({ impl, probe, ms: await timesToServing(impl, probe, starts, root, workDir, programs) });
    }
  } finally {
    restore();
  }
  log(`load average ${loadavg()[0]?.toFixed(2)} (other work on these CPUs makes the figures noisy)`);
  console.log(table(rows));
  console.log('');
  console.log(startupLines(startups));
  console.log('');
  console.log(sizeTable(images));
  console.log(
    '  ts-sdk: computed, not built (its template needs Docker): the same base layers, its production',
  );
  console.log("  node_modules and compiled function, the same package.yaml; gzip level 9 as kxp's layers.");
  console.log('');
  console.log(verdicts(rows, sizes, startups, images));
}

/** env returns the environment as `NAME=value ` words, for a command line shown in a log. */
function env(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${/\s/.test(v) ? JSON.stringify(v) : v} `)
    .join('');
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.cause instanceof Error) console.error(`bench: ${err.cause.message}`);
  process.exit(1);
});
