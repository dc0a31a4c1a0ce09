import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type FunctionProject, functionEntry, packageName, readProject, shown } from './project.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kxp-package-project-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** projectDir writes files (path → text; a path ending in / is a folder) into a fresh folder and returns it. */
function projectDir(files: Record<string, string>): string {
  const dir = join(root, `p${count++}`);
  mkdirSync(dir);
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('/')) {
      mkdirSync(join(dir, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const fnMeta = 'apiVersion: meta.pkg.crossplane.io/v1\nkind: Function\nmetadata:\n  name: function-db\n';

describe('readProject', () => {
  it('reads package.json, the entry, crossplane.yaml, examples/ and README.md', () => {
    const dir = projectDir({
      'package.json': JSON.stringify({ name: 'function-db', version: '1.0.0' }),
      'src/index.ts': 'export default {}',
      'package/crossplane.yaml': fnMeta,
      'examples/xr.yaml': 'kind: XR\n',
      'README.md': '# db\n',
    });
    expect(readProject(dir)).toEqual({
      dir,
      packageJsonFile: join(dir, 'package.json'),
      packageJson: { name: 'function-db', version: '1.0.0' },
      entry: join(dir, 'src/index.ts'),
      metaFile: join(dir, 'package/crossplane.yaml'),
      meta: { apiVersion: 'meta.pkg.crossplane.io/v1', kind: 'Function', metadata: { name: 'function-db' } },
      examplesDir: join(dir, 'examples'),
      readmeFile: join(dir, 'README.md'),
    });
  });

  it('leaves meta, examplesDir and readmeFile unset where the project has none', () => {
    const dir = projectDir({ 'package.json': '{}', 'index.ts': '' });
    const project = readProject(dir);
    expect(project.metaFile).toBe(join(dir, 'package/crossplane.yaml'));
    expect(project).not.toHaveProperty('meta');
    expect(project).not.toHaveProperty('examplesDir');
    expect(project).not.toHaveProperty('readmeFile');
  });

  it('takes a file named examples for no examples/ folder', () => {
    const dir = projectDir({ 'package.json': '{}', 'index.ts': '', examples: 'not a folder' });
    expect(readProject(dir).examplesDir).toBeUndefined();
  });

  it('resolves a relative folder to an absolute one', () => {
    const dir = projectDir({ 'package.json': '{}', 'index.ts': '' });
    const project = readProject(join(dir, 'src', '..'));
    expect(project.dir).toBe(dir);
    expect(project.entry).toBe(join(dir, 'index.ts'));
  });

  const failures: {
    name: string;
    files: Record<string, string>;
    message: (dir: string) => string | RegExp;
  }[] = [
    {
      name: 'a project without package.json',
      files: { 'index.ts': '' },
      message: (dir) =>
        `cannot read function project ${dir}: it has no package.json (kxp init function makes one)`,
    },
    {
      name: 'a package.json that is not JSON',
      files: { 'package.json': '{ name: function-db', 'index.ts': '' },
      message: (dir) => new RegExp(`^cannot read ${literally(join(dir, 'package.json'))}: .*JSON`),
    },
    {
      name: "kxp.function naming a file that isn't there",
      files: { 'package.json': JSON.stringify({ kxp: { function: 'src/fn.ts' } }), 'src/index.ts': '' },
      message: (dir) =>
        `cannot find the function module ${join(dir, 'src/fn.ts')}: package.json's kxp.function names it`,
    },
    {
      name: 'a project without a function module',
      files: { 'package.json': JSON.stringify({ main: 'lib/main.js' }) },
      message: (dir) =>
        `cannot find the function module in ${dir}: looked for src/index.ts, src/index.js, index.ts, index.js, lib/main.js (or set "kxp": { "function": "<path>" } in package.json)`,
    },
    {
      name: 'a crossplane.yaml that is a Provider',
      files: {
        'package.json': '{}',
        'index.ts': '',
        'package/crossplane.yaml': 'apiVersion: meta.pkg.crossplane.io/v1\nkind: Provider\n',
      },
      message: (dir) =>
        `cannot read ${join(dir, 'package/crossplane.yaml')}: it is a meta.pkg.crossplane.io/v1 Provider, not a meta.pkg.crossplane.io Function`,
    },
    {
      name: 'a crossplane.yaml that is a Function of another group',
      files: {
        'package.json': '{}',
        'index.ts': '',
        'package/crossplane.yaml': 'apiVersion: pkg.crossplane.io/v1\nkind: Function\n',
      },
      message: (dir) =>
        `cannot read ${join(dir, 'package/crossplane.yaml')}: it is a pkg.crossplane.io/v1 Function, not a meta.pkg.crossplane.io Function`,
    },
    {
      name: 'an empty crossplane.yaml',
      files: { 'package.json': '{}', 'index.ts': '', 'package/crossplane.yaml': '' },
      message: (dir) =>
        `cannot read ${join(dir, 'package/crossplane.yaml')}: it holds no object (want a meta.pkg.crossplane.io Function)`,
    },
    {
      name: 'a crossplane.yaml holding a list',
      files: { 'package.json': '{}', 'index.ts': '', 'package/crossplane.yaml': '- kind: Function\n' },
      message: (dir) =>
        `cannot read ${join(dir, 'package/crossplane.yaml')}: it holds no object (want a meta.pkg.crossplane.io Function)`,
    },
    {
      name: 'a crossplane.yaml that is not YAML',
      files: { 'package.json': '{}', 'index.ts': '', 'package/crossplane.yaml': 'kind: [Function\n' },
      message: (dir) => new RegExp(`^cannot parse ${literally(join(dir, 'package/crossplane.yaml'))}: `),
    },
  ];

  it.each(failures)('refuses $name, naming the file', ({ files, message }) => {
    const dir = projectDir(files);
    const want = message(dir);
    if (typeof want === 'string') expect(() => readProject(dir)).toThrow(new Error(want));
    else expect(() => readProject(dir)).toThrow(want);
  });
});

describe('functionEntry', () => {
  const cases: { name: string; files: Record<string, string>; packageJson?: object; expected: string }[] = [
    {
      name: "package.json's kxp.function first",
      files: { 'src/index.ts': '', 'lib/fn.ts': '' },
      packageJson: { kxp: { function: 'lib/fn.ts' }, main: 'index.js' },
      expected: 'lib/fn.ts',
    },
    {
      name: 'src/index.ts',
      files: { 'src/index.ts': '', 'src/index.js': '', 'index.ts': '' },
      expected: 'src/index.ts',
    },
    {
      name: 'src/index.js without src/index.ts',
      files: { 'src/index.js': '', 'index.ts': '' },
      expected: 'src/index.js',
    },
    { name: 'index.ts without src/', files: { 'index.ts': '', 'index.js': '' }, expected: 'index.ts' },
    { name: 'index.js', files: { 'index.js': '' }, expected: 'index.js' },
    {
      name: "package.json's main last",
      files: { 'lib/main.js': '' },
      packageJson: { main: 'lib/main.js' },
      expected: 'lib/main.js',
    },
    {
      name: 'main when index.ts is a folder',
      files: { 'index.ts/': '', 'lib/main.js': '' },
      packageJson: { main: 'lib/main.js' },
      expected: 'lib/main.js',
    },
  ];

  it.each(cases)('finds $name', ({ files, packageJson, expected }) => {
    const dir = projectDir(files);
    expect(functionEntry(dir, packageJson ?? {})).toBe(join(dir, expected));
  });

  it('reads package.json itself when not given it', () => {
    const dir = projectDir({ 'package.json': JSON.stringify({ main: 'lib/main.js' }), 'lib/main.js': '' });
    expect(functionEntry(dir)).toBe(join(dir, 'lib/main.js'));
  });

  it('looks at the default places where there is no package.json', () => {
    const dir = projectDir({ 'index.js': '' });
    expect(functionEntry(dir)).toBe(join(dir, 'index.js'));
  });

  it('refuses a package.json that is not JSON, naming it, when it reads it itself', () => {
    const dir = projectDir({ 'package.json': 'nope', 'index.js': '' });
    expect(() => functionEntry(dir)).toThrow(
      new RegExp(`^cannot read ${literally(join(dir, 'package.json'))}: `),
    );
  });
});

describe('packageName', () => {
  const project = (packageJson: object, meta?: object, dir = '/src/function-dir'): FunctionProject => ({
    dir,
    packageJsonFile: `${dir}/package.json`,
    packageJson,
    entry: `${dir}/index.ts`,
    metaFile: `${dir}/package/crossplane.yaml`,
    ...(meta ? { meta: meta as FunctionProject['meta'] } : {}),
  });

  it.each([
    {
      name: "crossplane.yaml's name first",
      input: project({ name: 'fn' }, { metadata: { name: 'function-x' } }),
      expected: 'function-x',
    },
    { name: "package.json's name", input: project({ name: 'function-db' }), expected: 'function-db' },
    {
      name: 'a scoped name loses its scope',
      input: project({ name: '@acme/function-db' }),
      expected: 'function-db',
    },
    {
      name: 'an empty crossplane.yaml name falls back',
      input: project({ name: 'fn' }, { metadata: { name: '' } }),
      expected: 'fn',
    },
    { name: "the folder's name without either", input: project({}), expected: 'function-dir' },
  ])('$name', ({ input, expected }) => {
    expect(packageName(input)).toBe(expected);
  });
});

describe('shown', () => {
  const project = { dir: '/work/fn' } as FunctionProject;
  it.each([
    {
      name: 'a file inside the project, relative',
      path: '/work/fn/package/crossplane.yaml',
      expected: 'package/crossplane.yaml',
    },
    { name: 'a file outside it, absolute', path: '/work/other/README.md', expected: '/work/other/README.md' },
  ])('$name', ({ path, expected }) => {
    expect(shown(project, path)).toBe(expected);
  });
});

/** literally returns text as a literal in a regular expression. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
