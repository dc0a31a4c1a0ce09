/**
 * kxp's hand-written codec against protobufjs's reflection codec, loaded from the .proto files in
 * test/fixtures/wire: bytes kxp writes must mean the same to protobufjs, field by field, and the other
 * way round. protobufjs sees Structs as Value messages; the converters here walk its reflection types
 * to translate between its objects and kxp's plain ones.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { everyKind, largeRequest, richRequest, richResponse } from '../../../test/fixtures/wire/messages.js';
import { decodeRunFunctionRequest, encodeRunFunctionRequest } from './messages-request.js';
import { decodeRunFunctionResponse, encodeRunFunctionResponse } from './messages-response.js';
import { decodeStruct, encodeStruct } from './struct.js';
import type { JsonObject, JsonValue } from './types.js';

type Obj = Record<string, unknown>;

const root = new protobuf.Root();
for (const file of ['google/protobuf/struct.proto', 'google/protobuf/duration.proto', 'run_function.proto']) {
  const source = readFileSync(new URL(`../../../test/fixtures/wire/${file}`, import.meta.url), 'utf8');
  protobuf.parse(source, root);
}
root.resolveAll();
const Request = root.lookupType('apiextensions.fn.proto.v1.RunFunctionRequest');
const Response = root.lookupType('apiextensions.fn.proto.v1.RunFunctionResponse');
const Struct = root.lookupType('google.protobuf.Struct');

/** toPbValue returns protobufjs's google.protobuf.Value object for a JSON value. */
function toPbValue(v: JsonValue): Obj {
  if (v === null) return { nullValue: 0 };
  if (Array.isArray(v)) return { listValue: { values: v.map(toPbValue) } };
  switch (typeof v) {
    case 'number':
      return { numberValue: v };
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    default:
      return { structValue: toPbStruct(v) };
  }
}
function toPbStruct(o: JsonObject): Obj {
  return { fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toPbValue(v)])) };
}

/** fromPbValue returns the JSON value of protobufjs's google.protobuf.Value object. */
function fromPbValue(v: Obj): JsonValue {
  if (v.structValue) return fromPbStruct(v.structValue as Obj);
  if (v.listValue) return (((v.listValue as Obj).values as Obj[] | undefined) ?? []).map(fromPbValue);
  for (const kind of ['numberValue', 'stringValue', 'boolValue'] as const) {
    if (kind in v) return v[kind] as JsonValue;
  }
  return null;
}
function fromPbStruct(s: Obj): JsonObject {
  const fields = (s.fields as Record<string, Obj> | undefined) ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fromPbValue(v)]));
}

/** messageType returns the message type of field, or undefined for scalars and enums. */
function messageType(field: protobuf.Field): protobuf.Type | undefined {
  return field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
}

/**
 * toPb returns msg (a kxp object of `type`) as protobufjs input: Structs become Value messages, and
 * proto3 scalars at their zero value are left out, as kxp leaves them out, so the bytes can match.
 */
function toPb(type: protobuf.Type, msg: Obj): Obj {
  if (type.fullName === '.google.protobuf.Struct') return toPbStruct(msg as JsonObject);
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    const v = msg[field.name];
    if (v !== undefined) toPbField(field, v, out);
  }
  return out;
}

function toPbField(field: protobuf.Field, v: unknown, out: Obj): void {
  const sub = messageType(field);
  const convert = (e: unknown) => (sub ? toPb(sub, e as Obj) : e);
  // A oneof member or a proto3 `optional` is written whenever set; other scalars only when not zero.
  const explicit = field.partOf !== null;
  if (field.map)
    out[field.name] = Object.fromEntries(Object.entries(v as Obj).map(([k, e]) => [k, convert(e)]));
  else if (field.repeated) out[field.name] = (v as unknown[]).map(convert);
  else if (sub || explicit || (v !== 0 && v !== '')) out[field.name] = convert(v);
}

/** fromPb returns protobufjs's toObject output of `type` in kxp's shape: zero values filled in, Structs as JSON. */
function fromPb(type: protobuf.Type, obj: Obj): Obj {
  if (type.fullName === '.google.protobuf.Struct') return fromPbStruct(obj);
  const out: Obj = {};
  for (const field of type.fieldsArray) fromPbField(field, obj[field.name], out);
  return out;
}

function fromPbField(field: protobuf.Field, v: unknown, out: Obj): void {
  const sub = messageType(field);
  const convert = (e: unknown) => (sub ? fromPb(sub, e as Obj) : e);
  if (field.map) {
    out[field.name] = Object.fromEntries(
      Object.entries((v as Obj | undefined) ?? {}).map(([k, e]) => [k, convert(e)]),
    );
  } else if (field.repeated) out[field.name] = ((v as unknown[] | undefined) ?? []).map(convert);
  else if (v !== undefined) out[field.name] = convert(v);
  else if (!sub && field.partOf === null) out[field.name] = field.type === 'string' ? '' : 0;
}

const conversion: protobuf.IConversionOptions = {
  longs: Number,
  bytes: Buffer,
  enums: Number,
  defaults: false,
};

describe.each([
  {
    name: 'RunFunctionRequest',
    type: Request,
    input: richRequest() as unknown as Obj,
    encode: encodeRunFunctionRequest,
    decode: decodeRunFunctionRequest,
  },
  {
    name: 'RunFunctionResponse',
    type: Response,
    input: richResponse() as unknown as Obj,
    encode: encodeRunFunctionResponse,
    decode: decodeRunFunctionResponse,
  },
  {
    name: 'a request of 100 composed resources',
    type: Request,
    input: largeRequest(100) as unknown as Obj,
    encode: encodeRunFunctionRequest,
    decode: decodeRunFunctionRequest,
  },
])('$name against protobufjs', ({ type, input, encode, decode }) => {
  const encodeKxp = encode as unknown as (m: Obj) => Buffer;

  it('protobufjs reads what kxp writes', () => {
    const decoded = type.toObject(type.decode(encodeKxp(input)), conversion);
    expect(fromPb(type, decoded)).toEqual(input);
  });

  it('kxp reads what protobufjs writes', () => {
    const bytes = type.encode(type.fromObject(toPb(type, input))).finish();
    expect(decode(bytes)).toEqual(input);
  });

  it('writes the same bytes', () => {
    const theirs = Buffer.from(type.encode(type.fromObject(toPb(type, input))).finish());
    expect(encodeKxp(input).equals(theirs)).toBe(true);
  });
});

describe('google.protobuf.Struct against protobufjs', () => {
  it.each<{ name: string; input: JsonObject }>([
    { name: 'every kind', input: everyKind },
    { name: 'empty', input: {} },
    {
      name: 'extreme numbers',
      input: { min: Number.MIN_VALUE, max: Number.MAX_VALUE, neg: -0.1, int: 2 ** 53 + 2 },
    },
    { name: 'unicode keys and values', input: { 'ключ/🚀': 'значение 名前', '': '' } },
  ])('$name', ({ input }) => {
    const theirs = Struct.encode(Struct.fromObject(toPbStruct(input))).finish();
    expect(decodeStruct(theirs)).toEqual(input);
    expect(fromPbStruct(Struct.toObject(Struct.decode(encodeStruct(input))))).toEqual(input);
    expect(encodeStruct(input).equals(Buffer.from(theirs))).toBe(true);
  });
});
