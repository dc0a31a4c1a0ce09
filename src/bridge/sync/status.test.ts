import pino from 'pino';
import type { RestClient } from '../../kube/rest.js';
import type { EngineEnv } from './env.js';
import { kcpGenerationAnnotation } from './projection.js';
import type { Condition, SyncedObject, SyncSide } from './sides.js';
import {
  desiredKcpStatus,
  statusPatch,
  syncedCondition,
  syncedConditionType,
  syncStatusBack,
} from './status.js';

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
    const c = syncedCondition(ok, 'Synced', 'ok', previous, undefined, at);
    expect(c.lastTransitionTime).toBe(expected);
    expect(c.status).toBe(ok ? 'True' : 'False');
  });
});

describe('syncedCondition and generations', () => {
  it.each([
    { name: 'about a generation', generation: 3, expected: { observedGeneration: 3 } },
    { name: 'about none known', generation: undefined, expected: {} },
  ])('$name', ({ generation, expected }) => {
    const c = syncedCondition(true, 'Synced', 'ok', undefined, generation, at);
    expect(c).toEqual({ ...synced, lastTransitionTime: '2026-01-02T03:04:05Z', ...expected });
  });

  it('keeps its transition time when only the generation changes', () => {
    const c = syncedCondition(true, 'Synced', 'ok', { ...synced, observedGeneration: 1 }, 2, at);
    expect(c).toMatchObject({ lastTransitionTime: synced.lastTransitionTime, observedGeneration: 2 });
  });
});

describe('desiredKcpStatus', () => {
  const ready: Condition = { type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: 't' };
  const copy = (status: Record<string, unknown>) => ({
    metadata: { generation: 4, annotations: { [kcpGenerationAnnotation]: '2' } },
    status,
  });
  it.each<{
    name: string;
    kcp: SyncedObject;
    service: SyncedObject | undefined;
    keeps?: boolean;
    expected: Record<string, unknown>;
  }>([
    {
      name: "the service copy's status with kxp's condition",
      kcp: { metadata: { generation: 2 }, status: { conditions: [synced], old: 1 } },
      service: copy({ conditions: [{ ...ready, observedGeneration: 4 }], configMapName: 'x' }),
      expected: {
        conditions: [{ ...ready, observedGeneration: 2 }, synced],
        configMapName: 'x',
        observedGeneration: 2,
      },
    },
    {
      name: 'without status.observedGeneration where the kcp schema prunes it',
      kcp: { metadata: { generation: 2 }, status: { conditions: [synced] } },
      service: copy({ conditions: [{ ...ready, observedGeneration: 4 }] }),
      keeps: false,
      expected: { conditions: [{ ...ready, observedGeneration: 2 }, synced] },
    },
    {
      name: "the kcp object's own status without a copy",
      kcp: { status: { conditions: [ready, { ...synced, status: 'False' as const }], old: 1 } },
      service: undefined,
      expected: { conditions: [ready, synced], old: 1, observedGeneration: 0 },
    },
    {
      name: "the kcp object's own observedGeneration without a copy",
      kcp: { status: { observedGeneration: 3, conditions: [] } },
      service: undefined,
      expected: { conditions: [synced], observedGeneration: 3 },
    },
  ])('$name', ({ kcp, service, keeps, expected }) => {
    expect(desiredKcpStatus(kcp, service, synced, keeps)).toEqual(expected);
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

describe('syncStatusBack', () => {
  const binding = {
    export: { workspace: 'root:db', name: 'db' },
    kcp: { group: 'db.kxp.dev', version: 'v1alpha1', resource: 'things', kind: 'Thing' },
    service: { group: 'db.kxp.dev', version: 'v1alpha1', resource: 'things', kind: 'Thing' },
    mode: 'xr',
    schemaName: 'v1.things.db.kxp.dev',
    xrdName: 'things.db.kxp.dev',
  } as const;
  const copy: SyncSide<SyncedObject> = {
    cluster: 'service',
    client: {} as RestClient,
    object: {
      metadata: {
        name: 'a',
        namespace: 'kxp-x',
        generation: 3,
        annotations: { [kcpGenerationAnnotation]: '1' },
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            lastTransitionTime: 't',
            observedGeneration: 3,
          },
        ],
      },
    },
  };

  /** passes runs syncStatusBack twice against a kcp that keeps status.observedGeneration or prunes it, and returns the patches. */
  async function passes(prunes: boolean): Promise<Record<string, unknown>[]> {
    const patches: Record<string, unknown>[] = [];
    let stored: SyncedObject = { metadata: { name: 'a', namespace: 'apps', generation: 1 } };
    const client = {
      mergePatch: async (_path: string, patch: { status: Record<string, unknown> }) => {
        patches.push(patch.status);
        const { observedGeneration, ...rest } = patch.status;
        stored = { ...stored, status: prunes ? rest : patch.status };
        return stored;
      },
    } as unknown as RestClient;
    const env = { binding: { ...binding }, log: pino({ level: 'silent' }) } as unknown as EngineEnv;
    for (let i = 0; i < 2; i++) {
      await syncStatusBack(env, copy, { cluster: 'c1', client, object: stored });
    }
    return patches;
  }

  it.each([
    {
      name: 'writes status.observedGeneration, then nothing while nothing changes',
      prunes: false,
      writes: 1,
      observedGeneration: 1,
    },
    {
      name: 'writes it once where kcp prunes it, not on every pass',
      prunes: true,
      writes: 1,
      observedGeneration: 1,
    },
  ])('$name', async ({ prunes, writes, observedGeneration }) => {
    const patches = await passes(prunes);
    expect(patches).toHaveLength(writes);
    expect(patches[0]?.observedGeneration).toBe(observedGeneration);
    expect(patches[0]?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', observedGeneration: 1 }),
    );
    expect(patches[0]?.conditions).toContainEqual(
      expect.objectContaining({ type: syncedConditionType, status: 'True', observedGeneration: 1 }),
    );
  });
});
