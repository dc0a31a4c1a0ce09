/**
 * Whether a new schema of an API still serves its consumers' objects: the differences between two
 * openAPIV3Schema trees and between two APIResourceSchemas' versions, each classified as compatible
 * or not. The bridge uses it to decide whether a changed API may replace the one consumers bound.
 */
import { keywordChanges, type SchemaChange, typeBroke } from './compatibility-rules.js';
import { isSchemaNode, type SchemaNode } from './types.js';

export type { SchemaChange } from './compatibility-rules.js';

/**
 * schemaChanges returns the differences from the schema before to the schema after, recursively through
 * properties, items and additionalProperties. Compatible: an added optional field, an added enum value,
 * description or default changes, relaxed validation. Incompatible: a removed field, a newly required
 * field, a type change, a removed enum value, narrowed validation (lower maximum, new pattern, ...).
 */
export function schemaChanges(before: SchemaNode, after: SchemaNode): SchemaChange[] {
  return nodeChanges(before, after, '');
}

/** isCompatible reports whether none of changes is incompatible. */
export function isCompatible(changes: readonly SchemaChange[]): boolean {
  return changes.every((c) => c.compatible);
}

/** ComparableVersion is what versionChanges reads of an APIResourceSchema version. */
export interface ComparableVersion {
  name: string;
  served: boolean;
  storage?: boolean;
  schema: SchemaNode;
}

/**
 * versionChanges returns the differences between two lists of API versions: a served version removed
 * or no longer served is incompatible, an added one compatible, and each version served before and
 * after is compared by schemaChanges.
 */
export function versionChanges(
  before: readonly ComparableVersion[],
  after: readonly ComparableVersion[],
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const o of before.filter((v) => v.served)) {
    const n = after.find((v) => v.name === o.name);
    if (n === undefined || !n.served) {
      changes.push({
        version: o.name,
        path: '(version)',
        compatible: false,
        reason: n ? 'no longer served' : 'served version removed',
      });
      continue;
    }
    changes.push(...schemaChanges(o.schema, n.schema).map((c) => ({ version: o.name, ...c })));
  }
  for (const n of after.filter((v) => v.served)) {
    if (!before.some((o) => o.name === n.name && o.served)) {
      changes.push({ version: n.name, path: '(version)', compatible: true, reason: 'served version added' });
    }
  }
  const [from, to] = [before.find((v) => v.storage)?.name, after.find((v) => v.storage)?.name];
  if (from !== to) {
    changes.push({
      path: '(versions)',
      compatible: true,
      reason: `storage version changed from ${from ?? 'none'} to ${to ?? 'none'}`,
    });
  }
  return changes;
}

/** ComparableAPI is what apiChanges reads of an APIResourceSchema spec. */
export interface ComparableAPI {
  group: string;
  names: { kind: string; plural: string };
  scope: string;
  versions: readonly ComparableVersion[];
}

/**
 * apiChanges returns the differences between two APIResourceSchema specs: a different group, kind,
 * plural or scope is another API altogether (incompatible); otherwise versionChanges.
 */
export function apiChanges(before: ComparableAPI, after: ComparableAPI): SchemaChange[] {
  const identity: [string, string, string][] = [
    ['spec.group', before.group, after.group],
    ['spec.names.kind', before.names.kind, after.names.kind],
    ['spec.names.plural', before.names.plural, after.names.plural],
    ['spec.scope', before.scope, after.scope],
  ];
  const changes = identity
    .filter(([, a, b]) => a !== b)
    .map(([path, a, b]) => ({
      path,
      compatible: false,
      reason: `changed from ${a} to ${b}: another API altogether`,
    }));
  return [...changes, ...versionChanges(before.versions, after.versions)];
}

/** nodeChanges returns the changes of node o into n at path, its own keywords' and its children's. */
function nodeChanges(o: SchemaNode, n: SchemaNode, path: string): SchemaChange[] {
  const at = path === '' ? '(root)' : path;
  const changes = keywordChanges(o, n, at);
  if (typeBroke(o, n)) return changes;
  changes.push(...propertyChanges(o, n, path));
  if (isSchemaNode(o.items) && isSchemaNode(n.items))
    changes.push(...nodeChanges(o.items, n.items, `${path}[*]`));
  else if (o.items !== undefined && n.items === undefined)
    changes.push({ path: at, compatible: true, reason: 'items no longer constrained' });
  else if (o.items === undefined && n.items !== undefined)
    changes.push({ path: at, compatible: false, reason: 'items now constrained' });
  changes.push(...additionalChanges(o, n, path));
  return changes;
}

/** propertyChanges returns the changes of o's properties and required fields into n's. */
function propertyChanges(o: SchemaNode, n: SchemaNode, path: string): SchemaChange[] {
  const [props, newProps] = [o.properties ?? {}, n.properties ?? {}];
  const [required, newRequired] = [o.required ?? [], n.required ?? []];
  const child = (name: string) => (path === '' ? name : `${path}.${name}`);
  const changes = Object.entries(props).flatMap(([name, node]) => {
    const next = newProps[name];
    if (next !== undefined) {
      return fieldChanges(node, next, child(name), required.includes(name), newRequired.includes(name));
    }
    // Without properties after, a node that keeps unknown fields still keeps this one.
    const kept = n.properties === undefined && n['x-kubernetes-preserve-unknown-fields'] === true;
    return [
      {
        path: child(name),
        compatible: kept,
        reason: kept ? 'no longer declared, still kept' : 'field removed',
      },
    ];
  });
  for (const name of Object.keys(newProps).filter((k) => props[k] === undefined)) {
    const req = newRequired.includes(name);
    changes.push({
      path: child(name),
      compatible: !req,
      reason: req ? 'required field added' : 'optional field added',
    });
  }
  return changes;
}

/** fieldChanges returns the changes of a field present before and after: whether required, then its schema. */
function fieldChanges(
  o: SchemaNode,
  n: SchemaNode,
  path: string,
  wasRequired: boolean,
  isRequired: boolean,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (isRequired && !wasRequired) changes.push({ path, compatible: false, reason: 'newly required' });
  if (wasRequired && !isRequired) changes.push({ path, compatible: true, reason: 'no longer required' });
  return [...changes, ...nodeChanges(o, n, path)];
}

/** additionalChanges returns the changes of o's additionalProperties (map values) into n's. */
function additionalChanges(o: SchemaNode, n: SchemaNode, path: string): SchemaChange[] {
  const [a, b] = [o.additionalProperties, n.additionalProperties];
  const at = path === '' ? '(root)' : path;
  if (isSchemaNode(a) && isSchemaNode(b)) return nodeChanges(a, b, `${path}.*`);
  if (a === b || (a === undefined && b === false) || (a === false && b === undefined)) return [];
  // Allowing more map entries relaxes; allowing fewer (or constraining them) narrows.
  const allowsAll = (v: unknown) => v === true;
  const allowsNone = (v: unknown) => v === undefined || v === false;
  const relaxed = allowsNone(a) || (isSchemaNode(a) && allowsAll(b));
  return [
    {
      path: at,
      compatible: relaxed,
      reason: relaxed ? 'additional properties now allowed' : 'additional properties now restricted',
    },
  ];
}
