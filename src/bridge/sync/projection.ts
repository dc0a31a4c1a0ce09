import type { KubeObject } from '../../kube/rest.js';
import { type Origin, originAnnotationsOf, originLabelsOf } from './origin.js';
import type { Condition } from './sides.js';

/**
 * The annotation on a service copy recording the generation of the kcp object whose spec it carries,
 * written in the same apply as that spec, so that Crossplane's observations of the copy can be told
 * in the kcp object's own generations.
 */
export const kcpGenerationAnnotation = 'kxp.dev/kcp-generation';

/**
 * Metadata keys kcp (or kubectl) adds that must never reach the service cluster: they describe the
 * object in kcp, and on a copy they would be wrong or would make the copy look like kcp's.
 */
const droppedPrefixes = ['kcp.io/', 'internal.apis.kcp.io/', 'experimental.tenancy.kcp.io/'];
const droppedKeys = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** ownMetadata returns the labels or annotations a copy may carry over from its source. */
export function ownMetadata(values: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (droppedKeys.has(k) || droppedPrefixes.some((p) => k.startsWith(p))) continue;
    out[k] = v;
  }
  return out;
}

/**
 * serviceCopy returns what the bridge applies to the service cluster for a consumer's kcp object:
 * the same apiVersion, kind and name, in the service namespace of its workspace and namespace, its
 * spec as the consumer wrote it, its own labels and annotations without what kcp added, kxp's
 * origin labels and annotations, and the kcp generation it was made from (kcpGenerationAnnotation).
 * Never status (Crossplane owns it there) and never kcp's metadata (uid, resourceVersion,
 * finalizers, managed fields, owner references).
 */
export function serviceCopy(kcpObject: KubeObject, serviceNamespace: string, origin: Origin): KubeObject {
  const { apiVersion, kind, metadata, status: _status, ...content } = kcpObject;
  const annotations = { ...ownMetadata(metadata?.annotations), ...originAnnotationsOf(origin) };
  const generation = metadata?.generation;
  if (typeof generation === 'number') annotations[kcpGenerationAnnotation] = String(generation);
  else delete annotations[kcpGenerationAnnotation];
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata?.name,
      namespace: serviceNamespace,
      labels: { ...ownMetadata(metadata?.labels), ...originLabelsOf(origin) },
      annotations,
    },
    ...structuredClone(content),
  };
}

/** generationOf returns value when it is a generation (a positive integer), else undefined. */
function generationOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** copyKcpGeneration returns the kcp generation a service copy carries the spec of, when it records one. */
export function copyKcpGeneration(copy: KubeObject | undefined): number | undefined {
  const recorded = copy?.metadata?.annotations?.[kcpGenerationAnnotation];
  return recorded !== undefined && /^[1-9][0-9]*$/.test(recorded)
    ? generationOf(Number(recorded))
    : undefined;
}

/** What an observation of a service copy is set against: the copy, and the kcp object's status now. */
export interface Observation {
  /** observed is the copy's generation Crossplane observed (a condition's or status's observedGeneration). */
  observed: unknown;
  /** copyGeneration is the copy's metadata.generation. */
  copyGeneration: unknown;
  /** carries is the kcp generation the copy carries the spec of (copyKcpGeneration). */
  carries: number | undefined;
  /** previous is the kcp generation the same observation referred to on the kcp object so far. */
  previous: unknown;
  /** kcpGeneration is the kcp object's metadata.generation. */
  kcpGeneration: unknown;
}

/**
 * observedKcpGeneration returns the kcp generation an observation of the service copy refers to:
 * the generation the copy carries once Crossplane has observed the copy as it is (observed at least
 * the copy's generation), else the one it referred to before (an observation never goes back: the
 * copy keeps the spec it carries while Crossplane alone bumps its generation). Undefined while
 * nothing is known. Never more than the kcp object's generation; an earlier value above it is not
 * one of its generations (the copy's own, as written before kxp mapped them) and is forgotten.
 */
export function observedKcpGeneration(o: Observation): number | undefined {
  const kcpGeneration = generationOf(o.kcpGeneration);
  const observed = generationOf(o.observed);
  const copyGeneration = generationOf(o.copyGeneration);
  let previous = generationOf(o.previous);
  if (previous !== undefined && kcpGeneration !== undefined && previous > kcpGeneration) previous = undefined;
  const caughtUp =
    o.carries !== undefined &&
    observed !== undefined &&
    copyGeneration !== undefined &&
    observed >= copyGeneration;
  const mapped = caughtUp ? Math.max(o.carries ?? 0, previous ?? 0) : previous;
  return mapped !== undefined && kcpGeneration !== undefined ? Math.min(mapped, kcpGeneration) : mapped;
}

/**
 * copyObserved returns the copy's generation Crossplane has observed as a whole: the least of its
 * Ready and Synced conditions' observedGeneration and its status.observedGeneration (when a
 * composition sets one), or undefined when it has none of them.
 */
export function copyObserved(status: Record<string, unknown> | undefined): number | undefined {
  const conditions = (status?.conditions as Condition[] | undefined) ?? [];
  const seen = [
    status?.observedGeneration,
    ...conditions.filter((c) => c.type === 'Ready' || c.type === 'Synced').map((c) => c.observedGeneration),
  ]
    .map(generationOf)
    .filter((g) => g !== undefined);
  return seen.length > 0 ? Math.min(...seen) : undefined;
}

/**
 * kcpStatus returns the status to write back onto the consumer's object: the service copy's status
 * as Crossplane wrote it (conditions with Ready and Synced, connection details' publish time, and
 * whatever status fields the composition sets), with each condition's observedGeneration, and
 * status.observedGeneration, told in the kcp object's generations (observedKcpGeneration; 0 for
 * status.observedGeneration while Crossplane has observed none, a condition without one).
 */
export function kcpStatus(serviceObject: KubeObject, kcpObject: KubeObject): Record<string, unknown> {
  const raw = serviceObject.status;
  const status = raw && typeof raw === 'object' ? structuredClone(raw as Record<string, unknown>) : {};
  const before = (kcpObject.status ?? {}) as { conditions?: Condition[]; observedGeneration?: unknown };
  const at = (observed: unknown, previous: unknown) =>
    observedKcpGeneration({
      observed,
      previous,
      copyGeneration: serviceObject.metadata?.generation,
      carries: copyKcpGeneration(serviceObject),
      kcpGeneration: kcpObject.metadata?.generation,
    });
  const conditions = status.conditions as Condition[] | undefined;
  if (Array.isArray(conditions)) {
    status.conditions = conditions.map((c) => {
      const { observedGeneration, ...rest } = c;
      const previous = before.conditions?.find((p) => p.type === c.type)?.observedGeneration;
      const g = at(observedGeneration, previous);
      return g === undefined ? rest : { ...rest, observedGeneration: g };
    });
  }
  status.observedGeneration =
    at(copyObserved(raw as Record<string, unknown>), before.observedGeneration) ?? 0;
  return status;
}

/**
 * projectedSecret returns the Secret the bridge writes into the consumer's namespace for a Secret
 * of the service cluster: same name, type and data; labelled as kxp's, with its source recorded.
 */
export function projectedSecret(serviceSecret: KubeObject, kcpNamespace: string, origin: Origin): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: serviceSecret.metadata?.name,
      namespace: kcpNamespace,
      labels: { 'app.kubernetes.io/managed-by': 'kxp-bridge', 'kxp.dev/uid': origin.uid },
      annotations: {
        'kxp.dev/source': `${serviceSecret.metadata?.namespace}/${serviceSecret.metadata?.name}`,
      },
    },
    type: (serviceSecret.type as string | undefined) ?? 'Opaque',
    data: structuredClone((serviceSecret.data as Record<string, string> | undefined) ?? {}),
  };
}
