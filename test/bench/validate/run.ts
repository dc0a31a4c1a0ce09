/**
 * The validate benchmark (`make bench`, part `validate`): 10,000 generated claims (generate.ts) checked by
 * `kxp validate` and by `crossplane resource validate` (the crossplane CLI peer, offline, with Crossplane's
 * CRDs in its cache folder) against the same XRDs, in the same run, each as its own process and timed
 * from spawn to exit, with -o json. kxp runs as compiled JavaScript (its command bundled by esbuild, as the
 * npm package ships it compiled), and again from the sources through tsx. The verdicts must match: every
 * resource's status, and every invalid resource's errors (field and type).
 *
 *   node --import tsx test/bench/run.ts validate
 *
 * BENCH_VALIDATE_CLAIMS (10000) claims, BENCH_VALIDATE_ROUNDS (1) rounds taking turns (the median is
 * reported). Files go to .kxp/bench/validate/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { peerBinary, peerDir } from '../../../src/stack/peers.js';
import { generateClaims } from './generate.js';

const root = resolve(import.meta.dirname, '../../..');
const work = join(root, '.kxp', 'bench', 'validate');
const schemas = join(root, 'test/fixtures/validate/schemas');
const log = (message: string) => console.error(`bench: ${message}`);
/** target is how many times faster than crossplane resource validate kxp validate is to be. */
const target = 5;

interface Run {
  ms: number;
  code: number;
  stdout: string;
}

interface Verdict {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  status: string;
  errors?: { type: string; field?: string }[];
}

/** timed runs a command to its exit and returns how long it took, its exit code and what it printed. */
function timed(command: string, args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (!stdout.startsWith('{'))
        fail(new Error(`${command} exited ${code} without a report: ${err.slice(0, 500)}`));
      else done({ ms: performance.now() - t0, code: code ?? -1, stdout });
    });
  });
}

/** crossplaneCache returns a cache folder with Crossplane's own CRDs, which the CLI wants offline. */
function crossplaneCache(): string {
  const pkg = join(work, 'cache/xpkg.crossplane.io/crossplane/crossplane@stable');
  mkdirSync(pkg, { recursive: true });
  const crds = join(peerDir('crossplane'), 'crds');
  const docs = readdirSync(crds).map((f) => `---\n${readFileSync(join(crds, f), 'utf8')}`);
  writeFileSync(join(pkg, 'package.yaml'), docs.join('\n'));
  return join(work, 'cache');
}

/** bundleKxp returns kxp validate as one compiled module (its dependencies left to node_modules). */
async function bundleKxp(): Promise<string> {
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    `import { validateCommand } from ${JSON.stringify(join(root, 'src/cli/validate.ts'))};\nvalidateCommand(process.argv.slice(2)).then((code) => process.exit(code));\n`,
  );
  const outfile = join(work, 'kxp-validate.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

const key = (r: Verdict) => `${r.kind} ${r.namespace ?? ''}/${r.name}`;
const errorsOf = (r: Verdict) =>
  [...new Set((r.errors ?? []).map((e) => `${e.type} ${(e.field ?? '').replace('<nil>', '')}`))]
    .sort()
    .join(',');

/** mismatches returns how the two reports' verdicts differ: a line per resource whose status or errors differ. */
function mismatches(kxp: string, crossplane: string): string[] {
  const ours = new Map((JSON.parse(kxp).resources as Verdict[]).map((r) => [key(r), r]));
  const theirs = JSON.parse(crossplane).resources as Verdict[];
  const out: string[] = [];
  for (const r of theirs) {
    const mine = ours.get(key(r));
    if (!mine) out.push(`${key(r)}: crossplane ${r.status}, kxp has no verdict`);
    else if (mine.status !== r.status) out.push(`${key(r)}: crossplane ${r.status}, kxp ${mine.status}`);
    else if (r.status === 'invalid' && errorsOf(r) !== errorsOf(mine)) {
      out.push(`${key(r)}: crossplane's errors ${errorsOf(r)}, kxp's ${errorsOf(mine)}`);
    }
  }
  if (ours.size !== theirs.length) out.push(`kxp has ${ours.size} verdicts, crossplane ${theirs.length}`);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!(Number.isInteger(v) && v > 0))
    throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return v;
}

/** validateBench runs the benchmark and prints its table and verdict lines. */
export async function validateBench(): Promise<void> {
  const count = positive('BENCH_VALIDATE_CLAIMS', 10_000);
  const rounds = positive('BENCH_VALIDATE_ROUNDS', 1);
  mkdirSync(work, { recursive: true });
  const claims = join(work, 'claims');
  const made = generateClaims(claims, count);
  log(
    `${count} claims in ${claims}: ${Object.entries(made)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  const cache = crossplaneCache();
  const bundle = await bundleKxp();
  const commands = {
    'kxp validate': [process.execPath, [bundle, '--schemas', schemas, '-o', 'json', claims]],
    'kxp validate (tsx, from the sources)': [
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src/cli/main.ts'),
        'validate',
        '--schemas',
        schemas,
        '-o',
        'json',
        claims,
      ],
    ],
    'crossplane resource validate': [
      peerBinary('crossplane-cli', 'crossplane'),
      ['resource', 'validate', `--cache-dir=${cache}`, schemas, claims, '-o', 'json'],
    ],
  } as const;
  log(
    `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; ${rounds} round(s) taking turns`,
  );
  const times: Record<string, number[]> = {};
  const last: Record<string, Run> = {};
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(commands);
    if (round % 2 === 1) order.reverse();
    for (const [name, [command, args]] of order) {
      const run = await timed(command, [...args]);
      times[name] = [...(times[name] ?? []), run.ms];
      last[name] = run;
      log(`${name}: ${(run.ms / 1000).toFixed(2)}s, exit ${run.code}`);
    }
  }
  report(count, times, last, load());
}

function load(): string {
  return `load average ${loadavg()[0]?.toFixed(2)}`;
}

function report(
  count: number,
  times: Record<string, number[]>,
  last: Record<string, Run>,
  loadAfter: string,
): void {
  const cp = median(times['crossplane resource validate'] ?? []);
  console.log('tool                                     claims   wall s  claims/s  vs crossplane');
  for (const [name, ms] of Object.entries(times)) {
    const m = median(ms);
    const ratio = cp / m;
    console.log(
      `${name.padEnd(40)} ${String(count).padStart(6)} ${(m / 1000).toFixed(2).padStart(8)} ${((count / m) * 1000).toFixed(0).padStart(9)}  ${ratio.toFixed(1).padStart(12)}x`,
    );
  }
  const kxp = last['kxp validate'];
  const crossplane = last['crossplane resource validate'];
  const diff = kxp && crossplane ? mismatches(kxp.stdout, crossplane.stdout) : ['a run is missing'];
  const summary = (r: Run | undefined) => (r ? JSON.stringify(JSON.parse(r.stdout).summary) : '?');
  console.log('');
  console.log(`kxp:        ${summary(kxp)}`);
  console.log(`crossplane: ${summary(crossplane)}`);
  for (const d of diff.slice(0, 10)) console.log(`  differs: ${d}`);
  const ratio = cp / median(times['kxp validate'] ?? []);
  const same = diff.length === 0 && kxp?.code === crossplane?.code;
  const verdict = ratio >= target && same ? 'PASS' : 'MISS';
  console.log(
    `${verdict}  kxp validate ${ratio.toFixed(1)}x as fast as crossplane resource validate on ${count} claims (target >= ${target}x), verdicts ${same ? 'the same' : `differ (${diff.length})`}, exit ${kxp?.code} and ${crossplane?.code}`,
  );
  console.log(`(${availableParallelism()} CPUs, ${loadAfter} after)`);
}
