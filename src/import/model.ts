/**
 * What the generator writes code for: each served version of each kind, read from kcp
 * APIResourceSchemas (the form every source is brought into: an export's schemas, CRDs and XRDs),
 * sorted so that the same schemas always give the same files.
 */
import { canonicalJSON } from '../bridge/schema/canonical.js';
import { apiResourceSchemaFrom } from '../bridge/schema/parse.js';
import type { SchemaNode } from '../bridge/schema/types.js';
import { byPriority } from '../kube/versions.js';

/** KindVersion is one version of one kind, as the generator writes it. */
export interface KindVersion {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** preferred is the version whose types carry the kind's own name; the others add the version's. */
  preferred: boolean;
  /** schema is the version's openAPIV3Schema. */
  schema: SchemaNode;
  /** source says where the schema came from, for messages. */
  source: string;
}

/** SourcedSchema is an APIResourceSchema (or something to be read as one) and where it came from. */
export interface SourcedSchema {
  object: unknown;
  source: string;
}

/**
 * kindVersions returns every served version of the APIResourceSchemas, sorted by group, kind and
 * version (the preferred one first, then the others by Kubernetes' version priority). The preferred
 * version is the storage version. A malformed schema, or one kind and version defined twice
 * differently, throws naming the sources.
 */
export function kindVersions(schemas: readonly SourcedSchema[]): KindVersion[] {
  const byKey = new Map<string, KindVersion>();
  for (const { object, source } of schemas) {
    const parsed = apiResourceSchemaFrom(object);
    if (!parsed.ok)
      throw new Error(`cannot import from ${source}: ${parsed.message}`, { cause: parsed.cause });
    const { group, names, scope, versions } = parsed.value.spec;
    const served = versions.filter((v) => v.served);
    const preferred = served.find((v) => v.storage)?.name ?? served.map((v) => v.name).sort(byPriority)[0];
    for (const v of served) {
      const kv: KindVersion = {
        group,
        version: v.name,
        kind: names.kind,
        plural: names.plural,
        namespaced: scope === 'Namespaced',
        preferred: v.name === preferred,
        schema: v.schema,
        source,
      };
      const key = `${group}/${v.name}/${names.kind}`;
      const seen = byKey.get(key);
      if (seen && canonicalJSON(seen.schema) !== canonicalJSON(kv.schema)) {
        throw new Error(
          `cannot import ${names.kind} (${group}/${v.name}): ${seen.source} and ${source} define it differently`,
        );
      }
      if (!seen) byKey.set(key, kv);
    }
  }
  return [...byKey.values()].sort(byGroupKindVersion);
}

function byGroupKindVersion(a: KindVersion, b: KindVersion): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.preferred !== b.preferred) return a.preferred ? -1 : 1;
  return byPriority(a.version, b.version);
}
