/**
 * The objects a render can read, as crossplane render's in-memory client holds them: the XR,
 * observed composed resources, required resources and credential Secrets. Reads return copies.
 */
import type { JsonObject, JsonValue } from '../function/wire/types.js';

/** A reference to one object. */
export interface ObjectKey {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Store holds objects by apiVersion, kind, namespace and name. */
export class Store {
  private readonly objects = new Map<string, JsonObject>();

  constructor(objects: readonly JsonObject[] = []) {
    for (const o of objects) this.put(o);
  }

  /** put stores a copy of obj, replacing the object with the same key. */
  put(obj: JsonObject): void {
    this.objects.set(keyOf(refOf(obj)), copy(obj));
  }

  /** get returns a copy of the object at key (same apiVersion), or undefined. */
  get(key: ObjectKey): JsonObject | undefined {
    const obj = this.objects.get(keyOf(key));
    return obj && copy(obj);
  }

  /**
   * list returns copies of the objects of kind in apiVersion's group (any version matches), in
   * namespace (every namespace when empty) with labels, sorted by namespace/name.
   */
  list(apiVersion: string, kind: string, namespace = '', labels: Record<string, string> = {}): JsonObject[] {
    const group = groupOf(apiVersion);
    const out: JsonObject[] = [];
    for (const obj of this.objects.values()) {
      const ref = refOf(obj);
      if (ref.kind !== kind || groupOf(ref.apiVersion) !== group) continue;
      if (namespace !== '' && (ref.namespace ?? '') !== namespace) continue;
      const have = labelsOf(obj);
      if (Object.entries(labels).some(([k, v]) => have[k] !== v)) continue;
      out.push(copy(obj));
    }
    const at = (o: JsonObject) => `${refOf(o).namespace ?? ''}/${refOf(o).name}`;
    return out.sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
  }
}

/** refOf returns obj's apiVersion, kind, namespace and name. */
export function refOf(obj: JsonObject): ObjectKey {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const ref: ObjectKey = {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '') ref.namespace = metadata.namespace;
  return ref;
}

/** labelsOf returns obj's string labels. */
export function labelsOf(obj: JsonObject): Record<string, string> {
  const labels = isObject(obj.metadata) ? obj.metadata.labels : undefined;
  const out: Record<string, string> = {};
  if (isObject(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** groupOf returns the API group of apiVersion ('' for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** copy returns a deep copy of a JSON object. */
export function copy<T extends JsonObject>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** child returns obj[key], first setting it to {} when it is not an object. */
export function child(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isObject(v)) return v;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyOf(k: ObjectKey): string {
  return JSON.stringify([k.apiVersion, k.kind, k.namespace ?? '', k.name]);
}
