import { childName, validName, xrUid } from './naming.js';

describe('xrUid', () => {
  it('is the uid crossplane render gives an XR without one', () => {
    // As printed by crossplane render v2.5.0 for examples/app-config.
    expect(xrUid('example.kxp.dev/v1alpha1', 'AppConfig', 'team-a', 'shop')).toBe(
      'd7571200-2771-5728-90e3-fb2d377295c7',
    );
    expect(xrUid('platform.kxp.dev/v1alpha1', 'XWebApp', '', 'shop-x7k2p')).toBe(
      '92ab0167-2998-5622-af50-df56f096eb28',
    );
  });
});

describe('childName', () => {
  const uid = 'd7571200-2771-5728-90e3-fb2d377295c7';
  const cases = [
    { name: 'a generateName prefix', prefix: 'foo-', child: 'ns', expected: 'foo-15ef877689b7' },
    { name: 'a prefix without its dash', prefix: 'foo', child: 'ns', expected: 'foo-15ef877689b7' },
    {
      name: 'a prefix too long for 63 characters, cut',
      prefix: `${'a'.repeat(60)}-`,
      child: 'ns',
      expected: `${'a'.repeat(50)}-15ef877689b7`,
    },
  ];
  it.each(cases)('names a composed resource from $name', ({ prefix, child, expected }) => {
    expect(childName(prefix, uid, child)).toBe(expected);
    expect(childName(prefix, uid, child).length).toBeLessThanOrEqual(63);
  });
});

describe('validName', () => {
  it.each([
    ['shop-settings', '', 'ConfigMap', true],
    ['Shop', '', 'ConfigMap', false],
    ['a.b', 'apps', 'Deployment', true],
    ['-a', '', 'ConfigMap', false],
    ['system:admin', 'rbac.authorization.k8s.io', 'ClusterRole', true],
    ['system:admin', '', 'ConfigMap', false],
  ])('%s (%s %s) is %s', (name, group, kind, ok) => {
    expect(validName(name, group, kind)).toBe(ok);
  });
});
