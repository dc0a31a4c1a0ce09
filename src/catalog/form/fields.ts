/**
 * The fields of an order form, read from a resource's openAPIV3Schema: one field per value a consumer
 * may set under spec (nested objects flattened to dotted names), with its type, default, enum, bounds,
 * whether it is required, and its description. What Crossplane adds to every claim for its own
 * machinery (composition selection, references it fills in) is left out: a consumer orders a service,
 * not a Composition. Maps, lists of objects and free-form objects become one YAML field.
 */
import type { SchemaNode } from '../../bridge/schema/types.js';

/** FieldKind says how a field is entered and turned back into a value. */
export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'yaml';

/** Field is one input of an order form. */
export interface Field {
  /** name is the dotted path, used as the input's name: `spec.parameters.connectionLimit`. */
  name: string;
  path: string[];
  kind: FieldKind;
  /** itemKind is the kind of a list's items (list only). */
  itemKind?: Exclude<FieldKind, 'list' | 'yaml' | 'boolean'>;
  required: boolean;
  description?: string;
  default?: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  /** section is the description of the object the field belongs to, on the first field of that object. */
  section?: { name: string; description?: string };
}

/** crossplaneFields are the spec fields Crossplane adds to claims and XRs for itself. */
export const crossplaneFields = new Set([
  'compositionRef',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionSelector',
  'compositionUpdatePolicy',
  'compositeDeletePolicy',
  'resourceRef',
  'resourceRefs',
  'claimRef',
  'publishConnectionDetailsTo',
  'environmentConfigRefs',
  'crossplane',
]);

/** formFields returns the fields of schema's spec, in the schema's order, required ones first in each object. */
export function formFields(schema: SchemaNode): Field[] {
  const spec = schema.properties?.spec;
  if (!spec) return [];
  const out: Field[] = [];
  walk(spec, ['spec'], out, true);
  return out;
}

function walk(node: SchemaNode, path: string[], out: Field[], top: boolean): void {
  const props = node.properties ?? {};
  const req = new Set(node.required ?? []);
  const names = Object.keys(props).filter((n) => !(top && crossplaneFields.has(n)));
  names.sort((a, b) => Number(req.has(b)) - Number(req.has(a)));
  let first = true;
  for (const name of names) {
    const child = props[name]!;
    const childPath = [...path, name];
    const childRequired = req.has(name);
    if (isStructured(child)) {
      walk(child, childPath, out, false);
      continue;
    }
    const f = field(child, childPath, childRequired);
    if (first && path.length > 1) f.section = { name: path.join('.'), description: node.description };
    first = false;
    out.push(f);
  }
}

/** isStructured reports whether a node is an object of known properties (walked into, not one field). */
function isStructured(n: SchemaNode): boolean {
  return n.type === 'object' && n.properties !== undefined && Object.keys(n.properties).length > 0;
}

const scalarKinds = new Set(['string', 'integer', 'number']);

function field(n: SchemaNode, path: string[], required: boolean): Field {
  const f: Field = { name: path.join('.'), path, kind: kindOf(n), required };
  if (n.description) f.description = n.description;
  if (n.default !== undefined) f.default = n.default;
  if (f.kind === 'enum') f.enum = (n.enum ?? []).map(String);
  if (f.kind === 'list') {
    const items = n.items ?? {};
    f.itemKind = items.enum ? 'enum' : (items.type as Field['itemKind']);
    if (items.enum) f.enum = items.enum.map(String);
  }
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) {
    if (typeof n[k] === 'number') f[k] = n[k] as number;
  }
  if (typeof n.pattern === 'string') f.pattern = n.pattern;
  if (typeof n.format === 'string') f.format = n.format;
  return f;
}

function kindOf(n: SchemaNode): FieldKind {
  if (Array.isArray(n.enum) && n.enum.every((v) => typeof v === 'string')) return 'enum';
  if (n.type === 'string' || n.type === 'integer' || n.type === 'number' || n.type === 'boolean')
    return n.type;
  if (n.type === 'array' && n.items && (scalarKinds.has(n.items.type ?? '') || n.items.enum)) return 'list';
  return 'yaml';
}
