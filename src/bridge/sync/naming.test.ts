import { mayBeServiceNamespace, serviceNamespaceName } from './naming.js';

describe('serviceNamespaceName', () => {
  it.each([
    {
      name: 'readable and prefixed',
      cluster: '2x4kz9team',
      ns: 'default',
      want: /^kxp-[0-9a-f]{12}-default$/,
    },
    { name: 'cut to 63 characters', cluster: 'c', ns: 'n'.repeat(80), want: /^kxp-[0-9a-f]{12}-n{46}$/ },
    {
      name: 'no trailing dash after cutting',
      cluster: 'c',
      ns: `${'a'.repeat(46)}-b`,
      want: /^kxp-[0-9a-f]{12}-a{46}$/,
    },
  ])('$name', ({ cluster, ns, want }) => {
    expect(serviceNamespaceName(cluster, ns)).toMatch(want);
  });

  it('is deterministic and keeps workspaces and namespaces apart', () => {
    const a = serviceNamespaceName('team-a-cluster', 'default');
    expect(serviceNamespaceName('team-a-cluster', 'default')).toBe(a);
    expect(serviceNamespaceName('team-b-cluster', 'default')).not.toBe(a);
    // the same concatenation must not collide: cluster "a/b" + ns "c" vs cluster "a" + ns "b/c" cannot
    // both be valid names, but "ab"+"c" and "a"+"bc" can
    expect(serviceNamespaceName('ab', 'c')).not.toBe(serviceNamespaceName('a', 'bc'));
  });
});

describe('mayBeServiceNamespace', () => {
  it.each([
    { name: serviceNamespaceName('c', 'default'), want: true },
    { name: serviceNamespaceName('c', 'n'.repeat(80)), want: true },
    { name: 'crossplane-system', want: false },
    { name: 'kxp-system', want: false },
    { name: 'kxp-0123456789ab', want: true },
    { name: undefined, want: false },
  ])('$name: $want', ({ name, want }) => {
    expect(mayBeServiceNamespace(name)).toBe(want);
  });
});
