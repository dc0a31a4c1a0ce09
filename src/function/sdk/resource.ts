/**
 * Helpers over plain Kubernetes objects (composite and composed resources as the request carries
 * them): metadata accessors, conditions, JSON conversion, and the readiness table that auto-ready uses.
 */
import type { JsonObject, JsonValue } from '../wire/types.js';
import { getField } from './fieldpath.js';

/** A Kubernetes status condition as it appears under status.conditions. */
export interface KubeCondition {
  type: string;
  /** 'True', 'False' or 'Unknown'. */
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** apiVersionOf returns obj's apiVersion, or '' when it has none. */
export function apiVersionOf(obj: JsonObject): string {
  return typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
}

/** groupOf returns obj's API group: '' for the core group (apiVersion v1). */
export function groupOf(obj: JsonObject): string {
  const apiVersion = apiVersionOf(obj);
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** kindOf returns obj's kind, or '' when it has none. */
export function kindOf(obj: JsonObject): string {
  return typeof obj.kind === 'string' ? obj.kind : '';
}

/** nameOf returns obj's metadata.name, or undefined when it has none (Crossplane names it later). */
export function nameOf(obj: JsonObject): string | undefined {
  return stringAt(obj, 'metadata.name');
}

/** namespaceOf returns obj's metadata.namespace, or undefined for cluster-scoped or unset. */
export function namespaceOf(obj: JsonObject): string | undefined {
  return stringAt(obj, 'metadata.namespace');
}

/** labelsOf returns obj's string labels; an empty record when it has none. */
export function labelsOf(obj: JsonObject): Record<string, string> {
  return stringRecordAt(obj, 'metadata.labels');
}

/** annotationsOf returns obj's string annotations; an empty record when it has none. */
export function annotationsOf(obj: JsonObject): Record<string, string> {
  return stringRecordAt(obj, 'metadata.annotations');
}

/** getCondition returns the condition of the given type from obj's status.conditions, if any. */
export function getCondition(obj: JsonObject, type: string): KubeCondition | undefined {
  const conditions = peek(obj, 'status.conditions');
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions) {
    if (isObject(c) && c.type === type && typeof c.status === 'string') return c as unknown as KubeCondition;
  }
  return undefined;
}

/**
 * toJsonValue returns a deep JSON copy of value: undefined fields are dropped, Dates become strings.
 * `what` names the value in the error when it cannot be represented in a protobuf Struct.
 */
export function toJsonValue(value: unknown, what: string): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new Error(`cannot convert ${what} to JSON: ${(err as Error).message}`, { cause: err });
  }
  if (text === undefined) throw new Error(`cannot convert ${what} to JSON: ${typeof value} is not JSON`);
  return JSON.parse(text) as JsonValue;
}

/**
 * cloneJson returns a deep copy of a JSON object. It copies through JSON rather than
 * structuredClone so the copy's objects belong to the caller's realm (jest runs tests in a vm
 * context, where structuredClone's objects fail node's deepStrictEqual).
 */
export function cloneJson<T extends JsonObject>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** toJsonObject returns a deep JSON copy of value, which must be a plain object (not an array). */
export function toJsonObject(value: unknown, what: string): JsonObject {
  const json = toJsonValue(value, what);
  if (!isObject(json)) throw new Error(`cannot convert ${what} to JSON: expected an object`);
  return json;
}

/** isObject reports whether v is a JSON object (not null, not an array). */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A readiness rule for a kind that reports no Ready condition. */
export interface ReadinessRule {
  /** API group; '' is the core group. */
  group: string;
  kind: string;
  /** When an observed object of this kind counts as ready, in words. */
  when: string;
  ready(obj: JsonObject): boolean;
}

const exists: Pick<ReadinessRule, 'when' | 'ready'> = {
  when: 'it exists and is not being deleted',
  ready: (o) => peek(o, 'metadata.deletionTimestamp') === undefined,
};

const caughtUp = (o: JsonObject): boolean =>
  num(o, 'status.observedGeneration', 0) >= num(o, 'metadata.generation', 0);

const hasLoadBalancerIngress = (o: JsonObject): boolean => {
  const ingress = peek(o, 'status.loadBalancer.ingress');
  return Array.isArray(ingress) && ingress.length > 0;
};

/**
 * readinessRules is the table auto-ready consults for common kinds without a Ready condition.
 * An object that has a Ready condition is judged by it alone (Crossplane managed resources,
 * composite resources, provider-kubernetes Objects, Pods); any other kind is not ready.
 */
export const readinessRules: readonly ReadinessRule[] = [
  ...['ConfigMap', 'Secret', 'ServiceAccount', 'LimitRange', 'ResourceQuota'].map((kind) => ({
    group: '',
    kind,
    ...exists,
  })),
  ...['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((kind) => ({
    group: 'rbac.authorization.k8s.io',
    kind,
    ...exists,
  })),
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', ...exists },
  { group: 'storage.k8s.io', kind: 'StorageClass', ...exists },
  {
    group: '',
    kind: 'Namespace',
    when: 'status.phase is Active',
    ready: (o) => peek(o, 'status.phase') === 'Active',
  },
  {
    group: '',
    kind: 'Service',
    when: 'it exists; type LoadBalancer also needs status.loadBalancer.ingress',
    ready: (o) => peek(o, 'spec.type') !== 'LoadBalancer' || hasLoadBalancerIngress(o),
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    when: 'status.phase is Bound',
    ready: (o) => peek(o, 'status.phase') === 'Bound',
  },
  {
    group: 'apps',
    kind: 'Deployment',
    when: 'observedGeneration caught up, updatedReplicas and availableReplicas >= spec.replicas (default 1)',
    ready: (o) => {
      const want = num(o, 'spec.replicas', 1);
      return (
        caughtUp(o) &&
        num(o, 'status.updatedReplicas', 0) >= want &&
        num(o, 'status.availableReplicas', 0) >= want
      );
    },
  },
  {
    group: 'apps',
    kind: 'StatefulSet',
    when: 'observedGeneration caught up, readyReplicas >= spec.replicas (default 1)',
    ready: (o) => caughtUp(o) && num(o, 'status.readyReplicas', 0) >= num(o, 'spec.replicas', 1),
  },
  {
    group: 'apps',
    kind: 'DaemonSet',
    when: 'observedGeneration caught up, updatedNumberScheduled and numberAvailable >= desiredNumberScheduled',
    ready: (o) => {
      const want = num(o, 'status.desiredNumberScheduled', 0);
      return (
        caughtUp(o) &&
        num(o, 'status.updatedNumberScheduled', 0) >= want &&
        num(o, 'status.numberAvailable', 0) >= want
      );
    },
  },
  {
    group: 'batch',
    kind: 'Job',
    when: 'condition Complete is True',
    ready: (o) => getCondition(o, 'Complete')?.status === 'True',
  },
  {
    group: 'networking.k8s.io',
    kind: 'Ingress',
    when: 'status.loadBalancer.ingress has an entry',
    ready: hasLoadBalancerIngress,
  },
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    when: 'condition Established is True',
    ready: (o) => getCondition(o, 'Established')?.status === 'True',
  },
];

/**
 * isReady reports whether an observed object is ready: its Ready condition is True, or, for an
 * object without a Ready condition, the readinessRules entry for its kind says so.
 */
export function isReady(observed: JsonObject): boolean {
  const ready = getCondition(observed, 'Ready');
  if (ready) return ready.status === 'True';
  const group = groupOf(observed);
  const kind = kindOf(observed);
  const rule = readinessRules.find((r) => r.group === group && r.kind === kind);
  return rule?.ready(observed) ?? false;
}

function stringAt(obj: JsonObject, path: string): string | undefined {
  const v = peek(obj, path);
  return typeof v === 'string' ? v : undefined;
}

function stringRecordAt(obj: JsonObject, path: string): Record<string, string> {
  const v = peek(obj, path);
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function num(obj: JsonObject, path: string, fallback: number): number {
  const v = peek(obj, path);
  return typeof v === 'number' ? v : fallback;
}

/** peek returns the value at path, or undefined when absent or when obj has an unexpected shape there. */
function peek(obj: JsonObject, path: string): JsonValue | undefined {
  try {
    return getField(obj, path);
  } catch {
    return undefined;
  }
}
