/**
 * The CustomResourceDefinitions Crossplane generates from a CompositeResourceDefinition: one for the XR
 * and, when the XRD names claims, one for the claim (crossplane-runtime pkg/xcrd ForCompositeResource and
 * ForCompositeResourceClaim). Crossplane keeps of each version's schema only its description and
 * x-kubernetes-validations at the root, metadata.name's maxLength (at most 63), and spec and status with
 * the keywords src/bridge/schema/crossplane.ts lists; then it adds its own fields (xrd-props.ts).
 */
import {
  claimCategory,
  compositeCategory,
  keptRootKeywords,
  keptSpecKeywords,
  keptStatusKeywords,
} from '../../bridge/schema/crossplane.js';
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { isObject } from '../check/values.js';
import { claimSpecProps, compositeSpecProps, type Scope, statusProps } from './xrd-props.js';

/** CRD is a generated CustomResourceDefinition, as JSON. */
export type CRDObject = Record<string, unknown> & { spec: Record<string, unknown> };

/** maxNameLength is the longest name Crossplane allows XRs and claims (it uses names as label values). */
const maxNameLength = 63;

/**
 * crdsForXRD returns the CRDs Crossplane derives from the XRD xrd: the XR's, then the claim's if the XRD
 * has claimNames. Unset fields get the defaults the API server gives XRDs: scope LegacyCluster (v1) or
 * Namespaced (v2), defaultCompositionUpdatePolicy Automatic, and (v1) defaultCompositeDeletePolicy Background. It throws `cannot derive ...` for an XRD it cannot read.
 */
export function crdsForXRD(xrd: Record<string, unknown>): CRDObject[] {
  const name = isObject(xrd.metadata) ? String(xrd.metadata.name ?? '') : '';
  const spec = isObject(xrd.spec) ? xrd.spec : undefined;
  const names = isObject(spec?.names) ? spec.names : undefined;
  if (!spec || !names || typeof spec.group !== 'string' || !Array.isArray(spec.versions)) {
    throw new Error(`cannot derive CRDs from XRD ${name}: it needs spec.group, spec.names and spec.versions`);
  }
  const v2 = xrd.apiVersion === 'apiextensions.crossplane.io/v2';
  const scope = (typeof spec.scope === 'string' ? spec.scope : v2 ? 'Namespaced' : 'LegacyCluster') as Scope;
  const versions = spec.versions.filter(isObject);
  // The XRD CRD's own defaults, which the API server sets on an XRD before Crossplane reads it.
  const updatePolicy = str(spec.defaultCompositionUpdatePolicy) ?? 'Automatic';
  const xr = crd(spec.group, names, compositeCategory, scope === 'Namespaced', name, versions, (base) => {
    Object.assign(base.spec, compositeSpecProps(scope, updatePolicy));
    Object.assign(base.status, statusProps(scope));
  });
  const out = [xr];
  if (isObject(spec.claimNames)) {
    const deletePolicy = str(spec.defaultCompositeDeletePolicy) ?? (v2 ? undefined : 'Background');
    const claimName = `${String(spec.claimNames.plural)}.${spec.group}`;
    out.push(
      crd(spec.group, spec.claimNames, claimCategory, true, claimName, versions, (base) => {
        Object.assign(base.spec, claimSpecProps(deletePolicy));
        Object.assign(base.status, statusProps('LegacyCluster'));
      }),
    );
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

type AddProps = (props: { spec: Record<string, SchemaNode>; status: Record<string, SchemaNode> }) => void;

function crd(
  group: string,
  names: Record<string, unknown>,
  category: string,
  namespaced: boolean,
  name: string,
  versions: Record<string, unknown>[],
  add: AddProps,
): CRDObject {
  const categories = [...(Array.isArray(names.categories) ? names.categories.map(String) : []), category];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      names: { ...names, categories },
      scope: namespaced ? 'Namespaced' : 'Cluster',
      versions: versions.map((v) => ({
        name: v.name,
        served: v.served !== false,
        storage: v.referenceable === true,
        schema: { openAPIV3Schema: versionSchema(v, add) },
        subresources: { status: {} },
      })),
    },
  };
}

/** versionSchema returns the openAPIV3Schema genCrdVersion makes of one XRD version's schema. */
function versionSchema(v: Record<string, unknown>, add: AddProps): SchemaNode {
  const wrapper = isObject(v.schema) ? v.schema : {};
  const s: SchemaNode = isSchemaNode(wrapper.openAPIV3Schema) ? structuredClone(wrapper.openAPIV3Schema) : {};
  const props = s.properties ?? {};
  const xSpec: SchemaNode = isSchemaNode(props.spec) ? props.spec : {};
  const xStatus: SchemaNode = isSchemaNode(props.status) ? props.status : {};
  const ownMax = props.metadata?.properties?.name?.maxLength;
  const maxLength = typeof ownMax === 'number' && ownMax < maxNameLength ? ownMax : maxNameLength;

  const spec: SchemaNode = { type: 'object', properties: { ...(xSpec.properties ?? {}) } };
  copy(xSpec, spec, keptSpecKeywords);
  const status: SchemaNode = { type: 'object', properties: { ...(xStatus.properties ?? {}) } };
  copy(xStatus, status, keptStatusKeywords);
  add({
    spec: spec.properties as Record<string, SchemaNode>,
    status: status.properties as Record<string, SchemaNode>,
  });

  const root: SchemaNode = {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength } } },
      spec,
      status,
    },
  };
  copy(s, root, keptRootKeywords);
  return root;
}

/** copy sets in to the keywords of from that Crossplane keeps; type and properties are to's own already. */
function copy(from: SchemaNode, to: SchemaNode, keys: readonly string[]): void {
  for (const k of keys) {
    if (k === 'type' || k === 'properties') continue;
    const v = from[k];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) to[k] = v;
  }
}
