import { ApiObject, type ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import type { JsonObject } from '../function/wire/types.js';
import {
  type CompositeType,
  type ResourceNames,
  referenceableVersion,
  resourceNames,
  type TypeReference,
  type XrdVersion,
  xrdVersions,
} from './xrd-spec.js';

/** Labels and annotations Crossplane puts on the CRD it generates for the composite resource. */
export interface CrdMetadata {
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Props of a CompositeResourceDefinition (apiextensions.crossplane.io/v2). */
export interface CompositeResourceDefinitionProps {
  /** group of the composite resource's API, e.g. db.kxp.dev. */
  readonly group: string;
  /** names of the composite resource kind. */
  readonly names: ResourceNames;
  /**
   * scope of the composite resource: Namespaced XRs live in a namespace and compose resources in
   * it; Cluster XRs live outside any namespace.
   * @default 'Namespaced'
   */
  readonly scope?: 'Namespaced' | 'Cluster';
  /** versions of the API, each with the zod schema its XRs are validated with. */
  readonly versions: readonly XrdVersion[];
  /**
   * defaultCompositionRef names the Composition XRs use when they select none.
   * @default none: Crossplane uses the one Composition for the type, if there is one
   */
  readonly defaultCompositionRef?: string;
  /**
   * enforcedCompositionRef names the Composition every XR of this type uses.
   * @default none
   */
  readonly enforcedCompositionRef?: string;
  /**
   * defaultCompositionUpdatePolicy says whether XRs move to a new CompositionRevision on their own.
   * @default 'Automatic' (Crossplane's default)
   */
  readonly defaultCompositionUpdatePolicy?: 'Automatic' | 'Manual';
  /**
   * crdMetadata are labels and annotations for the generated CRD.
   * @default none
   */
  readonly crdMetadata?: CrdMetadata;
  /**
   * metadata of the XRD object itself; its name is always <plural>.<group>.
   * @default no labels or annotations
   */
  readonly metadata?: Omit<ApiObjectMetadata, 'name' | 'namespace'>;
}

/**
 * A CompositeResourceDefinition defines a new kind of composite resource (XR): Crossplane creates
 * a CRD for it from the versions' schemas, and Compositions say how to compose its resources.
 * This is the Crossplane v2 kind (apiextensions.crossplane.io/v2): namespaced or cluster XRs,
 * without claims; see LegacyCompositeResourceDefinition for claims.
 */
export class CompositeResourceDefinition extends ApiObject implements CompositeType {
  static readonly apiVersion = 'apiextensions.crossplane.io/v2';
  static readonly kind = 'CompositeResourceDefinition';

  /** group of the composite resource's API. */
  readonly group: string;
  /** compositeTypeRef is the group, referenceable version and kind of the composite resource. */
  readonly compositeTypeRef: TypeReference;

  constructor(scope: Construct, id: string, props: CompositeResourceDefinitionProps) {
    const what = `CompositeResourceDefinition ${props.names.plural}.${props.group}`;
    super(scope, id, {
      apiVersion: CompositeResourceDefinition.apiVersion,
      kind: CompositeResourceDefinition.kind,
      metadata: { ...props.metadata, name: `${props.names.plural}.${props.group}` },
      spec: xrdSpec({ ...props, scope: props.scope ?? 'Namespaced' }, what),
    });
    this.group = props.group;
    this.compositeTypeRef = {
      apiVersion: `${props.group}/${referenceableVersion(props.versions, what)}`,
      kind: props.names.kind,
    };
  }
}

/** xrdSpec returns the spec the props describe; LegacyCompositeResourceDefinition adds its own fields. */
export function xrdSpec(
  props: Omit<CompositeResourceDefinitionProps, 'scope' | 'metadata'> & { scope?: string },
  what: string,
): JsonObject {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(props.group)) {
    throw new Error(
      `cannot define ${what}: group ${JSON.stringify(props.group)} is not a DNS subdomain with a dot`,
    );
  }
  const spec: JsonObject = {
    group: props.group,
    names: resourceNames(props.names, what),
  };
  if (props.scope !== undefined) spec.scope = props.scope;
  spec.versions = xrdVersions(props.versions, what);
  if (props.defaultCompositionRef) spec.defaultCompositionRef = { name: props.defaultCompositionRef };
  if (props.enforcedCompositionRef) spec.enforcedCompositionRef = { name: props.enforcedCompositionRef };
  if (props.defaultCompositionUpdatePolicy) {
    spec.defaultCompositionUpdatePolicy = props.defaultCompositionUpdatePolicy;
  }
  if (props.crdMetadata) {
    const metadata: JsonObject = {};
    if (props.crdMetadata.labels) metadata.labels = { ...props.crdMetadata.labels };
    if (props.crdMetadata.annotations) metadata.annotations = { ...props.crdMetadata.annotations };
    spec.metadata = metadata;
  }
  return spec;
}
