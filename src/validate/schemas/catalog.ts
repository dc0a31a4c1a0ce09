/**
 * The schemas a run validates against, by API version and kind: each served version of each CRD (given,
 * or generated from an XRD) and of each kcp APIResourceSchema. A later definition of the same kind and
 * version replaces an earlier one, as in crossplane resource validate.
 */
import { apiResourceSchemaFrom, crdFrom } from '../../bridge/schema/parse.js';
import type { SchemaNode } from '../../bridge/schema/types.js';

/** ResourceSchema is how objects of one kind and version are validated. */
export interface ResourceSchema {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** schema is the version's openAPIV3Schema. */
  schema: SchemaNode;
  /** source names where it comes from: `XRD x.example.org (claim)`, `APIResourceSchema v1.x.example.org`. */
  source: string;
}

/** Lookup is what a catalog knows of an apiVersion and kind. */
export type Lookup = { found: ResourceSchema } | { missing: string } | { unknown: true };

/** Catalog holds resource schemas. */
export class Catalog {
  private readonly byKey = new Map<string, ResourceSchema>();
  private readonly groups = new Map<string, Set<string>>();

  /** add adds (or replaces) a resource schema. */
  add(rs: ResourceSchema): void {
    this.byKey.set(key(rs.group, rs.version, rs.kind), rs);
    const kinds = this.groups.get(rs.group) ?? new Set<string>();
    kinds.add(`${rs.kind}/${rs.version}`);
    this.groups.set(rs.group, kinds);
  }

  /** schemas returns every resource schema, in the order they were first added. */
  schemas(): ResourceSchema[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * lookup returns the schema of apiVersion and kind; or, when the catalog serves the group but not that
   * kind or version, why it is missing (a claim of a misspelt kind is refused, not skipped); or unknown for
   * groups no schema serves (Namespaces, ConfigMaps, Kustomizations: not claims or XRs).
   */
  lookup(apiVersion: string, kind: string): Lookup {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const found = this.byKey.get(key(group, version, kind));
    if (found) return { found };
    const kinds = this.groups.get(group);
    if (!kinds) return { unknown: true };
    const versions = [...kinds].filter((k) => k.startsWith(`${kind}/`)).map((k) => k.slice(kind.length + 1));
    if (versions.length > 0) {
      return { missing: `${group} serves ${kind} in version ${versions.join(', ')}, not ${version}` };
    }
    const known = [...new Set([...kinds].map((k) => k.split('/')[0]))].join(', ');
    return { missing: `${group} has no kind ${kind} (it has ${known})` };
  }
}

function key(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** schemasFromCRD returns the resource schemas of a CRD's served versions, or throws naming what is wrong. */
export function schemasFromCRD(obj: unknown, source?: string): ResourceSchema[] {
  const parsed = crdFrom(obj);
  if (!parsed.ok) throw new Error(parsed.message);
  const { spec, metadata } = parsed.value;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => ({
      group: spec.group,
      version: v.name,
      kind: spec.names.kind,
      plural: spec.names.plural,
      namespaced: spec.scope === 'Namespaced',
      schema: v.schema.openAPIV3Schema,
      source: source ?? `CustomResourceDefinition ${metadata.name}`,
    }));
}

/** schemasFromAPIResourceSchema returns the resource schemas of a kcp APIResourceSchema's served versions. */
export function schemasFromAPIResourceSchema(obj: unknown): ResourceSchema[] {
  const parsed = apiResourceSchemaFrom(obj);
  if (!parsed.ok) throw new Error(parsed.message);
  const { spec, metadata } = parsed.value;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => ({
      group: spec.group,
      version: v.name,
      kind: spec.names.kind,
      plural: spec.names.plural,
      namespaced: spec.scope === 'Namespaced',
      schema: v.schema,
      source: `APIResourceSchema ${metadata.name}`,
    }));
}
