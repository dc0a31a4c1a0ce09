import type { KubeObject } from '../../kube/rest.js';
import { originOf } from './origin.js';
import {
  copyKcpGeneration,
  copyObserved,
  kcpGenerationAnnotation,
  kcpStatus,
  type Observation,
  observedKcpGeneration,
  ownMetadata,
  projectedSecret,
  serviceCopy,
} from './projection.js';

const origin = {
  cluster: 'c1',
  workspacePath: 'root:org-a:team-a',
  namespace: 'apps',
  name: 'db',
  uid: 'u-1',
};

const claim: KubeObject = {
  apiVersion: 'db.kxp.dev/v1alpha1',
  kind: 'PostgreSQLInstance',
  metadata: {
    name: 'db',
    namespace: 'apps',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 3,
    finalizers: ['kxp.dev/bridge'],
    managedFields: [{ manager: 'kubectl' }],
    labels: { team: 'a', 'kcp.io/something': 'x' },
    annotations: {
      'kcp.io/cluster': 'c1',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      note: 'keep me',
    },
  },
  spec: { parameters: { storageGB: 5 }, writeConnectionSecretToRef: { name: 'db-conn' } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('serviceCopy', () => {
  const copy = serviceCopy(claim, 'kxp-abc-apps', origin);

  it('keeps kind, name and spec, and moves the object to its service namespace', () => {
    expect(copy).toMatchObject({
      apiVersion: 'db.kxp.dev/v1alpha1',
      kind: 'PostgreSQLInstance',
      metadata: { name: 'db', namespace: 'kxp-abc-apps' },
      spec: claim.spec,
    });
  });

  it('drops status and kcp metadata, keeps the consumer’s own labels and annotations', () => {
    expect(copy.status).toBeUndefined();
    expect(Object.keys(copy.metadata ?? {}).sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
    expect(copy.metadata?.labels).toMatchObject({ team: 'a' });
    expect(copy.metadata?.labels?.['kcp.io/something']).toBeUndefined();
    expect(copy.metadata?.annotations).toMatchObject({ note: 'keep me' });
    expect(copy.metadata?.annotations?.['kcp.io/cluster']).toBeUndefined();
    expect(copy.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('records its origin, which reads back', () => {
    expect(originOf(copy)).toEqual(origin);
  });

  it('records the kcp generation it carries the spec of, which reads back', () => {
    expect(copy.metadata?.annotations?.[kcpGenerationAnnotation]).toBe('3');
    expect(copyKcpGeneration(copy)).toBe(3);
  });

  it('records no kcp generation of an object without one, even one the consumer wrote', () => {
    const { generation: _g, ...metadata } = claim.metadata ?? {};
    const annotations = { ...claim.metadata?.annotations, [kcpGenerationAnnotation]: '9' };
    const c = serviceCopy({ ...claim, metadata: { ...metadata, annotations } }, 'kxp-abc-apps', origin);
    expect(copyKcpGeneration(c)).toBeUndefined();
  });

  it('does not share objects with the source', () => {
    (copy.spec as { parameters: { storageGB: number } }).parameters.storageGB = 99;
    expect((claim.spec as { parameters: { storageGB: number } }).parameters.storageGB).toBe(5);
  });
});

describe('ownMetadata', () => {
  it.each<{ name: string; input: Record<string, string> | undefined; expected: Record<string, string> }>([
    { name: 'nothing', input: undefined, expected: {} },
    { name: 'kcp keys dropped', input: { 'kcp.io/cluster': 'x', a: 'b' }, expected: { a: 'b' } },
    { name: 'internal kcp keys dropped', input: { 'internal.apis.kcp.io/x': 'y' }, expected: {} },
  ])('$name', ({ input, expected }) => {
    expect(ownMetadata(input)).toEqual(expected);
  });
});

describe('copyKcpGeneration', () => {
  it.each<{ name: string; value: string | undefined; expected: number | undefined }>([
    { name: 'a generation', value: '12', expected: 12 },
    { name: 'none', value: undefined, expected: undefined },
    { name: 'zero', value: '0', expected: undefined },
    { name: 'not a number', value: 'x1', expected: undefined },
    { name: 'a leading zero', value: '01', expected: undefined },
    { name: 'beyond a safe integer', value: '99999999999999999999', expected: undefined },
  ])('$name', ({ value, expected }) => {
    const annotations: Record<string, string> =
      value === undefined ? {} : { [kcpGenerationAnnotation]: value };
    expect(copyKcpGeneration({ metadata: { annotations } })).toBe(expected);
  });
});

describe('observedKcpGeneration', () => {
  // The copy is at its generation 5, written from kcp generation 2; the kcp object is at 3 unless said.
  const base: Observation = { observed: 5, copyGeneration: 5, carries: 2, previous: 1, kcpGeneration: 3 };
  it.each<{ name: string; change: Partial<Observation>; expected: number | undefined }>([
    { name: 'caught up with the copy: the kcp generation it carries', change: {}, expected: 2 },
    { name: "past the copy's generation counts as caught up", change: { observed: 6 }, expected: 2 },
    { name: 'behind the copy: the kcp generation referred to so far', change: { observed: 4 }, expected: 1 },
    {
      name: 'behind, nothing referred to so far',
      change: { observed: 4, previous: undefined },
      expected: undefined,
    },
    {
      name: 'behind while the copy still carries what was observed (Crossplane bumped it)',
      change: { observed: 4, previous: 2 },
      expected: 2,
    },
    { name: 'never back, from a copy read late', change: { carries: 1, previous: 2 }, expected: 2 },
    { name: 'not observed at all', change: { observed: undefined }, expected: 1 },
    { name: 'a copy written before kxp recorded generations', change: { carries: undefined }, expected: 1 },
    { name: 'a copy without a generation', change: { copyGeneration: undefined }, expected: 1 },
    {
      name: "a previous value above the kcp generation is the copy's, forgotten",
      change: { observed: 4, previous: 4 },
      expected: undefined,
    },
    {
      name: 'caught up, forgetting a previous value above the kcp generation',
      change: { previous: 7 },
      expected: 2,
    },
    {
      name: 'never above the kcp generation (a kcp object read late)',
      change: { carries: 4, previous: undefined },
      expected: 3,
    },
    { name: 'observedGeneration 0 is no observation', change: { observed: 0 }, expected: 1 },
    { name: 'a string is no observation', change: { observed: '5' }, expected: 1 },
  ])('$name', ({ change, expected }) => {
    expect(observedKcpGeneration({ ...base, ...change })).toBe(expected);
  });
});

describe('copyObserved', () => {
  const c = (type: string, observedGeneration?: number) => ({ type, status: 'True', observedGeneration });
  it.each<{ name: string; status: Record<string, unknown> | undefined; expected: number | undefined }>([
    { name: 'no status', status: undefined, expected: undefined },
    { name: 'no conditions', status: { x: 1 }, expected: undefined },
    {
      name: 'Ready and Synced: the lesser',
      status: { conditions: [c('Ready', 4), c('Synced', 3)] },
      expected: 3,
    },
    {
      name: 'other conditions do not count',
      status: { conditions: [c('Ready', 4), c('Custom', 1)] },
      expected: 4,
    },
    { name: 'a condition without one', status: { conditions: [c('Ready'), c('Synced', 2)] }, expected: 2 },
    {
      name: "the composition's status.observedGeneration counts",
      status: { observedGeneration: 2, conditions: [c('Ready', 4)] },
      expected: 2,
    },
  ])('$name', ({ status, expected }) => {
    expect(copyObserved(status)).toBe(expected);
  });
});

describe('kcpStatus', () => {
  const copyAt = (generation: number, carries: string, status: Record<string, unknown>): KubeObject => ({
    metadata: { generation, annotations: { [kcpGenerationAnnotation]: carries } },
    status,
  });
  const cond = (type: string, status: string, observedGeneration?: number) => ({
    type,
    status,
    reason: 'R',
    lastTransitionTime: 't',
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
  });
  it.each<{ name: string; copy: KubeObject; kcp: KubeObject; expected: Record<string, unknown> }>([
    {
      name: 'a claim at generation 1 whose copy Crossplane took to generation 4',
      copy: copyAt(4, '1', { conditions: [cond('Synced', 'True', 4), cond('Ready', 'True', 4)], x: 1 }),
      kcp: { metadata: { generation: 1 } },
      expected: {
        conditions: [cond('Synced', 'True', 1), cond('Ready', 'True', 1)],
        x: 1,
        observedGeneration: 1,
      },
    },
    {
      name: 'a spec change not yet observed: Ready stays at the generation before',
      copy: copyAt(5, '2', { conditions: [cond('Synced', 'True', 4), cond('Ready', 'True', 4)] }),
      kcp: {
        metadata: { generation: 2 },
        status: { observedGeneration: 1, conditions: [cond('Synced', 'True', 1), cond('Ready', 'True', 1)] },
      },
      expected: { conditions: [cond('Synced', 'True', 1), cond('Ready', 'True', 1)], observedGeneration: 1 },
    },
    {
      name: 'Synced observed the change, Ready not yet',
      copy: copyAt(5, '2', { conditions: [cond('Synced', 'True', 5), cond('Ready', 'False', 4)] }),
      kcp: {
        metadata: { generation: 2 },
        status: { observedGeneration: 1, conditions: [cond('Synced', 'True', 1), cond('Ready', 'True', 1)] },
      },
      expected: { conditions: [cond('Synced', 'True', 2), cond('Ready', 'False', 1)], observedGeneration: 1 },
    },
    {
      name: "the copy's generations of an older bridge are forgotten",
      copy: copyAt(5, '2', { conditions: [cond('Ready', 'True', 4)] }),
      kcp: { metadata: { generation: 2 }, status: { conditions: [cond('Ready', 'True', 4)] } },
      expected: { conditions: [cond('Ready', 'True')], observedGeneration: 0 },
    },
    {
      name: 'nothing observed yet',
      copy: copyAt(1, '1', {}),
      kcp: { metadata: { generation: 1 } },
      expected: { observedGeneration: 0 },
    },
  ])('$name', ({ copy, kcp, expected }) => {
    expect(kcpStatus(copy, kcp)).toEqual(expected);
  });
});

describe('projectedSecret', () => {
  it('projects a Secret under the same name with its data', () => {
    const s = projectedSecret(
      {
        metadata: { name: 'db-conn', namespace: 'kxp-abc-apps' },
        type: 'connection.crossplane.io/v1alpha1',
        data: { password: 'cHc=' },
      },
      'apps',
      origin,
    );
    expect(s).toMatchObject({
      kind: 'Secret',
      metadata: {
        name: 'db-conn',
        namespace: 'apps',
        annotations: { 'kxp.dev/source': 'kxp-abc-apps/db-conn' },
      },
      type: 'connection.crossplane.io/v1alpha1',
      data: { password: 'cHc=' },
    });
  });
});
