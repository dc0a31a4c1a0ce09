import { projectedSecretNames } from './secrets.js';
import type { SyncedObject } from './sides.js';

const secret = (name: string, labels: Record<string, string> = {}, owner?: string): SyncedObject => ({
  metadata: { name, labels, ownerReferences: owner ? [{ uid: owner }] : [] },
});
const project = { 'kxp.dev/project': 'true' };

describe('projectedSecretNames', () => {
  it.each([
    {
      name: "a claim's connection Secret",
      mode: 'claim' as const,
      copy: { metadata: { name: 'db', uid: 'u' }, spec: { writeConnectionSecretToRef: { name: 'db-conn' } } },
      secrets: [secret('db-conn'), secret('other')],
      expected: ['db-conn'],
    },
    {
      name: 'a claim whose Secret is not written yet',
      mode: 'claim' as const,
      copy: { metadata: { name: 'db', uid: 'u' }, spec: { writeConnectionSecretToRef: { name: 'db-conn' } } },
      secrets: [],
      expected: [],
    },
    {
      name: "an XR's labelled Secrets, owned or labelled with the composite",
      mode: 'xr' as const,
      copy: { metadata: { name: 'shop', uid: 'u' } },
      secrets: [
        secret('by-owner', project, 'u'),
        secret('by-label', { ...project, 'crossplane.io/composite': 'shop' }),
        secret('not-labelled', {}, 'u'),
        secret('someone-elses', project, 'v'),
      ],
      expected: ['by-label', 'by-owner'],
    },
  ])('$name', ({ mode, copy, secrets, expected }) => {
    expect(projectedSecretNames(mode, copy, secrets)).toEqual(expected);
  });
});
