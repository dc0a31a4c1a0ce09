import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JsonObject } from '../function/wire/types.js';
import { examplesStream, packageYaml } from './package-yaml.js';

const meta: JsonObject = {
  kind: 'Function',
  apiVersion: 'meta.pkg.crossplane.io/v1',
  spec: { capabilities: ['composition'] },
  metadata: {
    name: 'function-db',
    annotations: { 'meta.crossplane.io/source': 'github.com/acme/fn', 'meta.crossplane.io/license': 'MIT' },
  },
};

const metaDoc = `apiVersion: meta.pkg.crossplane.io/v1
kind: Function
metadata:
  annotations:
    meta.crossplane.io/license: MIT
    meta.crossplane.io/source: github.com/acme/fn
  name: function-db
spec:
  capabilities:
  - composition
`;

const crd: JsonObject = {
  kind: 'CustomResourceDefinition',
  apiVersion: 'apiextensions.k8s.io/v1',
  metadata: { name: 'inputs.db.fn.example.org' },
  spec: { group: 'db.fn.example.org', scope: 'Namespaced' },
};

const crdHead = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: inputs.db.fn.example.org
spec:
  group: db.fn.example.org
  scope: Namespaced
`;

describe('packageYaml', () => {
  it.each([
    { name: 'the metadata alone', objects: [], expected: `---\n${metaDoc}---\n` },
    {
      name: 'a CRD with the empty status Kubernetes writes',
      objects: [crd],
      expected: `---\n${metaDoc}---\n${crdHead}status:
  acceptedNames:
    kind: ""
    plural: ""
  conditions: null
  storedVersions: null
---
`,
    },
    {
      name: 'a CRD with a status kept as it is',
      objects: [
        { ...crd, status: { acceptedNames: { kind: 'Input', plural: 'inputs' }, storedVersions: ['v1'] } },
      ],
      expected: `---\n${metaDoc}---\n${crdHead}status:
  acceptedNames:
    kind: Input
    plural: inputs
  storedVersions:
  - v1
---
`,
    },
    {
      name: 'objects of other kinds without a status, each followed by a separator',
      objects: [
        { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'b' } },
        { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' }, data: { z: '1', a: '2' } },
      ],
      expected: `---\n${metaDoc}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
---
apiVersion: v1
data:
  a: "2"
  z: "1"
kind: ConfigMap
metadata:
  name: a
---
`,
    },
  ])('writes $name', ({ objects, expected }) => {
    expect(packageYaml(meta, objects as JsonObject[])).toBe(expected);
  });

  it('folds no long line and writes a multi-line text as a block', () => {
    const description = `Makes ${'very '.repeat(40)}good databases`;
    const text = packageYaml(
      { ...meta, metadata: { name: 'f', annotations: { d: description, r: '# f\n\nRead me.\n' } } },
      [],
    );
    expect(text).toContain(`\n    d: ${description}\n`);
    expect(text).toContain('\n    r: |\n      # f\n\n      Read me.\n');
  });

  it('leaves the objects it is given unchanged', () => {
    const object = structuredClone(crd);
    packageYaml(meta, [object]);
    expect(object).toEqual(crd);
  });
});

describe('examplesStream', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-package-examples-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const end = '\n...\n\n---\n';

  it.each<{ name: string; files: Record<string, string>; expected: string }>([
    { name: 'no files', files: {}, expected: '' },
    { name: 'one file', files: { 'xr.yaml': 'kind: XR\n' }, expected: `kind: XR\n${end}` },
    { name: 'a file without a final newline', files: { 'xr.yml': 'kind: XR' }, expected: `kind: XR${end}` },
    {
      name: 'only .yaml and .yml files, empty ones skipped',
      files: {
        'a.yaml': 'kind: A\n',
        'b.yaml': '',
        'c.json': '{"kind": "C"}',
        'd.txt': 'kind: D\n',
        'E.YAML': 'kind: E\n',
        'README.md': '# examples\n',
        'f.yml': 'kind: F\n',
      },
      expected: `kind: A\n${end}kind: F\n${end}`,
    },
    {
      name: 'files in lexical order, depth first, nested folders included',
      files: {
        'b.yaml': 'kind: B\n',
        'a.yml': 'kind: A\n',
        'a/z.yaml': 'kind: AZ\n',
        'Z.yaml': 'kind: Z\n',
        'nested/deeper/c.yaml': 'kind: C\n',
        'nested/a.yaml': 'kind: NA\n',
      },
      expected: ['Z', 'AZ', 'A', 'B', 'NA', 'C'].map((k) => `kind: ${k}\n${end}`).join(''),
    },
    {
      name: 'a file of several documents as it is',
      files: { 'xr.yaml': 'kind: A\n---\nkind: B\n' },
      expected: `kind: A\n---\nkind: B\n${end}`,
    },
  ])('joins $name', ({ files, expected }) => {
    write(files);
    expect(examplesStream(dir)).toBe(expected);
  });
});
