/**
 * The API a Crossplane CompositeResourceDefinition offers its authors, as an APIResourceSchema: the
 * claim of a legacy XRD that has one (namespaced), else the composite resource itself. It is the API
 * as kxp offers it in kcp (see bridge/schema/publish.ts): the XRD's schema, with `spec` required as
 * Crossplane makes it, a claim's writeConnectionSecretToRef, and status.conditions; the fields with
 * which Crossplane chooses a Composition belong to the platform (the bridge sets them) and are left out.
 */
import * as z from 'zod';
import { claimConnectionSecretField } from '../../bridge/schema/crossplane.js';
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';

const names = z.looseObject({
  kind: z.string().min(1),
  plural: z.string().min(1),
  singular: z.string().optional(),
});

const xrd = z.looseObject({
  apiVersion: z.enum(['apiextensions.crossplane.io/v1', 'apiextensions.crossplane.io/v2']),
  metadata: z.looseObject({ name: z.string().min(1) }),
  spec: z.looseObject({
    group: z.string().min(1),
    names,
    claimNames: names.optional(),
    scope: z.enum(['Namespaced', 'Cluster', 'LegacyCluster']).optional(),
    versions: z
      .array(
        z.looseObject({
          name: z.string().min(1),
          served: z.boolean(),
          referenceable: z.boolean(),
          schema: z
            .looseObject({ openAPIV3Schema: z.custom<SchemaNode>(isSchemaNode).optional() })
            .optional(),
        }),
      )
      .min(1),
  }),
});

/**
 * schemaFromXRD returns the APIResourceSchema of the API obj (an XRD) offers authors (see the module
 * comment); the referenceable version is its storage version. A malformed XRD throws naming the field.
 */
export function schemaFromXRD(obj: unknown): Record<string, unknown> {
  const parsed = xrd.safeParse(obj);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`cannot read CompositeResourceDefinition: ${why}`, { cause: parsed.error });
  }
  const { apiVersion, spec } = parsed.data;
  const legacy = apiVersion === 'apiextensions.crossplane.io/v1';
  const claim = legacy ? spec.claimNames : undefined;
  const own = claim ?? spec.names;
  const scope = claim ? 'Namespaced' : legacy || spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  return {
    apiVersion: 'apis.kcp.io/v1alpha1',
    kind: 'APIResourceSchema',
    metadata: { name: `${own.plural}.${spec.group}` },
    spec: {
      group: spec.group,
      names: { kind: own.kind, plural: own.plural, ...(own.singular ? { singular: own.singular } : {}) },
      scope,
      versions: spec.versions.map((v) => ({
        name: v.name,
        served: v.served,
        storage: v.referenceable,
        schema: offeredSchema(v.schema?.openAPIV3Schema, claim !== undefined),
      })),
    },
  };
}

/** offeredSchema returns a copy of an XRD version's schema with what Crossplane adds for authors. */
function offeredSchema(schema: SchemaNode | undefined, claim: boolean): SchemaNode {
  const root: SchemaNode = { type: 'object', ...structuredClone(schema ?? {}) };
  root.required = [...new Set([...(root.required ?? []), 'spec'])];
  const spec = root.properties?.spec ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const status = root.properties?.status ?? { type: 'object' };
  root.properties = {
    ...root.properties,
    spec: claim ? withField(spec, claimConnectionSecretField, connectionSecretRef) : spec,
    status: withField(status, 'conditions', conditions),
  };
  return root;
}

/** withField returns node with the field name added (a copy of schema), unless node has one. */
function withField(node: SchemaNode, name: string, schema: SchemaNode): SchemaNode {
  if (node.properties?.[name] !== undefined) return node;
  return { ...node, properties: { ...node.properties, [name]: structuredClone(schema) } };
}

const connectionSecretRef: SchemaNode = {
  description: "The Secret, in the claim's namespace, to which the claim's connection details are written.",
  type: 'object',
  required: ['name'],
  properties: { name: { description: 'Name of the Secret.', type: 'string' } },
};

const conditions: SchemaNode = {
  description: 'Conditions of the resource: Synced and Ready, and those its composition function sets.',
  type: 'array',
  items: {
    type: 'object',
    required: ['lastTransitionTime', 'reason', 'status', 'type'],
    properties: {
      lastTransitionTime: { type: 'string', format: 'date-time' },
      message: { type: 'string' },
      observedGeneration: { type: 'integer', format: 'int64' },
      reason: { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
    },
  },
  'x-kubernetes-list-map-keys': ['type'],
  'x-kubernetes-list-type': 'map',
};

/** isXRD reports whether obj is a Crossplane CompositeResourceDefinition. */
export function isXRD(obj: Record<string, unknown>): boolean {
  return (
    obj.kind === 'CompositeResourceDefinition' &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('apiextensions.crossplane.io/')
  );
}
