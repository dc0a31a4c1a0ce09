/**
 * Where a field is in its YAML source: the line and column of its key (or of a list item), following the
 * field's path through the document's syntax tree. A field the source does not have (one a default set,
 * one that is missing) is placed at the nearest of its parents that the source has.
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Position, Segment } from '../types.js';
import type { SourceDocument } from './documents.js';

/** positionOf returns where the field at path is in the document, or its nearest present parent. */
export function positionOf(d: SourceDocument, path: readonly Segment[]): Position {
  let node = d.doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment] as Node | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
      continue;
    }
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
    if (!pair) break;
    const key = pair.key as Node | null;
    offset = key?.range?.[0] ?? offset;
    node = pair.value as Node | null;
  }
  const pos = d.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
