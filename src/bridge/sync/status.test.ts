import type { Condition } from './sides.js';
import { desiredKcpStatus, statusPatch, syncedCondition, syncedConditionType } from './status.js';

const at = () => new Date('2026-01-02T03:04:05.678Z');
const synced: Condition = {
  type: syncedConditionType,
  status: 'True',
  reason: 'Synced',
  message: 'ok',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

describe('syncedCondition', () => {
  it.each([
    { name: 'new', ok: true, previous: undefined, expected: '2026-01-02T03:04:05Z' },
    { name: 'unchanged keeps its time', ok: true, previous: synced, expected: '2026-01-01T00:00:00Z' },
    { name: 'changed gets a new time', ok: false, previous: synced, expected: '2026-01-02T03:04:05Z' },
  ])('$name', ({ ok, previous, expected }) => {
    const c = syncedCondition(ok, 'Synced', 'ok', previous, at);
    expect(c.lastTransitionTime).toBe(expected);
    expect(c.status).toBe(ok ? 'True' : 'False');
  });
});

describe('desiredKcpStatus', () => {
  const ready: Condition = { type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: 't' };
  it.each([
    {
      name: "the service copy's status with kxp's condition",
      kcp: { status: { conditions: [synced], old: 1 } },
      service: { status: { conditions: [ready], configMapName: 'x' } },
      expected: { conditions: [ready, synced], configMapName: 'x' },
    },
    {
      name: "the kcp object's own status without a copy",
      kcp: { status: { conditions: [ready, { ...synced, status: 'False' as const }], old: 1 } },
      service: undefined,
      expected: { conditions: [ready, synced], old: 1 },
    },
  ])('$name', ({ kcp, service, expected }) => {
    expect(desiredKcpStatus(kcp, service, synced)).toEqual(expected);
  });
});

describe('statusPatch', () => {
  it.each([
    {
      name: 'equal in another key order',
      current: { a: 1, b: 2 },
      desired: { b: 2, a: 1 },
      expected: undefined,
    },
    { name: 'changed', current: { a: 1 }, desired: { a: 2 }, expected: { status: { a: 2 } } },
    {
      name: 'removed field becomes null',
      current: { a: 1, b: 2 },
      desired: { a: 1 },
      expected: { status: { a: 1, b: null } },
    },
    { name: 'no status yet', current: undefined, desired: { a: 1 }, expected: { status: { a: 1 } } },
  ])('$name', ({ current, desired, expected }) => {
    expect(statusPatch(current, desired)).toEqual(expected);
  });
});
