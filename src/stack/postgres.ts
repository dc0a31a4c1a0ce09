import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { freePorts } from './ports.js';
import { PeerProcess } from './process.js';
import { waitUntil } from './ready.js';

/** Where Debian's packages (postgresql-<major>) install the server binaries. */
export const debianPostgresRoot = '/usr/lib/postgresql';
/** The Debian package that provides them; CI installs it when no initdb is found. */
export const debianPostgresPackage = 'postgresql';
/** The system account Debian's package creates, which runs the server when we are root. */
export const postgresUser = 'postgres';

export interface Postgres {
  process: PeerProcess;
  host: string;
  port: number;
  /** The superuser initdb created; it logs in with password over TCP, and without one on the socket. */
  superuser: string;
  password: string;
  /** postgresql://superuser:password@host:port/postgres */
  url: string;
  /** Folder of the Unix socket (`psql -h <socketDir>`), reachable by root and the server's user only. */
  socketDir: string;
  /** Folder of the PostgreSQL binaries (psql, pg_isready, ...). */
  binDir: string;
}

/** newestBinDir picks the newest major version among the folders in /usr/lib/postgresql that hold initdb. */
export function newestBinDir(root: string, majors: string[], hasInitdb: (bin: string) => boolean): string {
  const found = majors
    .filter((m) => /^\d+$/.test(m))
    .sort((a, b) => Number(b) - Number(a))
    .map((m) => join(root, m, 'bin'))
    .find(hasInitdb);
  if (!found) {
    throw new Error(
      `cannot find PostgreSQL: no ${root}/<version>/bin/initdb; install Debian's ${debianPostgresPackage} package ` +
        `(apt-get install ${debianPostgresPackage})`,
    );
  }
  return found;
}

/** postgresBinDir returns the folder of the newest PostgreSQL installed from Debian's packages. */
export function postgresBinDir(): string {
  const majors = existsSync(debianPostgresRoot) ? readdirSync(debianPostgresRoot) : [];
  return newestBinDir(debianPostgresRoot, majors, (bin) => existsSync(join(bin, 'initdb')));
}

/** Ids of a Unix account. */
export interface Ids {
  uid: number;
  gid: number;
}

/** An account by id, from a `getent passwd` line (name:x:uid:gid:...). */
export function parsePasswd(line: string): Ids | undefined {
  const [, , uid, gid] = line.trim().split(':');
  if (!uid || !gid || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return undefined;
  return { uid: Number(uid), gid: Number(gid) };
}

/** How to run PostgreSQL's programs. */
interface Account {
  /** The account's ids, when it is not ours: the files it needs are given to it. */
  owner?: Ids;
  /** command returns the file and arguments that run binary as the account. */
  command(binary: string, args: string[]): [string, string[]];
}

/**
 * serverAccount returns how to run PostgreSQL's programs. PostgreSQL refuses to run as root, so
 * as root (CI, containers) they run as Debian's `postgres` account through setpriv, which execs in
 * place: the PID we keep is the server's own, and SIGTERM reaches it, not a wrapper.
 */
function serverAccount(): Account {
  if (process.getuid?.() !== 0) return { command: (binary, args) => [binary, args] };
  const getent = spawnSync('getent', ['passwd', postgresUser], { encoding: 'utf8' });
  const owner = parsePasswd(getent.stdout ?? '');
  if (!owner) {
    throw new Error(`cannot run PostgreSQL as root, and there is no ${postgresUser} account to run it as`);
  }
  const setpriv = [`--reuid=${postgresUser}`, `--regid=${postgresUser}`, '--init-groups', '--'];
  return { owner, command: (binary, args) => ['setpriv', [...setpriv, binary, ...args]] };
}

/** searchable reports whether an account may traverse a folder with this owner and mode (its primary group only). */
export function searchable(st: { uid: number; gid: number; mode: number }, who: Ids): boolean {
  if (st.uid === who.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === who.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/**
 * letThrough lets the server's account reach its folder inside dir. A private state folder (mkdtemp's
 * 0700, as test stacks have) is given to the postgres group with search permission only (0710): the
 * account can open its own folder inside but cannot list the stack's state. Folders above dir are not
 * ours to change; when one of them shuts the account out, the error says which.
 */
function letThrough(dir: string, owner: Ids): void {
  for (let up = dirname(dir); ; up = dirname(up)) {
    if (!searchable(statSync(up), owner)) {
      throw new Error(
        `cannot run PostgreSQL as ${postgresUser} in ${dir}: ${postgresUser} cannot enter ${up}; ` +
          `use a state folder outside it, or allow it (chmod o+x ${up})`,
      );
    }
    if (up === dirname(up)) break;
  }
  const st = statSync(dir);
  if (searchable(st, owner)) return;
  if ((st.mode & 0o077) !== 0) {
    throw new Error(`cannot give ${postgresUser} access to ${dir}: it is shared with group ${st.gid}`);
  }
  chownSync(dir, st.uid, owner.gid);
  chmodSync(dir, 0o710);
}

/** The server's command line: loopback TCP only, its socket in the state folder, no fsync (test data). */
export function postgresArgs(data: string, socketDir: string, port: number): string[] {
  return [
    '-D',
    data,
    '-k',
    socketDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
  ];
}

/**
 * startPostgres initialises a fresh cluster in <dir>/postgres (superuser `postgres` with a generated
 * password, scram-sha-256 over TCP, trust on the socket, which only root and the server's account can
 * reach) and runs it on a free loopback port.
 */
export async function startPostgres(dir: string, detach: boolean): Promise<Postgres> {
  const binDir = postgresBinDir();
  const account = serverAccount();
  const { owner } = account;
  const home = join(dir, 'postgres');
  const data = join(home, 'data');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(home, 'superuser.pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    letThrough(dir, owner);
    chownSync(home, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const superuser = 'postgres';
  const init = spawnSync(
    ...account.command(join(binDir, 'initdb'), [
      `--pgdata=${data}`,
      `--username=${superuser}`,
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]),
    { cwd: home, encoding: 'utf8', timeout: 120_000 },
  );
  rmSync(pwfile, { force: true });
  writeFileSync(join(dir, 'postgres-init.log'), `${init.stdout ?? ''}${init.stderr ?? ''}`);
  if (init.status !== 0) {
    const why = init.error?.message ?? `exit ${init.status ?? init.signal}`;
    throw new Error(`cannot initialise PostgreSQL in ${data}: initdb failed (${why})\n${init.stderr ?? ''}`);
  }

  const [port = 0] = await freePorts(1);
  const [file, args] = account.command(join(binDir, 'postgres'), postgresArgs(data, home, port));
  const proc = PeerProcess.start('postgres', file, args, { dir, detach });
  const host = '127.0.0.1';
  await waitUntil('postgres', `${host}:${port} to accept connections`, () => isReady(binDir, host, port), {
    timeoutMs: 60_000,
    process: proc,
  });
  const url = `postgresql://${superuser}:${encodeURIComponent(password)}@${host}:${port}/postgres`;
  return { process: proc, host, port, superuser, password, url, socketDir: home, binDir };
}

/** isReady asks pg_isready, which exits 0 once the server accepts connections. */
function isReady(binDir: string, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(join(binDir, 'pg_isready'), ['-q', '-h', host, '-p', String(port)], { timeout: 5000 }, (err) =>
      resolve(!err),
    );
  });
}
