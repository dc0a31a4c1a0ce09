/**
 * The report for people and CI logs: one line per problem, `file:line:column: error: <Kind>
 * <namespace>/<name>: <message as the API server words it>` (the form editors and CI annotations link to),
 * warnings and notes after, and a closing summary. Verbose reports also list what passed and what was skipped.
 */
import type { FieldError, Report, ResourceResult } from '../types.js';

/** TextOptions: verbose lists valid resources and skipped documents too. */
export interface TextOptions {
  verbose?: boolean;
}

/** textReport returns report as lines of text, ending in a newline. */
export function textReport(report: Report, options: TextOptions = {}): string {
  const lines: string[] = [];
  for (const m of report.malformed) lines.push(`${m.file}:${m.line}:${m.column}: error: ${m.message}`);
  for (const r of report.resources) lines.push(...resourceLines(r, options.verbose === true));
  if (options.verbose) {
    for (const s of report.skipped) {
      const what = s.kind ? `${s.kind} ${s.name}`.trimEnd() : 'a document without apiVersion and kind';
      lines.push(`${s.file}:${s.line}:1: skipped: ${what}`);
    }
  }
  for (const n of report.notes) lines.push(`${n.file}: note: ${n.message}`);
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

/** resourceLines returns the lines of one resource: its errors and warnings, or that it is valid. */
function resourceLines(r: ResourceResult, verbose: boolean): string[] {
  const who = `${r.kind} ${id(r)}`;
  if (r.status === 'missingSchema') {
    const why = r.errors?.[0]?.message.replace(/^kind: /, '') ?? 'no schema';
    return [`${r.file}:${r.line}:1: error: ${who}: no schema for ${r.apiVersion}, Kind=${r.kind}: ${why}`];
  }
  const out = [
    ...(r.errors ?? []).map((e) => line(e, 'error', who)),
    ...(r.warnings ?? []).map((e) => line(e, 'warning', who)),
  ];
  if (r.status === 'valid' && verbose) out.push(`${r.file}:${r.line}:1: ok: ${who}`);
  return out;
}

function id(r: ResourceResult): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

function line(e: FieldError, level: string, who: string): string {
  return `${e.file}:${e.line}:${e.column}: ${level}: ${who}: ${e.message}`;
}

/** summary returns the closing line: counts, and which kinds were skipped. */
export function summary(report: Report): string {
  const s = report.summary;
  const parts = [
    `${s.total} ${s.total === 1 ? 'resource' : 'resources'}: ${s.valid} valid, ${s.invalid} invalid`,
  ];
  if (s.missingSchemas > 0) parts[0] += `, ${s.missingSchemas} without a schema`;
  if (s.skipped > 0) {
    const kinds = new Map<string, number>();
    for (const k of report.skipped)
      kinds.set(k.kind || '(no kind)', (kinds.get(k.kind || '(no kind)') ?? 0) + 1);
    const list = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
    parts.push(`${s.skipped} skipped, not claims or XRs of the schemas (${list})`);
  }
  if (s.malformed > 0) parts.push(`${s.malformed} malformed`);
  return parts.join('; ');
}
