/**
 * Field-level building blocks shared by the message codecs: proto3 scalars that are skipped at their
 * zero value, `optional` scalars written whenever set, nested messages, Struct fields and maps.
 *
 * Encoders are lenient about what TypeScript would reject at the boundary (a missing map or list is
 * empty, a missing string or enum is the zero value): handlers written in JavaScript build these.
 * Decoders return maps as null-prototype records, so an outside key such as `__proto__` or
 * `constructor` is just a key and a lookup of a missing key is undefined.
 */

import { withSegment } from './errors.js';
import { type Reader, WireType } from './reader.js';
import { readStruct, writeStruct } from './struct.js';
import type { JsonObject } from './types.js';
import type { Writer } from './writer.js';

/** A message body writer and reader; the reader reads to `r.end` and merges into `into` when given. */
export type WriteBody<T> = (w: Writer, value: T) => void;
export type ReadBody<T> = (r: Reader, into?: T) => T;

/** tagOf returns the one-byte tag of field (every field in this protocol is numbered below 16). */
export function tagOf(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

// Every writer here writes back to front (see Writer): the value first, then its tag.

/** writeString writes a proto3 string field, skipped when empty. */
export function writeString(w: Writer, tag: number, s: string | undefined): void {
  if (s) {
    w.string(s);
    w.byte(tag);
  }
}

/** writeOptionalString writes a proto3 `optional` string field whenever it is set, even to ''. */
export function writeOptionalString(w: Writer, tag: number, s: string | undefined): void {
  if (s !== undefined) {
    w.string(s);
    w.byte(tag);
  }
}

/** writeEnum writes an enum (or int32) field, skipped at zero. */
export function writeEnum(w: Writer, tag: number, n: number | undefined): void {
  if (n) {
    w.int32(n);
    w.byte(tag);
  }
}

/** writeOptionalEnum writes a proto3 `optional` enum field whenever it is set, even to zero. */
export function writeOptionalEnum(w: Writer, tag: number, n: number | undefined): void {
  if (n !== undefined) {
    w.int32(n);
    w.byte(tag);
  }
}

/** writeMessage writes a nested message field; `name` joins the path of any value that cannot be encoded. */
export function writeMessage<T>(w: Writer, tag: number, name: string, write: WriteBody<T>, value: T): void {
  const end = w.mark();
  try {
    write(w, value);
  } catch (err) {
    throw withSegment(err, name);
  }
  w.ldelim(end);
  w.byte(tag);
}

/** writeStructField writes a google.protobuf.Struct field when obj is set. */
export function writeStructField(w: Writer, tag: number, name: string, obj: JsonObject | undefined): void {
  if (obj !== undefined) writeMessage(w, tag, name, writeStruct, obj);
}

/** writeRepeated writes each item of a repeated message field, last item first. */
export function writeRepeated<T>(
  w: Writer,
  tag: number,
  name: string,
  write: WriteBody<T>,
  items: readonly T[] | undefined,
): void {
  if (!items) return;
  for (let i = items.length - 1; i >= 0; i--) {
    const end = w.mark();
    try {
      write(w, items[i]!);
    } catch (err) {
      throw withSegment(withSegment(err, i), name);
    }
    w.ldelim(end);
    w.byte(tag);
  }
}

/** An entry value's writer: it writes the value field's payload, length included. */
type WriteEntryValue<T> = (w: Writer, value: T) => void;

/** writeMap writes a map field as one entry message per key (key = 1, value = 2), last key first. */
export function writeMap<T>(
  w: Writer,
  tag: number,
  name: string,
  record: Readonly<Record<string, T>> | undefined,
  writeValue: WriteEntryValue<T>,
): void {
  if (!record) return;
  const keys = Object.keys(record);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = record[key];
    if (value === undefined) continue;
    const end = w.mark();
    try {
      writeValue(w, value);
    } catch (err) {
      throw withSegment(withSegment(err, key), name);
    }
    w.byte(tagOf(2, WireType.LEN));
    w.string(key);
    w.byte(tagOf(1, WireType.LEN));
    w.ldelim(end);
    w.byte(tag);
  }
}

/** entryMessage returns an entry value writer for message values. */
export function entryMessage<T>(write: WriteBody<T>): WriteEntryValue<T> {
  return (w, value) => {
    const end = w.mark();
    write(w, value);
    w.ldelim(end);
  };
}

export const entryBytes: WriteEntryValue<Uint8Array> = (w, value) => w.bytes(value);
export const entryString: WriteEntryValue<string> = (w, value) => w.string(value);

/** readMessage returns the nested message of the LEN field whose tag was just read, merged into `into`. */
export function readMessage<T>(r: Reader, tag: number, name: string, read: ReadBody<T>, into?: T): T {
  const outer = r.enter(tag, name);
  const value = read(r, into);
  r.leave(outer);
  return value;
}

/** readStructField returns the Struct of the field whose tag was just read, merged into `into`. */
export function readStructField(r: Reader, tag: number, name: string, into?: JsonObject): JsonObject {
  return readMessage(r, tag, name, readStruct, into);
}

/** readString returns the string of the field whose tag was just read, after checking its wire type. */
export function readString(r: Reader, tag: number, name: string): string {
  r.expect(tag, WireType.LEN, name);
  return r.string();
}

/** readEnum returns the enum (or int32) of the field whose tag was just read, after checking its wire type. */
export function readEnum(r: Reader, tag: number, name: string): number {
  r.expect(tag, WireType.VARINT, name);
  return r.int32();
}

/** An entry value's reader: tag is the value field's, prev an earlier occurrence in the same entry. */
type ReadEntryValue<T> = (r: Reader, tag: number, prev: T | undefined) => T;

/** readMapEntry reads one entry of a map field into record; a missing value is the zero value. */
export function readMapEntry<T>(
  r: Reader,
  tag: number,
  name: string,
  record: Record<string, T>,
  readValue: ReadEntryValue<T>,
  zero: () => T,
): void {
  const outer = r.enter(tag, name);
  let key = '';
  let value: T | undefined;
  while (r.pos < r.end) {
    const t = r.tag();
    if (t >>> 3 === 1) key = readString(r, t, `${name}.key`);
    else if (t >>> 3 === 2) value = readValue(r, t, value);
    else r.skip(t);
  }
  r.leave(outer);
  record[key] = value ?? zero();
}

/** entryOfMessage returns an entry value reader for message values. */
export function entryOfMessage<T>(read: ReadBody<T>, name: string): ReadEntryValue<T> {
  return (r, tag, prev) => readMessage(r, tag, name, read, prev);
}

export const entryOfBytes: ReadEntryValue<Buffer> = (r, tag) => {
  r.expect(tag, WireType.LEN, 'value');
  return r.bytes();
};
export const entryOfString: ReadEntryValue<string> = (r, tag) => readString(r, tag, 'value');

/** newRecord returns an empty null-prototype record for a decoded map. */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export const emptyBytes = (): Buffer => Buffer.alloc(0);
export const emptyString = (): string => '';
