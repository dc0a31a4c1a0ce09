/**
 * google.protobuf.Struct straight to and from plain JSON values, without Value message objects in
 * between: the hot path of every RunFunction call (100 composed resources are 100 Structs each way).
 *
 * Encoding follows JSON.stringify where JSON has an answer: `undefined` in an object omits the key
 * and in an array becomes null, an object with toJSON is encoded as its result (a Date as its ISO
 * string, a Buffer as `{type, data}`). Where JSON.stringify would silently drop or mangle a value this
 * throws WireError naming the value's path instead: functions, symbols, bigints, class instances
 * without toJSON (Map, Set, typed arrays), and NaN or ±Infinity — a double could carry those, but
 * Crossplane turns every Struct into JSON for the API server, which has no spelling for them, so
 * failing here points at the field that is wrong. Objects count as plain when their prototype is
 * Object.prototype of any realm (jest's vm contexts, structuredClone) or null.
 *
 * Decoding builds objects the way JSON.parse does: ordinary objects, a `__proto__` key an own
 * property (never the prototype), a Value with no kind set null.
 */

import { ValuePathError, WireError, withSegment } from './errors.js';
import { decodeWith, type Reader, WireType } from './reader.js';
import type { JsonObject, JsonValue } from './types.js';
import { type Writer, withWriter } from './writer.js';

/** The deepest nesting of objects and arrays accepted either way; circular values stop here. */
export const maxStructDepth = 1000;

// Tags (field number << 3 | wire type) of Struct.fields, the entry's key and value, and Value's kinds.
const FIELDS = 0x0a;
const KEY = 0x0a;
const VALUE = 0x12;
const NULL = 0x08;
const NUMBER = 0x11;
const STRING = 0x1a;
const BOOL = 0x20;
const STRUCT = 0x2a;
const LIST = 0x32;
const LIST_VALUES = 0x0a;

/**
 * writeStruct writes obj's entries as the body of a google.protobuf.Struct, back to front like every
 * writer (see Writer): last key first, and within an entry the value before the key.
 */
export function writeStruct(w: Writer, obj: JsonObject, depth = 0): void {
  if (depth > maxStructDepth) throw tooDeepToEncode();
  const keys = Object.keys(obj);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = obj[key];
    if (value === undefined) continue;
    const end = w.mark();
    try {
      writeValue(w, value, depth);
    } catch (err) {
      throw withSegment(err, key);
    }
    w.ldelim(end);
    w.byte(VALUE);
    w.string(key);
    w.byte(KEY);
    w.ldelim(end);
    w.byte(FIELDS);
  }
}

/** writeValue writes value as the body of a google.protobuf.Value: its one field, value then tag. */
function writeValue(w: Writer, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      w.string(value);
      w.byte(STRING);
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new ValuePathError(`${value} is not a JSON number`);
      w.double(value);
      w.byte(NUMBER);
      return;
    case 'boolean':
      w.byte(value ? 1 : 0);
      w.byte(BOOL);
      return;
    case 'object':
      writeObjectValue(w, value, depth);
      return;
    case 'undefined':
      // Only reached for array elements: JSON.stringify writes them as null too.
      w.byte(0);
      w.byte(NULL);
      return;
    default:
      throw new ValuePathError(`a ${typeof value} cannot be represented in a google.protobuf.Struct`);
  }
}

function writeObjectValue(w: Writer, value: object | null, depth: number): void {
  if (value === null) {
    w.byte(0);
    w.byte(NULL);
    return;
  }
  const end = w.mark();
  if (Array.isArray(value)) {
    writeList(w, value, depth + 1);
    w.ldelim(end);
    w.byte(LIST);
    return;
  }
  if (isPlainObject(value)) {
    writeStruct(w, value as JsonObject, depth + 1);
    w.ldelim(end);
    w.byte(STRUCT);
    return;
  }
  writeValue(w, jsonOf(value), depth);
}

/** writeList writes list's items as the body of a google.protobuf.ListValue, last item first. */
function writeList(w: Writer, list: readonly unknown[], depth: number): void {
  if (depth > maxStructDepth) throw tooDeepToEncode();
  for (let i = list.length - 1; i >= 0; i--) {
    const end = w.mark();
    try {
      writeValue(w, list[i], depth);
    } catch (err) {
      throw withSegment(err, i);
    }
    w.ldelim(end);
    w.byte(LIST_VALUES);
  }
}

function tooDeepToEncode(): ValuePathError {
  return new ValuePathError(`nested deeper than ${maxStructDepth} levels (a circular reference?)`);
}

/** isPlainObject reports whether value is an object literal, of this realm or another (jest's vm, structuredClone). */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** jsonOf returns what JSON.stringify would encode for an object that is not a plain object. */
function jsonOf(value: object): unknown {
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json !== null && typeof json === 'object' && !Array.isArray(json) && !isPlainObject(json)) {
      throw new ValuePathError(`toJSON of a ${constructorName(value)} returned another non-JSON object`);
    }
    return json;
  }
  throw new ValuePathError(
    `a ${constructorName(value)} cannot be represented in a google.protobuf.Struct; convert it to a plain object, array or string`,
  );
}

function constructorName(value: object): string {
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'object';
}

/** readStruct returns the JSON object in the Struct body the reader is narrowed to, merged into `into` if given. */
export function readStruct(r: Reader, into?: JsonObject, depth = 0): JsonObject {
  if (depth > maxStructDepth) throw tooDeep(r);
  const obj: JsonObject = into ?? {};
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === FIELDS) {
      const outer = r.narrow();
      readEntry(r, obj, depth);
      r.leave(outer);
    } else otherField(r, tag, structFields);
  }
  return obj;
}

/** readEntry reads the Struct.fields entry the reader is narrowed to into obj, the way JSON.parse sets keys. */
function readEntry(r: Reader, obj: JsonObject, depth: number): void {
  let key = '';
  let value: JsonValue = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag === KEY) key = r.key();
    else if (tag === VALUE) {
      const outer = r.narrow();
      value = readValue(r, value, depth);
      r.leave(outer);
    } else otherField(r, tag, entryFields);
  }
  // Assigning `__proto__` would set the prototype; JSON.parse makes it an own property instead.
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** readValue returns the JSON value of the Value body the reader is narrowed to; `prev` is an earlier occurrence to merge with. */
function readValue(r: Reader, prev: JsonValue, depth: number): JsonValue {
  let value = prev;
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag) {
      case NULL:
        r.int32();
        value = null;
        break;
      case NUMBER:
        value = r.double();
        break;
      case STRING:
        value = r.string();
        break;
      case BOOL:
        value = r.bool();
        break;
      case STRUCT: {
        const outer = r.narrow();
        const merge =
          value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
        value = readStruct(r, merge, depth + 1);
        r.leave(outer);
        break;
      }
      case LIST: {
        const outer = r.narrow();
        value = readList(r, Array.isArray(value) ? value : [], depth + 1);
        r.leave(outer);
        break;
      }
      default:
        otherField(r, tag, valueFields);
    }
  }
  return value;
}

function readList(r: Reader, list: JsonValue[], depth: number): JsonValue[] {
  if (depth > maxStructDepth) throw tooDeep(r);
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag !== LIST_VALUES) {
      otherField(r, tag, listFields);
      continue;
    }
    const outer = r.narrow();
    list.push(readValue(r, null, depth));
    r.leave(outer);
  }
  return list;
}

/** A message's fields as [name, wire type] by field number, for rejecting known fields of the wrong wire type. */
type FieldTable = readonly (readonly [string, number] | undefined)[];
const structFields: FieldTable = [undefined, ['fields', WireType.LEN]];
const entryFields: FieldTable = [undefined, ['key', WireType.LEN], ['value', WireType.LEN]];
const listFields: FieldTable = [undefined, ['values', WireType.LEN]];
const valueFields: FieldTable = [
  undefined,
  ['null_value', WireType.VARINT],
  ['number_value', WireType.I64],
  ['string_value', WireType.LEN],
  ['bool_value', WireType.VARINT],
  ['struct_value', WireType.LEN],
  ['list_value', WireType.LEN],
];

/** otherField handles a tag off the fast path: a known field's wrong wire type throws, an unknown field is skipped. */
function otherField(r: Reader, tag: number, fields: FieldTable): void {
  if (tag >>> 3 === 0) throw new WireError(`cannot read field at offset ${r.pos}: invalid field number 0`);
  const known = fields[tag >>> 3];
  if (known) r.expect(tag, known[1], known[0]);
  r.skip(tag);
}

function tooDeep(r: Reader): WireError {
  return new WireError(
    `cannot read google.protobuf.Struct at offset ${r.pos}: nested deeper than ${maxStructDepth} levels`,
  );
}

/** encodeStruct returns the google.protobuf.Struct bytes of obj. */
export function encodeStruct(obj: JsonObject): Buffer {
  return withWriter(writeStruct, obj);
}

/** decodeStruct returns the JSON object carried by google.protobuf.Struct bytes. */
export function decodeStruct(bytes: Uint8Array): JsonObject {
  return decodeWith(bytes, 'google.protobuf.Struct', readStruct);
}
