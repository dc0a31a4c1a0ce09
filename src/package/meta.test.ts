import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../function/wire/types.js';
import { defaultCapabilities, functionMeta, metaAnnotations } from './meta.js';
import type { FunctionProject, PackageJson } from './project.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kxp-package-meta-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A package.json that gives every annotation. */
const complete: PackageJson = {
  name: '@acme/function-db',
  description: 'Makes databases',
  license: 'Apache-2.0',
  author: 'Ann Example <ann@example.org>',
  repository: 'github:acme/function-db',
};

/** project returns a project of package.json and crossplane.yaml's content, without files on disk. */
function project(packageJson: PackageJson, meta?: JsonObject, readmeFile?: string): FunctionProject {
  return {
    dir: '/src/function-db',
    packageJsonFile: '/src/function-db/package.json',
    packageJson,
    entry: '/src/function-db/src/index.ts',
    metaFile: '/src/function-db/package/crossplane.yaml',
    ...(meta ? { meta } : {}),
    ...(readmeFile ? { readmeFile } : {}),
  };
}

/** readme writes a README.md of text into a fresh folder and returns its path. */
function readme(text: string): string {
  const file = join(mkdtempSync(join(dir, 'readme-')), 'README.md');
  writeFileSync(file, text);
  return file;
}

const annotationsOf = (p: FunctionProject) =>
  (functionMeta(p).metadata as JsonObject).annotations as Record<string, string>;

describe('functionMeta', () => {
  it('writes the Function with every annotation taken from package.json', () => {
    expect(functionMeta(project(complete))).toEqual({
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Function',
      metadata: {
        name: 'function-db',
        annotations: {
          'meta.crossplane.io/maintainer': 'Ann Example <ann@example.org>',
          'meta.crossplane.io/source': 'github.com/acme/function-db',
          'meta.crossplane.io/license': 'Apache-2.0',
          'meta.crossplane.io/description': 'Makes databases',
          'meta.crossplane.io/readme': 'Makes databases',
        },
      },
      spec: { capabilities: ['composition'] },
    });
  });

  const maintainers: { name: string; input: PackageJson; expected: string }[] = [
    {
      name: 'author as a string',
      input: { author: 'Ann <ann@example.org>' },
      expected: 'Ann <ann@example.org>',
    },
    {
      name: 'author as {name, email}',
      input: { author: { name: 'Ann', email: 'ann@example.org', url: 'https://ann.example.org' } },
      expected: 'Ann <ann@example.org>',
    },
    { name: 'author with a name only', input: { author: { name: 'Ann' } }, expected: 'Ann' },
    {
      name: 'the first maintainer without an author',
      input: { author: undefined, maintainers: [{ name: 'Bo', email: 'bo@example.org' }, 'Cy'] },
      expected: 'Bo <bo@example.org>',
    },
    {
      name: 'a maintainer as a string',
      input: { author: undefined, maintainers: ['Cy <cy@example.org>'] },
      expected: 'Cy <cy@example.org>',
    },
    {
      name: 'the author before the maintainers',
      input: { author: 'Ann', maintainers: ['Cy'] },
      expected: 'Ann',
    },
  ];

  it.each(maintainers)('takes the maintainer from $name', ({ input, expected }) => {
    expect(annotationsOf(project({ ...complete, ...input }))[metaAnnotations.maintainer]).toBe(expected);
  });

  const sources: { name: string; input: PackageJson; expected: string }[] = [
    { name: 'github:org/repo', input: { repository: 'github:acme/fn' }, expected: 'github.com/acme/fn' },
    {
      name: 'an https URL',
      input: { repository: 'https://github.com/acme/fn' },
      expected: 'github.com/acme/fn',
    },
    {
      name: '{url}',
      input: { repository: { type: 'git', url: 'https://github.com/acme/fn.git' } },
      expected: 'github.com/acme/fn',
    },
    {
      name: 'git+https://…git',
      input: { repository: 'git+https://github.com/acme/fn.git' },
      expected: 'github.com/acme/fn',
    },
    {
      name: 'git@github.com:org/repo.git',
      input: { repository: 'git@github.com:acme/fn.git' },
      expected: 'github.com/acme/fn',
    },
    {
      name: 'git+ssh://git@…git',
      input: { repository: { url: 'git+ssh://git@github.com/acme/fn.git' } },
      expected: 'github.com/acme/fn',
    },
    {
      name: 'git://…git',
      input: { repository: 'git://gitlab.com/acme/fn.git' },
      expected: 'gitlab.com/acme/fn',
    },
    {
      name: 'the homepage without a repository',
      input: { repository: undefined, homepage: 'https://acme.example.org/fn' },
      expected: 'https://acme.example.org/fn',
    },
    {
      name: 'the repository before the homepage',
      input: { repository: 'github:acme/fn', homepage: 'https://acme.example.org/fn' },
      expected: 'github.com/acme/fn',
    },
  ];

  it.each(sources)('takes the source from $name', ({ input, expected }) => {
    expect(annotationsOf(project({ ...complete, ...input }))[metaAnnotations.source]).toBe(expected);
  });

  it.each([
    { name: "package.json's readme before README.md", readme: 'Short', file: '# Long\n', expected: 'Short' },
    {
      name: 'README.md',
      readme: undefined,
      file: '# function-db\n\nMakes databases.\n',
      expected: '# function-db\n\nMakes databases.\n',
    },
    {
      name: 'the description without either',
      readme: undefined,
      file: undefined,
      expected: 'Makes databases',
    },
    {
      name: 'a README of exactly 64 KiB',
      readme: undefined,
      file: 'r'.repeat(64 * 1024),
      expected: 'r'.repeat(64 * 1024),
    },
  ])('takes the readme from $name', ({ readme: text, file, expected }) => {
    const p = project(
      { ...complete, readme: text },
      undefined,
      file === undefined ? undefined : readme(file),
    );
    expect(annotationsOf(p)[metaAnnotations.readme]).toBe(expected);
  });

  it.each([
    { name: 'over 64 KiB', text: 'r'.repeat(64 * 1024 + 1) },
    { name: 'over 64 KiB in bytes, not in characters', text: 'é'.repeat(32 * 1024 + 1) },
  ])('refuses a README.md $name, naming it', ({ text }) => {
    const file = readme(text);
    expect(() => functionMeta(project(complete, undefined, file))).toThrow(
      new Error(
        `cannot use ${file} as the package's readme: it is over 64 KiB (set "readme" in package.json to a shorter text)`,
      ),
    );
  });

  it('keeps the annotations crossplane.yaml sets, and its others, over package.json', () => {
    const set = {
      'meta.crossplane.io/maintainer': 'Platform team <platform@example.org>',
      'meta.crossplane.io/source': 'github.com/acme/platform',
      'meta.crossplane.io/license': 'MIT',
      'meta.crossplane.io/description': 'Databases for teams',
      'meta.crossplane.io/readme': 'See the platform docs.',
      'example.org/owner': 'platform',
    };
    const meta = {
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Function',
      metadata: { annotations: set },
    };
    expect(annotationsOf(project(complete, meta))).toEqual(set);
  });

  it('needs nothing from package.json for what crossplane.yaml sets', () => {
    const meta = {
      metadata: {
        annotations: {
          'meta.crossplane.io/maintainer': 'Platform team',
          'meta.crossplane.io/source': 'github.com/acme/platform',
        },
      },
    };
    const { author: _, repository: __, ...rest } = complete;
    expect(annotationsOf(project(rest, meta))).toEqual({
      'meta.crossplane.io/maintainer': 'Platform team',
      'meta.crossplane.io/source': 'github.com/acme/platform',
      'meta.crossplane.io/license': 'Apache-2.0',
      'meta.crossplane.io/description': 'Makes databases',
      'meta.crossplane.io/readme': 'Makes databases',
    });
  });

  // README.md is read only for an annotation crossplane.yaml leaves unset, as the metadata error advises.
  it('ignores a long README.md when crossplane.yaml sets the readme annotation', () => {
    const meta = { metadata: { annotations: { 'meta.crossplane.io/readme': 'See the platform docs.' } } };
    const p = project(complete, meta, readme('r'.repeat(64 * 1024 + 1)));
    expect(annotationsOf(p)[metaAnnotations.readme]).toBe('See the platform docs.');
  });

  it.each([
    {
      name: 'every field',
      input: { name: 'function-db' },
      lacks:
        '"author" (meta.crossplane.io/maintainer), "repository" (meta.crossplane.io/source), "license" (meta.crossplane.io/license), "description" (meta.crossplane.io/description), README.md (or "readme") (meta.crossplane.io/readme)',
    },
    {
      name: 'a licence',
      input: { ...complete, license: undefined },
      lacks: '"license" (meta.crossplane.io/license)',
    },
    {
      name: 'a named author and a repository url',
      input: { ...complete, author: { email: 'ann@example.org' }, repository: { type: 'git' } },
      lacks: '"author" (meta.crossplane.io/maintainer), "repository" (meta.crossplane.io/source)',
    },
    {
      name: "a description, where package.json's readme gives the readme",
      input: { ...complete, description: undefined, readme: 'Read me' },
      lacks: '"description" (meta.crossplane.io/description)',
    },
  ])('refuses a package.json lacking $name, naming the file and each field', ({ input, lacks }) => {
    expect(() => functionMeta(project(input))).toThrow(
      new Error(
        `cannot write the package's metadata: /src/function-db/package.json lacks ${lacks}; set them there or as annotations in /src/function-db/package/crossplane.yaml`,
      ),
    );
  });

  const specs: { name: string; meta: JsonObject | undefined; expected: JsonObject }[] = [
    {
      name: 'no crossplane.yaml, composition',
      meta: undefined,
      expected: { capabilities: defaultCapabilities },
    },
    {
      name: 'no capabilities, composition',
      meta: { spec: {} },
      expected: { capabilities: ['composition'] },
    },
    {
      name: "crossplane.yaml's capabilities kept",
      meta: { spec: { capabilities: ['composition', 'operation'] } },
      expected: { capabilities: ['composition', 'operation'] },
    },
    {
      name: 'capabilities that are no list, composition',
      meta: { spec: { capabilities: 'operation' } },
      expected: { capabilities: ['composition'] },
    },
    {
      name: 'crossplane and dependsOn kept, unknown fields dropped',
      meta: {
        spec: {
          crossplane: { version: '>=v1.20.0' },
          dependsOn: [
            { function: 'xpkg.crossplane.io/crossplane-contrib/function-auto-ready', version: '>=v0.5.0' },
          ],
          image: 'example.org/fn:v1',
          controller: { permissionRequests: [] },
        },
      },
      expected: {
        crossplane: { version: '>=v1.20.0' },
        dependsOn: [
          { function: 'xpkg.crossplane.io/crossplane-contrib/function-auto-ready', version: '>=v0.5.0' },
        ],
        capabilities: ['composition'],
      },
    },
  ];

  it.each(specs)('writes the spec: $name', ({ meta, expected }) => {
    expect(functionMeta(project(complete, meta)).spec).toEqual(expected);
  });

  it("keeps crossplane.yaml's apiVersion, name and labels, and drops other metadata", () => {
    const meta = {
      apiVersion: 'meta.pkg.crossplane.io/v1beta1',
      kind: 'Function',
      metadata: { name: 'function-postgres', namespace: 'x', labels: { tier: 'data' }, uid: '1' },
    };
    const out = functionMeta(project(complete, meta));
    expect(out.apiVersion).toBe('meta.pkg.crossplane.io/v1beta1');
    expect(out.kind).toBe('Function');
    expect(out.metadata).toEqual({
      name: 'function-postgres',
      labels: { tier: 'data' },
      annotations: expect.any(Object),
    });
  });
});
