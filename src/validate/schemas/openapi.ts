/**
 * The schema of a bound resource as kcp publishes it to a consumer workspace's OpenAPI v3
 * (`/openapi/v3/apis/<group>/<version>`): the bound CRD's structural schema (defaults, enums, formats,
 * x-kubernetes-validations kept), except that metadata (and an embedded resource's metadata) is a
 * reference to ObjectMeta, which this turns back into a plain object. What the export's own schema
 * declared under metadata — a maxLength on metadata.name, say — is not published there.
 */
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { isObject } from '../check/values.js';

/** GVK is a group, version and kind. */
export interface GVK {
  group: string;
  version: string;
  kind: string;
}

/** schemaForKind returns the schema of kind in an OpenAPI v3 document, or undefined when it has none. */
export function schemaForKind(doc: unknown, gvk: GVK): SchemaNode | undefined {
  const components = isObject(doc) && isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  for (const s of Object.values(schemas)) {
    if (!isSchemaNode(s)) continue;
    const gvks = Array.isArray(s['x-kubernetes-group-version-kind'])
      ? s['x-kubernetes-group-version-kind']
      : [];
    const match = gvks.some(
      (g) => isObject(g) && g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
    );
    if (match) return plain(s, true);
  }
  return undefined;
}

/** plain returns a published schema node as a CRD schema node: references to ObjectMeta become objects. */
function plain(s: SchemaNode, root: boolean): SchemaNode {
  if (isReference(s)) {
    const out: SchemaNode = { type: 'object' };
    if (typeof s.description === 'string') out.description = s.description;
    return out;
  }
  const out: SchemaNode = {};
  for (const [k, v] of Object.entries(s)) {
    if (!(root && k === 'x-kubernetes-group-version-kind')) out[k] = plainKeyword(k, v);
  }
  return out;
}

/** plainKeyword returns the value of keyword k with the schema nodes under it made plain. */
function plainKeyword(k: string, v: unknown): unknown {
  const node = (x: unknown) => (isSchemaNode(x) ? plain(x, false) : x);
  if (k === 'properties' && isObject(v)) {
    return Object.fromEntries(Object.entries(v).map(([name, p]) => [name, node(p)]));
  }
  if (['items', 'additionalProperties', 'not'].includes(k)) return node(v);
  if (['allOf', 'anyOf', 'oneOf'].includes(k) && Array.isArray(v)) return v.map(node);
  return v;
}

/** isReference reports whether a node is `$ref`, or `allOf: [{$ref}]` as OpenAPI v3 wraps a described one. */
function isReference(s: SchemaNode): boolean {
  if (typeof s.$ref === 'string') return true;
  const allOf = s.allOf;
  return (
    Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0].$ref === 'string'
  );
}
