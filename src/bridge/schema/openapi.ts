/**
 * Small, pure operations on openAPIV3Schema trees: finding a node by its field path and returning a
 * copy without some fields. Field paths are lists of property names from the object's root
 * (`['spec', 'parameters']`), written `spec.parameters` in messages.
 */
import { isSchemaNode, type SchemaNode } from './types.js';

/** nodeAt returns the schema node at path, following `properties`, or undefined when there is none. */
export function nodeAt(root: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const name of path) {
    const child: unknown = node?.properties?.[name];
    node = isSchemaNode(child) ? child : undefined;
  }
  return node;
}

/**
 * withoutFields returns a copy of root in which the object at path has none of the properties names,
 * nor lists them in its `required`, which would otherwise demand a field the schema no longer has.
 * A `required` left empty is dropped, since Kubernetes' structural schemas store none.
 */
export function withoutFields(
  root: SchemaNode,
  path: readonly string[],
  names: readonly string[],
): SchemaNode {
  const copy = structuredClone(root);
  const node = nodeAt(copy, path);
  if (node === undefined) return copy;
  if (node.properties) {
    for (const name of names) delete node.properties[name];
  }
  if (node.required) {
    const required = node.required.filter((name) => !names.includes(name));
    if (required.length > 0) node.required = required;
    else delete node.required;
  }
  return copy;
}

/** fieldPath returns path as written in messages: `spec.parameters`, or `(root)` for the object itself. */
export function fieldPath(path: readonly string[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}
