import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { type CompositeResourceDefinitionProps, xrdSpec } from './xrd.js';
import {
  type CompositeType,
  type ResourceNames,
  referenceableVersion,
  resourceNames,
  type TypeReference,
} from './xrd-spec.js';

/** Props of a LegacyCompositeResourceDefinition (apiextensions.crossplane.io/v1, scope LegacyCluster). */
export interface LegacyCompositeResourceDefinitionProps
  extends Omit<CompositeResourceDefinitionProps, 'scope'> {
  /**
   * claimNames are the names of the namespaced claim kind that stands in for the cluster-scoped XR
   * in a namespace. By convention the XR's kind is the claim's with an X in front.
   * @default no claim
   */
  readonly claimNames?: ResourceNames;
  /**
   * connectionSecretKeys are the keys the XR may publish to its connection Secret.
   * @default every key the composition function sets
   */
  readonly connectionSecretKeys?: readonly string[];
  /**
   * defaultCompositeDeletePolicy says how deleting a claim deletes its XR.
   * @default 'Background' (Crossplane's default)
   */
  readonly defaultCompositeDeletePolicy?: 'Background' | 'Foreground';
}

/**
 * A LegacyCompositeResourceDefinition defines a cluster-scoped composite resource kind the way
 * Crossplane v1 did (apiextensions.crossplane.io/v1, scope LegacyCluster): optionally with a
 * namespaced claim kind and a connection Secret. Crossplane v2 supports claims only through this
 * kind; new APIs without claims should use CompositeResourceDefinition.
 */
export class LegacyCompositeResourceDefinition extends ApiObject implements CompositeType {
  static readonly apiVersion = 'apiextensions.crossplane.io/v1';
  static readonly kind = 'CompositeResourceDefinition';

  /** group of the composite resource's API. */
  readonly group: string;
  /** compositeTypeRef is the group, referenceable version and kind of the composite resource. */
  readonly compositeTypeRef: TypeReference;
  /** claimKind is the kind of the claim, when the XRD offers one. */
  readonly claimKind?: string;

  constructor(scope: Construct, id: string, props: LegacyCompositeResourceDefinitionProps) {
    const name = `${props.names.plural}.${props.group}`;
    const what = `CompositeResourceDefinition ${name}`;
    const spec = xrdSpec({ ...props, scope: 'LegacyCluster' }, what);
    if (props.claimNames) {
      if (props.claimNames.kind === props.names.kind || props.claimNames.plural === props.names.plural) {
        throw new Error(`cannot define ${what}: the claim's names must differ from the XR's`);
      }
      spec.claimNames = resourceNames(props.claimNames, `${what} claim`);
    }
    if (props.connectionSecretKeys?.length) spec.connectionSecretKeys = [...props.connectionSecretKeys];
    if (props.defaultCompositeDeletePolicy)
      spec.defaultCompositeDeletePolicy = props.defaultCompositeDeletePolicy;
    super(scope, id, {
      apiVersion: LegacyCompositeResourceDefinition.apiVersion,
      kind: LegacyCompositeResourceDefinition.kind,
      metadata: { ...props.metadata, name },
      spec,
    });
    this.group = props.group;
    this.compositeTypeRef = {
      apiVersion: `${props.group}/${referenceableVersion(props.versions, what)}`,
      kind: props.names.kind,
    };
    if (props.claimNames) this.claimKind = props.claimNames.kind;
  }
}
