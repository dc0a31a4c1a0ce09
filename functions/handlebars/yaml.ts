/**
 * Parsing YAML that templates produce: documents composed one at a time, each with the line it
 * starts on, after checking that no collection nests deeper than a limit (see depth.ts).
 */
import { Composer, type Document, LineCounter, Parser } from 'yaml';
import type { JsonValue } from '../../src/function/sdk/index.js';
import { yamlDepthError } from './depth.js';

/** A YAML error at a line of the parsed text. */
export class YamlError extends Error {
  override readonly name = 'YamlError';
  constructor(
    message: string,
    readonly line: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** How many aliases a document may expand (yaml's own default), against alias bombs. */
const maxAliasCount = 100;

/**
 * yamlDocuments yields the values of text's documents with their first lines, empty documents
 * included (as null). It throws a YamlError at the first syntax error, at a collection nested
 * deeper than maxDepth, or at an alias that cannot be resolved or expands too much. Text is parsed
 * as the caller asks for documents, and tick is called before each: it may throw to stop.
 */
export function* yamlDocuments(
  text: string,
  maxDepth: number,
  tick: () => void = () => {},
): Generator<{ value: JsonValue; line: number }> {
  const lineCounter = new LineCounter();
  const composer = new Composer();
  const value = (doc: Document.Parsed): { value: JsonValue; line: number } => documentValue(doc, lineCounter);
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    tick();
    const deep = yamlDepthError([token], maxDepth);
    if (deep !== undefined) {
      throw new YamlError(`collections nest deeper than ${maxDepth}`, lineCounter.linePos(deep).line);
    }
    for (const doc of composer.next(token)) yield value(doc);
  }
  for (const doc of composer.end()) yield value(doc);
}

/** documentValue returns doc's value and first line, or throws its first error as a YamlError. */
function documentValue(doc: Document.Parsed, lineCounter: LineCounter): { value: JsonValue; line: number } {
  const error = doc.errors[0];
  if (error) throw new YamlError(error.message, lineCounter.linePos(error.pos[0]).line, { cause: error });
  const line = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
  try {
    return { value: (doc.toJS({ maxAliasCount }) ?? null) as JsonValue, line };
  } catch (err) {
    throw new YamlError(err instanceof Error ? err.message : String(err), line, { cause: err });
  }
}
