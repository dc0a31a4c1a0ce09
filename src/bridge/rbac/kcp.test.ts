import { kcpRights, kcpRules } from './kcp.js';

const find = (rules: ReturnType<typeof kcpRules>, resource: string) =>
  rules.find((r) => r.resources?.includes(resource));

describe('kcpRules', () => {
  it.each([
    {
      name: 'api-first',
      mode: 'api-first' as const,
      expected: {
        apiexports: ['get', 'list', 'patch', 'watch'],
        apiresourceschemas: ['get', 'list', 'watch'],
      },
    },
    {
      name: 'crossplane-first creates its export (by name) and schemas',
      mode: 'crossplane-first' as const,
      expected: {
        apiexports: ['create', 'get', 'list', 'patch', 'watch'],
        apiresourceschemas: ['create'],
      },
    },
  ])('$name', ({ mode, expected }) => {
    const rules = kcpRules({ exportName: 'databases', mode });
    expect(rules[0]).toEqual({ nonResourceURLs: ['/'], verbs: ['access'] });
    expect(find(rules, 'apiexports')).toEqual({
      apiGroups: ['apis.kcp.io'],
      resources: ['apiexports'],
      resourceNames: ['databases'],
      verbs: expected.apiexports,
    });
    expect(find(rules, 'apiresourceschemas')?.verbs).toEqual(expected.apiresourceschemas);
    expect(find(rules, 'apiresourceschemas')?.resourceNames).toBeUndefined();
    expect(find(rules, 'apiexports/content')).toEqual({
      apiGroups: ['apis.kcp.io'],
      resources: ['apiexports/content'],
      resourceNames: ['databases'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
    });
    expect(find(rules, 'apiexportendpointslices')).toMatchObject({
      resourceNames: ['databases'],
      verbs: ['list', 'watch'],
    });
    expect(find(rules, 'configmaps')).toEqual({
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['kxp-bridge-status.databases'],
      verbs: ['create', 'get', 'patch'],
    });
    // Nothing else: no Secrets, namespaces, workspaces or LogicalClusters of the export's workspace.
    expect(rules).toHaveLength(6);
  });
});

describe('kcpRights', () => {
  it('binds the ClusterRole to the kcp user', () => {
    const [role, binding] = kcpRights({ exportName: 'databases', mode: 'api-first', user: 'kxp-bridge' });
    expect(role).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'kxp-bridge:databases' } });
    expect(binding).toMatchObject({
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kxp-bridge:databases' },
      roleRef: { kind: 'ClusterRole', name: 'kxp-bridge:databases' },
      subjects: [{ kind: 'User', name: 'kxp-bridge', apiGroup: 'rbac.authorization.k8s.io' }],
    });
  });
});
