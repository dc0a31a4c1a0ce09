/**
 * The schemas of the fields Crossplane adds to the CRDs it generates from an XRD, by scope: under an XR's
 * spec (directly for LegacyCluster XRs, under spec.crossplane for Namespaced and Cluster ones), under a
 * claim's spec, and under status. The facts are crossplane-runtime's pkg/xcrd (schemas.go:
 * CompositeResourceSpecProps, CompositeResourceClaimSpecProps, CompositeResourceStatusProps); the field
 * names are those src/bridge/schema/crossplane.ts lists.
 */
import type { SchemaNode } from '../../bridge/schema/types.js';

/** Scope is an XRD's scope. */
export type Scope = 'Namespaced' | 'Cluster' | 'LegacyCluster';

const str: SchemaNode = { type: 'string' };

function ref(requiredFields: string[], fields: string[]): SchemaNode {
  return {
    type: 'object',
    required: requiredFields,
    properties: Object.fromEntries(fields.map((f) => [f, { ...str }])),
  };
}

function selector(): SchemaNode {
  return {
    type: 'object',
    required: ['matchLabels'],
    properties: { matchLabels: { type: 'object', additionalProperties: { ...str } } },
  };
}

function policy(values: string[], dflt?: string): SchemaNode {
  return dflt === undefined
    ? { type: 'string', enum: values }
    : { type: 'string', enum: values, default: dflt };
}

/** compositeSpecProps returns the spec fields Crossplane adds to an XR of scope. */
export function compositeSpecProps(scope: Scope, defaultUpdatePolicy?: string): Record<string, SchemaNode> {
  const refFields =
    scope === 'Namespaced' ? ['apiVersion', 'name', 'kind'] : ['apiVersion', 'name', 'namespace', 'kind'];
  const props: Record<string, SchemaNode> = {
    compositionRef: ref(['name'], ['name']),
    compositionSelector: selector(),
    compositionRevisionRef: ref(['name'], ['name']),
    compositionRevisionSelector: selector(),
    compositionUpdatePolicy: policy(['Automatic', 'Manual'], defaultUpdatePolicy),
    resourceRefs: {
      type: 'array',
      items: ref(['apiVersion', 'kind'], refFields),
      'x-kubernetes-list-type': 'atomic',
    },
  };
  if (scope === 'LegacyCluster') {
    props.claimRef = ref(
      ['apiVersion', 'kind', 'namespace', 'name'],
      ['apiVersion', 'kind', 'namespace', 'name'],
    );
    props.writeConnectionSecretToRef = ref(['name', 'namespace'], ['name', 'namespace']);
    return props;
  }
  return {
    crossplane: {
      type: 'object',
      description: 'Configures how Crossplane will reconcile this composite resource',
      properties: props,
    },
  };
}

/** claimSpecProps returns the spec fields Crossplane adds to a claim. */
export function claimSpecProps(defaultDeletePolicy?: string): Record<string, SchemaNode> {
  return {
    compositionRef: ref(['name'], ['name']),
    compositionSelector: selector(),
    compositionRevisionRef: ref(['name'], ['name']),
    compositionRevisionSelector: selector(),
    compositionUpdatePolicy: policy(['Automatic', 'Manual']),
    compositeDeletePolicy: policy(['Background', 'Foreground'], defaultDeletePolicy),
    resourceRef: ref(['apiVersion', 'kind', 'name'], ['apiVersion', 'kind', 'name']),
    writeConnectionSecretToRef: ref(['name'], ['name']),
  };
}

/** statusProps returns the status fields Crossplane adds to an XR of scope (claims get LegacyCluster's). */
export function statusProps(scope: Scope): Record<string, SchemaNode> {
  const props: Record<string, SchemaNode> = {
    conditions: {
      description: 'Conditions of the resource.',
      type: 'array',
      'x-kubernetes-list-map-keys': ['type'],
      'x-kubernetes-list-type': 'map',
      items: {
        type: 'object',
        required: ['lastTransitionTime', 'reason', 'status', 'type'],
        properties: {
          lastTransitionTime: { type: 'string', format: 'date-time' },
          message: { ...str },
          reason: { ...str },
          status: { ...str },
          type: { ...str },
          observedGeneration: { type: 'integer', format: 'int64' },
        },
      },
    },
  };
  if (scope === 'LegacyCluster') {
    props.connectionDetails = {
      type: 'object',
      properties: { lastPublishedTime: { type: 'string', format: 'date-time' } },
    };
    props.claimConditionTypes = { type: 'array', 'x-kubernetes-list-type': 'set', items: { ...str } };
  }
  return props;
}
