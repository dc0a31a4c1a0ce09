// kxp outside this repository: the npm package as `npm pack` makes it, installed into a function
// project that `kxp init function` made in a temporary folder, then tested, rendered and broken the
// way its author would. Needs the npm registry (or npm's cache) for the package's dependencies.
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { exec, ok, outsideProject, repo } from './project.js';

const name = 'function-hello';

/** projectFiles returns the text of each file of the project in dir, by path, node_modules and the lock left out. */
async function projectFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true })).sort()) {
    if (entry.startsWith('node_modules') || entry === 'package-lock.json') continue;
    const file = join(dir, entry);
    if ((await stat(file)).isFile()) out[relative(dir, file)] = await readFile(file, 'utf8');
  }
  return out;
}

let tmp: string;
let project: string;
let packed: string[];
const timings: string[] = [];

/** timed runs step and records how long it took, for the summary printed at the end. */
async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await step();
  } finally {
    timings.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

beforeAll(async () => {
  const made = await outsideProject(name, timed);
  tmp = made.tmp;
  project = made.dir;
  packed = made.files;
}, 600_000);

afterAll(async () => {
  process.stderr.write(`function-project: ${timings.join(', ')}\n`);
  if (tmp && !process.env.KXP_KEEP_STACK) await rm(tmp, { recursive: true, force: true });
});

describe('the kxp npm package', () => {
  it('holds the built code with type declarations, the templates, README and LICENSE, and no tests', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/cli/main.js',
        'dist/function/sdk/index.d.ts',
        'dist/function/sdk/testing.d.ts',
        'dist/compose/index.d.ts',
        'dist/render/index.d.ts',
        'templates/function/src/index.ts',
        'templates/function/gitignore',
      ]),
    );
    const outside = packed.filter((p) => !/^(dist|templates)\//.test(p));
    expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(packed.filter((p) => p.startsWith('dist/') && /\.test\.|\.map$/.test(p))).toEqual([]);
  });

  it("resolves and type-checks every entry point from a user's project", async () => {
    const entries = ['kxp/compose', 'kxp/function/sdk', 'kxp/function/sdk/testing', 'kxp/render'];
    const script = `for (const m of ${JSON.stringify(entries)}) console.log(m, Object.keys(await import(m)).length > 0);`;
    const imported = await ok(process.execPath, ['--input-type=module', '-e', script], project);
    expect(imported.trim().split('\n')).toEqual(entries.map((e) => `${e} true`));

    await writeFile(
      join(project, 'entries.ts'),
      [
        "import { Composition, openAPIFromZod } from 'kxp/compose';",
        "import { defineFunction, type RunFunctionResponse } from 'kxp/function/sdk';",
        "import { expectResponse, runFunction } from 'kxp/function/sdk/testing';",
        "import { serveMain } from 'kxp/function/serve';",
        "import { render, type RenderOutput } from 'kxp/render';",
        'export type Both = [RunFunctionResponse, RenderOutput];',
        'export const all = [Composition, openAPIFromZod, defineFunction, expectResponse, runFunction, serveMain, render];',
        '',
      ].join('\n'),
    );
    // Declarations checked too (skipLibCheck off): they must stand on the package's dependencies.
    const args = ['tsc', '--noEmit', '--skipLibCheck', 'false', '-p', 'tsconfig.entries.json'];
    await writeFile(
      join(project, 'tsconfig.entries.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src', 'entries.ts'] }),
    );
    try {
      expect(await exec('npx', args, project)).toMatchObject({ code: 0, stdout: '' });
    } finally {
      await rm(join(project, 'entries.ts'));
      await rm(join(project, 'tsconfig.entries.json'));
    }
  });

  it('makes the same project with the kxp installed from it (templates shipped)', async () => {
    const again = join(tmp, 'again');
    await ok('npx', ['kxp', 'init', 'function', again, '--name', name], project);
    const made = await projectFiles(again);
    const first = await projectFiles(project);
    // npm rewrote the kxp dependency to the tarball; everything else is as init wrote it.
    const pkg = JSON.parse(first['package.json'] ?? '{}');
    const own = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    expect(pkg.dependencies.kxp).toMatch(/^file:.*kxp-.*\.tgz$/);
    expect(JSON.parse(made['package.json'] ?? '{}').dependencies.kxp).toBe(`^${own.version}`);
    delete first['package.json'];
    delete made['package.json'];
    expect(made).toEqual(first);
  });
});

describe('a project made by kxp init function', () => {
  it('passes its own tests as generated', async () => {
    const out = await timed('npm test', () => exec('npm', ['test'], project));
    expect(out).toMatchObject({ code: 0 });
    expect(out.stdout).toMatch(/^ok 1 - greets-the-xr$/m);
    expect(out.stdout).toMatch(/^# fail 0$/m);
  });

  it('renders its examples: the XR with status and conditions, and the composed ConfigMap', async () => {
    const out = await timed('npm run render', () => ok('npm', ['run', '--silent', 'render'], project));
    const [xr, ...composed] = parseAllDocuments(out).map((d) => d.toJS());
    expect(xr).toMatchObject({
      apiVersion: 'example.crossplane.io/v1',
      kind: 'XR',
      metadata: { name: 'example-xr', namespace: 'default' },
      spec: {
        crossplane: { resourceRefs: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'example-xr-greeting' }] },
      },
      status: { greeting: 'Hello, world!' },
    });
    const conditions = Object.fromEntries(xr.status.conditions.map((c: { type: string }) => [c.type, c]));
    expect(conditions.Greeted).toMatchObject({
      status: 'True',
      reason: 'Composed',
      message: 'Hello, world!',
    });
    expect(conditions.Ready).toMatchObject({ status: 'False', message: 'Unready resources: greeting' });
    expect(composed).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'example-xr-greeting',
          namespace: 'default',
          annotations: { 'crossplane.io/composition-resource-name': 'greeting' },
          labels: { 'crossplane.io/composite': 'example-xr', 'example.crossplane.io/team': 'platform' },
          ownerReferences: [expect.objectContaining({ kind: 'XR', name: 'example-xr', controller: true })],
        },
        data: { message: 'Hello, world!' },
      },
    ]);
  });

  it('fails its tests when a case expects something else, showing the difference', async () => {
    const expected = join(project, 'test/cases/greets-the-xr/expected.yaml');
    const original = await readFile(expected, 'utf8');
    expect(parse(original).desired.resources.greeting.resource.data.message).toBe('Hello, world!');
    await writeFile(expected, original.replaceAll('Hello, world!', 'Goodbye, world!'));
    try {
      const out = await exec('npm', ['test'], project);
      expect(out.code).not.toBe(0);
      expect(out.stdout).toMatch(/^not ok 1 - greets-the-xr$/m);
      expect(out.stdout).toContain('Goodbye, world!');
    } finally {
      await writeFile(expected, original);
    }
  });

  it('fails its tests when the function does not type-check', async () => {
    const index = join(project, 'src/index.ts');
    const original = await readFile(index, 'utf8');
    await writeFile(index, original.replace('ctx.input.greeting', 'ctx.input.greting'));
    try {
      const out = await exec('npm', ['test'], project);
      expect(out.code).not.toBe(0);
      expect(out.stdout).toMatch(/src\/index\.ts\(\d+,\d+\): error TS\d+: .*greting/);
    } finally {
      await writeFile(index, original);
    }
  });
});
