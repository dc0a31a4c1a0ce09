/**
 * Where a service-cluster copy came from, recorded with kxp's one prefix so that every copy can be
 * traced back to its kcp object, and the bridge never touches objects it did not make.
 */
export interface Origin {
  /** The kcp logical cluster name (from the kcp.io/cluster annotation). */
  cluster: string;
  /** The workspace path, e.g. root:org-a:team-a, for people reading the copy. */
  workspacePath?: string;
  namespace: string;
  name: string;
  uid: string;
}

export const originLabels = {
  managedBy: 'app.kubernetes.io/managed-by',
  cluster: 'kxp.dev/cluster',
  namespace: 'kxp.dev/namespace',
  uid: 'kxp.dev/uid',
} as const;

export const originAnnotations = {
  workspacePath: 'kxp.dev/workspace-path',
  cluster: 'kxp.dev/cluster',
  namespace: 'kxp.dev/namespace',
  name: 'kxp.dev/name',
  /** A hash of the copy as the bridge last applied it, so that an unchanged copy is not applied again. */
  applied: 'kxp.dev/applied',
} as const;

/** The finalizer the bridge puts on kcp objects until their service copy and projections are gone. */
export const bridgeFinalizer = 'kxp.dev/bridge';

/** The label a composition puts on a Secret of a namespaced XR to have it projected to the consumer. */
export const projectLabel = 'kxp.dev/project';

/** originLabelsOf returns the labels that select a copy by its origin (label values stay within 63 characters). */
export function originLabelsOf(o: Origin): Record<string, string> {
  return {
    [originLabels.managedBy]: 'kxp-bridge',
    [originLabels.cluster]: o.cluster,
    [originLabels.namespace]: o.namespace,
    [originLabels.uid]: o.uid,
  };
}

/** originAnnotationsOf returns the annotations that name a copy's origin in full. */
export function originAnnotationsOf(o: Origin): Record<string, string> {
  const a: Record<string, string> = {
    [originAnnotations.cluster]: o.cluster,
    [originAnnotations.namespace]: o.namespace,
    [originAnnotations.name]: o.name,
  };
  if (o.workspacePath) a[originAnnotations.workspacePath] = o.workspacePath;
  return a;
}

/** originOf returns the origin recorded on a copy, or undefined when the bridge did not make it. */
export function originOf(obj: {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}): Origin | undefined {
  const l = obj.metadata?.labels ?? {};
  const a = obj.metadata?.annotations ?? {};
  const cluster = a[originAnnotations.cluster];
  const namespace = a[originAnnotations.namespace];
  const name = a[originAnnotations.name];
  const uid = l[originLabels.uid];
  if (!cluster || namespace === undefined || !name || !uid) return undefined;
  const origin: Origin = { cluster, namespace, name, uid };
  const path = a[originAnnotations.workspacePath];
  if (path) origin.workspacePath = path;
  return origin;
}
