/**
 * An order checked before it is sent, with kxp validate's checks (the API server's: structural schema,
 * types, required, enums, formats, unknown fields, defaults, CEL rules), each error placed at the form
 * field it is about so the page shows it next to that field.
 */
import type { ResourceSchema } from '../../validate/schemas/catalog.js';
import { validateObject } from '../../validate/validate.js';
import type { Field } from './fields.js';

/** FormErrors are the messages per field name (`spec.parameters.connectionLimit`), and those of no field. */
export interface FormErrors {
  byField: Record<string, string[]>;
  general: string[];
}

/** checkOrder returns the problems kcp would find in obj, by the form field each is about. */
export function checkOrder(
  obj: Record<string, unknown>,
  rs: ResourceSchema,
  fields: readonly Field[],
): FormErrors {
  const out: FormErrors = { byField: {}, general: [] };
  for (const p of validateObject(obj, rs).errors) {
    const name = fieldFor(p.path.map(String), fields);
    if (name) addError(out, name, p.message);
    else out.general.push(p.message);
  }
  return out;
}

/**
 * fieldFor returns the field whose path is the longest prefix of path (a list item's error belongs to
 * its list), else the first field inside path (a rule on an object is shown at its first field).
 */
function fieldFor(path: readonly string[], fields: readonly Field[]): string | undefined {
  if (path[0] === 'metadata' && (path[1] === 'name' || path[1] === 'namespace')) return `metadata.${path[1]}`;
  const starts = (long: readonly string[], short: readonly string[]) => short.every((s, i) => s === long[i]);
  let best: Field | undefined;
  for (const f of fields) {
    if (f.path.length > path.length || !starts(path, f.path)) continue;
    if (!best || f.path.length > best.path.length) best = f;
  }
  if (best) return best.name;
  return path.length > 1 ? fields.find((f) => starts(f.path, path))?.name : undefined;
}

/** addError adds message to the problems of field name. */
export function addError(e: FormErrors, name: string, message: string): void {
  const list = e.byField[name] ?? [];
  list.push(message);
  e.byField[name] = list;
}

/** hasErrors reports whether any problem was found. */
export function hasErrors(e: FormErrors): boolean {
  return e.general.length > 0 || Object.keys(e.byField).length > 0;
}
