/**
 * YAML files as documents, read as kubectl and crossplane read them (YAML 1.1, through sigs.k8s.io/yaml:
 * `yes` is true, `010` is 8, merge keys apply, and timestamps stay strings), keeping each document's
 * syntax tree so a field's line and column can be found later. A document that does not parse is
 * reported with its file, line and column; the other documents of the file are still read.
 */
import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import type { Malformed } from '../types.js';

/** SourceDocument is one document of a file: its value, and its syntax tree for positions. */
export interface SourceDocument {
  file: string;
  /** index is the document's place in its file, from 0. */
  index: number;
  /** line is where the document's content starts, from 1. */
  line: number;
  value: unknown;
  doc: Document;
  lines: LineCounter;
}

/** Read is what reading a file found: its documents, and those that are malformed. */
export interface Read {
  documents: SourceDocument[];
  malformed: Malformed[];
}

const stringTimestamps = (tags: unknown[]) =>
  tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp') as never;

/** readDocuments returns the documents of text, the contents of file; empty documents are left out. */
export function readDocuments(text: string, file: string): Read {
  const lines = new LineCounter();
  const out: Read = { documents: [], malformed: [] };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, {
      version: '1.1',
      lineCounter: lines,
      prettyErrors: false,
      customTags: stringTimestamps,
    }) as Document.Parsed[];
  } catch (cause) {
    out.malformed.push({
      file,
      line: 1,
      column: 1,
      message: `cannot parse YAML: ${(cause as Error).message}`,
    });
    return out;
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  parsed.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      out.malformed.push({
        file,
        line: pos.line,
        column: pos.col,
        message: `cannot parse YAML: ${error.message}`,
      });
      return;
    }
    if (doc.contents === null) return;
    const start = lines.linePos(doc.contents.range?.[0] ?? 0);
    try {
      const value = doc.toJS({ maxAliasCount: 1000 });
      if (value !== null && value !== undefined)
        out.documents.push({ file, index, line: start.line, value, doc, lines });
    } catch (cause) {
      out.malformed.push({
        file,
        line: start.line,
        column: start.col,
        message: `cannot read YAML: ${(cause as Error).message}`,
      });
    }
  });
  return out;
}
