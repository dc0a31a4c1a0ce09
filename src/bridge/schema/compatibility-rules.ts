/**
 * The rules that classify a change of one schema node's own keywords (not its children) as compatible
 * (every object valid before is still valid and kept as it was) or incompatible (some object valid
 * before is now rejected, changed or pruned).
 */
import { canonicalJSON } from './canonical.js';
import type { SchemaNode } from './types.js';

/** SchemaChange is one difference between two schemas, at path (`spec.parameters.size`, `[*]` for items, `.*` for map values). */
export interface SchemaChange {
  /** version is the API version the change is in; undefined for a change of the API as a whole. */
  version?: string;
  path: string;
  compatible: boolean;
  reason: string;
}

type Rule = (o: SchemaNode, n: SchemaNode) => Omit<SchemaChange, 'path' | 'version'>[];

const ok = (reason: string) => ({ compatible: true, reason });
const breaks = (reason: string) => ({ compatible: false, reason });
const same = (a: unknown, b: unknown) => canonicalJSON(a) === canonicalJSON(b);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Upper bounds narrow when lowered or newly set; lower bounds when raised or newly set. */
const upperBounds = ['maximum', 'maxLength', 'maxItems', 'maxProperties'];
const lowerBounds = ['minimum', 'minLength', 'minItems', 'minProperties'];
/** Keywords whose any change alters how objects are validated or merged, and any removal relaxes. */
const constraints = ['pattern', 'format', 'multipleOf', 'oneOf', 'anyOf', 'allOf', 'not'];
/** Keywords whose any change, removal included, alters how objects are stored or merged. */
const semantics = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
];
/** Keywords that document, or (default) fill in only what an object leaves out. */
const documentation = ['description', 'title', 'example', 'externalDocs', 'default'];
/** Keywords the walk over children or the rules below handle themselves. */
const handled = [
  ...['properties', 'items', 'additionalProperties', 'required'],
  ...['type', 'enum', 'nullable', 'uniqueItems', 'exclusiveMinimum', 'exclusiveMaximum'],
  ...['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations'],
  ...upperBounds,
  ...lowerBounds,
];

const typeRule: Rule = (o, n) => {
  if (o.type === n.type) return [];
  if (n.type === undefined) return [ok(`type ${o.type} no longer required`)];
  if (o.type === 'integer' && n.type === 'number') return [ok('type widened from integer to number')];
  return [breaks(`type changed from ${o.type ?? 'any'} to ${n.type}`)];
};

const enumRule: Rule = (o, n) => {
  if (o.enum === undefined)
    return n.enum === undefined ? [] : [breaks(`values restricted to ${canonicalJSON(n.enum)}`)];
  if (n.enum === undefined) return [ok('enum removed')];
  const removed = o.enum.filter((v) => !n.enum?.some((w) => same(v, w)));
  const added = n.enum.filter((v) => !o.enum?.some((w) => same(v, w)));
  const out = [];
  if (removed.length > 0)
    out.push(breaks(`enum values removed: ${removed.map((v) => canonicalJSON(v)).join(', ')}`));
  if (added.length > 0) out.push(ok(`enum values added: ${added.map((v) => canonicalJSON(v)).join(', ')}`));
  return out;
};

const boundsRule: Rule = (o, n) =>
  [...upperBounds, ...lowerBounds].flatMap((k) => {
    const [a, b] = [num(o[k]), num(n[k])];
    return a === b ? [] : [boundChange(k, a, b)];
  });

/** boundChange classifies bound k changing from a to b (undefined: no bound). */
function boundChange(k: string, a: number | undefined, b: number | undefined) {
  const upper = upperBounds.includes(k);
  // A missing bound is no bound: +∞ above, and below -∞ (minimum) or 0 (counts and lengths).
  const none = upper ? Number.POSITIVE_INFINITY : k === 'minimum' ? Number.NEGATIVE_INFINITY : 0;
  const [from, to] = [a ?? none, b ?? none];
  const narrowed = upper ? to < from : to > from;
  const text = `${k} ${b === undefined ? 'removed' : a === undefined ? `set to ${b}` : `changed from ${a} to ${b}`}`;
  return narrowed ? breaks(text) : ok(text);
}

const flagsRule: Rule = (o, n) => {
  const out = [];
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum', 'uniqueItems']) {
    if (o[k] === true && n[k] !== true) out.push(ok(`${k} removed`));
    if (o[k] !== true && n[k] === true) out.push(breaks(`${k} set`));
  }
  if (o.nullable === true && n.nullable !== true) out.push(breaks('null no longer allowed'));
  if (o.nullable !== true && n.nullable === true) out.push(ok('null now allowed'));
  const preserve = 'x-kubernetes-preserve-unknown-fields';
  if (o[preserve] === true && n[preserve] !== true) out.push(breaks('unknown fields are now pruned'));
  if (o[preserve] !== true && n[preserve] === true) out.push(ok('unknown fields are now kept'));
  return out;
};

const validationsRule: Rule = (o, n) => {
  const rules = (s: SchemaNode) => (s['x-kubernetes-validations'] ?? []).map((v) => v.rule);
  const [before, after] = [rules(o), rules(n)];
  return [
    ...after.filter((r) => !before.includes(r)).map((r) => breaks(`validation rule added: ${r}`)),
    ...before.filter((r) => !after.includes(r)).map((r) => ok(`validation rule removed: ${r}`)),
  ];
};

const keywordsRule: Rule = (o, n) =>
  [...new Set([...Object.keys(o), ...Object.keys(n)])]
    .filter((k) => !handled.includes(k) && !same(o[k], n[k]))
    .map((k) => keywordChange(k, o[k], n[k]));

/** keywordChange classifies keyword k changing from a to b. */
function keywordChange(k: string, a: unknown, b: unknown) {
  if (documentation.includes(k)) return ok(`${k} changed`);
  if (constraints.includes(k) && b === undefined) return ok(`${k} removed`);
  if (constraints.includes(k) || semantics.includes(k))
    return breaks(`${k} ${a === undefined ? 'set' : 'changed'}`);
  // An unknown keyword may constrain: assume the worst.
  return breaks(`${k} changed`);
}

const rules: Rule[] = [typeRule, enumRule, boundsRule, flagsRule, validationsRule, keywordsRule];

/** keywordChanges returns the changes of node o's own keywords into n's, each at path. */
export function keywordChanges(o: SchemaNode, n: SchemaNode, path: string): SchemaChange[] {
  return rules.flatMap((rule) => rule(o, n).map((c) => ({ path, ...c })));
}

/** typeBroke reports whether o's type changed into n's incompatibly, which makes comparing their children moot. */
export function typeBroke(o: SchemaNode, n: SchemaNode): boolean {
  return typeRule(o, n).some((c) => !c.compatible);
}
