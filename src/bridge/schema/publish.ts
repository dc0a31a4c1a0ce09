/**
 * Crossplane-first publishing: the kcp APIResourceSchema for an API that Crossplane serves, taken from
 * the CRD Crossplane generated for a legacy XRD's claim or a v2 Namespaced XRD's XR (as kcp's
 * api-syncagent takes schemas from CRDs), without the fields Crossplane owns.
 */
import { crossplaneKindAnnotation, sourceCRDAnnotation } from './annotations.js';
import { urlConversion } from './conversion.js';
import {
  type CrossplaneKind,
  claimCategory,
  claimSpecFields,
  compositeCategory,
  crossplaneSpecFields,
  modernSpecField,
} from './crossplane.js';
import { shortHash } from './hash.js';
import { nodeAt, withoutFields } from './openapi.js';
import { type CRD, crdFrom } from './parse.js';
import {
  type APIResourceSchema,
  type APIResourceSchemaSpec,
  type APIResourceVersion,
  type PrinterColumn,
  type Refusal,
  type Result,
  refuse,
  type SchemaNode,
} from './types.js';

/** PublishOptions says which Crossplane kind the CRD serves. */
export interface PublishOptions {
  /** kind is `claim` for a legacy XRD's claim CRD, `xr` for a v2 Namespaced XRD's XR CRD. */
  kind: CrossplaneKind;
}

/** kcp's pattern for version names (apis.kcp.io/v1alpha1 APIResourceVersion.name). */
const kcpVersionName = /^v[1-9][0-9]*([a-z]+[1-9][0-9]*)?$/;

/**
 * apiResourceSchemaFromCRD returns the APIResourceSchema that offers the CRD's API in kcp, or why it
 * cannot. It keeps every served version, with its status subresource and printer columns, and removes
 * from each schema the spec fields Crossplane owns (see crossplaneSpecFields): for an XR all of
 * spec.crossplane, for a claim compositionRef, compositionSelector, compositionRevisionRef,
 * compositionRevisionSelector, compositionUpdatePolicy, compositeDeletePolicy and resourceRef, keeping
 * writeConnectionSecretToRef; and it declares status.observedGeneration, which the bridge writes (see
 * withObservedGeneration). The name is `v<hash>.<plural>.<group>`, the hash taken over the spec, so
 * the immutable APIResourceSchema gets a new name exactly when its content changes.
 */
export function apiResourceSchemaFromCRD(obj: unknown, options: PublishOptions): Result<APIResourceSchema> {
  const parsed = crdFrom(obj);
  if (!parsed.ok) return parsed;
  const crd = parsed.value;
  const what = `${options.kind === 'xr' ? 'composite resource' : 'claim'} ${crd.metadata.name}`;

  const refusal = refusalOf(crd, options.kind, what);
  if (refusal) return refusal;
  const conversion = urlConversion(crd.spec.conversion);
  if (conversion === undefined) {
    return refuse(
      'UnsupportedConversion',
      `cannot publish ${what}: its conversion webhook is an in-cluster service, which kcp cannot call (kcp takes only a URL)`,
    );
  }

  const { names } = crd.spec;
  const spec: APIResourceSchemaSpec = {
    group: crd.spec.group,
    // The API server defaults singular and listKind on CRDs; kcp requires them on APIResourceSchemas.
    names: {
      ...names,
      singular: names.singular ?? names.kind.toLowerCase(),
      listKind: names.listKind ?? `${names.kind}List`,
    },
    scope: 'Namespaced',
    versions: crd.spec.versions.filter((v) => v.served).map((v) => publishedVersion(v, options.kind)),
    conversion,
  };
  return {
    ok: true,
    value: {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIResourceSchema',
      metadata: {
        name: `v${shortHash(spec)}.${names.plural}.${crd.spec.group}`,
        annotations: { [crossplaneKindAnnotation]: options.kind, [sourceCRDAnnotation]: crd.metadata.name },
      },
      spec,
    },
  };
}

/** refusalOf returns why crd cannot be published as kind, or undefined when it can. */
function refusalOf(crd: CRD, kind: CrossplaneKind, what: string): Refusal | undefined {
  const cannot = `cannot publish ${what}`;
  if (crd.spec.scope === 'Cluster') {
    if (kind === 'claim')
      return refuse('NotAClaim', `${cannot}: it is cluster-scoped, and claims are namespaced`);
    const storage = crd.spec.versions.find((v) => v.storage)?.schema.openAPIV3Schema;
    const legacy = storage !== undefined && nodeAt(storage, ['spec', 'claimRef']) !== undefined;
    return refuse(
      'ClusterScopedCompositeResource',
      legacy
        ? `${cannot}: it is a LegacyCluster XR; publish its claim instead`
        : `${cannot}: it is a cluster-scoped XR, which may compose resources in any namespace of the service ` +
            `cluster, while the bridge keeps every consumer workspace to namespaces of its own; ` +
            `define the XRD with scope Namespaced`,
    );
  }
  const category = kind === 'xr' ? compositeCategory : claimCategory;
  if (!crd.spec.names.categories?.includes(category)) {
    return refuse(
      'NotGeneratedByCrossplane',
      `${cannot}: its CRD lacks the category ${category} that Crossplane gives every ${kind} CRD`,
    );
  }
  const served = crd.spec.versions.filter((v) => v.served);
  if (!served.some((v) => v.storage)) {
    return refuse('StorageVersionNotServed', `${cannot}: its referenceable (storage) version is not served`);
  }
  const badName = served.find((v) => !kcpVersionName.test(v.name));
  if (badName) {
    return refuse(
      'UnsupportedVersionName',
      `${cannot}: kcp requires version names like v1 or v1alpha1, not ${badName.name}`,
    );
  }
  return undefined;
}

/** publishedVersion returns a served CRD version as an APIResourceVersion without Crossplane's spec fields. */
function publishedVersion(v: CRD['spec']['versions'][number], kind: CrossplaneKind): APIResourceVersion {
  const out: APIResourceVersion = {
    name: v.name,
    served: v.served,
    storage: v.storage,
    schema: withObservedGeneration(
      withoutFields(v.schema.openAPIV3Schema, ['spec'], crossplaneSpecFields(kind)),
    ),
    // Crossplane gives every XR and claim CRD the status subresource; the bridge writes status through it.
    subresources: v.subresources?.scale ? { status: {}, scale: v.subresources.scale } : { status: {} },
  };
  if (v.deprecated) out.deprecated = true;
  if (v.deprecationWarning !== undefined) out.deprecationWarning = v.deprecationWarning;
  const columns = publishedColumns(v.additionalPrinterColumns ?? [], kind);
  if (columns.length > 0) out.additionalPrinterColumns = columns;
  return out;
}

/**
 * withObservedGeneration returns schema (a copy of its own) with status.observedGeneration declared,
 * unless the XRD declares it: Crossplane gives XRs and claims none, and the bridge writes it on the
 * consumer's object (the generation Crossplane has observed), which kstatus-based tools such as Flux
 * read to tell whether status is current.
 */
function withObservedGeneration(schema: SchemaNode): SchemaNode {
  const status = nodeAt(schema, ['status']);
  if (status === undefined || status.properties?.observedGeneration !== undefined) return schema;
  status.properties = {
    ...status.properties,
    observedGeneration: {
      description: 'The generation of this object whose spec Crossplane has observed (set by kxp).',
      type: 'integer',
      format: 'int64',
    },
  };
  return schema;
}

/**
 * publishedColumns returns the columns that still point at published fields (Crossplane's COMPOSITION
 * columns point at removed ones), each name once: kcp lists columns as a map keyed by name, and an XRD
 * author's own READY column would otherwise meet Crossplane's.
 */
function publishedColumns(columns: PrinterColumn[], kind: CrossplaneKind): PrinterColumn[] {
  const removed = kind === 'xr' ? [modernSpecField] : claimSpecFields;
  const seen = new Set<string>();
  return columns.filter((c) => {
    const gone = removed.some((f) => new RegExp(`^\\.spec\\.${f}([.[]|$)`).test(c.jsonPath));
    if (gone || seen.has(c.name)) return false;
    seen.add(c.name);
    return true;
  });
}
