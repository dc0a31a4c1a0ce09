/** Resource, State and Resources: the messages both the request and the response carry. */

import {
  emptyBytes,
  entryBytes,
  entryMessage,
  entryOfBytes,
  entryOfMessage,
  newRecord,
  readEnum,
  readMapEntry,
  readMessage,
  readStructField,
  tagOf,
  writeEnum,
  writeMap,
  writeMessage,
  writeRepeated,
  writeStructField,
} from './fields.js';
import { decodeWith, type Reader, WireType } from './reader.js';
import type { Resource, Resources, State } from './types.js';
import { type Writer, withWriter } from './writer.js';

const { LEN, VARINT } = WireType;

/** writeResource writes the body of a Resource. */
export function writeResource(w: Writer, res: Resource): void {
  // Fields last to first: the writer writes back to front.
  writeEnum(w, tagOf(3, VARINT), res.ready);
  writeMap(w, tagOf(2, LEN), 'connectionDetails', res.connectionDetails, entryBytes);
  writeStructField(w, tagOf(1, LEN), 'resource', res.resource);
}

/** readResource returns the Resource the reader is narrowed to, merged into `into` if given. */
export function readResource(r: Reader, into?: Resource): Resource {
  const res: Resource = into ?? newResource();
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        res.resource = readStructField(r, tag, 'resource', res.resource);
        break;
      case 2:
        readMapEntry(r, tag, 'connection_details', res.connectionDetails, entryOfBytes, emptyBytes);
        break;
      case 3:
        res.ready = readEnum(r, tag, 'ready');
        break;
      default:
        r.skip(tag);
    }
  }
  return res;
}

/** newResource returns a Resource with every field at its zero value. */
export function newResource(): Resource {
  return { connectionDetails: newRecord(), ready: 0 };
}

const resourceEntry = entryMessage(writeResource);
const resourceOfEntry = entryOfMessage(readResource, 'value');

/** writeState writes the body of a State. */
export function writeState(w: Writer, state: State): void {
  writeMap(w, tagOf(2, LEN), 'resources', state.resources, resourceEntry);
  if (state.composite !== undefined)
    writeMessage(w, tagOf(1, LEN), 'composite', writeResource, state.composite);
}

/** readState returns the State the reader is narrowed to, merged into `into` if given. */
export function readState(r: Reader, into?: State): State {
  const state: State = into ?? newState();
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        state.composite = readMessage(r, tag, 'composite', readResource, state.composite);
        break;
      case 2:
        readMapEntry(r, tag, 'resources', state.resources, resourceOfEntry, newResource);
        break;
      default:
        r.skip(tag);
    }
  }
  return state;
}

function newState(): State {
  return { resources: newRecord() };
}

/** writeResources writes the body of a Resources (a list of required resources). */
export function writeResources(w: Writer, list: Resources): void {
  writeRepeated(w, tagOf(1, LEN), 'items', writeResource, list.items);
}

/** readResources returns the Resources the reader is narrowed to, merged into `into` if given. */
export function readResources(r: Reader, into?: Resources): Resources {
  const list: Resources = into ?? { items: [] };
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) list.items.push(readMessage(r, tag, 'items', readResource));
    else r.skip(tag);
  }
  return list;
}

/** encodeResource returns the protobuf bytes of a Resource. */
export function encodeResource(res: Resource): Buffer {
  return withWriter(writeResource, res);
}

/** decodeResource returns the Resource in protobuf bytes. */
export function decodeResource(bytes: Uint8Array): Resource {
  return decodeWith(bytes, 'Resource', readResource);
}

/** encodeState returns the protobuf bytes of a State. */
export function encodeState(state: State): Buffer {
  return withWriter(writeState, state);
}

/** decodeState returns the State in protobuf bytes. */
export function decodeState(bytes: Uint8Array): State {
  return decodeWith(bytes, 'State', readState);
}

/** encodeResources returns the protobuf bytes of a Resources. */
export function encodeResources(list: Resources): Buffer {
  return withWriter(writeResources, list);
}

/** decodeResources returns the Resources in protobuf bytes. */
export function decodeResources(bytes: Uint8Array): Resources {
  return decodeWith(bytes, 'Resources', readResources);
}
