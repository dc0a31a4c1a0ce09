/**
 * An object's JSON as the CEL values a rule sees, typed by the schema as Kubernetes types them: integers as
 * int, numbers as double, strings of format date-time or date as timestamps, of format duration as
 * durations, of format byte as bytes, int-or-string either way. At the resource's root, metadata shows
 * only name and generateName, as in Kubernetes.
 */
import { type CelInput, isCelError, parse, plan } from '@bufbuild/cel';
import { isSchemaNode, type SchemaNode } from '../../bridge/schema/types.js';
import { isDate, isDateTime, parseDuration } from '../check/formats.js';
import { isObject } from '../check/values.js';
import { env } from './env.js';

const toTimestamp = plan(env, parse('timestamp(s)'));
const toDuration = plan(env, parse('duration(s)'));

/** celValue returns v as the CEL value a rule on schema s gets as self. */
export function celValue(v: unknown, s: SchemaNode | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    const items = s && isSchemaNode(s.items) ? s.items : undefined;
    return v.map((item) => celValue(item, items));
  }
  if (isObject(v)) {
    const out: Record<string, CelInput> = {};
    for (const [k, child] of Object.entries(v)) out[k] = celValue(child, childSchema(s, k));
    return out;
  }
  return scalar(v, s);
}

/** resourceValue returns a whole resource as self sees it at the root: metadata only name and generateName. */
export function resourceValue(v: Record<string, unknown>, s: SchemaNode): CelInput {
  const out = celValue({ ...v, metadata: undefined }, s) as Record<string, CelInput>;
  delete out.metadata;
  if (isObject(v.metadata)) {
    const meta: Record<string, CelInput> = {};
    for (const k of ['name', 'generateName']) if (typeof v.metadata[k] === 'string') meta[k] = v.metadata[k];
    out.metadata = meta;
  }
  return out;
}

function childSchema(s: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!s) return undefined;
  const prop = s.properties?.[key];
  if (isSchemaNode(prop)) return prop;
  return isSchemaNode(s.additionalProperties) ? s.additionalProperties : undefined;
}

function scalar(v: unknown, s: SchemaNode | undefined): CelInput {
  if (typeof v === 'number') {
    if (s?.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'bigint') return s?.type === 'number' ? Number(v) : v;
  if (typeof v === 'string' && s?.type === 'string')
    return formatted(v, typeof s.format === 'string' ? s.format : '');
  return v as CelInput;
}

/** formatted returns a string of a format CEL types specially as that type, or the string when it does not parse. */
function formatted(v: string, format: string): CelInput {
  switch (format) {
    case 'date-time':
    case 'datetime':
      return isDateTime(v) ? evaluated(toTimestamp({ s: v.toUpperCase() }), v) : v;
    case 'date':
      return isDate(v) ? evaluated(toTimestamp({ s: `${v}T00:00:00Z` }), v) : v;
    case 'duration': {
      const seconds = parseDuration(v);
      return seconds === undefined ? v : evaluated(toDuration({ s: `${seconds}s` }), v);
    }
    case 'byte':
      return Buffer.from(v, 'base64');
    default:
      return v;
  }
}

function evaluated(result: unknown, fallback: string): CelInput {
  return isCelError(result) ? fallback : (result as CelInput);
}
