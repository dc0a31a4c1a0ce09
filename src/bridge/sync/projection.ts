import type { KubeObject } from '../../kube/rest.js';
import { type Origin, originAnnotationsOf, originLabelsOf } from './origin.js';

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
 * spec as the consumer wrote it, its own labels and annotations without what kcp added, and kxp's
 * origin labels and annotations. Never status (Crossplane owns it there) and never kcp's metadata
 * (uid, resourceVersion, finalizers, managed fields, owner references).
 */
export function serviceCopy(kcpObject: KubeObject, serviceNamespace: string, origin: Origin): KubeObject {
  const { apiVersion, kind, metadata, status: _status, ...content } = kcpObject;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata?.name,
      namespace: serviceNamespace,
      labels: { ...ownMetadata(metadata?.labels), ...originLabelsOf(origin) },
      annotations: { ...ownMetadata(metadata?.annotations), ...originAnnotationsOf(origin) },
    },
    ...structuredClone(content),
  };
}

/**
 * kcpStatus returns the status to write back onto the consumer's object: the service copy's status
 * as Crossplane wrote it (conditions with Ready and Synced, connection details' publish time, and
 * whatever status fields the composition sets).
 */
export function kcpStatus(serviceObject: KubeObject): Record<string, unknown> | undefined {
  const status = serviceObject.status;
  return status && typeof status === 'object'
    ? structuredClone(status as Record<string, unknown>)
    : undefined;
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
