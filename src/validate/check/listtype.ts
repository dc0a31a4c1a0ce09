/**
 * Lists declared `x-kubernetes-list-type: set` or `map`, whose items the API server requires to be unique
 * (a set by value, a map by its `x-kubernetes-list-map-keys`). crossplane resource validate does not check
 * this; the server refuses the object.
 */

import { canonicalJSON } from '../../bridge/schema/canonical.js';
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import type { Problem, Segment } from '../types.js';
import { fieldSchema } from './defaults.js';
import { at, duplicate, invalid } from './messages.js';
import { isObject } from './values.js';

/** checkListTypes returns the problems of set and map lists anywhere in x. */
export function checkListTypes(x: unknown, s: SchemaNode | undefined, path: Segment[] = []): Problem[] {
  if (s === undefined) return [];
  const out: Problem[] = [];
  if (Array.isArray(x)) {
    if (s['x-kubernetes-list-type'] === 'set') out.push(...setProblems(x, path));
    if (s['x-kubernetes-list-type'] === 'map') out.push(...mapProblems(x, s, path));
    const items = isSchemaNode(s.items) ? s.items : undefined;
    for (let i = 0; i < x.length; i++) out.push(...checkListTypes(x[i], items, [...path, i]));
  } else if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) out.push(...checkListTypes(v, fieldSchema(s, k), [...path, k]));
  }
  return out;
}

/** duplicates returns the index of each key's second occurrence (the server reports each value once). */
function duplicates(keys: string[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    const times = seen.get(k) ?? 0;
    if (times === 1) out.push(i);
    seen.set(k, times + 1);
  });
  return out;
}

function setProblems(x: unknown[], path: Segment[]): Problem[] {
  return duplicates(x.map((v) => canonicalJSON(v))).map((i) => duplicate('schema', at([...path, i]), x[i]));
}

function mapProblems(x: unknown[], s: SchemaNode, path: Segment[]): Problem[] {
  const bad = x.findIndex((item) => item !== null && !isObject(item));
  if (bad >= 0) {
    return [invalid('schema', at([...path, bad]), x[bad], 'must be an object for an array of list-type map')];
  }
  const keyFields = Array.isArray(s['x-kubernetes-list-map-keys'])
    ? (s['x-kubernetes-list-map-keys'] as unknown[]).map(String)
    : [];
  const keys = x.map((item) => {
    const key: Record<string, unknown> = {};
    for (const f of keyFields) if (isObject(item) && f in item) key[f] = item[f];
    return key;
  });
  return duplicates(keys.map((k) => canonicalJSON(k))).map((i) => {
    const key = keys[i] ?? {};
    const only = keyFields.length === 1 ? keyFields[0] : undefined;
    const value = only !== undefined && only in key ? { [only]: key[only] } : key;
    return duplicate('schema', at([...path, i]), value);
  });
}
