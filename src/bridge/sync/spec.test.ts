import { ApiError } from '../../kube/errors.js';
import { contains } from '../contains.js';
import { originAnnotations } from './origin.js';
import { appliedCopy, isRejection } from './spec.js';

const copy = (spec: Record<string, unknown>) => ({
  apiVersion: 'db.kxp.dev/v1alpha1',
  kind: 'PostgreSQLInstance',
  metadata: { name: 'orders', namespace: 'kxp-abc', annotations: { team: 'a' } },
  spec,
});

describe('appliedCopy', () => {
  it('marks a copy with a hash of itself, keeping its own annotations', () => {
    const a = appliedCopy(copy({ storageGB: 20 }));
    expect(a.metadata?.annotations?.team).toBe('a');
    expect(a.metadata?.annotations?.[originAnnotations.applied]).toMatch(/^[0-9a-f]{16}$/);
    expect(appliedCopy(copy({ storageGB: 20 }))).toEqual(a);
  });

  it('is contained in the copy the server holds until the consumer changes or removes a field', () => {
    const before = appliedCopy(copy({ storageGB: 20, version: '16' }));
    // What the server holds: the applied fields plus what Crossplane and the server add.
    const held = {
      ...before,
      metadata: { ...before.metadata, uid: 'u1', resourceVersion: '7' },
      spec: { ...(before.spec as object), crossplane: { compositionRef: { name: 'postgresql' } } },
      status: { conditions: [] },
    };
    expect(contains(held, before)).toBe(true);
    expect(contains(held, appliedCopy(copy({ storageGB: 40, version: '16' })))).toBe(false);
    // The removed field is still held, but the mark tells the copies apart.
    expect(contains(held, appliedCopy(copy({ storageGB: 20 })))).toBe(false);
  });
});

describe('isRejection', () => {
  const url = 'https://127.0.0.1:7443/apis/db.kxp.dev/v1alpha1/namespaces/kxp-abc/postgresqlinstances';
  it.each([
    {
      name: 'invalid',
      err: new ApiError('POST', url, 422, 'Invalid', 'spec.x: Invalid value'),
      expected: true,
    },
    {
      name: 'an admission webhook',
      err: new ApiError('POST', url, 403, 'Forbidden', 'admission webhook "p" denied the request'),
      expected: true,
    },
    {
      name: "the bridge's own identity refused (RBAC): synced once granted",
      err: new ApiError(
        'POST',
        url,
        403,
        'Forbidden',
        'postgresqlinstances.db.kxp.dev is forbidden: User "system:serviceaccount:kxp-system:kxp-bridge" cannot create resource "postgresqlinstances" in API group "db.kxp.dev" in the namespace "kxp-abc"',
      ),
      expected: false,
    },
    { name: 'a conflict', err: new ApiError('POST', url, 409, 'AlreadyExists', 'exists'), expected: false },
  ])('$name: $expected', ({ err, expected }) => {
    expect(isRejection(err)).toBe(expected);
  });
});
