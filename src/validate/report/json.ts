/**
 * The report as JSON, in the shape `crossplane resource validate -o json` prints — summary{total, valid,
 * invalid, missingSchemas} and resources[{apiVersion, kind, name, namespace, status, errors[{type, field,
 * message, value}]}] — with kxp's additions: where each resource and error is (file, line, column),
 * warnings, and the documents skipped or malformed. Empty fields are left out, as crossplane leaves them.
 */
import type { FieldError, Report, ResourceResult } from '../types.js';

/** jsonReport returns report as indented JSON, ending in a newline. */
export function jsonReport(report: Report): string {
  const out = {
    summary: report.summary,
    resources: report.resources.map(resource),
    skipped: report.skipped,
    malformed: report.malformed,
    notes: report.notes,
  };
  return `${JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2)}\n`;
}

function resource(r: ResourceResult): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: r.apiVersion, kind: r.kind, name: r.name };
  if (r.namespace) out.namespace = r.namespace;
  out.status = r.status;
  if (r.errors?.length) out.errors = r.errors.map(error);
  if (r.warnings?.length) out.warnings = r.warnings.map(error);
  out.file = r.file;
  out.line = r.line;
  return out;
}

function error(e: FieldError): Record<string, unknown> {
  const out: Record<string, unknown> = { type: e.type };
  if (e.field) out.field = e.field;
  out.message = e.message;
  if (e.value !== undefined) out.value = e.value;
  out.file = e.file;
  out.line = e.line;
  out.column = e.column;
  return out;
}
