/**
 * Unknown fields: what the API server prunes because the schema does not declare it, which it refuses
 * instead with strict field validation (kubectl's default, `--validate=strict`). Objects marked
 * x-kubernetes-preserve-unknown-fields keep what they do not declare; apiVersion, kind and metadata of
 * the resource itself and of embedded resources are not the schema's to prune.
 */
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import type { Problem, Segment } from '../types.js';
import { fieldOf, invalid } from './messages.js';
import { isObject } from './values.js';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * pruneUnknown removes from x (in place) every field the schema s of a resource does not declare and
 * returns one unknownField problem per field removed, sorted by path, worded as crossplane resource validate
 * words them (`spec.extra: Invalid value: "extra": unknown field: "extra"`).
 */
export function pruneUnknown(x: unknown, s: SchemaNode): Problem[] {
  const found: Segment[][] = [];
  prune(x, { ...s, 'x-kubernetes-embedded-resource': true }, [], found);
  return found
    .map((path) => ({ path, field: fieldOf(path) }))
    .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .map((w) => {
      const name = String(w.path[w.path.length - 1]);
      return invalid('unknownField', w, name, `unknown field: ${JSON.stringify(name)}`);
    });
}

function prune(x: unknown, s: SchemaNode | undefined, path: Segment[], found: Segment[][]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    keep(x, s, path, found);
  } else if (Array.isArray(x)) {
    const items = s && isSchemaNode(s.items) ? s.items : undefined;
    for (let i = 0; i < x.length; i++) prune(x[i], items, [...path, i], found);
  } else if (isObject(x)) {
    pruneObject(x, s, path, found);
  }
}

function pruneObject(
  x: Record<string, unknown>,
  s: SchemaNode | undefined,
  path: Segment[],
  found: Segment[][],
): void {
  const embedded = s?.['x-kubernetes-embedded-resource'] === true;
  for (const [k, v] of Object.entries(x)) {
    if (s && embedded && metaFields.has(k)) continue;
    const schema = s ? childSchema(s, k) : undefined;
    if (schema) {
      prune(v, schema, [...path, k], found);
      continue;
    }
    // Without a schema everything is unknown; with one, apiVersion, kind and metadata are the root's own.
    if (!s || !metaFields.has(k) || path.length > 0) found.push([...path, k]);
    delete x[k];
  }
}

/** keep walks a node that keeps unknown fields, still pruning inside the fields it declares. */
function keep(x: unknown, s: SchemaNode, path: Segment[], found: Segment[][]): void {
  if (Array.isArray(x)) {
    const items = isSchemaNode(s.items) ? s.items : undefined;
    for (let i = 0; items && i < x.length; i++) keep(x[i], items, [...path, i], found);
    return;
  }
  if (!isObject(x)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const [k, v] of Object.entries(x)) {
    if (embedded && metaFields.has(k)) continue;
    const schema = childSchema(s, k);
    if (schema) prune(v, schema, [...path, k], found);
  }
}

function childSchema(s: SchemaNode, key: string): SchemaNode | undefined {
  const prop = s.properties?.[key];
  if (isSchemaNode(prop)) return prop;
  return isSchemaNode(s.additionalProperties) ? s.additionalProperties : undefined;
}
