import { apiFirstRights, crossplaneFirstRights, derivedXRDName, kindOf } from './exports.js';

const e = { workspace: 'root:db', name: 'databases', claims: false };

describe('apiFirstRights', () => {
  it.each([
    { name: 'namespaced XRs', claims: false, xrds: ['postgresqlinstances.db.kxp.dev'] },
    { name: 'legacy XRDs with claims', claims: true, xrds: ['xpostgresqlinstances.db.kxp.dev'] },
  ])('$name', ({ claims, xrds }) => {
    const exp = {
      spec: {
        resources: [{ name: 'postgresqlinstances', group: 'db.kxp.dev', schema: 's', storage: { crd: {} } }],
      },
    };
    expect(apiFirstRights({ ...e, mode: 'api-first', claims }, exp)).toEqual({
      workspace: 'root:db',
      name: 'databases',
      mode: 'api-first',
      kinds: [{ group: 'db.kxp.dev', resource: 'postgresqlinstances' }],
      xrds,
    });
  });

  it('has nothing to name before the export exists', () => {
    expect(apiFirstRights({ ...e, mode: 'api-first' }, undefined)).toMatchObject({ kinds: [], xrds: [] });
  });
});

describe('crossplaneFirstRights', () => {
  it('syncs the claim of a legacy XRD and the XR of a v2 one', () => {
    const rights = crossplaneFirstRights({ ...e, mode: 'crossplane-first' }, [
      {
        metadata: { name: 'xmysqlinstances.a.dev' },
        spec: {
          group: 'a.dev',
          names: { plural: 'xmysqlinstances', kind: 'XMySQLInstance' },
          claimNames: { plural: 'mysqlinstances', kind: 'MySQLInstance' },
        },
      },
      {
        metadata: { name: 'caches.a.dev' },
        spec: { group: 'a.dev', names: { plural: 'caches', kind: 'Cache' } },
      },
    ]);
    expect(rights.kinds).toEqual([
      { group: 'a.dev', resource: 'mysqlinstances' },
      { group: 'a.dev', resource: 'caches' },
    ]);
    expect(rights.xrds).toEqual(['xmysqlinstances.a.dev', 'caches.a.dev']);
  });
});

describe('kindOf and derivedXRDName', () => {
  it.each([
    { ref: 'caches.a.dev', kind: { resource: 'caches', group: 'a.dev' }, claims: true, xrd: 'xcaches.a.dev' },
    { ref: 'queues.x.y.z', kind: { resource: 'queues', group: 'x.y.z' }, claims: false, xrd: 'queues.x.y.z' },
  ])('$ref', ({ ref, kind, claims, xrd }) => {
    expect(kindOf(ref)).toEqual(kind);
    expect(derivedXRDName(kind, claims)).toBe(xrd);
  });

  it('says what it wants', () => {
    expect(() => kindOf('caches')).toThrow(/want <plural>.<group>/);
  });
});
