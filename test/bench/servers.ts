/**
 * The three function servers under test, each started the way its users start it, pinned to CPU 0
 * (the load generator gets CPU 1), on free loopback ports; and the load generator's two modes.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The CPUs: one for the server, another for the load, so "each on one core" holds. */
const serverCpu = '0';
const loadCpu = '1';

export type Implementation = 'kxp' | 'ts-sdk' | 'go-sdk';
export const implementations: Implementation[] = ['kxp', 'ts-sdk', 'go-sdk'];

/** serverCommand returns the command line that serves impl on address. */
function serverCommand(
  impl: Implementation,
  address: string,
  metricsPort: number,
  goFunction: string,
): string[] {
  // Metrics stay on where an SDK serves them by default (kxp, function-sdk-go), on a free port.
  const metrics = ['--metrics-address', `127.0.0.1:${metricsPort}`];
  switch (impl) {
    case 'kxp': // as `kxp function serve <module>`, from the sources (tsx), as `make up` does
      return [
        process.execPath,
        '--import',
        'tsx',
        'src/cli/main.ts',
        'function',
        'serve',
        'test/bench/functions/kxp.ts',
        '--insecure',
        '--address',
        address,
        ...metrics,
      ];
    case 'ts-sdk': // the module's own serve() parses the flags
      return [
        process.execPath,
        '--import',
        'tsx',
        'test/bench/functions/ts-sdk.ts',
        '--insecure',
        '--address',
        address,
      ];
    case 'go-sdk':
      return [goFunction, '--insecure', '--address', address, ...metrics];
  }
}

/** A running function server. */
export interface Server {
  impl: Implementation;
  address: string;
  child: ChildProcess;
  logFile: string;
}

/** startServer starts impl pinned to the server CPU, logging into logDir; it may not listen yet. */
export async function startServer(
  impl: Implementation,
  size: number,
  root: string,
  logDir: string,
  goFunction: string,
): Promise<Server> {
  const address = `127.0.0.1:${await freePort()}`;
  const command = serverCommand(impl, address, await freePort(), goFunction);
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${impl}-${size}.log`);
  const log = openSync(logFile, 'w');
  // taskset execs the server, so the child's pid is the server's own (for /proc/<pid>/status).
  const child = spawn('taskset', ['-c', serverCpu, ...command], { cwd: root, stdio: ['ignore', log, log] });
  return { impl, address, child, logFile };
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

/** freePort returns a loopback port free a moment ago. */
async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as { port: number };
  srv.close();
  return port;
}
