// kxp render against the real crossplane render: for every composition in compositions/ and
// examples/, both print the same XR and composed resources (uids and timestamps aside), and real
// Crossplane accepts the XRDs and Compositions compositions/ synthesises.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { parse, parseAllDocuments } from 'yaml';
import { synthAll } from '../../compositions/synth.js';
import appConfig from '../../functions/app-config/index.js';
import webApp from '../../functions/cdk8s-example/index.js';
import postgresqlFunction from '../../functions/postgresql/index.js';
import type { FunctionHandler } from '../../src/function/handler.js';
import { type FunctionServer, serve } from '../../src/function/serve/server.js';
import type { JsonObject, JsonValue } from '../../src/function/wire/types.js';
import { resourcePath } from '../../src/kube/paths.js';
import type { KubeObject } from '../../src/kube/rest.js';
import { peerBinary } from '../../src/stack/peers.js';
import { eventually, serviceAdmin } from './stack.js';

const run = promisify(execFile);
const silent = pino({ level: 'silent' });

/** A render both tools run: the files, extra flags for both, and the function serving the pipeline. */
interface Case {
  name: string;
  files: [xr: string, composition: string, functions: string];
  flags?: string[];
  /** kxpFlags are flags only kxp render gets (the module of a Function without the annotation). */
  kxpFlags?: string[];
  fn: 'app-config' | 'cdk8s-example' | 'postgresql';
}

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

/** crossplaneRender runs the real crossplane render, dialling the function at port (Development runtime). */
async function crossplaneRender(c: Case, port: number): Promise<Output> {
  const args = [
    'render',
    ...c.files,
    ...(c.flags ?? []),
    `--crossplane-binary=${peerBinary('crossplane')}`,
    '--function-annotations=render.crossplane.io/runtime=Development',
    `--function-annotations=render.crossplane.io/runtime-development-target=127.0.0.1:${port}`,
  ];
  return exec(peerBinary('crossplane-cli', 'crossplane'), args);
}

/** kxpRender runs `kxp render` in its own process, loading the TypeScript functions with tsx as the CLI does. */
async function kxpRender(c: Case): Promise<Output> {
  const script =
    "const { renderCommand } = await import('./src/cli/render.ts'); process.exitCode = await renderCommand(process.argv.slice(1));";
  const args = ['--import', 'tsx', '--input-type=module', '-e', script, '--'];
  return exec(process.execPath, [...args, ...c.files, ...(c.flags ?? []), ...(c.kxpFlags ?? [])]);
}

async function exec(file: string, args: string[]): Promise<Output> {
  try {
    const { stdout, stderr } = await run(file, args, { timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** normalised returns the printed objects without uids and condition times; Results sorted by message. */
function normalised(stdout: string): JsonValue[] {
  const docs = parseAllDocuments(stdout).map((d) => d.toJS() as JsonObject);
  const strip = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'uid' && k !== 'lastTransitionTime')
        .map(([k, x]) => [k, strip(x)]),
    );
  };
  const results = docs
    .filter((d) => d.kind === 'Result')
    .sort((a, b) => String(a.message).localeCompare(String(b.message)));
  return [...docs.filter((d) => d.kind !== 'Result'), ...results].map(strip);
}

describe('kxp render', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'kxp-render-e2e-'));
  const servers: Partial<Record<Case['fn'], FunctionServer>> = {};
  const handlers: Record<Case['fn'], FunctionHandler> = {
    'app-config': appConfig,
    'cdk8s-example': webApp,
    postgresql: postgresqlFunction,
  };

  beforeAll(async () => {
    synthAll(outdir);
    for (const [name, handler] of Object.entries(handlers) as [Case['fn'], FunctionHandler][]) {
      servers[name] = await serve(
        handler,
        { address: '127.0.0.1:0', insecure: true, metricsAddress: '' },
        silent,
      );
    }
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s?.stop();
  });

  const example = (f: string) => join('examples', 'app-config', f);
  const dist = (dir: string) =>
    ['xr.yaml', 'composition.yaml', 'functions.yaml'].map((f) => join(outdir, dir, f)) as Case['files'];
  const exampleModule = ['--function-module', 'kxp-app-config=functions/app-config/index.ts'];
  const cases: Case[] = [
    {
      name: 'examples/app-config',
      files: [example('xr.yaml'), example('composition.yaml'), example('functions.yaml')],
      flags: ['--include-function-results'],
      kxpFlags: exampleModule,
      fn: 'app-config',
    },
    {
      name: 'examples/app-config with its resources observed (Ready)',
      files: [example('xr.yaml'), example('composition.yaml'), example('functions.yaml')],
      flags: ['--observed-resources', 'OBSERVED', '--include-function-results'],
      kxpFlags: exampleModule,
      fn: 'app-config',
    },
    {
      name: 'compositions/app-config',
      files: dist('app-config'),
      flags: ['--include-full-xr'],
      fn: 'app-config',
    },
    {
      name: 'compositions/web-app (legacy XRD, cdk8s function)',
      files: dist('web-app'),
      flags: ['--xrd', join(outdir, 'web-app', 'xrd.yaml'), '--include-function-results'],
      fn: 'cdk8s-example',
    },
    {
      name: 'compositions/postgresql (legacy XRD with a claim)',
      files: dist('postgresql'),
      flags: ['--xrd', join(outdir, 'postgresql', 'xrd.yaml'), '--include-function-results'],
      fn: 'postgresql',
    },
    {
      name: 'compositions/postgresql-v2 (namespaced XR)',
      files: dist('postgresql-v2'),
      flags: ['--include-function-results'],
      fn: 'postgresql',
    },
  ];

  it.each(cases)('prints what crossplane render prints: $name', async (c) => {
    if (c.flags?.includes('OBSERVED')) {
      // The resources of a first render, as if Crossplane had created them.
      const first = await crossplaneRender({ ...c, flags: [] }, servers[c.fn]?.port ?? 0);
      const observed = join(outdir, 'observed.yaml');
      writeFileSync(observed, first.stdout.split(/^---$/m).slice(2).join('---'));
      c.flags = c.flags.map((f) => (f === 'OBSERVED' ? observed : f));
    }
    const [real, kxp] = await Promise.all([crossplaneRender(c, servers[c.fn]?.port ?? 0), kxpRender(c)]);
    expect(real.code).toBe(0);
    expect(kxp.stderr).toBe('');
    expect(kxp.code).toBe(0);
    expect(normalised(kxp.stdout)).toEqual(normalised(real.stdout));
    expect(normalised(kxp.stdout).length).toBeGreaterThan(1);
  });

  it('fails like crossplane render when a step returns a FATAL result', async () => {
    const bad = join(outdir, 'bad-xr.yaml');
    writeFileSync(bad, readFileSync(example('xr.yaml'), 'utf8').replace('owner: team-a', 'owner: ""'));
    const c: Case = {
      name: 'fatal',
      files: [bad, example('composition.yaml'), example('functions.yaml')],
      kxpFlags: exampleModule,
      fn: 'app-config',
    };
    const [real, kxp] = await Promise.all([crossplaneRender(c, servers[c.fn]?.port ?? 0), kxpRender(c)]);
    const fatal =
      'cannot compose resources: pipeline step "compose" returned a fatal result: cannot validate composite resource: spec.owner: Too small: expected string to have >=1 characters';
    expect(real.code).toBe(1);
    expect(real.stderr).toContain(fatal);
    expect(kxp.code).toBe(1);
    expect(kxp.stderr).toBe(`kxp render: cannot render composite resource: ${fatal}\n`);
  });
});

describe('compositions/ on real Crossplane', () => {
  const api = serviceAdmin();
  const outdir = mkdtempSync(join(tmpdir(), 'kxp-compositions-e2e-'));
  const xrds = (version: string) => ({
    group: 'apiextensions.crossplane.io',
    version,
    resource: 'compositeresourcedefinitions',
  });
  const compositions = { group: 'apiextensions.crossplane.io', version: 'v1', resource: 'compositions' };
  beforeAll(() => synthAll(outdir));

  interface WithConditions extends KubeObject {
    apiVersion: string;
    metadata: { name: string };
    spec: JsonObject;
    status?: { conditions?: { type: string; status: string }[] };
  }

  /** regroup moves an XRD and its Composition to another API group, so they cannot collide with other tests'. */
  function regroup(xrd: WithConditions, composition: WithConditions, group: string): void {
    const plural = (xrd.spec.names as { plural: string }).plural;
    xrd.metadata.name = `${plural}.${group}`;
    xrd.spec.group = group;
    composition.metadata.name = xrd.metadata.name;
    const ref = composition.spec.compositeTypeRef as { apiVersion: string };
    ref.apiVersion = ref.apiVersion.replace(/^[^/]+/, group);
  }

  it.each([
    ['app-config', 'render-e2e.example.kxp.dev', ['Established']],
    ['web-app', undefined, ['Established', 'Offered']],
    ['postgresql', 'render-e2e.db.kxp.dev', ['Established', 'Offered']],
    ['postgresql-v2', undefined, ['Established']],
  ] as const)('%s: the XRD is established and the Composition accepted', async (dir, group, conditions) => {
    const xrd = parse(readFileSync(join(outdir, dir, 'xrd.yaml'), 'utf8')) as WithConditions;
    const composition = parse(readFileSync(join(outdir, dir, 'composition.yaml'), 'utf8')) as WithConditions;
    if (group) regroup(xrd, composition, group);
    const version = xrd.apiVersion.split('/')[1] ?? 'v1';
    await api.create(resourcePath(xrds(version)), xrd);
    await eventually(async () => {
      const got = await api.get<WithConditions>(resourcePath(xrds(version), undefined, xrd.metadata.name));
      for (const type of conditions) {
        expect(got.status?.conditions?.find((c) => c.type === type)).toMatchObject({ status: 'True' });
      }
    }, 90_000);
    await api.create(resourcePath(compositions), composition);
    await api.get(resourcePath(compositions, undefined, composition.metadata.name));
  });
});
