/** RunFunctionRequest and the messages only it carries: RequestMeta, Credentials and Schema. */

import {
  emptyBytes,
  entryBytes,
  entryMessage,
  entryOfBytes,
  entryOfMessage,
  newRecord,
  readMapEntry,
  readMessage,
  readString,
  readStructField,
  tagOf,
  writeMap,
  writeMessage,
  writeString,
  writeStructField,
} from './fields.js';
import { readResources, readState, writeResources, writeState } from './messages-state.js';
import { decodeWith, type Reader, WireType } from './reader.js';
import type { Credentials, RequestMeta, RunFunctionRequest, Schema } from './types.js';
import { type Writer, withWriter } from './writer.js';

const { LEN, VARINT } = WireType;

/**
 * writeRequestMeta writes the body of a RequestMeta; capabilities are packed, as proto3 does. Like
 * every writer it writes back to front (see Writer): fields last to first.
 */
export function writeRequestMeta(w: Writer, meta: RequestMeta): void {
  const caps = meta.capabilities;
  if (caps && caps.length > 0) {
    const end = w.mark();
    for (let i = caps.length - 1; i >= 0; i--) w.int32(caps[i]!);
    w.ldelim(end);
    w.byte(tagOf(2, LEN));
  }
  writeString(w, tagOf(1, LEN), meta.tag);
}

/** readRequestMeta returns the RequestMeta the reader is narrowed to; capabilities may come packed or not. */
export function readRequestMeta(r: Reader, into?: RequestMeta): RequestMeta {
  const meta: RequestMeta = into ?? { tag: '', capabilities: [] };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        meta.tag = readString(r, tag, 'tag');
        break;
      case 2:
        if ((tag & 7) === VARINT) {
          meta.capabilities.push(r.int32());
        } else {
          const outer = r.enter(tag, 'capabilities');
          while (r.pos < r.end) meta.capabilities.push(r.int32());
          r.leave(outer);
        }
        break;
      default:
        r.skip(tag);
    }
  }
  return meta;
}

/** writeCredentials writes the body of a Credentials: the oneof `source`, only credential_data today. */
export function writeCredentials(w: Writer, creds: Credentials): void {
  if (creds.credentialData !== undefined) {
    const end = w.mark();
    writeMap(w, tagOf(1, LEN), 'data', creds.credentialData.data, entryBytes);
    w.ldelim(end);
    w.byte(tagOf(1, LEN));
  }
}

/** readCredentials returns the Credentials the reader is narrowed to, merged into `into` if given. */
export function readCredentials(r: Reader, into?: Credentials): Credentials {
  const creds: Credentials = into ?? {};
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      const data = creds.credentialData ?? { data: newRecord<Buffer>() };
      const outer = r.enter(tag, 'credential_data');
      while (r.pos < r.end) {
        const t = r.tag();
        if (t >>> 3 === 1) readMapEntry(r, t, 'data', data.data, entryOfBytes, emptyBytes);
        else r.skip(t);
      }
      r.leave(outer);
      creds.credentialData = data;
    } else r.skip(tag);
  }
  return creds;
}

/** writeSchema writes the body of a Schema. */
export function writeSchema(w: Writer, schema: Schema): void {
  writeStructField(w, tagOf(1, LEN), 'openapiV3', schema.openapiV3);
}

/** readSchema returns the Schema the reader is narrowed to, merged into `into` if given. */
export function readSchema(r: Reader, into?: Schema): Schema {
  const schema: Schema = into ?? {};
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) schema.openapiV3 = readStructField(r, tag, 'openapi_v3', schema.openapiV3);
    else r.skip(tag);
  }
  return schema;
}

const resourcesEntry = entryMessage(writeResources);
const credentialsEntry = entryMessage(writeCredentials);
const schemaEntry = entryMessage(writeSchema);

/** writeRunFunctionRequest writes the body of a RunFunctionRequest, last field first (see Writer). */
export function writeRunFunctionRequest(w: Writer, req: RunFunctionRequest): void {
  writeMap(w, tagOf(9, LEN), 'requiredSchemas', req.requiredSchemas, schemaEntry);
  writeMap(w, tagOf(8, LEN), 'requiredResources', req.requiredResources, resourcesEntry);
  writeMap(w, tagOf(7, LEN), 'credentials', req.credentials, credentialsEntry);
  writeMap(w, tagOf(6, LEN), 'extraResources', req.extraResources, resourcesEntry);
  writeStructField(w, tagOf(5, LEN), 'context', req.context);
  writeStructField(w, tagOf(4, LEN), 'input', req.input);
  if (req.desired !== undefined) writeMessage(w, tagOf(3, LEN), 'desired', writeState, req.desired);
  if (req.observed !== undefined) writeMessage(w, tagOf(2, LEN), 'observed', writeState, req.observed);
  if (req.meta !== undefined) writeMessage(w, tagOf(1, LEN), 'meta', writeRequestMeta, req.meta);
}

const resourcesOfEntry = entryOfMessage(readResources, 'value');
const credentialsOfEntry = entryOfMessage(readCredentials, 'value');
const schemaOfEntry = entryOfMessage(readSchema, 'value');
const newResources = () => ({ items: [] });

/** readRunFunctionRequest returns the RunFunctionRequest the reader is narrowed to. */
export function readRunFunctionRequest(r: Reader, into?: RunFunctionRequest): RunFunctionRequest {
  const req: RunFunctionRequest = into ?? {
    extraResources: newRecord(),
    credentials: newRecord(),
    requiredResources: newRecord(),
    requiredSchemas: newRecord(),
  };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        req.meta = readMessage(r, tag, 'meta', readRequestMeta, req.meta);
        break;
      case 2:
        req.observed = readMessage(r, tag, 'observed', readState, req.observed);
        break;
      case 3:
        req.desired = readMessage(r, tag, 'desired', readState, req.desired);
        break;
      case 4:
        req.input = readStructField(r, tag, 'input', req.input);
        break;
      case 5:
        req.context = readStructField(r, tag, 'context', req.context);
        break;
      case 6:
        readMapEntry(r, tag, 'extra_resources', req.extraResources, resourcesOfEntry, newResources);
        break;
      case 7:
        readMapEntry(r, tag, 'credentials', req.credentials, credentialsOfEntry, () => ({}));
        break;
      case 8:
        readMapEntry(r, tag, 'required_resources', req.requiredResources, resourcesOfEntry, newResources);
        break;
      case 9:
        readMapEntry(r, tag, 'required_schemas', req.requiredSchemas, schemaOfEntry, () => ({}));
        break;
      default:
        r.skip(tag);
    }
  }
  return req;
}

/** encodeRunFunctionRequest returns the protobuf bytes of a RunFunctionRequest. */
export function encodeRunFunctionRequest(req: RunFunctionRequest): Buffer {
  return withWriter(writeRunFunctionRequest, req);
}

/** decodeRunFunctionRequest returns the RunFunctionRequest in protobuf bytes. */
export function decodeRunFunctionRequest(bytes: Uint8Array): RunFunctionRequest {
  return decodeWith(bytes, 'RunFunctionRequest', readRunFunctionRequest);
}

/** encodeRequestMeta returns the protobuf bytes of a RequestMeta. */
export function encodeRequestMeta(meta: RequestMeta): Buffer {
  return withWriter(writeRequestMeta, meta);
}

/** decodeRequestMeta returns the RequestMeta in protobuf bytes. */
export function decodeRequestMeta(bytes: Uint8Array): RequestMeta {
  return decodeWith(bytes, 'RequestMeta', readRequestMeta);
}

/** encodeCredentials returns the protobuf bytes of a Credentials. */
export function encodeCredentials(creds: Credentials): Buffer {
  return withWriter(writeCredentials, creds);
}

/** decodeCredentials returns the Credentials in protobuf bytes. */
export function decodeCredentials(bytes: Uint8Array): Credentials {
  return decodeWith(bytes, 'Credentials', readCredentials);
}

/** encodeSchema returns the protobuf bytes of a Schema. */
export function encodeSchema(schema: Schema): Buffer {
  return withWriter(writeSchema, schema);
}

/** decodeSchema returns the Schema in protobuf bytes. */
export function decodeSchema(bytes: Uint8Array): Schema {
  return decodeWith(bytes, 'Schema', readSchema);
}
