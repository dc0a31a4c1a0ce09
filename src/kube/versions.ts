/** Kubernetes API versions (v1, v2beta1, v1alpha3) and the order discovery lists them in. */

const kubeVersion = /^v([0-9]+)(?:(alpha|beta)([0-9]+))?$/;

/**
 * byPriority orders versions as Kubernetes does in discovery: GA before beta before alpha, higher
 * numbers first; versions of another shape after them, alphabetically.
 */
export function byPriority(a: string, b: string): number {
  const pa = priority(a);
  const pb = priority(b);
  if (pa && pb) {
    for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pb[i]! - pa[i]!;
    return 0;
  }
  if (pa || pb) return pa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** priority returns [stability, major, minor] for a Kubernetes version, higher sorting first. */
function priority(v: string): number[] | undefined {
  const m = kubeVersion.exec(v);
  if (!m) return undefined;
  const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return [stability, Number(m[1]), Number(m[3] ?? 0)];
}
