/**
 * canonicalJSON returns value as JSON with every object's keys sorted, so two values that differ only
 * in key order (as the same object read back from different API servers or YAML files does) give the
 * same text and hash the same. Arrays keep their order: in Kubernetes objects it is usually meaningful.
 * Like JSON.stringify, it leaves out undefined object members and turns undefined array items into null.
 */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sorted(v)));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sorted(v);
  }
  return out;
}
