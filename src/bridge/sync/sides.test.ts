import { keyParts, objectKey } from './sides.js';

describe('objectKey and keyParts', () => {
  it.each([
    { name: 'round trip', input: { cluster: 'c1', namespace: 'apps', name: 'db' } },
    { name: 'dotted names', input: { cluster: '2x4kz', namespace: 'team-a', name: 'db.primary' } },
  ])('$name', ({ input }) => {
    expect(keyParts(objectKey(input))).toEqual(input);
  });

  it.each(['', 'c1/apps', 'c1/apps/db/extra', '/apps/db'])('refuses %p', (key) => {
    expect(keyParts(key)).toBeUndefined();
  });
});
