import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { openAPIFromZod } from '../compose/openapi.js';
import { functionProject, initFunctionProject } from './function-project.js';
import type { KxpPackage } from './package-json.js';
import { templatesDir } from './templates.js';

const kxp: KxpPackage = {
  name: 'kxp',
  version: '1.2.3',
  engines: { node: '>=20.19' },
  dependencies: { zod: '^4.6.7' },
  devDependencies: { typescript: '7.0.2', '@types/node': '^20.19.0' },
};

/** The layout `kxp package build` and users rely on. */
const layout = [
  '.gitignore',
  'README.md',
  'examples/composition.yaml',
  'examples/functions.yaml',
  'examples/xr.yaml',
  'package.json',
  'package/crossplane.yaml',
  'src/index.test.ts',
  'src/index.ts',
  'src/input.ts',
  'test/cases/greets-the-xr/expected.yaml',
  'test/cases/greets-the-xr/input.yaml',
  'test/cases/greets-the-xr/xr.yaml',
  'tsconfig.json',
];

describe('functionProject', () => {
  it('returns the layout, every placeholder filled in', async () => {
    const files = await functionProject({ name: 'function-hello', kxp });
    expect(files.map((f) => f.path).sort()).toEqual(layout);
    for (const f of files) expect(f.text).not.toMatch(/__[A-Z]+__/);
  });

  it("writes a package.json that depends on this kxp and zod, with kxp's TypeScript and Node types", async () => {
    const files = await functionProject({ name: 'function-hello', kxp });
    const pkg = JSON.parse(files.find((f) => f.path === 'package.json')?.text ?? '{}');
    expect(pkg).toMatchObject({
      name: 'function-hello',
      version: '0.1.0',
      license: 'Apache-2.0',
      type: 'module',
      dependencies: { kxp: '^1.2.3', zod: '^4.6.7' },
      devDependencies: { typescript: '7.0.2', '@types/node': '^20.19.0' },
      scripts: {
        test: 'tsc --noEmit && node --import tsx --test src/*.test.ts',
        serve: 'kxp function serve src/index.ts --insecure',
        render: 'kxp render examples/xr.yaml examples/composition.yaml examples/functions.yaml',
        package: 'kxp package build',
      },
    });
    expect(typeof pkg.author).toBe('string');
    expect(pkg.repository.url).toContain('function-hello');
  });

  it('names the function and the input group everywhere they appear', async () => {
    const files = await functionProject({ name: 'function-greet', group: 'greet.example.org', kxp });
    const yaml = (path: string) => parse(files.find((f) => f.path === path)?.text ?? '');
    expect(yaml('package/crossplane.yaml')).toMatchObject({
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Function',
      metadata: { name: 'function-greet' },
      spec: { capabilities: ['composition'] },
    });
    expect(yaml('examples/functions.yaml')).toMatchObject({
      apiVersion: 'pkg.crossplane.io/v1',
      kind: 'Function',
      metadata: {
        name: 'function-greet',
        annotations: {
          'render.kxp.dev/module': '../src/index.ts',
          'render.crossplane.io/runtime': 'Development',
        },
      },
    });
    const step = yaml('examples/composition.yaml').spec.pipeline[0];
    expect(step.functionRef.name).toBe('function-greet');
    expect(step.input).toMatchObject({ apiVersion: 'greet.example.org/v1beta1', kind: 'Input' });
    expect(yaml('test/cases/greets-the-xr/input.yaml').apiVersion).toBe('greet.example.org/v1beta1');
    expect(files.find((f) => f.path === 'src/input.ts')?.text).toContain(
      "apiVersion: z.literal('greet.example.org/v1beta1')",
    );
  });

  it('refuses a bad name or group', async () => {
    await expect(functionProject({ name: 'Hello', kxp })).rejects.toThrow(
      /^cannot use "Hello" as function name: it must be lower-case/,
    );
    await expect(functionProject({ name: 'hello', group: 'example', kxp })).rejects.toThrow(
      /^cannot use "example" as input group: it must be a domain with at least one dot/,
    );
  });
});

describe("the template's input schema", () => {
  it('becomes a CRD schema: literal apiVersion and kind, described fields with defaults', async () => {
    const { Input } = await import(join(templatesDir('function'), 'src', 'input.ts'));
    const properties = openAPIFromZod(Input).properties as Record<string, Record<string, unknown>>;
    expect(properties.apiVersion).toMatchObject({ type: 'string', enum: ['__GROUP__/v1beta1'] });
    expect(properties.kind).toMatchObject({ type: 'string', enum: ['Input'] });
    expect(properties.greeting).toMatchObject({ type: 'string', default: 'Hello' });
    expect(properties.greeting?.description).toEqual(expect.any(String));
    expect(properties.labels?.description).toEqual(expect.any(String));
  });
});

describe('initFunctionProject', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'kxp-init-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it("writes the project into a new folder named after the function, version from kxp's package.json", async () => {
    const dir = join(tmp, 'function-hello');
    const result = await initFunctionProject(dir);
    expect(result).toEqual({ dir, name: 'function-hello', files: expect.arrayContaining(layout) });
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const own = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies.kxp).toBe(`^${own.version}`);
    expect((await readdir(dir)).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'examples',
        'package',
        'package.json',
        'src',
        'test',
        'tsconfig.json',
      ].sort(),
    );
  });

  it('refuses a folder that is not empty, naming what is in it, unless forced', async () => {
    await writeFile(join(tmp, 'README.md'), 'mine');
    await mkdir(join(tmp, '.git'));
    await expect(initFunctionProject(tmp, { name: 'function-hello' })).rejects.toThrow(
      /^cannot create a function project in .*: the folder is not empty \(it has \.git, README\.md\); pass --force/,
    );
    await initFunctionProject(tmp, { name: 'function-hello', force: true });
    expect(await readFile(join(tmp, 'README.md'), 'utf8')).toContain('# function-hello');
    expect(await readdir(join(tmp, '.git'))).toEqual([]);
  });

  it('says to pass --name when the folder name cannot name a function', async () => {
    await expect(initFunctionProject(join(tmp, 'My Function'))).rejects.toThrow(
      'cannot use the folder\'s name "My Function" as function name: it must be lower-case letters, digits and "-", starting and ending with a letter or digit; pass a name with --name',
    );
  });

  it('refuses a file as the folder', async () => {
    await writeFile(join(tmp, 'file'), '');
    await expect(initFunctionProject(join(tmp, 'file'), { name: 'x' })).rejects.toThrow(/: it is a file$/);
  });
});
