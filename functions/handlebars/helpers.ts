/**
 * The helpers templates call: reading the request (resources, conditions, connection details,
 * extra resources), encoding (YAML, JSON, base64), text, logic, ranges, stable names, and include.
 * Every helper is pure over its arguments and the render session; guard.ts wraps them with the
 * time, size and location bookkeeping, and with the checks that keep templates inside their data.
 */
import { stringify } from 'yaml';
import { getCondition, isReady, type JsonObject } from '../../src/function/sdk/index.js';
import { toJsonValue } from '../../src/function/sdk/resource.js';
import type { TemplateData } from './data.js';
import { tooDeep } from './depth.js';
import { TemplateError } from './errors.js';
import { stableName } from './naming.js';
import { YamlError, yamlDocuments } from './yaml.js';

/** What Handlebars passes a helper last, as far as kxp's helpers read it. */
export interface HelperOptions {
  fn: (context: unknown, options?: object) => string;
  inverse: (context: unknown, options?: object) => string;
  hash: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Where the helper is called in its template (Handlebars 4 passes it to every helper). */
  loc?: { start: { line: number; column: number } };
}

/** What helpers use of the render in progress. */
export interface RenderSession {
  readonly data: TemplateData;
  readonly maxRangeItems: number;
  readonly maxDataDepth: number;
  /** template returns the name of the template being rendered (a partial's, inside one). */
  template(): string;
  /** tick throws a LimitExceeded error once the render has used up its time. */
  tick(): void;
  /** checkOutput throws a LimitExceeded error when length characters are more than the output limit. */
  checkOutput(length: number): void;
  /** include returns the named template or partial rendered with context, as `{{> name}}` would. */
  include(name: string, context: unknown, options: HelperOptions): string;
  /** log records a `{{log ...}}` message. */
  log(message: string): void;
}

/** A helper: `this` is the template's current context, args exclude the options. */
export type Helper = (
  this: unknown,
  session: RenderSession,
  args: unknown[],
  options: HelperOptions,
) => unknown;

/** The helpers templates may call, by name (Handlebars' own if, unless, with, each, lookup and log aside). */
export const helpers: Record<string, Helper> = {
  getCompositeResource: (s) => s.data.observed.composite,
  getComposedResource: (s, [name], o) =>
    own(o.hash.desired === true ? s.data.desired.resources : s.data.observed.resources, text(name)),
  getCondition: (s, [resource, type]) => {
    const found = resourceOf(s, resource);
    return (found && getCondition(found, text(type))) ?? { type: text(type), status: 'Unknown' };
  },
  isReady: (s, [resource]) => {
    const found = resourceOf(s, resource);
    return found ? isReady(found) : false;
  },
  getConnectionDetail: (s, [name, key]) => {
    const value = own(own(s.data.observed.connectionDetails, text(name)) ?? {}, text(key));
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  },
  getExtraResources: (s, [name]) => own(s.data.extraResources, text(name)) ?? [],

  toYaml: (s, [value]) => stringify(shallow(s, value, 'toYaml') ?? null, { lineWidth: 0 }).replace(/\n$/, ''),
  fromYaml: (s, [source]) =>
    shallow(
      s,
      decoded('YAML', 'fromYaml', () => oneDocument(text(source), s.maxDataDepth)),
      'fromYaml',
    ),
  toJson: (s, [value]) => JSON.stringify(shallow(s, value, 'toJson') ?? null),
  json: (s, [value]) => JSON.stringify(shallow(s, value, 'json') ?? null),
  fromJson: (s, [source]) =>
    shallow(
      s,
      decoded('JSON', 'fromJson', () => JSON.parse(text(source))),
      'fromJson',
    ),
  b64enc: (_, [value]) => Buffer.from(text(value), 'utf8').toString('base64'),
  b64dec: (_, [value]) => {
    const encoded = text(value).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1)
      throw new Error('cannot decode base64 in b64dec: the value is not base64');
    return Buffer.from(encoded, 'base64').toString('utf8');
  },

  indent: (_, [width, value]) => indent(count(width, 'indent'), text(value)),
  nindent: (_, [width, value]) => `\n${indent(count(width, 'nindent'), text(value))}`,
  quote: (_, [value]) => JSON.stringify(text(value)),
  concat: (_, args) => args.map(text).join(''),
  join: (_, [list, separator]) => (Array.isArray(list) ? list.map(text).join(text(separator ?? ',')) : ''),
  lower: (_, [value]) => text(value).toLowerCase(),
  upper: (_, [value]) => text(value).toUpperCase(),
  trim: (_, [value]) => text(value).trim(),

  default: (_, [value, fallback]) =>
    value === undefined || value === null || value === '' ? fallback : value,
  eq: (_, [a, b]) => same(a, b),
  ne: (_, [a, b]) => !same(a, b),
  lt: (_, [a, b]) => ordered(a, b, 'lt') < 0,
  gt: (_, [a, b]) => ordered(a, b, 'gt') > 0,
  and: (_, args) => args.length > 0 && args.every(truthy),
  or: (_, args) => args.some(truthy),
  not: (_, [value]) => !truthy(value),

  range: (s, args) => range(args, s.maxRangeItems),
  stableName: (s, parts, o) => {
    const metadata = own(s.data.observed.composite, 'metadata');
    const meta = isRecord(metadata) ? metadata : {};
    const field = (k: string): string | undefined => (typeof meta[k] === 'string' ? meta[k] : undefined);
    const max = o.hash.max === undefined ? undefined : count(o.hash.max, 'stableName max');
    return stableName(
      { uid: field('uid'), namespace: field('namespace'), name: field('name') },
      parts.map(text),
      max,
    );
  },
  include: function (this: unknown, s, args, o) {
    if (args.length === 0) throw new Error('cannot include a partial: name one, as in (include "labels")');
    return s.include(text(args[0]), args.length > 1 ? args[1] : this, o);
  },
};

/** own returns record[key] when key is record's own property; never anything from a prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** text returns value as template text: strings as they are, null and undefined as "", objects as JSON. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** truthy follows Handlebars' #if: false, 0, "", null, undefined and [] are false. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** resourceOf returns a resource given as an object, or by the name of an observed composed resource. */
function resourceOf(s: RenderSession, resource: unknown): JsonObject | undefined {
  if (typeof resource === 'string') return own(s.data.observed.resources, resource);
  return isRecord(resource) ? (resource as JsonObject) : undefined;
}

/** decoded returns what decode parses, or throws naming the helper. */
function decoded(format: string, helper: string, decode: () => unknown): unknown {
  try {
    return decode();
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.replace(/:$/, '');
    const at = err instanceof YamlError ? `line ${err.line}: ` : '';
    throw new Error(`cannot parse ${format} in ${helper}: ${at}${message}`, { cause: err });
  }
}

/** oneDocument returns the value of the one YAML document in source (null when it is empty). */
function oneDocument(source: string, maxDepth: number): unknown {
  const docs = Array.from(yamlDocuments(source, maxDepth));
  if (docs.length > 1) throw new YamlError('the text holds more than one document', docs[1]?.line ?? 1);
  return docs[0]?.value ?? null;
}

/**
 * shallow returns value, copied as plain JSON, unless it nests deeper than the session allows:
 * YAML's stringifier recurses once per level (see depth.ts).
 */
function shallow(s: RenderSession, value: unknown, helper: string): unknown {
  if (tooDeep(value, s.maxDataDepth))
    throw new TemplateError('LimitExceeded', `${helper}: the value nests deeper than ${s.maxDataDepth}`);
  return value === undefined ? undefined : toJsonValue(value, `${helper} value`);
}

function indent(width: number, value: string): string {
  const pad = ' '.repeat(width);
  return value.replace(/^(?=.)/gm, pad);
}

function count(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000)
    throw new Error(
      `cannot use ${JSON.stringify(value)} as a count in ${what}: want a whole number up to 1000`,
    );
  return n;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function ordered(a: unknown, b: unknown, helper: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(
    `cannot compare in ${helper}: want two numbers or two strings, got ${typeof a} and ${typeof b}`,
  );
}

/** range returns [0, n) for (range n) and [start, end) for (range start end), within max items. */
function range(args: unknown[], max: number): number[] {
  const nums = args.map((a) => (typeof a === 'string' && a.trim() !== '' ? Number(a) : a));
  if (nums.length < 1 || nums.length > 2 || !nums.every((n) => typeof n === 'number' && Number.isInteger(n)))
    throw new Error('cannot make a range: want (range end) or (range start end) with whole numbers');
  const [start, end] = (nums.length === 1 ? [0, nums[0]] : nums) as [number, number];
  const size = Math.max(end - start, 0);
  if (size > max)
    throw new TemplateError('LimitExceeded', `a range of ${size} items is more than the limit of ${max}`);
  return Array.from({ length: size }, (_, i) => start + i);
}
