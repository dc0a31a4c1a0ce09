import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { FunctionHandler } from '../function/handler.js';
import { renderCommand } from './render.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** load imports a module through jest's own transform: tsx, which kxp uses, cannot hook jest's loader. */
async function load(module: string, exportName: string): Promise<FunctionHandler> {
  return ((await import(module)) as Record<string, FunctionHandler>)[exportName] as FunctionHandler;
}

/** kxpRender returns the exit code and output of `kxp render args`. */
async function kxpRender(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    log: silent,
    load,
  };
  const code = await renderCommand(args, io);
  return { code, stdout, stderr };
}

const example = (f: string) => join('examples', 'app-config', f);

describe('kxp render', () => {
  it('renders examples/app-config with the module --function-module names', async () => {
    const { code, stdout, stderr } = await kxpRender(
      example('xr.yaml'),
      example('composition.yaml'),
      example('functions.yaml'),
      '--function-module',
      'kxp-app-config=functions/app-config/index.ts',
      '-r',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const kinds = parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual([
      'AppConfig',
      'ServiceAccount',
      'ConfigMap',
      'Result',
      'Result',
      'Result',
      'Result',
    ]);
  });

  it('reads the module from the Function annotation, relative to the functions file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kxp-render-'));
    const functions = join(dir, 'functions.yaml');
    writeFileSync(
      functions,
      `apiVersion: pkg.crossplane.io/v1
kind: Function
metadata:
  name: kxp-app-config
  annotations:
    render.kxp.dev/module: ${join(process.cwd(), 'functions/app-config/index.ts')}
spec:
  package: kxp.dev/functions/app-config:v0.1.0
`,
    );
    const { code, stdout } = await kxpRender(example('xr.yaml'), example('composition.yaml'), functions);
    expect(code).toBe(0);
    expect(stdout).toContain('name: shop-settings');
  });

  it('says which function has no module, and exits 1', async () => {
    const functions = join(mkdtempSync(join(tmpdir(), 'kxp-render-')), 'functions.yaml');
    writeFileSync(
      functions,
      'apiVersion: pkg.crossplane.io/v1beta1\nkind: Function\nmetadata:\n  name: kxp-app-config\n',
    );
    const { code, stderr } = await kxpRender(example('xr.yaml'), example('composition.yaml'), functions);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'kxp render: cannot render composite resource: cannot compose resources: cannot run Composition pipeline step "compose": no TypeScript module for function "kxp-app-config": annotate its Function with render.kxp.dev/module, or pass --function-module kxp-app-config=<path>\n',
    );
  });

  it('names the file and line of bad YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kxp-render-'));
    const xr = join(dir, 'xr.yaml');
    writeFileSync(xr, 'apiVersion: v1\nkind: [\n');
    const { code, stderr } = await kxpRender(xr, example('composition.yaml'));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^kxp render: cannot render composite resource: cannot parse ${xr}:\\d+: `),
    );
  });

  it('prints its usage for too few arguments or an unknown flag, and exits 2', async () => {
    expect((await kxpRender(example('xr.yaml'))).code).toBe(2);
    const { code, stderr } = await kxpRender(example('xr.yaml'), example('composition.yaml'), '--nope');
    expect(code).toBe(2);
    expect(stderr).toContain('usage: kxp render <xr.yaml> <composition.yaml>');
  });
});
