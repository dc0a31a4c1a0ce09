/**
 * A whole run: every document of every source is a claim or XR of a known schema (validated), of a group
 * the schemas serve but a kind or version they do not (missingSchema: kcp would refuse it), something else
 * (skipped and counted: Namespaces, ConfigMaps, kustomization.yaml), or unreadable (malformed, with its
 * file and line). The items of a kubectl List (`apiVersion: v1, kind: List`) are classified one by one. The report places each problem at its field's line and column.
 */
import { isObject } from './check/values.js';
import type { Catalog } from './schemas/catalog.js';
import { readDocuments, type SourceDocument } from './sources/documents.js';
import { positionOf } from './sources/positions.js';
import type { Collected, Source } from './sources/walk.js';
import type { FieldError, Problem, Report, ResourceResult, Segment, Skipped } from './types.js';
import { validateObject } from './validate.js';

/** validateSources returns the report on every document of collected against catalog. */
export function validateSources(collected: Collected, catalog: Catalog): Report {
  const report: Report = {
    summary: { total: 0, valid: 0, invalid: 0, missingSchemas: 0, skipped: 0, malformed: 0 },
    resources: [],
    skipped: [],
    malformed: [],
    notes: [...collected.notes],
  };
  for (const source of collected.sources) {
    const read = readDocuments(source.text, source.file);
    report.malformed.push(...read.malformed);
    for (const d of read.documents) classify(d, source, catalog, report);
  }
  const s = report.summary;
  for (const r of report.resources) {
    if (r.status === 'valid') s.valid++;
    else if (r.status === 'invalid') s.invalid++;
    else s.missingSchemas++;
  }
  s.total = report.resources.length;
  s.skipped = report.skipped.length;
  s.malformed = report.malformed.length;
  return report;
}

/** Entry is one object to classify: a document, or an item of a document that is a kubectl List. */
interface Entry {
  d: SourceDocument;
  value: unknown;
  /** prefix is where the object is in its document (`items.3` of a List), for positions. */
  prefix: Segment[];
  line: number;
}

function classify(d: SourceDocument, source: Source, catalog: Catalog, report: Report): void {
  const obj = d.value;
  if (isObject(obj) && obj.apiVersion === 'v1' && obj.kind === 'List' && Array.isArray(obj.items)) {
    obj.items.forEach((item, i) => {
      const prefix = ['items', i];
      classifyEntry({ d, value: item, prefix, line: positionOf(d, prefix).line }, source, catalog, report);
    });
    return;
  }
  classifyEntry({ d, value: obj, prefix: [], line: d.line }, source, catalog, report);
}

function classifyEntry(e: Entry, source: Source, catalog: Catalog, report: Report): void {
  const obj = e.value;
  const apiVersion = isObject(obj) && typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = isObject(obj) && typeof obj.kind === 'string' ? obj.kind : '';
  const lookup =
    isObject(obj) && apiVersion !== '' && kind !== '' ? catalog.lookup(apiVersion, kind) : undefined;
  if (!isObject(obj) || lookup === undefined || 'unknown' in lookup) {
    report.skipped.push(skipped(e, apiVersion, kind));
    return;
  }
  const result = resource(e, obj, apiVersion, kind);
  report.resources.push(result);
  if ('missing' in lookup) {
    result.status = 'missingSchema';
    const p: Problem = { type: 'schema', path: ['kind'], field: 'kind', message: `kind: ${lookup.missing}` };
    result.errors = [placed(e, p)];
    return;
  }
  const rs = lookup.found;
  if (source.namespace !== undefined && rs.namespaced) setNamespace(obj, result, source.namespace);
  const checked = validateObject(obj, rs);
  const errors = checked.errors.map((p) => placed(e, p)).sort(byPosition);
  if (errors.length > 0) result.errors = errors;
  if (checked.warnings.length > 0) result.warnings = checked.warnings.map((p) => placed(e, p));
  result.status = errors.length > 0 ? 'invalid' : 'valid';
}

/** setNamespace sets a kustomization's namespace on obj, as kustomize does, and on its result. */
function setNamespace(obj: Record<string, unknown>, result: ResourceResult, namespace: string): void {
  obj.metadata = { ...(isObject(obj.metadata) ? obj.metadata : {}), namespace };
  result.namespace = namespace;
}

function resource(e: Entry, obj: Record<string, unknown>, apiVersion: string, kind: string): ResourceResult {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const out: ResourceResult = {
    apiVersion,
    kind,
    name: typeof meta.name === 'string' ? meta.name : '',
    status: 'valid',
    file: e.d.file,
    line: e.line,
  };
  if (typeof meta.namespace === 'string' && meta.namespace !== '') out.namespace = meta.namespace;
  return out;
}

function skipped(e: Entry, apiVersion: string, kind: string): Skipped {
  const meta = isObject(e.value) && isObject(e.value.metadata) ? e.value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  return { apiVersion, kind, name, file: e.d.file, line: e.line };
}

/** placed returns a problem with its file and the line and column of its field. */
function placed(e: Entry, p: Problem): FieldError {
  const pos = positionOf(e.d, [...e.prefix, ...p.path]);
  const out: FieldError = {
    type: p.type,
    field: p.field,
    message: p.message,
    file: e.d.file,
    line: pos.line,
    column: pos.column,
  };
  if (p.value !== undefined) out.value = p.value;
  return out;
}

function byPosition(a: FieldError, b: FieldError): number {
  return a.line - b.line || a.column - b.column;
}
