/**
 * An order form's values turned into the object that is sent to kcp. Empty inputs are left out, so
 * the server's defaults apply as they would to a claim written by hand. A value that is not of its
 * field's type is kept as typed (a string where an integer belongs), so that the validation that
 * follows reports it in the API server's own words.
 */
import { parse } from 'yaml';
import type { Field } from './fields.js';

/** Target names what is ordered: its apiVersion and kind, and where the object goes. */
export interface Target {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Built is the object a form describes, and the inputs that could not be read at all (YAML syntax). */
export interface Built {
  object: Record<string, unknown>;
  errors: Record<string, string>;
}

/** objectFromForm returns the object the form's values describe. */
export function objectFromForm(
  fields: readonly Field[],
  values: Record<string, unknown>,
  target: Target,
): Built {
  const metadata: Record<string, unknown> = { name: target.name };
  if (target.namespace !== undefined) metadata.namespace = target.namespace;
  const object: Record<string, unknown> = { apiVersion: target.apiVersion, kind: target.kind, metadata };
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    const read = readValue(f, text);
    if ('error' in read) errors[f.name] = read.error;
    else setPath(object, f.path, read.value);
  }
  return { object, errors };
}

function readValue(f: Field, text: string): { value: unknown } | { error: string } {
  switch (f.kind) {
    case 'integer':
    case 'number':
      return { value: scalar(f.kind, text) };
    case 'boolean':
      return { value: text === 'true' ? true : text === 'false' ? false : text };
    case 'list':
      return {
        value: text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map((s) => scalar(f.itemKind ?? 'string', s)),
      };
    case 'yaml':
      try {
        return { value: parse(text) };
      } catch (err) {
        return { error: `not YAML: ${(err as Error).message.split('\n')[0]}` };
      }
    default:
      return { value: text };
  }
}

/** scalar returns text as a number where its kind is numeric and it reads as one, else the text. */
function scalar(kind: string, text: string): unknown {
  if (kind !== 'integer' && kind !== 'number') return text;
  const n = Number(text);
  return Number.isFinite(n) && /^-?[0-9.eE+-]+$/.test(text) ? n : text;
}

function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = obj;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]!] = value;
}
