/**
 * Comparing what the bridge wants with what a server holds: servers add defaults and fields others
 * own, so "already right" means every field the bridge sets has the value it wants.
 */

/**
 * contains reports whether actual has every field of desired with the same value: objects
 * recursively, arrays element by element and of the same length, anything else by equality.
 */
export function contains(actual: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((d, i) => contains(actual[i], d))
    );
  }
  if (typeof desired === 'object' && desired !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(desired).every(([k, v]) => v === undefined || contains(a[k], v));
  }
  return actual === desired;
}
