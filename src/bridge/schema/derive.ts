/**
 * API-first deriving: the Crossplane XRD that implements an API whose source of truth is a kcp
 * APIResourceSchema. Crossplane then generates the CRDs, adding its own fields to the schema.
 */
import { compositionLabelsAnnotation, sourceSchemaAnnotation } from './annotations.js';
import { canonicalJSON } from './canonical.js';
import { urlConversion } from './conversion.js';
import {
  claimCategory,
  claimColumns,
  claimSpecFields,
  compositeCategory,
  compositeColumns,
  legacyStatusFields,
  legacyXRSpecFields,
  modernSpecField,
  modernStatusFields,
} from './crossplane.js';
import { withoutFields } from './openapi.js';
import { apiResourceSchemaFrom, type ParsedAPIResourceSchema } from './parse.js';
import {
  type CompositeResourceDefinition,
  type Names,
  type PrinterColumn,
  type Result,
  refuse,
  type SchemaNode,
  type XRDSpec,
  type XRDVersion,
} from './types.js';

/** DeriveOptions choose the kind of XRD and how its Composition is chosen. */
export interface DeriveOptions {
  /**
   * claims derives a legacy XRD (apiextensions.crossplane.io/v1, scope LegacyCluster) whose claim is the
   * kcp resource and whose XR is `X<Kind>` / `x<plural>`. Otherwise (the default) a v2 Namespaced XRD
   * whose XR is the kcp resource. Crossplane v2.4 refuses claimNames in apiextensions.crossplane.io/v2
   * and in any scope but LegacyCluster, which only v1 offers.
   */
  claims?: boolean;
  /** defaultCompositionRef names the Composition used when an object names or selects none. */
  defaultCompositionRef?: string;
  /** enforcedCompositionRef names the only Composition objects may use (immutable once set). */
  enforcedCompositionRef?: string;
  /**
   * compositionLabels choose the Composition by label when an object names or selects none. XRDs have no
   * such field, so they are kept in an annotation for the sync engine, which sets them as the
   * compositionSelector of each object it syncs (see selection.ts).
   */
  compositionLabels?: Record<string, string>;
  /** defaultCompositionRevisionLabels select among the chosen Composition's revisions. */
  defaultCompositionRevisionLabels?: Record<string, string>;
  /** defaultCompositionUpdatePolicy: Crossplane defaults to Automatic. */
  defaultCompositionUpdatePolicy?: 'Automatic' | 'Manual';
  /**
   * defaultCompositeDeletePolicy for claims. @default 'Foreground', so a claim is gone only once its XR
   * and everything composed are, and the bridge can release the kcp object knowing nothing is left.
   */
  defaultCompositeDeletePolicy?: 'Background' | 'Foreground';
}

/**
 * xrdFromAPIResourceSchema returns the XRD for the APIResourceSchema obj, or why there can be none. Its
 * name is `<XR plural>.<group>`; its versions are the schema's, referenceable being the storage version;
 * each openAPIV3Schema is the APIResourceSchema's without apiVersion, kind, an unconstrained metadata
 * and the fields Crossplane adds itself: spec.crossplane and status.conditions, or for claims the
 * claim's and the legacy XR's spec fields and status conditions, connectionDetails and
 * claimConditionTypes. It does not judge the schema: schemaProblems reports what Crossplane or the
 * bridge cannot serve well.
 */
export function xrdFromAPIResourceSchema(
  obj: unknown,
  options: DeriveOptions = {},
): Result<CompositeResourceDefinition> {
  const parsed = apiResourceSchemaFrom(obj);
  if (!parsed.ok) return parsed;
  const ars = parsed.value;
  const { group, names } = ars.spec;
  const cannot = `cannot derive an XRD from APIResourceSchema ${ars.metadata.name}`;
  if (ars.spec.scope !== 'Namespaced') {
    return refuse(
      'ClusterScopedAPI',
      `${cannot}: it is cluster-scoped, and claims and XRs offered to workspaces are namespaced`,
    );
  }
  const storage = ars.spec.versions.filter((v) => v.storage);
  if (storage.length !== 1 || !storage[0]?.served) {
    return refuse(
      'NoServedStorageVersion',
      `${cannot}: it needs exactly one storage version, served, to be the referenceable one`,
    );
  }

  const claims = options.claims === true;
  const ownNames = withoutCrossplaneCategories(names);
  const xrNames = claims ? legacyXRNames(ownNames) : ownNames;
  const spec: XRDSpec = {
    group,
    names: xrNames,
    scope: claims ? 'LegacyCluster' : 'Namespaced',
    ...(claims ? { claimNames: ownNames } : {}),
    versions: ars.spec.versions.map((v) => xrdVersion(v, claims)),
    ...compositionChoice(options, claims),
  };
  // None is what a CRD gets without one; v1 XRDs even reject an explicit None (their CEL rule demands
  // a webhook whenever conversion is set).
  const conversion = urlConversion(ars.spec.conversion);
  if (conversion === undefined) {
    return refuse('UnsupportedConversion', `${cannot}: its conversion webhook has no URL`);
  }
  if (conversion.strategy === 'Webhook') spec.conversion = conversion;

  const annotations: Record<string, string> = { [sourceSchemaAnnotation]: ars.metadata.name };
  if (options.compositionLabels)
    annotations[compositionLabelsAnnotation] = canonicalJSON(options.compositionLabels);
  return {
    ok: true,
    value: {
      apiVersion: claims ? 'apiextensions.crossplane.io/v1' : 'apiextensions.crossplane.io/v2',
      kind: 'CompositeResourceDefinition',
      metadata: { name: `${xrNames.plural}.${group}`, annotations },
      spec,
    },
  };
}

/**
 * legacyXRNames returns the names of the XR behind a claim named names: the kind prefixed with X and
 * the plural and singular with x (PostgreSQLInstance -> XPostgreSQLInstance, xpostgresqlinstances), as
 * Crossplane's own examples name them. Short names and categories stay with the claim, which consumers use.
 */
export function legacyXRNames(names: Names): Names {
  const kind = `X${names.kind}`;
  return {
    kind,
    listKind: `${kind}List`,
    plural: `x${names.plural}`,
    singular: `x${names.singular ?? names.kind.toLowerCase()}`,
  };
}

/** withoutCrossplaneCategories returns names without the categories Crossplane appends itself, which would show twice. */
function withoutCrossplaneCategories(names: Names): Names {
  const categories = names.categories?.filter((c) => c !== claimCategory && c !== compositeCategory);
  const { categories: _, ...rest } = names;
  return categories && categories.length > 0 ? { ...rest, categories } : rest;
}

type ARSVersion = ParsedAPIResourceSchema['spec']['versions'][number];

/** xrdVersion returns an APIResourceSchema version as an XRD version. */
function xrdVersion(v: ARSVersion, claims: boolean): XRDVersion {
  const out: XRDVersion = {
    name: v.name,
    served: v.served,
    referenceable: v.storage,
    schema: { openAPIV3Schema: xrdSchema(v.schema, claims) },
  };
  if (v.deprecated) out.deprecated = true;
  if (v.deprecationWarning !== undefined) out.deprecationWarning = v.deprecationWarning;
  // Crossplane appends its own columns; one of the same name would show twice.
  const own: readonly string[] = claims ? claimColumns : compositeColumns;
  const columns = (v.additionalPrinterColumns ?? []).filter(
    (c: PrinterColumn) => !own.includes(c.name.toUpperCase()),
  );
  if (columns.length > 0) out.additionalPrinterColumns = columns;
  if (v.subresources?.scale) out.subresources = { scale: v.subresources.scale };
  return out;
}

/** xrdSchema returns schema without what Crossplane's generated CRDs define themselves. */
function xrdSchema(schema: SchemaNode, claims: boolean): SchemaNode {
  const specFields: readonly string[] = claims
    ? [...new Set([...claimSpecFields, ...legacyXRSpecFields])]
    : [modernSpecField];
  // Crossplane defines apiVersion, kind and metadata itself, taking only metadata.name's constraints.
  const root =
    schema.properties?.metadata?.properties === undefined
      ? ['apiVersion', 'kind', 'metadata']
      : ['apiVersion', 'kind'];
  let out = withoutFields(schema, [], root);
  out = withoutFields(out, ['spec'], specFields);
  out = withoutFields(out, ['status'], claims ? legacyStatusFields : modernStatusFields);
  const status = out.properties?.status;
  // A status left with nothing of its own is Crossplane's entirely.
  if (
    status &&
    Object.keys(status.properties ?? {}).length === 0 &&
    Object.keys(status).every((k) => k === 'type' || k === 'properties')
  ) {
    delete out.properties?.status;
  }
  return out;
}

/** compositionChoice returns the XRD spec fields that choose a Composition, as options asks. */
function compositionChoice(options: DeriveOptions, claims: boolean): Partial<XRDSpec> {
  const out: Partial<XRDSpec> = {};
  if (options.defaultCompositionRef) out.defaultCompositionRef = { name: options.defaultCompositionRef };
  if (options.enforcedCompositionRef) out.enforcedCompositionRef = { name: options.enforcedCompositionRef };
  if (options.defaultCompositionRevisionLabels) {
    out.defaultCompositionRevisionSelector = { matchLabels: { ...options.defaultCompositionRevisionLabels } };
  }
  if (options.defaultCompositionUpdatePolicy)
    out.defaultCompositionUpdatePolicy = options.defaultCompositionUpdatePolicy;
  if (claims) out.defaultCompositeDeletePolicy = options.defaultCompositeDeletePolicy ?? 'Foreground';
  return out;
}
