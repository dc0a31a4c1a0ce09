import { Catalog, schemasFromAPIResourceSchema, schemasFromCRD } from './catalog.js';

const rs = (kind: string, version: string) => ({
  group: 'db.example.org',
  version,
  kind,
  plural: `${kind.toLowerCase()}s`,
  namespaced: true,
  schema: { type: 'object' },
  source: 'test',
});

describe('Catalog.lookup', () => {
  const catalog = new Catalog();
  catalog.add(rs('Database', 'v1'));
  catalog.add(rs('Database', 'v2'));
  catalog.add(rs('Cache', 'v1'));

  it.each([
    [
      'db.example.org/v1',
      'Database',
      { found: expect.objectContaining({ kind: 'Database', version: 'v1' }) },
    ],
    [
      'db.example.org/v3',
      'Database',
      { missing: 'db.example.org serves Database in version v1, v2, not v3' },
    ],
    [
      'db.example.org/v1',
      'Databse',
      { missing: 'db.example.org has no kind Databse (it has Database, Cache)' },
    ],
    ['v1', 'ConfigMap', { unknown: true }],
    ['kustomize.config.k8s.io/v1beta1', 'Kustomization', { unknown: true }],
  ])('%s %s', (apiVersion, kind, expected) => {
    expect(catalog.lookup(apiVersion, kind)).toEqual(expected);
  });

  it('lets a later definition of a kind and version replace an earlier one', () => {
    const c = new Catalog();
    c.add(rs('Database', 'v1'));
    c.add({ ...rs('Database', 'v1'), source: 'later' });
    expect(c.size).toBe(1);
    expect(c.lookup('db.example.org/v1', 'Database')).toEqual({
      found: expect.objectContaining({ source: 'later' }),
    });
  });
});

describe('schemas from definitions', () => {
  const version = (name: string, served: boolean) => ({
    name,
    served,
    storage: served,
    schema: { type: 'object' },
  });

  it('keeps the served versions of an APIResourceSchema', () => {
    const found = schemasFromAPIResourceSchema({
      metadata: { name: 'v1.things.example.org' },
      spec: {
        group: 'example.org',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Namespaced',
        versions: [version('v1', true), version('v0', false)],
      },
    });
    expect(found.map((f) => [f.version, f.namespaced, f.source])).toEqual([
      ['v1', true, 'APIResourceSchema v1.things.example.org'],
    ]);
  });

  it('reads each version of a CRD from its openAPIV3Schema', () => {
    const found = schemasFromCRD({
      metadata: { name: 'things.example.org' },
      spec: {
        group: 'example.org',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Cluster',
        versions: [{ ...version('v1', true), schema: { openAPIV3Schema: { type: 'object', title: 't' } } }],
      },
    });
    expect(found).toEqual([
      expect.objectContaining({ namespaced: false, schema: { type: 'object', title: 't' } }),
    ]);
  });

  it('names what is wrong with a definition it cannot read', () => {
    expect(() => schemasFromCRD({ metadata: { name: 'x' }, spec: {} })).toThrow(
      /^cannot read CustomResourceDefinition: /,
    );
  });
});
