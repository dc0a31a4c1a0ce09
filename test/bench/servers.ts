/**
 * The function servers under test, each started the way its users start it, pinned to CPU 0 (the
 * load generator gets CPU 1), on free loopback ports; and the load generator's two modes.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from './packaged.js';

const run = promisify(execFile);

/** The CPUs: one for the server, another for the load, so "each on one core" holds. */
const serverCpu = '0';
const loadCpu = '1';

export type Implementation = 'kxp' | 'kxp-pkg' | 'ts-sdk' | 'ts-sdk-24' | 'go-sdk';
export const implementations: Implementation[] = ['kxp', 'kxp-pkg', 'ts-sdk', 'ts-sdk-24', 'go-sdk'];

/** How each implementation is named in the results, and how it runs. */
export const labels: Record<Implementation, { name: string; how: string }> = {
  kxp: { name: 'kxp', how: "`kxp function serve` from the sources through tsx, on the host's Node" },
  'kxp-pkg': { name: 'kxp packaged', how: "the package's bundle, Node 24 and Entrypoint/Env" },
  'ts-sdk': {
    name: 'ts-sdk',
    how: "@crossplane-org/function-sdk-typescript through tsx, on the host's Node",
  },
  'ts-sdk-24': { name: 'ts-sdk (node 24)', how: "the same compiled to JavaScript, on the image's Node 24" },
  'go-sdk': { name: 'go-sdk', how: 'function-sdk-go' },
};

/** The programs behind the implementations, prepared once by run.ts. */
export interface Programs {
  goFunction: string;
  /** packaged runs the kxp package's function (packaged.ts). */
  packaged: Command;
  /** tsSdk is the TypeScript SDK's function compiled to JavaScript, and Node 24 to run it. */
  tsSdk: { node: string; program: string };
}

/** serverCommand returns the command line that serves impl on address, and the environment it adds. */
function serverCommand(
  impl: Implementation,
  address: string,
  metricsPort: number,
  programs: Programs,
): Command {
  // Metrics stay on where an SDK serves them by default (kxp, function-sdk-go), on a free port.
  const metrics = ['--metrics-address', `127.0.0.1:${metricsPort}`];
  const serving = ['--insecure', '--address', address];
  switch (impl) {
    case 'kxp': // as `kxp function serve <module>`, from the sources (tsx), as `make up` did
      return {
        command: [
          process.execPath,
          '--import',
          'tsx',
          'src/cli/main.ts',
          'function',
          'serve',
          'test/bench/functions/kxp.ts',
          ...serving,
          ...metrics,
        ],
        env: {},
      };
    case 'kxp-pkg': // as the image runs it: Entrypoint and Env, then the arguments a Deployment adds
      return { command: [...programs.packaged.command, ...serving, ...metrics], env: programs.packaged.env };
    case 'ts-sdk': // the module's own serve() parses the flags
      return {
        command: [process.execPath, '--import', 'tsx', 'test/bench/functions/ts-sdk.ts', ...serving],
        env: {},
      };
    case 'ts-sdk-24': // as its template's image would: `node <compiled main>` with production node_modules
      return {
        command: [programs.tsSdk.node, programs.tsSdk.program, ...serving],
        env: { NODE_ENV: 'production' },
      };
    case 'go-sdk':
      return { command: [programs.goFunction, ...serving, ...metrics], env: {} };
  }
}

/** A running function server. */
export interface Server {
  impl: Implementation;
  address: string;
  child: ChildProcess;
  logFile: string;
  /** started is performance.now() when the process was spawned. */
  started: number;
}

/**
 * startServer starts impl pinned to the server CPU, logging into logDir/<impl>-<run>.log; it may
 * not listen yet.
 */
export async function startServer(
  impl: Implementation,
  run: string,
  root: string,
  logDir: string,
  programs: Programs,
): Promise<Server> {
  const address = `127.0.0.1:${await freePort()}`;
  const { command, env } = serverCommand(impl, address, await freePort(), programs);
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${impl}-${run}.log`);
  const log = openSync(logFile, 'w');
  // The host's NODE_OPTIONS must not reach a server that brings its own (the package's Env).
  const { NODE_OPTIONS: _, ...hostEnv } = process.env;
  const started = performance.now();
  // taskset execs the server, so the child's pid is the server's own (for /proc/<pid>/status).
  const child = spawn('taskset', ['-c', serverCpu, ...command], {
    cwd: root,
    env: { ...hostEnv, ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  return { impl, address, child, logFile, started };
}

/** stopServer stops server with SIGTERM (SIGKILL after 10s) and waits for it to exit. */
export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** peakRssMiB returns the server's peak resident set size (VmHWM) so far, in MiB. */
export function peakRssMiB(server: Server): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`cannot read VmHWM of ${server.impl} (pid ${server.child.pid})`);
  return Number(kib) / 1024;
}

/** clockTicks is the kernel's clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
let clockTicks: number | undefined;

/** cpuSeconds returns the CPU time (user and system, every thread) the server has used so far. */
export function cpuSeconds(server: Server): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces: utime is the 14th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || !(clockTicks > 0)) {
    throw new Error(`cannot read the CPU time of ${server.impl} (pid ${server.child.pid})`);
  }
  return (utime + stime) / clockTicks;
}

/** What `loadgen -check` prints about one response (test/bench/loadgen/request.go). */
export interface CheckSummary {
  desired: number;
  passedThrough: boolean;
  fatal: string[];
  bucket0: unknown;
  status: unknown;
  conditions: unknown[];
}

/** What a `loadgen` load run prints. */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requestBytes: number;
  responseBytes: number;
}

/** loadgen runs the load generator pinned to the load CPU and returns what it printed; it fails if the server exits. */
export async function loadgen<T>(loadgenBin: string, server: Server, args: string[]): Promise<T> {
  const call = run('taskset', ['-c', loadCpu, loadgenBin, '-address', server.address, ...args]);
  const stopLoad = () => call.child.kill();
  server.child.once('exit', stopLoad);
  try {
    const { stdout } = await call;
    return JSON.parse(stdout) as T;
  } catch (cause) {
    const { exitCode, signalCode } = server.child;
    const why =
      exitCode !== null || signalCode !== null
        ? `it exited (${signalCode ?? exitCode}), see ${server.logFile}`
        : ((cause as { stderr?: string }).stderr?.trim() ?? String(cause));
    throw new Error(`cannot run loadgen against ${server.impl}: ${why}`, { cause });
  } finally {
    server.child.off('exit', stopLoad);
  }
}

/**
 * onLoadCpu pins every thread of process pid to the load CPU and returns a function that restores
 * the affinity it had.
 */
export function onLoadCpu(pid: number): () => void {
  const before = /:\s*([0-9a-f]+)\s*$/.exec(
    execFileSync('taskset', ['-p', `${pid}`], { encoding: 'utf8' }),
  )?.[1];
  if (!before) throw new Error(`cannot read the CPU affinity of process ${pid}`);
  execFileSync('taskset', ['-a', '-p', '-c', loadCpu, `${pid}`], { stdio: 'ignore' });
  return () => execFileSync('taskset', ['-a', '-p', before, `${pid}`], { stdio: 'ignore' });
}

/** freePort returns a loopback port free a moment ago. */
async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  return port;
}
