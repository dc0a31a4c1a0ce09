/**
 * One size's load runs. Every implementation is served at once (each on the server CPU, idle while
 * another is measured), checked and warmed up, then measured in rounds that take turns: round r starts
 * with the r-th implementation, and each round measures each implementation for its share of the
 * seconds. Work that other processes on the machine do comes in bursts; taking turns spreads a burst
 * over the implementations instead of landing it on one, and each figure is the median of its rounds.
 */

import type { Row } from './report.js';
import {
  type CheckSummary,
  cpuSeconds,
  type Implementation,
  type LoadResult,
  loadgen,
  type Programs,
  peakRssMiB,
  type Server,
  startServer,
  stopServer,
} from './servers.js';
import { median } from './startup.js';

/** How a size is measured. */
export interface MeasureOptions {
  root: string;
  logDir: string;
  programs: Programs;
  loadgenBin: string;
  warmupSeconds: number;
  /** seconds measured per implementation, split over the rounds. */
  seconds: number;
  rounds: number;
}

/**
 * measureSize returns a row per implementation at size: requests/s, latencies and CPU time per
 * call the median of its rounds, peak RSS over them all. It throws if any implementation answers
 * with other work than the first, or a call fails.
 */
export async function measureSize(
  impls: Implementation[],
  size: number,
  opts: MeasureOptions,
): Promise<Row[]> {
  const servers: Server[] = [];
  try {
    let reference: { impl: Implementation; work: string } | undefined;
    for (const impl of impls) {
      // Each serves before the next starts, so that no two are given the same free port.
      const server = await startServer(impl, `${size}`, opts.root, opts.logDir, opts.programs);
      servers.push(server);
      // One call first: the benchmark must not time a function that fails or does other work.
      const summary = await loadgen<CheckSummary>(opts.loadgenBin, server, ['-size', `${size}`, '-check']);
      const work = checked(server.impl, size, summary);
      if (reference && work !== reference.work) {
        throw new Error(
          `${server.impl} and ${reference.impl} answer differently:\n${work}\n${reference.work}`,
        );
      }
      reference ??= { impl: server.impl, work };
    }
    const run = (secs: number) => ['-size', `${size}`, '-warmup', '0s', '-duration', `${secs}s`];
    for (const server of servers) await loadgen<LoadResult>(opts.loadgenBin, server, run(opts.warmupSeconds));
    const measured = new Map<Server, { load: LoadResult; cpuUsPerCall: number }[]>(
      servers.map((s) => [s, []]),
    );
    for (let r = 0; r < opts.rounds; r++) {
      for (let i = 0; i < servers.length; i++) {
        const server = servers[(r + i) % servers.length] as Server;
        const cpuBefore = cpuSeconds(server);
        const load = await loadgen<LoadResult>(opts.loadgenBin, server, run(opts.seconds / opts.rounds));
        const cpuUsPerCall = ((cpuSeconds(server) - cpuBefore) * 1e6) / Math.max(load.requests, 1);
        if (load.errors > 0) {
          throw new Error(`${server.impl}: ${load.errors} calls failed, the first: ${load.firstError}`);
        }
        measured.get(server)?.push({ load, cpuUsPerCall });
      }
    }
    return servers.map((server) => row(server, size, measured.get(server) ?? []));
  } finally {
    for (const server of servers) await stopServer(server);
  }
}

/** row returns server's row: the medians of its rounds, and its peak RSS. */
function row(server: Server, size: number, rounds: { load: LoadResult; cpuUsPerCall: number }[]): Row {
  const of = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
  const load: LoadResult = {
    requests: rounds.reduce((n, r) => n + r.load.requests, 0),
    errors: 0,
    rps: of((r) => r.load.rps),
    p50Ms: of((r) => r.load.p50Ms),
    p99Ms: of((r) => r.load.p99Ms),
    requestBytes: rounds[0]?.load.requestBytes ?? 0,
    responseBytes: rounds[0]?.load.responseBytes ?? 0,
  };
  return {
    impl: server.impl,
    size,
    load,
    rssMiB: peakRssMiB(server),
    cpuUsPerCall: of((r) => r.cpuUsPerCall),
  };
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
