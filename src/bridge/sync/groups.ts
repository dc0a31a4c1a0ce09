/**
 * What watches delivered of a kind, grouped (Secrets by namespace in the service cluster, kxp's
 * projected Secrets in kcp by origin uid, Warning events by the uid of the object they are about),
 * so that an up pass finds what it needs without a request per object: after a restart, a list of
 * projected Secrets per object through the virtual workspace kept kcp busy for seconds at 1,000
 * objects, and a list of events per pass was the most frequent request of the up lane (measured,
 * test/bench/bridge/NOTES.md).
 */
import type { KubeObject, WatchEvent } from '../../kube/rest.js';

export class GroupedObjects {
  private readonly groups = new Map<string, Map<string, KubeObject>>();
  /** Where each object (by `<source>/<namespace>/<name>`) was filed, to unfile it on a change. */
  private readonly filed = new Map<string, string>();
  /** The sources (watches) feeding the cache, and those that have listed everything. */
  private readonly sources = new Set<string>();
  private readonly listedSources = new Set<string>();

  /** groupOf returns the group an object is filed under, or undefined to leave it out. */
  constructor(private readonly groupOf: (s: KubeObject) => string | undefined) {}

  /** listed reports whether every source has listed its objects whole and goes on watching. */
  get listed(): boolean {
    return this.sources.size > 0 && [...this.sources].every((s) => this.listedSources.has(s));
  }

  /** addSource registers a watch feeding the cache; the cache is not listed until it has listed. */
  addSource(source: string): void {
    this.sources.add(source);
  }

  /** removeSource forgets a watch that ended, and what it delivered. */
  removeSource(source: string): void {
    this.sources.delete(source);
    this.listedSources.delete(source);
    for (const [id] of this.filed) if (id.startsWith(`${source}/`)) this.unfile(id);
  }

  /** setListed records whether source has listed whole (false once its watch is lost). */
  setListed(source: string, listed: boolean): void {
    if (listed) this.listedSources.add(source);
    else this.listedSources.delete(source);
  }

  /** observe files an object a watch of source delivered, or unfiles a deleted one. */
  observe(source: string, s: KubeObject, type: WatchEvent['type'] | 'LISTED'): void {
    const { namespace, name } = s.metadata ?? {};
    if (!name) return;
    const id = `${source}/${namespace ?? ''}/${name}`;
    this.unfile(id);
    if (type === 'DELETED') return;
    const group = this.groupOf(s);
    if (group === undefined) return;
    if (s.metadata?.managedFields) delete s.metadata.managedFields;
    const members = this.groups.get(group) ?? new Map<string, KubeObject>();
    members.set(id, s);
    this.groups.set(group, members);
    this.filed.set(id, group);
  }

  /** in returns the objects filed under group. */
  in(group: string): KubeObject[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  /** size returns how many objects are filed. */
  get size(): number {
    return this.filed.size;
  }

  private unfile(id: string): void {
    const group = this.filed.get(id);
    if (group === undefined) return;
    this.filed.delete(id);
    const members = this.groups.get(group);
    members?.delete(id);
    if (members?.size === 0) this.groups.delete(group);
  }
}
