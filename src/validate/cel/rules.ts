/**
 * x-kubernetes-validations, evaluated as the API server evaluates them when an object is created: each
 * rule of each schema node the object has a non-null value for, with `self` the value (typed by the
 * schema) and no `oldSelf` (transition rules are skipped; rules with optionalOldSelf see optional.none()).
 * A false rule reports its message, its messageExpression's result when that evaluates to a non-empty
 * string, or `failed rule: <rule>`, at the node's field (or the rule's fieldPath), with the rule's reason.
 */
import { isCelError } from '@bufbuild/cel';
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { duplicate, forbidden, invalid, OMIT, required, type Where } from '../check/messages.js';
import { isObject } from '../check/values.js';
import type { Problem, Segment } from '../types.js';
import { compileRule, runtimeMessage } from './env.js';
import { none } from './tagged.js';
import { celValue, resourceValue } from './values.js';

/** Rule is one x-kubernetes-validations entry. */
export interface Rule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** checkRules returns the problems the rules of schema s (a resource's root schema) find in obj. */
export function checkRules(obj: Record<string, unknown>, s: SchemaNode): Problem[] {
  const out: Problem[] = [];
  visit(obj, s, { path: [], field: '' }, true, out);
  return out;
}

function visit(v: unknown, s: SchemaNode, w: Where, root: boolean, out: Problem[]): void {
  if (v === null || v === undefined || !containsRules(s)) return;
  const rules = rulesOf(s);
  if (rules.length > 0) {
    const self = root && isObject(v) ? resourceValue(v, s) : celValue(v, s);
    for (const rule of rules) evaluate(rule, self, v, s, w, out);
  }
  for (const branch of Array.isArray(s.allOf) ? s.allOf.filter(isSchemaNode) : []) {
    visit(v, branch, w, root, out);
  }
  visitChildren(v, s, w, out);
}

function visitChildren(v: unknown, s: SchemaNode, w: Where, out: Problem[]): void {
  if (Array.isArray(v)) {
    const items = isSchemaNode(s.items) ? s.items : undefined;
    for (let i = 0; items && i < v.length; i++) visit(v[i], items, child(w, i, `[${i}]`), false, out);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, value] of Object.entries(v)) {
    const prop = s.properties?.[k];
    if (isSchemaNode(prop)) visit(value, prop, child(w, k, w.field ? `.${k}` : k), false, out);
    else visitEntry(value, s, child(w, k, `[${k}]`), out);
  }
}

/** visitEntry visits a map entry, written `[key]` as Kubernetes writes a map key in CEL errors. */
function visitEntry(value: unknown, s: SchemaNode, w: Where, out: Problem[]): void {
  if (isSchemaNode(s.additionalProperties)) visit(value, s.additionalProperties, w, false, out);
}

function rulesOf(s: SchemaNode): Rule[] {
  const rules = s['x-kubernetes-validations'];
  return Array.isArray(rules) ? (rules as Rule[]) : [];
}

const hasRules = new WeakMap<SchemaNode, boolean>();

/** containsRules reports whether s or any schema below it has rules (remembered per schema node). */
function containsRules(s: SchemaNode): boolean {
  let known = hasRules.get(s);
  if (known === undefined) {
    const below = [
      ...Object.values(s.properties ?? {}),
      s.items,
      s.additionalProperties,
      ...(Array.isArray(s.allOf) ? s.allOf : []),
    ].filter(isSchemaNode);
    known = rulesOf(s).length > 0 || below.some(containsRules);
    hasRules.set(s, known);
  }
  return known;
}

function child(w: Where, segment: Segment, written: string): Where {
  return { path: [...w.path, segment], field: `${w.field}${written}` };
}

function evaluate(rule: Rule, self: unknown, raw: unknown, s: SchemaNode, w: Where, out: Problem[]): void {
  const type = typeof s.type === 'string' ? s.type : '';
  const compiled = compileRule(rule.rule);
  if (!compiled.ok) {
    out.push(invalid('cel', w, type, compiled.message));
    return;
  }
  const { program } = compiled;
  if (program.usesOldSelf && rule.optionalOldSelf !== true) return;
  const vars = rule.optionalOldSelf === true ? { self, oldSelf: none() } : { self };
  const result = run(() => program.run(vars));
  if (result instanceof Error) {
    const msg = runtimeMessage(result);
    const text =
      msg === 'no such overload'
        ? `'${msg}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText(rule)}`
        : `${msg} evaluating rule: ${ruleText(rule)}`;
    out.push(invalid('cel', w, type, text));
    return;
  }
  if (result === true) return;
  const at = rule.fieldPath ? withFieldPath(w, rule.fieldPath) : w;
  const detail = messageOf(rule, vars) ?? defaultMessage(rule);
  const value = type === 'object' || type === 'array' ? OMIT : raw;
  out.push(failure(rule, at, value, detail));
}

/** run returns what f returns, an error (thrown by a library function, or a CEL error) as an Error. */
function run(f: () => unknown): unknown {
  try {
    const r = f();
    return isCelError(r) && !(r instanceof Error) ? new Error((r as Error).message) : r;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** messageOf returns what a rule's messageExpression evaluates to, when it is a usable message. */
function messageOf(rule: Rule, vars: Record<string, unknown>): string | undefined {
  if (!rule.messageExpression) return undefined;
  const compiled = compileRule(rule.messageExpression);
  if (!compiled.ok) return undefined;
  const r = run(() => compiled.program.run(vars as never));
  if (typeof r !== 'string') return undefined;
  const text = r.trim();
  return text !== '' && !text.includes('\n') && text.length <= 5000 ? text : undefined;
}

function ruleText(rule: Rule): string {
  return rule.message?.trim() ? rule.message.trim() : rule.rule.trim();
}

function defaultMessage(rule: Rule): string {
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

function failure(rule: Rule, w: Where, value: unknown, detail: string): Problem {
  switch (rule.reason) {
    case 'FieldValueForbidden':
      return forbidden('cel', w, detail);
    case 'FieldValueRequired':
      return required('cel', w, detail);
    case 'FieldValueDuplicate':
      return duplicate('cel', w, value === OMIT ? {} : value);
    default:
      return invalid('cel', w, value, detail);
  }
}

/** withFieldPath returns w extended by a rule's fieldPath (`.spec.replicas`, `.labels['a.b']`, `.items[1]`). */
export function withFieldPath(w: Where, fieldPath: string): Where {
  const segments: Segment[] = [];
  for (const m of fieldPath.matchAll(
    /\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*(\d+)\s*\]/g,
  )) {
    if (m[3] !== undefined) segments.push(Number(m[3]));
    else segments.push(m[1] ?? (m[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  const written = segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[');
  return { path: [...w.path, ...segments], field: w.field ? `${w.field}.${written}` : written };
}
