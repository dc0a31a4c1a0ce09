import { commonRules, type ExportRights, exportRules, serviceRights } from './service.js';

const apiFirst: ExportRights = {
  workspace: 'root:db',
  name: 'databases',
  mode: 'api-first',
  kinds: [{ group: 'db.kxp.dev', resource: 'postgresqlinstances' }],
  xrds: ['postgresqlinstances.db.kxp.dev'],
};

describe('exportRules', () => {
  it.each([
    {
      name: 'api-first writes the XRDs it derives, by name, and syncs their kinds',
      input: apiFirst,
      expected: [
        {
          apiGroups: ['apiextensions.crossplane.io'],
          resources: ['compositeresourcedefinitions'],
          resourceNames: ['postgresqlinstances.db.kxp.dev'],
          verbs: ['create', 'patch'],
        },
        {
          apiGroups: ['apiextensions.crossplane.io'],
          resources: ['compositeresourcedefinitions/status'],
          resourceNames: ['postgresqlinstances.db.kxp.dev'],
          verbs: ['patch'],
        },
        {
          apiGroups: ['db.kxp.dev'],
          resources: ['postgresqlinstances'],
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
        },
      ],
    },
    {
      name: 'crossplane-first only sets conditions on its XRDs, reads their CRDs, groups kinds',
      input: {
        ...apiFirst,
        mode: 'crossplane-first' as const,
        kinds: [
          { group: 'b.dev', resource: 'caches' },
          { group: 'a.dev', resource: 'queues' },
          { group: 'b.dev', resource: 'buckets' },
        ],
        xrds: ['xcaches.b.dev', 'queues.a.dev', 'buckets.b.dev'],
      },
      expected: [
        {
          apiGroups: ['apiextensions.crossplane.io'],
          resources: ['compositeresourcedefinitions/status'],
          resourceNames: ['buckets.b.dev', 'queues.a.dev', 'xcaches.b.dev'],
          verbs: ['patch'],
        },
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          resourceNames: ['buckets.b.dev', 'caches.b.dev', 'queues.a.dev'],
          verbs: ['get'],
        },
        {
          apiGroups: ['a.dev'],
          resources: ['queues'],
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
        },
        {
          apiGroups: ['b.dev'],
          resources: ['buckets', 'caches'],
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
        },
      ],
    },
    {
      name: 'nothing bound yet: no rule (an empty resourceNames would grant every XRD)',
      input: { ...apiFirst, kinds: [], xrds: [] },
      expected: [],
    },
  ])('$name', ({ input, expected }) => {
    expect(exportRules(input)).toEqual(expected);
  });
});

describe('serviceRights', () => {
  const objects = serviceRights({
    serviceAccount: { namespace: 'kxp-system', name: 'kxp-bridge' },
    exports: [apiFirst, { ...apiFirst, name: 'empty', kinds: [], xrds: [] }],
    lease: { namespace: 'kxp-system', name: 'kxp-bridge' },
    eventNamespace: 'default',
  });
  const names = objects.map((o) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);

  it('makes the ServiceAccount, its roles and bindings, in the order to apply them', () => {
    expect(names).toEqual([
      'Namespace /kxp-system',
      'ServiceAccount kxp-system/kxp-bridge',
      'ClusterRole /kxp-bridge:kxp-system:kxp-bridge',
      'ClusterRoleBinding /kxp-bridge:kxp-system:kxp-bridge',
      'ClusterRole /kxp-bridge:kxp-system:kxp-bridge:root:db:databases',
      'ClusterRoleBinding /kxp-bridge:kxp-system:kxp-bridge:root:db:databases',
      'Role kxp-system/kxp-bridge:lease:kxp-bridge',
      'RoleBinding kxp-system/kxp-bridge:lease:kxp-bridge',
      'Role default/kxp-bridge:kxp-system:kxp-bridge:events',
      'RoleBinding default/kxp-bridge:kxp-system:kxp-bridge:events',
    ]);
  });

  it('grants reads only, cluster-wide, and writes only namespaces, copies, conditions, its Lease and events', () => {
    const writes = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];
    const clusterWrites = commonRules.filter((r) => r.verbs.some((v) => writes.includes(v)));
    expect(clusterWrites).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'get', 'list', 'watch'] },
    ]);
    const lease = objects.find((o) => o.kind === 'Role' && o.metadata?.name?.includes('lease'));
    expect(lease?.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: ['kxp-bridge'],
        verbs: ['get', 'update'],
      },
    ]);
    const binding = objects.find((o) => o.kind === 'RoleBinding');
    expect(binding?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'kxp-bridge', namespace: 'kxp-system' },
    ]);
    for (const o of objects) expect(JSON.stringify(o)).not.toContain('"*"');
  });
});

describe('serviceRights of replicas that divide the endpoints', () => {
  it('lets them create, list, read and renew the Leases named at run time, in the Lease namespace only', () => {
    const objects = serviceRights({
      serviceAccount: { namespace: 'kxp-system', name: 'kxp-bridge' },
      exports: [],
      lease: { namespace: 'kxp-system', name: 'kxp-bridge', divideEndpoints: true },
      eventNamespace: 'default',
    });
    const lease = objects.find((o) => o.kind === 'Role' && o.metadata?.name?.includes('lease'));
    expect(lease?.metadata?.namespace).toBe('kxp-system');
    expect(lease?.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'list'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] },
    ]);
  });
});
