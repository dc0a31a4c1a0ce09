import { contains } from '../contains.js';
import { originAnnotations } from './origin.js';
import { appliedCopy } from './spec.js';

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
