import { canonicalJSON } from './canonical.js';
import { shortHash } from './hash.js';

describe('canonicalJSON', () => {
  it.each([
    {
      name: 'sorts keys at every depth',
      input: { b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } },
      expected: '{"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1}',
    },
    { name: 'keeps array order', input: [3, 1, 2], expected: '[3,1,2]' },
    { name: 'drops undefined members', input: { a: undefined, b: null }, expected: '{"b":null}' },
    { name: 'turns undefined array items into null', input: [undefined, 1], expected: '[null,1]' },
    { name: 'scalars', input: 'x', expected: '"x"' },
  ])('$name', ({ input, expected }) => {
    expect(canonicalJSON(input)).toBe(expected);
  });
});

describe('shortHash', () => {
  const spec = { group: 'db.kxp.dev', names: { kind: 'PostgreSQLInstance', plural: 'postgresqlinstances' } };
  it.each([
    {
      name: 'same under key reordering',
      input: { names: { plural: 'postgresqlinstances', kind: 'PostgreSQLInstance' }, group: 'db.kxp.dev' },
      expected: true,
    },
    { name: 'differs on a changed value', input: { ...spec, group: 'db2.kxp.dev' }, expected: false },
    { name: 'differs on an added member', input: { ...spec, scope: 'Namespaced' }, expected: false },
  ])('$name', ({ input, expected }) => {
    expect(shortHash(input) === shortHash(spec)).toBe(expected);
  });

  it('is lowercase hex of the requested length', () => {
    expect(shortHash(spec)).toMatch(/^[0-9a-f]{10}$/);
    expect(shortHash(spec, 8)).toBe(shortHash(spec).slice(0, 8));
  });
});
