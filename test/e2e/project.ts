// A function project outside this repository, as a user makes one: kxp packed with `npm pack`, a
// project made by `kxp init function` in a temporary folder, and the tarball installed into it.
// Needs the npm registry (or npm's cache) for the package's dependencies.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../..');

export interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * exec returns what command printed and its exit code. npm's own variables are left out of its
 * environment, so an `npm run` around jest does not configure the npm commands run here.
 */
export function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Output> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return new Promise((done) => {
    execFile(command, args, { cwd, env: { ...base, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** ok returns what command printed, or throws with its output when it failed. */
export async function ok(
  command: string,
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  const out = await exec(command, args, cwd, env);
  if (out.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${out.code}:\n${out.stdout}\n${out.stderr}`);
  }
  return out.stdout;
}

/** newest returns the latest modification time of the files below dir that match. */
async function newest(dir: string, match: (file: string) => boolean): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!match(entry)) continue;
    const s = await stat(join(dir, entry));
    if (s.isFile()) latest = Math.max(latest, s.mtimeMs);
  }
  return latest;
}

/**
 * ensureBuilt builds dist/ when it is missing or older than src/. `npm run test:e2e` has just built
 * it, so then nothing is rebuilt under the other tests' feet.
 */
export async function ensureBuilt(): Promise<void> {
  const built = await newest(join(repo, 'dist'), () => true).catch(() => 0);
  const source = await newest(join(repo, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  if (built < source) await ok('npm', ['run', '--silent', 'build'], repo);
}

/** A function project made outside the repository, with kxp installed from its tarball. */
export interface OutsideProject {
  /** tmp is the temporary folder holding the tarball and the project. */
  tmp: string;
  /** dir is the project's folder. */
  dir: string;
  /** tarball is the packed kxp, and files what it holds. */
  tarball: string;
  files: string[];
}

/** outsideProject packs kxp, runs `kxp init function <name>` in a new temporary folder and installs the tarball there. */
export async function outsideProject(
  name: string,
  timed: <T>(what: string, step: () => Promise<T>) => Promise<T> = (_w, s) => s(),
): Promise<OutsideProject> {
  const tmp = await mkdtemp(join(tmpdir(), `kxp-${name}-`));
  const dir = join(tmp, name);
  await timed('build', ensureBuilt);
  const pack = await timed('pack', () =>
    ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], repo),
  );
  const [info] = JSON.parse(pack) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no package: ${pack}`);
  await ok(process.execPath, [join(repo, 'dist/cli/main.js'), 'init', 'function', dir], tmp);
  // As a user would with a kxp that is not on a registry: npm points the dependency at the tarball.
  const tarball = join(tmp, info.filename);
  await timed('npm install', () =>
    ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], dir),
  );
  return { tmp, dir, tarball, files: info.files.map((f) => f.path) };
}
