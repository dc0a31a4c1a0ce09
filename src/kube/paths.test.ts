import { resourcePath } from './paths.js';

describe('resourcePath', () => {
  const widgets = { group: 'example.kxp.dev', version: 'v1', resource: 'widgets' };
  it.each([
    {
      name: 'core collection',
      ref: { group: '', version: 'v1', resource: 'secrets' },
      ns: 'a',
      obj: undefined,
      want: '/api/v1/namespaces/a/secrets',
    },
    {
      name: 'cluster-scoped object',
      ref: widgets,
      ns: undefined,
      obj: 'w',
      want: '/apis/example.kxp.dev/v1/widgets/w',
    },
    {
      name: 'namespaced object',
      ref: widgets,
      ns: 'n',
      obj: 'w',
      want: '/apis/example.kxp.dev/v1/namespaces/n/widgets/w',
    },
    {
      name: 'escaped name',
      ref: widgets,
      ns: undefined,
      obj: 'a b',
      want: '/apis/example.kxp.dev/v1/widgets/a%20b',
    },
  ])('$name', ({ ref, ns, obj, want }) => {
    expect(resourcePath(ref, ns, obj)).toBe(want);
  });
});
