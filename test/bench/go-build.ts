/**
 * Building the benchmark's Go programs (the function-sdk-go function and the load generator) once,
 * cached outside the repository and keyed by a hash of their sources and the Go version, like
 * peers/build.sh caches the peers: a second `make bench` starts at once.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** cacheDir is where built binaries live: ${XDG_CACHE_HOME:-~/.cache}/kxp/bench. */
export const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kxp', 'bench');

/** goBinary returns the path of the binary built from the Go module in dir, building it if its sources changed. */
export function goBinary(dir: string, name: string, log: (message: string) => void): string {
  const out = join(cacheDir, `${name}-${sourceHash(dir)}`, name);
  if (existsSync(out)) return out;
  log(`building ${name} (${dir}) into ${out}`);
  const started = Date.now();
  mkdirSync(join(out, '..'), { recursive: true });
  // Build beside the target and rename, so an interrupted build never leaves a broken binary cached.
  const tmp = `${out}.tmp-${process.pid}`;
  execFileSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: dir,
    env: { ...process.env, CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  renameSync(tmp, out);
  log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return out;
}

/** sourceHash returns a short hash of the module's go.mod, go.sum and .go files, and the Go version. */
function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  const files = readdirSync(dir)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
    .sort();
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(dir, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 12);
}
