/**
 * An example object of a resource as YAML, for the API's page: every field with its default (or the
 * first allowed value, or a placeholder of its type where it is required), so a team sees what it may
 * write in a GitOps repository without reading the schema.
 */
import { stringify } from 'yaml';
import type { Field } from './fields.js';

/** exampleYaml returns an example object of apiVersion and kind with fields, as YAML. */
export function exampleYaml(
  apiVersion: string,
  kind: string,
  fields: readonly Field[],
  namespace: string | undefined,
): string {
  const metadata: Record<string, unknown> = { name: `my-${kind.toLowerCase()}` };
  if (namespace !== undefined) metadata.namespace = namespace;
  const obj: Record<string, unknown> = { apiVersion, kind, metadata };
  for (const f of fields) {
    const v = exampleValue(f);
    if (v === undefined) continue;
    let at = obj;
    for (const k of f.path.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Record<string, unknown>;
    }
    at[f.path[f.path.length - 1]!] = v;
  }
  return stringify(obj);
}

function exampleValue(f: Field): unknown {
  if (f.default !== undefined) return f.default;
  if (f.enum?.length && f.kind === 'enum') return f.enum[0];
  if (!f.required) return undefined;
  switch (f.kind) {
    case 'integer':
    case 'number':
      return f.minimum ?? 1;
    case 'boolean':
      return false;
    case 'list':
      return [];
    case 'yaml':
      return {};
    default:
      return f.name.endsWith('.name') ? 'my-name' : 'value';
  }
}
