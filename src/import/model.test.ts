import { kindVersions } from './model.js';

function ars(versions: { name: string; served?: boolean; storage?: boolean; schema?: object }[]): unknown {
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name: 'v1.databases.db.kxp.dev' },
    spec: {
      group: 'db.kxp.dev',
      names: { kind: 'Database', plural: 'databases' },
      scope: 'Namespaced',
      versions: versions.map((v) => ({
        served: true,
        storage: false,
        schema: { type: 'object' },
        ...v,
      })),
    },
  };
}

describe('kindVersions', () => {
  it('returns the served versions, the storage version first and preferred', () => {
    const kvs = kindVersions([
      {
        object: ars([
          { name: 'v1alpha1' },
          { name: 'v1', storage: true },
          { name: 'v2', served: false },
          { name: 'v1beta1' },
        ]),
        source: 'a.yaml',
      },
    ]);
    expect(kvs.map((k) => [k.version, k.preferred])).toEqual([
      ['v1', true],
      ['v1beta1', false],
      ['v1alpha1', false],
    ]);
    expect(kvs[0]).toMatchObject({
      group: 'db.kxp.dev',
      kind: 'Database',
      plural: 'databases',
      namespaced: true,
    });
  });

  it('prefers the highest served version when the stored one is not served', () => {
    const kvs = kindVersions([
      {
        object: ars([
          { name: 'v1alpha1' },
          { name: 'v1beta1' },
          { name: 'v1', served: false, storage: true },
        ]),
        source: 'a',
      },
    ]);
    expect(kvs.map((k) => [k.version, k.preferred])).toEqual([
      ['v1beta1', true],
      ['v1alpha1', false],
    ]);
  });

  it('keeps one of two equal definitions, and refuses two different ones, naming their sources', () => {
    const one = ars([{ name: 'v1', storage: true }]);
    expect(
      kindVersions([
        { object: one, source: 'a' },
        { object: one, source: 'b' },
      ]),
    ).toHaveLength(1);
    const other = ars([{ name: 'v1', storage: true, schema: { type: 'object', description: 'x' } }]);
    expect(() =>
      kindVersions([
        { object: one, source: 'a.yaml' },
        { object: other, source: 'b.yaml' },
      ]),
    ).toThrow('cannot import Database (db.kxp.dev/v1): a.yaml and b.yaml define it differently');
  });

  it('refuses a malformed schema, naming its source and field', () => {
    expect(() => kindVersions([{ object: { metadata: { name: 'x' }, spec: {} }, source: 'x.yaml' }])).toThrow(
      /^cannot import from x\.yaml: cannot read APIResourceSchema: spec\.group: /,
    );
  });
});
