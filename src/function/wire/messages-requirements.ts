/** Requirements and its selectors: what a function asks Crossplane to fetch for the next call. */

import { ValuePathError } from './errors.js';
import {
  emptyString,
  entryMessage,
  entryOfMessage,
  entryOfString,
  entryString,
  newRecord,
  readMapEntry,
  readString,
  tagOf,
  writeMap,
  writeOptionalString,
  writeString,
} from './fields.js';
import { decodeWith, type Reader, WireType } from './reader.js';
import type { Requirements, ResourceSelector, SchemaSelector } from './types.js';
import { type Writer, withWriter } from './writer.js';

const { LEN } = WireType;

/**
 * writeResourceSelector writes the body of a ResourceSelector. matchName and matchLabels are the
 * oneof `match`: whichever is set is written, even empty; both set is an error, not a silent choice.
 */
export function writeResourceSelector(w: Writer, sel: ResourceSelector): void {
  if (sel.matchName !== undefined && sel.matchLabels !== undefined) {
    throw new ValuePathError(
      'matchName and matchLabels are both set, but only one of them may be',
      'matchName',
    );
  }
  // Fields last to first: the writer writes back to front.
  writeOptionalString(w, tagOf(5, LEN), sel.namespace);
  if (sel.matchLabels !== undefined) {
    const end = w.mark();
    writeMap(w, tagOf(1, LEN), 'labels', sel.matchLabels.labels, entryString);
    w.ldelim(end);
    w.byte(tagOf(4, LEN));
  }
  writeOptionalString(w, tagOf(3, LEN), sel.matchName);
  writeString(w, tagOf(2, LEN), sel.kind);
  writeString(w, tagOf(1, LEN), sel.apiVersion);
}

/** readResourceSelector returns the ResourceSelector the reader is narrowed to; the later of the oneof `match` wins. */
export function readResourceSelector(r: Reader, into?: ResourceSelector): ResourceSelector {
  const sel: ResourceSelector = into ?? { apiVersion: '', kind: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        sel.apiVersion = readString(r, tag, 'api_version');
        break;
      case 2:
        sel.kind = readString(r, tag, 'kind');
        break;
      case 3:
        sel.matchName = readString(r, tag, 'match_name');
        delete sel.matchLabels;
        break;
      case 4:
        sel.matchLabels = readMatchLabels(r, tag, sel.matchLabels);
        delete sel.matchName;
        break;
      case 5:
        sel.namespace = readString(r, tag, 'namespace');
        break;
      default:
        r.skip(tag);
    }
  }
  return sel;
}

function readMatchLabels(
  r: Reader,
  tag: number,
  into: ResourceSelector['matchLabels'],
): NonNullable<ResourceSelector['matchLabels']> {
  const match = into ?? { labels: newRecord<string>() };
  const outer = r.enter(tag, 'match_labels');
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 === 1) readMapEntry(r, t, 'labels', match.labels, entryOfString, emptyString);
    else r.skip(t);
  }
  r.leave(outer);
  return match;
}

/** writeSchemaSelector writes the body of a SchemaSelector. */
export function writeSchemaSelector(w: Writer, sel: SchemaSelector): void {
  writeString(w, tagOf(2, LEN), sel.kind);
  writeString(w, tagOf(1, LEN), sel.apiVersion);
}

/** readSchemaSelector returns the SchemaSelector the reader is narrowed to. */
export function readSchemaSelector(r: Reader, into?: SchemaSelector): SchemaSelector {
  const sel: SchemaSelector = into ?? { apiVersion: '', kind: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) sel.apiVersion = readString(r, tag, 'api_version');
    else if (tag >>> 3 === 2) sel.kind = readString(r, tag, 'kind');
    else r.skip(tag);
  }
  return sel;
}

const resourceSelectorEntry = entryMessage(writeResourceSelector);
const schemaSelectorEntry = entryMessage(writeSchemaSelector);

/** writeRequirements writes the body of a Requirements, last field first (see Writer). */
export function writeRequirements(w: Writer, req: Requirements): void {
  writeMap(w, tagOf(3, LEN), 'schemas', req.schemas, schemaSelectorEntry);
  writeMap(w, tagOf(2, LEN), 'resources', req.resources, resourceSelectorEntry);
  writeMap(w, tagOf(1, LEN), 'extraResources', req.extraResources, resourceSelectorEntry);
}

const resourceSelectorOfEntry = entryOfMessage(readResourceSelector, 'value');
const schemaSelectorOfEntry = entryOfMessage(readSchemaSelector, 'value');
const newSelector = () => ({ apiVersion: '', kind: '' });

/** readRequirements returns the Requirements the reader is narrowed to, merged into `into` if given. */
export function readRequirements(r: Reader, into?: Requirements): Requirements {
  const req: Requirements = into ?? {
    extraResources: newRecord(),
    resources: newRecord(),
    schemas: newRecord(),
  };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        readMapEntry(r, tag, 'extra_resources', req.extraResources, resourceSelectorOfEntry, newSelector);
        break;
      case 2:
        readMapEntry(r, tag, 'resources', req.resources, resourceSelectorOfEntry, newSelector);
        break;
      case 3:
        readMapEntry(r, tag, 'schemas', req.schemas, schemaSelectorOfEntry, newSelector);
        break;
      default:
        r.skip(tag);
    }
  }
  return req;
}

/** encodeResourceSelector returns the protobuf bytes of a ResourceSelector. */
export function encodeResourceSelector(sel: ResourceSelector): Buffer {
  return withWriter(writeResourceSelector, sel);
}

/** decodeResourceSelector returns the ResourceSelector in protobuf bytes. */
export function decodeResourceSelector(bytes: Uint8Array): ResourceSelector {
  return decodeWith(bytes, 'ResourceSelector', readResourceSelector);
}

/** encodeSchemaSelector returns the protobuf bytes of a SchemaSelector. */
export function encodeSchemaSelector(sel: SchemaSelector): Buffer {
  return withWriter(writeSchemaSelector, sel);
}

/** decodeSchemaSelector returns the SchemaSelector in protobuf bytes. */
export function decodeSchemaSelector(bytes: Uint8Array): SchemaSelector {
  return decodeWith(bytes, 'SchemaSelector', readSchemaSelector);
}

/** encodeRequirements returns the protobuf bytes of a Requirements. */
export function encodeRequirements(req: Requirements): Buffer {
  return withWriter(writeRequirements, req);
}

/** decodeRequirements returns the Requirements in protobuf bytes. */
export function decodeRequirements(bytes: Uint8Array): Requirements {
  return decodeWith(bytes, 'Requirements', readRequirements);
}
