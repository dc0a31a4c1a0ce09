import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartOptions {
  /** Folder for the log file `<name>.log`. */
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** Give the process only env, not this process's environment as well. */
  cleanEnv?: boolean;
  /** Keep running after this Node process exits (make up). */
  detach?: boolean;
  /**
   * Lead a process group of its own (the default), which stop signals whole; otherwise stay in this
   * process's group, so that whatever kills this process's group kills it too.
   */
  ownGroup?: boolean;
}

/**
 * One peer server run as a child process in its own process group, its output in a log file.
 * Stopping it signals the whole group, so helpers it started go too.
 */
export class PeerProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly pid: number,
    readonly log: string,
    child: ChildProcess,
    private readonly command: { binary: string; args: string[]; opts: StartOptions },
    private readonly ownGroup = true,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(this.exitCode);
      });
    });
  }

  static start(name: string, binary: string, args: string[], opts: StartOptions): PeerProcess {
    const log = join(opts.dir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(binary, args, {
      cwd: opts.dir,
      env: opts.cleanEnv ? opts.env : { ...process.env, ...opts.env },
      stdio: ['ignore', fd, fd],
      detached: opts.ownGroup ?? true,
    });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${binary})`);
    if (opts.detach) child.unref();
    return new PeerProcess(name, child.pid, log, child, { binary, args, opts }, opts.ownGroup ?? true);
  }

  /**
   * startAgain starts this peer's command again, once it has exited: the same binary, flags, ports
   * and data folder, its output appended to the same log (a restart, as a supervisor would do it).
   */
  startAgain(): PeerProcess {
    if (this.running)
      throw new Error(`cannot start ${this.name} again: it is still running (PID ${this.pid})`);
    return PeerProcess.start(this.name, this.command.binary, this.command.args, this.command.opts);
  }

  /** running is false once the process has exited. */
  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** tail returns the last lines of the log, for error messages. */
  tail(lines = 25): string {
    return tailOf(this.log, lines);
  }

  /**
   * stop sends SIGTERM to the process group (or to terminate, when given: the process to ask), then
   * SIGKILL to the group (or the process) after graceMs.
   */
  async stop(graceMs = 10_000, terminate?: number): Promise<void> {
    if (!this.running) return;
    this.signal(terminate, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.signal(undefined, 'SIGKILL');
      await this.exited;
    }
  }

  private signal(pid: number | undefined, signal: NodeJS.Signals): void {
    if (pid !== undefined) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone already
      }
    } else if (this.ownGroup) signalGroup(this.pid, signal);
    else this.signal(this.pid, signal);
  }
}

/** signalGroup signals a process group by its leader's PID; a group that is gone is no error. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** isAlive reports whether a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** tailOf returns the last lines of a file, or a note that it cannot be read. */
export function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}
