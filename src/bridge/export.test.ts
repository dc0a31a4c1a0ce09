import {
  type APIExport,
  bridgeClaims,
  claimsWith,
  exportPatch,
  ownedAnnotation,
  ownedFrom,
  resourcesWith,
} from './export.js';

const res = (name: string, schema: string, group = 'db.example.com') => ({
  name,
  group,
  schema,
  storage: { crd: {} },
});

describe('resourcesWith', () => {
  it('replaces owned entries, removes owned ones no longer wanted, and keeps the rest in place', () => {
    const current = [res('a', 'v1.a'), res('theirs', 'v1.theirs'), res('gone', 'v1.gone')];
    const out = resourcesWith(
      current,
      ['a.db.example.com', 'gone.db.example.com'],
      [res('a', 'v2.a'), res('new', 'v1.new')],
    );
    expect(out).toEqual([res('a', 'v2.a'), res('theirs', 'v1.theirs'), res('new', 'v1.new')]);
  });

  it('keeps a server entry that already says what is wanted, defaults included', () => {
    const withDefaults = { ...res('a', 'v1.a'), extra: 'default' };
    expect(resourcesWith([withDefaults], ['a.db.example.com'], [res('a', 'v1.a')])[0]).toBe(withDefaults);
  });
});

describe('claimsWith', () => {
  it('adds missing claims and verbs, leaving other claims alone', () => {
    const current = [
      { group: '', resource: 'secrets', verbs: ['get'], identityHash: '' },
      { group: '', resource: 'configmaps', verbs: ['get'] },
    ];
    const out = claimsWith(current, bridgeClaims);
    expect(out[0]?.verbs).toEqual(['get', 'create', 'delete', 'list', 'patch']);
    expect(out[1]).toEqual(current[1]);
    expect(out.slice(2)).toEqual([
      { group: '', resource: 'events', verbs: ['create'] },
      { group: 'core.kcp.io', resource: 'logicalclusters', verbs: ['get'] },
    ]);
  });
});

describe('exportPatch', () => {
  const base: APIExport = {
    metadata: { name: 'e', resourceVersion: '7' },
    spec: { resources: [res('theirs', 'v1.theirs')] },
  };

  it('patches resources, claims and the owned annotation, guarded by the resourceVersion', () => {
    const patch = exportPatch(base, { resources: [res('a', 'v1.a')], claims: bridgeClaims });
    expect(patch).toMatchObject({
      metadata: { resourceVersion: '7' },
      spec: { resources: [res('theirs', 'v1.theirs'), res('a', 'v1.a')] },
    });
    const annotations = (patch!.metadata as { annotations: Record<string, string> }).annotations;
    expect(ownedFrom(annotations)).toEqual({
      resources: ['a.db.example.com'],
      permissionClaims: ['events.', 'logicalclusters.core.kcp.io', 'secrets.'],
    });
  });

  it('returns nothing when the export is already right', () => {
    const patch = exportPatch(base, { resources: [res('a', 'v1.a')], claims: bridgeClaims })!;
    const applied: APIExport = {
      metadata: { ...base.metadata, ...(patch.metadata as object) },
      spec: patch.spec as APIExport['spec'],
    };
    expect(exportPatch(applied, { resources: [res('a', 'v1.a')], claims: bridgeClaims })).toBeUndefined();
  });

  it('leaves resources alone when the change names none (api-first)', () => {
    const owned = { [ownedAnnotation]: JSON.stringify({ resources: [], permissionClaims: [] }) };
    const patch = exportPatch(
      { ...base, metadata: { ...base.metadata, annotations: owned } },
      { claims: bridgeClaims },
    );
    expect((patch!.spec as { resources: unknown }).resources).toEqual(base.spec?.resources);
  });
});
