/**
 * renderYaml: a render's result as `crossplane render` prints it: YAML documents, each after a
 * `---` line, keys sorted: the XR, the composed resources, then (when asked for) the events as
 * Results and the pipeline's final context.
 */
import { stringify } from 'yaml';
import type { JsonObject, JsonValue } from '../function/wire/types.js';
import type { RenderOutput } from './render.js';
import { copy, isObject } from './store.js';

/** What renderYaml prints besides the XR and the composed resources. */
export interface PrintOptions {
  /** includeFunctionResults prints the events as kind Result (crossplane render -r). */
  includeFunctionResults?: boolean;
  /** includeContext prints the final context as kind Context (crossplane render -c). */
  includeContext?: boolean;
  /** includeFullXr prints the input XR merged with what render wrote back (crossplane render -x). */
  includeFullXr?: boolean;
}

/** renderDocuments returns the objects renderYaml prints, in order. */
export function renderDocuments(out: RenderOutput, options: PrintOptions = {}): JsonObject[] {
  const xr = options.includeFullXr ? mergeOverride(copy(out.input), out.xr) : out.xr;
  const docs: JsonObject[] = [xr, ...out.composed];
  if (options.includeFunctionResults) {
    for (const e of out.events) {
      docs.push({
        apiVersion: 'render.crossplane.io/v1beta1',
        kind: 'Result',
        severity: e.type,
        reason: e.reason,
        message: e.message,
      });
    }
  }
  if (options.includeContext && out.context !== undefined) {
    docs.push({ apiVersion: 'render.crossplane.io/v1beta1', kind: 'Context', fields: out.context });
  }
  return docs;
}

/** renderYaml returns the documents renderDocuments returns as YAML, each after `---`. */
export function renderYaml(out: RenderOutput, options: PrintOptions = {}): string {
  return renderDocuments(out, options)
    .map((d) => `---\n${stringify(sorted(d), { lineWidth: 0, indentSeq: false, version: '1.1' })}`)
    .join('');
}

/** sorted returns v with every object's keys in order, as Go's JSON and YAML encoders write maps. */
function sorted(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sorted);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = sorted(v[k] as JsonValue);
  return out;
}

/**
 * mergeOverride merges src into dst the way crossplane render merges its output into the input XR
 * (mergo with override): objects key by key, other values replace unless they are empty.
 */
export function mergeOverride(dst: JsonObject, src: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(src)) {
    const d = dst[k];
    if (isObject(d) && isObject(v)) mergeOverride(d, v);
    else if (!isEmpty(v)) dst[k] = v;
  }
  return dst;
}

function isEmpty(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObject(v) && Object.keys(v).length === 0;
}
