/** RunFunctionResponse and the messages only it carries: ResponseMeta (with Duration), Result, Condition. */

import {
  readEnum,
  readMessage,
  readString,
  readStructField,
  tagOf,
  writeEnum,
  writeMessage,
  writeOptionalEnum,
  writeOptionalString,
  writeRepeated,
  writeString,
  writeStructField,
} from './fields.js';
import { readRequirements, writeRequirements } from './messages-requirements.js';
import { readState, writeState } from './messages-state.js';
import { decodeWith, type Reader, WireType } from './reader.js';
import type { Condition, Duration, ResponseMeta, Result, RunFunctionResponse } from './types.js';
import { type Writer, withWriter } from './writer.js';

const { LEN, VARINT } = WireType;

/** writeDuration writes the body of a google.protobuf.Duration. */
export function writeDuration(w: Writer, d: Duration): void {
  // Fields last to first: the writer writes back to front.
  writeEnum(w, tagOf(2, VARINT), d.nanos);
  if (d.seconds) {
    w.int64(d.seconds);
    w.byte(tagOf(1, VARINT));
  }
}

/** readDuration returns the google.protobuf.Duration the reader is narrowed to. */
export function readDuration(r: Reader, into?: Duration): Duration {
  const d: Duration = into ?? { seconds: 0, nanos: 0 };
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, VARINT, 'seconds');
      d.seconds = r.int64();
    } else if (tag >>> 3 === 2) d.nanos = readEnum(r, tag, 'nanos');
    else r.skip(tag);
  }
  return d;
}

/** writeResponseMeta writes the body of a ResponseMeta; a set ttl is written even when zero. */
export function writeResponseMeta(w: Writer, meta: ResponseMeta): void {
  if (meta.ttl !== undefined) writeMessage(w, tagOf(2, LEN), 'ttl', writeDuration, meta.ttl);
  writeString(w, tagOf(1, LEN), meta.tag);
}

/** readResponseMeta returns the ResponseMeta the reader is narrowed to. */
export function readResponseMeta(r: Reader, into?: ResponseMeta): ResponseMeta {
  const meta: ResponseMeta = into ?? { tag: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) meta.tag = readString(r, tag, 'tag');
    else if (tag >>> 3 === 2) meta.ttl = readMessage(r, tag, 'ttl', readDuration, meta.ttl);
    else r.skip(tag);
  }
  return meta;
}

/** writeResult writes the body of a Result. */
export function writeResult(w: Writer, result: Result): void {
  writeOptionalEnum(w, tagOf(4, VARINT), result.target);
  writeOptionalString(w, tagOf(3, LEN), result.reason);
  writeString(w, tagOf(2, LEN), result.message);
  writeEnum(w, tagOf(1, VARINT), result.severity);
}

/** readResult returns the Result the reader is narrowed to. */
export function readResult(r: Reader, into?: Result): Result {
  const result: Result = into ?? { severity: 0, message: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        result.severity = readEnum(r, tag, 'severity');
        break;
      case 2:
        result.message = readString(r, tag, 'message');
        break;
      case 3:
        result.reason = readString(r, tag, 'reason');
        break;
      case 4:
        result.target = readEnum(r, tag, 'target');
        break;
      default:
        r.skip(tag);
    }
  }
  return result;
}

/** writeCondition writes the body of a Condition. */
export function writeCondition(w: Writer, cond: Condition): void {
  writeOptionalEnum(w, tagOf(5, VARINT), cond.target);
  writeOptionalString(w, tagOf(4, LEN), cond.message);
  writeString(w, tagOf(3, LEN), cond.reason);
  writeEnum(w, tagOf(2, VARINT), cond.status);
  writeString(w, tagOf(1, LEN), cond.type);
}

/** readCondition returns the Condition the reader is narrowed to. */
export function readCondition(r: Reader, into?: Condition): Condition {
  const cond: Condition = into ?? { type: '', status: 0, reason: '' };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        cond.type = readString(r, tag, 'type');
        break;
      case 2:
        cond.status = readEnum(r, tag, 'status');
        break;
      case 3:
        cond.reason = readString(r, tag, 'reason');
        break;
      case 4:
        cond.message = readString(r, tag, 'message');
        break;
      case 5:
        cond.target = readEnum(r, tag, 'target');
        break;
      default:
        r.skip(tag);
    }
  }
  return cond;
}

/** writeRunFunctionResponse writes the body of a RunFunctionResponse, last field first (see Writer). */
export function writeRunFunctionResponse(w: Writer, rsp: RunFunctionResponse): void {
  writeStructField(w, tagOf(7, LEN), 'output', rsp.output);
  writeRepeated(w, tagOf(6, LEN), 'conditions', writeCondition, rsp.conditions);
  if (rsp.requirements !== undefined) {
    writeMessage(w, tagOf(5, LEN), 'requirements', writeRequirements, rsp.requirements);
  }
  writeStructField(w, tagOf(4, LEN), 'context', rsp.context);
  writeRepeated(w, tagOf(3, LEN), 'results', writeResult, rsp.results);
  if (rsp.desired !== undefined) writeMessage(w, tagOf(2, LEN), 'desired', writeState, rsp.desired);
  if (rsp.meta !== undefined) writeMessage(w, tagOf(1, LEN), 'meta', writeResponseMeta, rsp.meta);
}

/** readRunFunctionResponse returns the RunFunctionResponse the reader is narrowed to. */
export function readRunFunctionResponse(r: Reader, into?: RunFunctionResponse): RunFunctionResponse {
  const rsp: RunFunctionResponse = into ?? { results: [], conditions: [] };
  while (r.pos < r.end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        rsp.meta = readMessage(r, tag, 'meta', readResponseMeta, rsp.meta);
        break;
      case 2:
        rsp.desired = readMessage(r, tag, 'desired', readState, rsp.desired);
        break;
      case 3:
        rsp.results.push(readMessage(r, tag, 'results', readResult));
        break;
      case 4:
        rsp.context = readStructField(r, tag, 'context', rsp.context);
        break;
      case 5:
        rsp.requirements = readMessage(r, tag, 'requirements', readRequirements, rsp.requirements);
        break;
      case 6:
        rsp.conditions.push(readMessage(r, tag, 'conditions', readCondition));
        break;
      case 7:
        rsp.output = readStructField(r, tag, 'output', rsp.output);
        break;
      default:
        r.skip(tag);
    }
  }
  return rsp;
}

/** encodeRunFunctionResponse returns the protobuf bytes of a RunFunctionResponse. */
export function encodeRunFunctionResponse(rsp: RunFunctionResponse): Buffer {
  return withWriter(writeRunFunctionResponse, rsp);
}

/** decodeRunFunctionResponse returns the RunFunctionResponse in protobuf bytes. */
export function decodeRunFunctionResponse(bytes: Uint8Array): RunFunctionResponse {
  return decodeWith(bytes, 'RunFunctionResponse', readRunFunctionResponse);
}

/** encodeResponseMeta returns the protobuf bytes of a ResponseMeta. */
export function encodeResponseMeta(meta: ResponseMeta): Buffer {
  return withWriter(writeResponseMeta, meta);
}

/** decodeResponseMeta returns the ResponseMeta in protobuf bytes. */
export function decodeResponseMeta(bytes: Uint8Array): ResponseMeta {
  return decodeWith(bytes, 'ResponseMeta', readResponseMeta);
}

/** encodeDuration returns the protobuf bytes of a google.protobuf.Duration. */
export function encodeDuration(d: Duration): Buffer {
  return withWriter(writeDuration, d);
}

/** decodeDuration returns the google.protobuf.Duration in protobuf bytes. */
export function decodeDuration(bytes: Uint8Array): Duration {
  return decodeWith(bytes, 'google.protobuf.Duration', readDuration);
}

/** encodeResult returns the protobuf bytes of a Result. */
export function encodeResult(result: Result): Buffer {
  return withWriter(writeResult, result);
}

/** decodeResult returns the Result in protobuf bytes. */
export function decodeResult(bytes: Uint8Array): Result {
  return decodeWith(bytes, 'Result', readResult);
}

/** encodeCondition returns the protobuf bytes of a Condition. */
export function encodeCondition(cond: Condition): Buffer {
  return withWriter(writeCondition, cond);
}

/** decodeCondition returns the Condition in protobuf bytes. */
export function decodeCondition(bytes: Uint8Array): Condition {
  return decodeWith(bytes, 'Condition', readCondition);
}
