import type { JsonObject } from '../wire/types.js';
import {
  annotationsOf,
  apiVersionOf,
  getCondition,
  groupOf,
  isReady,
  kindOf,
  labelsOf,
  nameOf,
  namespaceOf,
  readinessRules,
  toJsonObject,
  toJsonValue,
} from './resource.js';

describe('accessors', () => {
  const obj: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', n: 1 }, annotations: { 'a.b/c': 'd' } },
  };
  it('reads apiVersion, group, kind and metadata', () => {
    expect(apiVersionOf(obj)).toBe('apps/v1');
    expect(groupOf(obj)).toBe('apps');
    expect(kindOf(obj)).toBe('Deployment');
    expect(nameOf(obj)).toBe('web');
    expect(namespaceOf(obj)).toBe('shop');
    expect(labelsOf(obj)).toEqual({ app: 'web' });
    expect(annotationsOf(obj)).toEqual({ 'a.b/c': 'd' });
  });
  it('has defaults for an empty object', () => {
    expect(apiVersionOf({})).toBe('');
    expect(groupOf({ apiVersion: 'v1' })).toBe('');
    expect(kindOf({})).toBe('');
    expect(nameOf({})).toBeUndefined();
    expect(namespaceOf({})).toBeUndefined();
    expect(labelsOf({})).toEqual({});
    expect(annotationsOf({ metadata: 'odd' })).toEqual({});
  });
});

describe('getCondition', () => {
  const obj: JsonObject = {
    status: {
      conditions: [
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        { type: 'Ready', status: 'False', reason: 'Creating', message: 'wait' },
      ],
    },
  };
  it.each([
    {
      name: 'present',
      type: 'Ready',
      expected: { type: 'Ready', status: 'False', reason: 'Creating', message: 'wait' },
    },
    { name: 'absent', type: 'Healthy', expected: undefined },
  ])('$name', ({ type, expected }) => {
    expect(getCondition(obj, type)).toEqual(expected);
  });
  it('tolerates odd shapes', () => {
    expect(getCondition({ status: 'x' }, 'Ready')).toBeUndefined();
    expect(getCondition({ status: { conditions: [null, 'x'] } }, 'Ready')).toBeUndefined();
  });
});

describe('isReady', () => {
  const ready = (type: string, status: string) => ({ status: { conditions: [{ type, status }] } });
  it.each<{ name: string; input: JsonObject; expected: boolean }>([
    {
      name: 'MR with Ready=True',
      input: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket', ...ready('Ready', 'True') },
      expected: true,
    },
    {
      name: 'MR with Ready=False',
      input: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket', ...ready('Ready', 'False') },
      expected: false,
    },
    {
      name: 'MR without conditions',
      input: { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket' },
      expected: false,
    },
    {
      name: 'Ready condition beats the table',
      input: { apiVersion: 'v1', kind: 'ConfigMap', ...ready('Ready', 'False') },
      expected: false,
    },
    {
      name: 'ConfigMap exists',
      input: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      expected: true,
    },
    {
      name: 'Secret being deleted',
      input: { apiVersion: 'v1', kind: 'Secret', metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } },
      expected: false,
    },
    {
      name: 'ClusterRoleBinding exists',
      input: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
      expected: true,
    },
    {
      name: 'ConfigMap of another group',
      input: { apiVersion: 'example.org/v1', kind: 'ConfigMap' },
      expected: false,
    },
    {
      name: 'Namespace Active',
      input: { apiVersion: 'v1', kind: 'Namespace', status: { phase: 'Active' } },
      expected: true,
    },
    {
      name: 'Namespace Terminating',
      input: { apiVersion: 'v1', kind: 'Namespace', status: { phase: 'Terminating' } },
      expected: false,
    },
    {
      name: 'ClusterIP Service',
      input: { apiVersion: 'v1', kind: 'Service', spec: { type: 'ClusterIP' } },
      expected: true,
    },
    {
      name: 'LoadBalancer pending',
      input: {
        apiVersion: 'v1',
        kind: 'Service',
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: {} },
      },
      expected: false,
    },
    {
      name: 'LoadBalancer with ingress',
      input: {
        apiVersion: 'v1',
        kind: 'Service',
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
      },
      expected: true,
    },
    {
      name: 'PVC Bound',
      input: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Bound' } },
      expected: true,
    },
    {
      name: 'PVC Pending',
      input: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } },
      expected: false,
    },
    {
      name: 'Deployment rolled out',
      input: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { generation: 2 },
        spec: { replicas: 2 },
        status: { observedGeneration: 2, updatedReplicas: 2, availableReplicas: 2 },
      },
      expected: true,
    },
    {
      name: 'Deployment short of replicas',
      input: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { generation: 2 },
        spec: { replicas: 3 },
        status: { observedGeneration: 2, updatedReplicas: 3, availableReplicas: 2 },
      },
      expected: false,
    },
    {
      name: 'Deployment generation not observed',
      input: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { generation: 3 },
        spec: { replicas: 1 },
        status: { observedGeneration: 2, updatedReplicas: 1, availableReplicas: 1 },
      },
      expected: false,
    },
    {
      name: 'Deployment default one replica',
      input: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        status: { updatedReplicas: 1, availableReplicas: 1 },
      },
      expected: true,
    },
    {
      name: 'StatefulSet ready',
      input: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        spec: { replicas: 2 },
        status: { readyReplicas: 2 },
      },
      expected: true,
    },
    {
      name: 'DaemonSet rolling',
      input: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        status: { desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3 },
      },
      expected: false,
    },
    {
      name: 'Job complete',
      input: { apiVersion: 'batch/v1', kind: 'Job', ...ready('Complete', 'True') },
      expected: true,
    },
    {
      name: 'Job running',
      input: { apiVersion: 'batch/v1', kind: 'Job', status: { active: 1 } },
      expected: false,
    },
    {
      name: 'Ingress without address',
      input: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', status: {} },
      expected: false,
    },
    {
      name: 'CRD established',
      input: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        ...ready('Established', 'True'),
      },
      expected: true,
    },
  ])('$name', ({ input, expected }) => {
    expect(isReady(input)).toBe(expected);
  });

  it('documents every rule', () => {
    for (const r of readinessRules) expect(r.when).not.toBe('');
  });
});

describe('toJsonValue', () => {
  it('drops undefined fields and copies deeply', () => {
    const src = { a: { b: 1, c: undefined }, d: [1, { e: 'x' }] };
    const out = toJsonObject(src, 'thing');
    expect(out).toEqual({ a: { b: 1 }, d: [1, { e: 'x' }] });
    expect(out.a).not.toBe(src.a);
  });
  it.each([
    { name: 'undefined', input: undefined, expected: 'cannot convert thing to JSON: undefined is not JSON' },
    {
      name: 'bigint',
      input: { n: 1n },
      expected: 'cannot convert thing to JSON: Do not know how to serialize a BigInt',
    },
  ])('rejects $name', ({ input, expected }) => {
    expect(() => toJsonValue(input, 'thing')).toThrow(expected);
  });
  it('rejects an array where an object is needed', () => {
    expect(() => toJsonObject([1], 'thing')).toThrow('cannot convert thing to JSON: expected an object');
  });
});
