/**
 * What both kinds of CompositeResourceDefinition share: names, versions, and each version's
 * openAPIV3Schema built from the zod schema the composition function validates the XR with.
 */
import type * as z from 'zod';
import type { JsonObject } from '../function/wire/types.js';
import { type JSONSchemaProps, openAPIFromZod } from './openapi.js';

/** The names of a composite resource (or claim) kind, as in a CRD's spec.names. */
export interface ResourceNames {
  /** kind is the PascalCase kind, e.g. PostgreSQLInstance. */
  readonly kind: string;
  /** plural is the lowercase plural, e.g. postgresqlinstances; the XRD is named <plural>.<group>. */
  readonly plural: string;
  /**
   * singular is the lowercase singular.
   * @default kind in lowercase
   */
  readonly singular?: string;
  /**
   * listKind is the kind of a list of these.
   * @default kind + 'List'
   */
  readonly listKind?: string;
  /**
   * shortNames kubectl accepts for the resource.
   * @default none
   */
  readonly shortNames?: readonly string[];
  /**
   * categories the resource belongs to (kubectl get <category>).
   * @default none
   */
  readonly categories?: readonly string[];
}

/** A printer column kubectl shows, as in a CRD version's additionalPrinterColumns. */
export interface PrinterColumn {
  readonly name: string;
  /** type is one of integer, number, string, boolean or date. */
  readonly type: string;
  /** jsonPath selects the value, e.g. .spec.owner. */
  readonly jsonPath: string;
  /** @default no description */
  readonly description?: string;
  /** @default 0 */
  readonly priority?: number;
  /** @default no format */
  readonly format?: string;
}

/** One served version of a composite resource. */
export interface XrdVersion {
  /** name of the version, e.g. v1alpha1. */
  readonly name: string;
  /**
   * schema is the zod schema of the XR the composition function validates. Its spec (and status,
   * when it has one) become the version's openAPIV3Schema; apiVersion, kind and metadata are
   * Crossplane's and are left out.
   */
  readonly schema: z.ZodType;
  /**
   * status is the zod schema of the XR's status, for an XR schema that does not declare one.
   * Status fields the schema does not declare are pruned by the API server.
   * @default the status property of schema, if any
   */
  readonly status?: z.ZodType;
  /**
   * served says whether the API server serves this version.
   * @default true
   */
  readonly served?: boolean;
  /**
   * referenceable says whether Compositions may refer to this version; exactly one version is.
   * @default true for the first version, unless another one says so
   */
  readonly referenceable?: boolean;
  /** @default false */
  readonly deprecated?: boolean;
  /** @default the API server's warning */
  readonly deprecationWarning?: string;
  /** @default Crossplane's columns only */
  readonly additionalPrinterColumns?: readonly PrinterColumn[];
}

/** The group, version and kind a Composition composes, as in its compositeTypeRef. */
export interface TypeReference {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Something a Composition can be written for: a CompositeResourceDefinition of either kind. */
export interface CompositeType {
  /** name of the XRD, <plural>.<group>. */
  readonly name: string;
  /** compositeTypeRef is the group, referenceable version and kind of the composite resource. */
  readonly compositeTypeRef: TypeReference;
}

/** resourceNames returns names as a CRD writes them, with singular and listKind filled in. */
export function resourceNames(names: ResourceNames, what: string): JsonObject {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(names.kind)) {
    throw new Error(`cannot define ${what}: kind ${JSON.stringify(names.kind)} is not PascalCase`);
  }
  for (const [field, value] of [
    ['plural', names.plural],
    ['singular', names.singular],
  ] as const) {
    if (value !== undefined && !/^[a-z][a-z0-9-]*$/.test(value)) {
      throw new Error(
        `cannot define ${what}: ${field} ${JSON.stringify(value)} is not a lowercase DNS label`,
      );
    }
  }
  const out: JsonObject = {
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
  };
  if (names.shortNames?.length) out.shortNames = [...names.shortNames];
  if (names.categories?.length) out.categories = [...names.categories];
  return out;
}

/** referenceableVersion returns the name of the one referenceable version, or throws. */
export function referenceableVersion(versions: readonly XrdVersion[], what: string): string {
  const marked = versions.filter((v) => v.referenceable === true);
  if (marked.length > 1) {
    throw new Error(
      `cannot define ${what}: versions ${marked.map((v) => v.name).join(', ')} are all referenceable`,
    );
  }
  const chosen = marked[0] ?? versions[0];
  if (!chosen) throw new Error(`cannot define ${what}: it has no versions`);
  return chosen.name;
}

/** xrdVersions returns the XRD's spec.versions, each with its openAPIV3Schema. */
export function xrdVersions(versions: readonly XrdVersion[], what: string): JsonObject[] {
  const referenceable = referenceableVersion(versions, what);
  return versions.map((v) => {
    const out: JsonObject = {
      name: v.name,
      served: v.served ?? true,
      referenceable: v.name === referenceable,
      schema: { openAPIV3Schema: versionSchema(v, `${what} version ${v.name}`) },
    };
    if (v.deprecated !== undefined) out.deprecated = v.deprecated;
    if (v.deprecationWarning !== undefined) out.deprecationWarning = v.deprecationWarning;
    if (v.additionalPrinterColumns?.length) {
      out.additionalPrinterColumns = v.additionalPrinterColumns.map((c) => ({ ...c }));
    }
    return out;
  });
}

/**
 * versionSchema returns a version's openAPIV3Schema: an object with the XR schema's spec and
 * status (Crossplane adds its own fields to both, and metadata, when it generates the CRD).
 */
export function versionSchema(version: XrdVersion, what: string): JSONSchemaProps {
  const xr = openAPIFromZod(version.schema);
  const props = (xr.properties ?? {}) as Record<string, JSONSchemaProps>;
  const spec = props.spec;
  if (spec?.type !== 'object') {
    throw new Error(`cannot define ${what}: its schema has no spec object (give the whole XR's zod schema)`);
  }
  const status = version.status ? openAPIFromZod(version.status) : props.status;
  const properties: JsonObject = { spec };
  if (status) properties.status = status;
  const out: JSONSchemaProps = { type: 'object' };
  if (xr.description !== undefined) out.description = xr.description;
  out.properties = properties;
  return out;
}
