// The generated code as a user's project meets it: compiled by tsc (strict, exactOptionalPropertyTypes,
// ESM) beside a small cdk8s app, which then synthesises; and a wrongly typed prop refused.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateFiles } from './generate.js';
import { kindVersions } from './model.js';

const repo = resolve(import.meta.dirname, '../..');

const schema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['parameters'],
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        parameters: {
          type: 'object',
          properties: {
            encoding: { type: 'string', enum: ['UTF8', 'LATIN1'], default: 'UTF8' },
            connectionLimit: { type: 'integer' },
            size: { 'x-kubernetes-int-or-string': true },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            extra: { 'x-kubernetes-preserve-unknown-fields': true },
            tags: {
              type: 'array',
              nullable: true,
              items: { type: 'object', required: ['key'], properties: { key: { type: 'string' } } },
            },
            'dashed-name': { type: 'string', nullable: true },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
        },
      },
    },
    status: { type: 'object', properties: { endpoint: { type: 'string' } } },
  },
};

const app = `import { App, Chart } from 'cdk8s';
import { Database, type DatabaseManifest, DatabaseV1Alpha1 } from './imports/db.kxp.dev.js';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'claims');
new Database(chart, 'orders', {
  metadata: { name: 'orders', namespace: 'apps' },
  spec: {
    parameters: {
      encoding: 'LATIN1',
      size: '10Gi',
      labels: { team: 'a' },
      extra: [1, 'two'],
      tags: [{ key: 'k' }],
      'dashed-name': null,
      template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
    },
    anythingElse: true,
  },
});
new DatabaseV1Alpha1(chart, 'old');
const manifest: DatabaseManifest = Database.manifest({ spec: { parameters: {} } });
if (manifest.apiVersion !== 'db.kxp.dev/v1') throw new Error(manifest.apiVersion);
app.synth();
`;

function tsc(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(join(repo, 'node_modules/.bin/tsc'), ['-p', dir], (err, stdout, stderr) => {
      done({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('generated code', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-import-project-'));
    mkdirSync(join(dir, 'node_modules'));
    for (const p of ['cdk8s', 'constructs'])
      symlinkSync(join(repo, 'node_modules', p), join(dir, 'node_modules', p));
    const ars = {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: 'v1.databases.db.kxp.dev' },
      spec: {
        group: 'db.kxp.dev',
        names: { kind: 'Database', plural: 'databases' },
        scope: 'Namespaced',
        versions: [
          { name: 'v1', served: true, storage: true, schema },
          { name: 'v1alpha1', served: true, storage: false, schema: { type: 'object' } },
        ],
      },
    };
    mkdirSync(join(dir, 'imports'));
    for (const f of generateFiles(kindVersions([{ object: ars, source: 'test' }]), 'test')) {
      writeFileSync(join(dir, 'imports', f.name), f.text);
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const compilerOptions = {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      types: [],
      outDir: 'out',
    };
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions, include: ['*.ts', 'imports'] }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks strictly beside a cdk8s app, which synthesises the object', async () => {
    writeFileSync(join(dir, 'main.ts'), app);
    expect(await tsc(dir)).toEqual({ code: 0, out: '' });
    await new Promise<void>((done, fail) =>
      execFile(process.execPath, ['out/main.js'], { cwd: dir }, (err) => (err ? fail(err) : done())),
    );
    expect(readFileSync(join(dir, 'dist/claims.k8s.yaml'), 'utf8')).toContain(
      'apiVersion: db.kxp.dev/v1\nkind: Database\nmetadata:\n  name: orders\n  namespace: apps\n',
    );
  });

  it('refuses a wrongly typed prop, a value outside an enum and a missing required field', async () => {
    writeFileSync(
      join(dir, 'main.ts'),
      `import { App, Chart } from 'cdk8s';
import { Database } from './imports/db.kxp.dev.js';
const chart = new Chart(new App(), 'claims');
new Database(chart, 'a', { spec: { parameters: { connectionLimit: 'five' } } });
new Database(chart, 'b', { spec: { parameters: { encoding: 'UTF16' } } });
new Database(chart, 'c', { spec: {} });
`,
    );
    const { code, out } = await tsc(dir);
    expect(code).not.toBe(0);
    expect(out).toContain("main.ts(4,50): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(out).toContain(
      `main.ts(5,50): error TS2322: Type '"UTF16"' is not assignable to type '"LATIN1" | "UTF8"'.`,
    );
    expect(out).toMatch(/main\.ts\(6,28\): error TS2741: Property 'parameters' is missing/);
  });
});
