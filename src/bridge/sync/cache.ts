/**
 * What the watches last delivered of one side's objects, by queue key, so that a pass starts from it
 * instead of a fresh GET; and the resourceVersions the bridge wrote itself, so that the watch events
 * its own writes cause do not queue the object for a pass that would find nothing to do.
 */
import type { SyncedObject } from './sides.js';

/** Kept per key at most; versions whose events never come (a no-op write) must not pile up. */
const maxOwnVersions = 16;

/** olderOrSame reports whether version a is not newer than b; versions are etcd revisions in practice, and opaque otherwise. */
function olderOrSame(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return a === b;
  return BigInt(a) <= BigInt(b);
}

export class ObjectCache {
  private readonly objects = new Map<string, SyncedObject>();
  private readonly own = new Map<string, Set<string>>();
  /** Keys forgotten after a failure: what the watch delivered of them is not to be trusted. */
  private readonly forgotten = new Set<string>();
  /** listed is true while the watch feeding the cache has reported a whole list and goes on. */
  listed = false;

  /**
   * absent reports whether the watch says there is no object under key: it has listed everything,
   * delivered nothing for key since, and key was not forgotten. Only then may a pass skip a GET.
   */
  absent(key: string): boolean {
    return this.listed && !this.objects.has(key) && !this.forgotten.has(key);
  }

  /** get returns the object last seen under key, if any. */
  get(key: string): SyncedObject | undefined {
    return this.objects.get(key);
  }

  /**
   * observe keeps an object a watch delivered (unless a newer one is kept already) and reports
   * whether it is exactly what one of the bridge's own writes returned.
   */
  observe(key: string, obj: SyncedObject): boolean {
    this.keep(key, obj);
    const rv = obj.metadata?.resourceVersion;
    const own = this.own.get(key);
    if (!own || rv === undefined) return false;
    const ours = own.has(rv);
    // Versions up to this one are past: their events came already, or never will.
    for (const v of own) if (olderOrSame(v, rv)) own.delete(v);
    if (own.size === 0) this.own.delete(key);
    return ours;
  }

  /** wrote keeps an object the bridge's own write returned and remembers its version as ours. */
  wrote(key: string, obj: SyncedObject): void {
    this.keep(key, obj);
    const rv = obj.metadata?.resourceVersion;
    if (rv === undefined) return;
    const own = this.own.get(key) ?? new Set<string>();
    if (own.size >= maxOwnVersions) own.clear();
    own.add(rv);
    this.own.set(key, own);
  }

  /** forget drops what is known of key, so the next pass reads it afresh. */
  forget(key: string): void {
    this.objects.delete(key);
    this.own.delete(key);
    this.forgotten.add(key);
  }

  /** drop removes key when its object is deleted: the watch then knows there is none. */
  drop(key: string): void {
    this.objects.delete(key);
    this.own.delete(key);
    this.forgotten.delete(key);
  }

  /**
   * keep stores obj unless the one kept is newer: a write's response and its watch event race.
   * Managed fields are dropped: the engine never reads them, and they are often most of an object.
   */
  private keep(key: string, obj: SyncedObject): void {
    if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
    this.forgotten.delete(key);
    const kept = this.objects.get(key);
    const rv = obj.metadata?.resourceVersion;
    if (kept && rv !== kept.metadata?.resourceVersion && olderOrSame(rv, kept.metadata?.resourceVersion))
      return;
    this.objects.set(key, obj);
  }
}
