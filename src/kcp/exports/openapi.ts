/**
 * A kind's schema out of the OpenAPI v3 document an API server (kcp included, for the resources a
 * workspace binds) serves at /openapi/v3/apis/<group>/<version>. The document is made from the
 * CRD's structural schema and adds only a few things, which this takes back out: references to
 * ObjectMeta (the object's metadata and embedded resources'), the `anyOf` beside
 * x-kubernetes-int-or-string, and x-kubernetes-group-version-kind.
 */
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';

/** GroupVersionKind names a kind, as x-kubernetes-group-version-kind does. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const gvkExtension = 'x-kubernetes-group-version-kind';
const objectMeta = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * kindSchema returns the structural schema of kind in an OpenAPI v3 document, or undefined when the
 * document has no schema for it. A reference other than metadata's to ObjectMeta throws, naming the field.
 */
export function kindSchema(doc: unknown, gvk: GroupVersionKind): SchemaNode | undefined {
  const schemas = isSchemaNode(doc) && isSchemaNode(doc.components) ? doc.components.schemas : undefined;
  if (!isSchemaNode(schemas)) return undefined;
  const found = Object.values(schemas).find((s) => isSchemaNode(s) && declares(s, gvk));
  if (!isSchemaNode(found)) return undefined;
  const { [gvkExtension]: _, ...rest } = found;
  return structural(rest, [], `${gvk.kind} (${gvk.group}/${gvk.version})`);
}

/** declares reports whether an OpenAPI schema is the one of gvk. */
function declares(s: SchemaNode, gvk: GroupVersionKind): boolean {
  const list = s[gvkExtension];
  return (
    Array.isArray(list) &&
    list.some(
      (g) => isSchemaNode(g) && g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
    )
  );
}

/** structural returns a copy of node without what the OpenAPI builder added. */
function structural(node: SchemaNode, path: string[], what: string): SchemaNode {
  // The object's own metadata, and an embedded resource's.
  if (path[path.length - 1] === 'metadata' && refersTo(node, objectMeta)) {
    return node.description === undefined
      ? { type: 'object' }
      : { description: node.description, type: 'object' };
  }
  if (
    '$ref' in node ||
    (Array.isArray(node.allOf) && node.allOf.some((s) => isSchemaNode(s) && '$ref' in s))
  ) {
    throw new Error(
      `cannot read the schema of ${what}: ${path.join('.').replace(/\.\[\]/g, '[]') || 'the schema'} refers to another schema ($ref)`,
    );
  }
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'anyOf' && node['x-kubernetes-int-or-string'] === true) continue;
    out[key] = value;
  }
  if (isSchemaNode(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, structural(v, [...path, k], what)]),
    );
  }
  if (isSchemaNode(node.items)) out.items = structural(node.items, [...path, '[]'], what);
  if (isSchemaNode(node.additionalProperties)) {
    out.additionalProperties = structural(node.additionalProperties, [...path, '*'], what);
  }
  return out;
}

/** refersTo reports whether node is (or is allOf) a reference to ref. */
function refersTo(node: SchemaNode, ref: string): boolean {
  if (node.$ref === ref) return true;
  return Array.isArray(node.allOf) && node.allOf.some((s) => isSchemaNode(s) && s.$ref === ref);
}
