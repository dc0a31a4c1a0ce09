import { shortHash } from '../schema/hash.js';

/** The Kubernetes limit on namespace names (a DNS-1123 label). */
const maxNamespaceLength = 63;

/**
 * serviceNamespaceName returns the service-cluster namespace that holds the copies of objects in
 * namespace `namespace` of kcp logical cluster `cluster`: `kxp-<hash>-<namespace>`, cut to 63
 * characters. The hash of both names keeps every (workspace, namespace) pair apart, so team A's and
 * team B's `default` never meet; the namespace's own name stays readable for operators. The
 * namespace also carries annotations naming its origin, which the engine checks before use.
 */
export function serviceNamespaceName(cluster: string, namespace: string): string {
  const name = `kxp-${shortHash(`${cluster}/${namespace}`, 12)}-${namespace}`;
  return name.slice(0, maxNamespaceLength).replace(/-+$/, '');
}

/**
 * mayBeServiceNamespace reports whether a namespace name has the shape serviceNamespaceName gives,
 * so that caches of the service cluster keep only what may be kxp's (the origin annotations, not the
 * name, say whether it is).
 */
export function mayBeServiceNamespace(name: string | undefined): boolean {
  return name !== undefined && /^kxp-[0-9a-f]{12}(-|$)/.test(name);
}
