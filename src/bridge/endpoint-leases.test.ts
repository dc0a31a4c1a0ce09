import { describe, expect, it } from '@jest/globals';
import { beyondShare, fairShare, leaseNameOf } from './endpoint-leases.js';

describe('fairShare', () => {
  it.each([
    { endpoints: 2, replicas: 2, share: 1 },
    { endpoints: 2, replicas: 1, share: 2 },
    { endpoints: 3, replicas: 2, share: 2 },
    { endpoints: 1, replicas: 3, share: 1 },
    { endpoints: 0, replicas: 2, share: 0 },
    { endpoints: 2, replicas: 0, share: 2 },
  ])('$endpoints endpoints among $replicas replicas: at most $share each', ({ endpoints, replicas, share }) =>
    expect(fairShare(endpoints, replicas)).toBe(share),
  );
});

describe('beyondShare', () => {
  it.each([
    { held: ['b', 'a'], share: 1, give: ['b'] },
    { held: ['a'], share: 1, give: [] },
    { held: ['c', 'a', 'b'], share: 1, give: ['b', 'c'] },
    { held: [], share: 0, give: [] },
  ])('gives up $give of $held to keep $share', ({ held, share, give }) =>
    expect(beyondShare(held, share)).toEqual(give),
  );
});

describe('leaseNameOf', () => {
  it('names a Lease per endpoint and per replica, valid and stable', () => {
    const url = 'https://127.0.0.1:7000/services/apiexport/abc/databases';
    const name = leaseNameOf('kxp-bridge', 'endpoint', url);
    expect(name).toMatch(/^kxp-bridge-endpoint-[0-9a-f]{12}$/);
    expect(leaseNameOf('kxp-bridge', 'endpoint', url)).toBe(name);
    expect(leaseNameOf('kxp-bridge', 'endpoint', `${url}x`)).not.toBe(name);
    expect(leaseNameOf('kxp-bridge', 'replica', url)).toMatch(/^kxp-bridge-replica-/);
  });
});
