import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaFiles, schemasFromDocument } from './files.js';

const corpus = join(import.meta.dirname, '../../../test/fixtures/validate/schemas');

describe('loadSchemaFiles', () => {
  it('reads a folder of XRDs as the CRDs Crossplane derives, ignoring other documents', async () => {
    const catalog = await loadSchemaFiles([corpus]);
    expect(
      catalog.schemas().map((s) => `${s.kind} ${s.namespaced ? 'namespaced' : 'cluster'} (${s.source})`),
    ).toEqual([
      'XDatabase cluster (XRD xdatabases.validate.kxp.dev (composite resource))',
      'Database namespaced (XRD xdatabases.validate.kxp.dev (claim))',
      'Widget namespaced (XRD widgets.validate.kxp.dev (composite resource))',
    ]);
  });

  it('names the file and line of a schema it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kxp-schemas-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {}\n',
    );
    await expect(loadSchemaFiles([dir])).rejects.toThrow(
      /^cannot read schemas: .*bad\.yaml:1: cannot read CustomResourceDefinition: /,
    );
  });
});

describe('schemasFromDocument', () => {
  it.each([
    ['a Composition', { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition' }],
    ['a ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap' }],
    ['a list', [1, 2]],
  ])('finds no schema in %s', (_name, doc) => {
    expect(schemasFromDocument(doc)).toEqual([]);
  });
});
