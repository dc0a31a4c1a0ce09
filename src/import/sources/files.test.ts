import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fileSchemas } from './files.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
};

const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v2',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'apps.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'App', plural: 'apps' },
    versions: [
      { name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

const ars = {
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIResourceSchema',
  metadata: { name: 'v1.gadgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Cluster',
    versions: [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }],
  },
};

describe('fileSchemas', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kxp-import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads CRDs, XRDs and APIResourceSchemas in a folder and the folders in it, skipping other objects', async () => {
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(
      join(dir, 'app', 'xrd.yaml'),
      `${stringify(xrd)}---\n${stringify({ apiVersion: 'v1', kind: 'ConfigMap' })}`,
    );
    writeFileSync(join(dir, 'crds.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [crd] }));
    writeFileSync(join(dir, 'schemas.yml'), stringify(ars));
    writeFileSync(join(dir, '.git', 'ignored.yaml'), stringify(crd));
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    const { schemas, skipped } = await fileSchemas(dir);
    expect(
      schemas.map((s) => [(s.object as { spec: { names: { kind: string } } }).spec.names.kind, s.source]),
    ).toEqual([
      ['App', join(dir, 'app', 'xrd.yaml')],
      ['Widget', join(dir, 'crds.json')],
      ['Gadget', join(dir, 'schemas.yml')],
    ]);
    expect(skipped).toBe(1);
    expect(schemas[1]?.object).toEqual({
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }],
      },
    });
  });

  it('says so when there is no schema', async () => {
    writeFileSync(join(dir, 'cm.yaml'), stringify({ apiVersion: 'v1', kind: 'ConfigMap' }));
    await expect(fileSchemas(dir)).rejects.toThrow(
      `cannot import from ${dir}: no APIResourceSchema, CustomResourceDefinition or CompositeResourceDefinition among its 1 objects`,
    );
  });

  it('names the file and line of a YAML error, and the file of a malformed schema', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'kind: CustomResourceDefinition\nspec: [\n');
    await expect(fileSchemas(join(dir, 'bad.yaml'))).rejects.toThrow(
      `cannot parse ${join(dir, 'bad.yaml')}:`,
    );
    writeFileSync(join(dir, 'crd.yaml'), stringify({ ...crd, spec: { ...crd.spec, group: undefined } }));
    await expect(fileSchemas(join(dir, 'crd.yaml'))).rejects.toThrow(
      `cannot import from ${join(dir, 'crd.yaml')}: cannot read CustomResourceDefinition: spec.group:`,
    );
  });

  it('names a path that does not exist', async () => {
    await expect(fileSchemas(join(dir, 'missing'))).rejects.toThrow(
      `cannot read ${join(dir, 'missing')}: ENOENT`,
    );
  });
});
