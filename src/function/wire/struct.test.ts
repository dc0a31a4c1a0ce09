import { runInNewContext } from 'node:vm';
import { WireError } from './errors.js';
import { decodeStruct, encodeStruct, maxStructDepth } from './struct.js';
import type { JsonObject, JsonValue } from './types.js';

/** bytes returns the bytes of a length-delimited field: tag, length, body. */
function field(tag: number, ...body: (number | number[] | Buffer)[]): number[] {
  const flat = body.flatMap((b) => (typeof b === 'number' ? [b] : [...b]));
  if (flat.length > 127) throw new Error('test helper: bodies up to 127 bytes');
  return [tag, flat.length, ...flat];
}
const str = (s: string) => [...Buffer.from(s)];
/** entry returns a Struct.fields entry of key and a Value body. */
const entry = (key: string, value: number[]) => field(0x0a, field(0x0a, str(key)), field(0x12, value));

describe('Struct round trip', () => {
  it.each<{ name: string; input: JsonObject }>([
    { name: 'empty object', input: {} },
    { name: 'null', input: { a: null } },
    {
      name: 'numbers',
      input: { zero: 0, negative: -1.5, big: 2 ** 53, tiny: 5e-324, max: Number.MAX_VALUE },
    },
    {
      name: 'strings',
      input: { empty: '', ascii: 'eu-central-1', unicode: 'Größe 名前空間 🚀', long: 'x'.repeat(5000) },
    },
    { name: 'booleans', input: { yes: true, no: false } },
    { name: 'empty nested object and list', input: { obj: {}, list: [] } },
    {
      name: 'lists of every kind',
      input: { list: [null, 0, 1.25, '', 'a', true, false, {}, [], { a: [1, [2, [3]]] }] },
    },
    {
      name: 'a Kubernetes object',
      input: {
        apiVersion: 's3.aws.upbound.io/v1beta1',
        kind: 'Bucket',
        metadata: {
          name: 'b',
          labels: { 'crossplane.io/composite': 'x' },
          annotations: { 'kxp.dev/note': 'ü'.repeat(100) },
        },
        spec: { forProvider: { region: 'eu-central-1', tags: { a: '1' } }, replicas: 3 },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    },
    { name: 'keys that are not identifiers', input: { '': 1, 'a.b/c': 2, ключ: 3, '🚀': 4 } },
    {
      name: 'a body of more than 16 KiB',
      input: { data: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item-${i}` })) },
    },
  ])('$name', ({ input }) => {
    expect(decodeStruct(encodeStruct(input))).toEqual(input);
  });

  it('keeps negative zero', () => {
    expect(Object.is(decodeStruct(encodeStruct({ z: -0 })).z, -0)).toBe(true);
  });

  it('nests as deep as the limit allows, and no deeper', () => {
    // Objects and lists alike count as a level; the outermost object is level 0.
    const nest = (levels: number): JsonObject => {
      let value: JsonValue = { leaf: true };
      for (let i = 0; i < levels; i++) value = i % 3 ? { a: value } : [value];
      return { top: value };
    };
    const deep = nest(maxStructDepth - 1);
    expect(decodeStruct(encodeStruct(deep))).toEqual(deep);
    expect(() => encodeStruct(nest(maxStructDepth))).toThrow(/nested deeper than 1000 levels/);
  });
});

describe('Struct encoding follows JSON', () => {
  it.each<{ name: string; input: Record<string, unknown>; expected: JsonObject }>([
    { name: 'undefined in an object is omitted', input: { a: undefined, b: 1 }, expected: { b: 1 } },
    { name: 'undefined in an array is null', input: { a: [1, undefined, 2] }, expected: { a: [1, null, 2] } },
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    { name: 'a hole in an array is null', input: { a: [1, , 2] }, expected: { a: [1, null, 2] } },
    {
      name: 'a Date becomes its toJSON string',
      input: { at: new Date('2025-11-20T10:41:07Z') },
      expected: { at: '2025-11-20T10:41:07.000Z' },
    },
    {
      name: 'toJSON may return an object',
      input: {
        v: { toJSON: undefined, n: 1 },
        w: new (class {
          toJSON = () => ({ x: [1] });
        })(),
      },
      expected: { v: { n: 1 }, w: { x: [1] } },
    },
    {
      name: 'a Buffer becomes its toJSON object, as in JSON.stringify',
      input: { b: Buffer.from('hi') },
      expected: { b: { type: 'Buffer', data: [104, 105] } },
    },
    {
      name: 'a null-prototype object is an object',
      input: { o: Object.assign(Object.create(null), { k: 'v' }) },
      expected: { o: { k: 'v' } },
    },
    {
      name: 'an object from another realm is an object',
      input: { o: runInNewContext('({ k: [1, { n: null }] })') },
      expected: { o: { k: [1, { n: null }] } },
    },
  ])('$name', ({ input, expected }) => {
    expect(decodeStruct(encodeStruct(input as JsonObject))).toEqual(expected);
  });

  it('writes every Value kind, zero values included, as its oneof field', () => {
    const bytes = encodeStruct({ n: null, z: 0, e: '', f: false, o: {}, l: [] });
    expect([...bytes]).toEqual([
      ...entry('n', [0x08, 0x00]),
      ...entry('z', [0x11, 0, 0, 0, 0, 0, 0, 0, 0]),
      ...entry('e', [0x1a, 0x00]),
      ...entry('f', [0x20, 0x00]),
      ...entry('o', [0x2a, 0x00]),
      ...entry('l', [0x32, 0x00]),
    ]);
  });
});

describe('Struct encoding errors name the path', () => {
  class Quantity {
    constructor(readonly value: string) {}
  }
  it.each<{ name: string; input: Record<string, unknown>; message: string }>([
    {
      name: 'a function',
      input: { spec: { forProvider: { size: () => 1 } } },
      message:
        'cannot encode spec.forProvider.size: a function cannot be represented in a google.protobuf.Struct',
    },
    {
      name: 'a symbol',
      input: { a: Symbol('s') },
      message: 'cannot encode a: a symbol cannot be represented',
    },
    {
      name: 'a bigint in a list',
      input: { a: { b: [1, 2n] } },
      message: 'cannot encode a.b[1]: a bigint cannot be represented',
    },
    {
      name: 'NaN',
      input: { spec: { replicas: Number.NaN } },
      message: 'cannot encode spec.replicas: NaN is not a JSON number',
    },
    {
      name: 'Infinity',
      input: { x: [Number.NEGATIVE_INFINITY] },
      message: 'cannot encode x[0]: -Infinity is not a JSON number',
    },
    { name: 'a Map', input: { m: new Map() }, message: 'cannot encode m: a Map cannot be represented' },
    {
      name: 'a class instance',
      input: { q: new Quantity('1Gi') },
      message: 'cannot encode q: a Quantity cannot be represented',
    },
    {
      name: 'a Uint8Array',
      input: { b: Uint8Array.of(1) },
      message: 'cannot encode b: a Uint8Array cannot be represented',
    },
    {
      name: 'a key that is not an identifier',
      input: { metadata: { annotations: { 'kxp.dev/owner': undefined, 'kxp.dev/x': 1n } } },
      message: 'cannot encode metadata.annotations["kxp.dev/x"]: a bigint',
    },
  ])('$name', ({ input, message }) => {
    expect(() => encodeStruct(input as JsonObject)).toThrow(WireError);
    expect(() => encodeStruct(input as JsonObject)).toThrow(message);
  });

  it('stops at a circular reference with a shortened path', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = { again: loop };
    expect(() => encodeStruct(loop as JsonObject)).toThrow(
      /^cannot encode self\.again\.self\.again.*…\(\d+ more\)….*: nested deeper than 1000 levels \(a circular reference\?\)$/,
    );
  });

  it('leaves the writer usable after an error', () => {
    expect(() => encodeStruct({ bad: Number.NaN })).toThrow();
    expect(decodeStruct(encodeStruct({ good: 1 }))).toEqual({ good: 1 });
  });
});

describe('Struct decoding', () => {
  it('makes __proto__ and constructor own properties, never the prototype', () => {
    const bytes = Buffer.from([
      ...entry('__proto__', field(0x2a, entry('polluted', [0x20, 0x01]))),
      ...entry('constructor', [0x1a, 1, 0x78]),
      ...entry('toString', [0x08, 0x00]),
    ]);
    const obj = decodeStruct(bytes);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(obj, '__proto__')?.value).toEqual({ polluted: true });
    expect(obj.constructor).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(obj)).toBe('{"__proto__":{"polluted":true},"constructor":"x","toString":null}');
    // And encoding it again keeps the key.
    expect(Object.keys(decodeStruct(encodeStruct(obj)))).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it.each<{ name: string; input: number[]; expected: JsonObject }>([
    { name: 'a Value with no kind is null', input: entry('a', []), expected: { a: null } },
    {
      name: 'an entry with no value is null',
      input: field(0x0a, field(0x0a, str('a'))),
      expected: { a: null },
    },
    {
      name: 'an entry with no key has the empty key',
      input: field(0x0a, field(0x12, [0x20, 1])),
      expected: { '': true },
    },
    {
      name: 'a repeated key keeps the last value',
      input: [...entry('a', [0x20, 1]), ...entry('a', [0x1a, 1, 0x79])],
      expected: { a: 'y' },
    },
    {
      name: 'the last kind of a Value wins',
      input: entry('a', [0x20, 1, 0x1a, 1, 0x7a]),
      expected: { a: 'z' },
    },
    {
      name: 'a repeated struct_value merges',
      input: entry('a', [...field(0x2a, entry('x', [0x20, 1])), ...field(0x2a, entry('y', [0x20, 0]))]),
      expected: { a: { x: true, y: false } },
    },
    {
      name: 'a repeated list_value appends',
      input: entry('a', [...field(0x32, field(0x0a, [0x20, 1])), ...field(0x32, field(0x0a, [0x08, 0]))]),
      expected: { a: [true, null] },
    },
    {
      name: 'a repeated entry value merges',
      input: field(
        0x0a,
        field(0x0a, str('a')),
        field(0x12, field(0x2a, entry('x', [0x20, 1]))),
        field(0x12, field(0x2a, entry('y', [0x20, 1]))),
      ),
      expected: { a: { x: true, y: true } },
    },
    {
      name: 'unknown fields are skipped at every level',
      input: [
        0x10,
        0x01,
        ...field(
          0x0a,
          0x18,
          0x05,
          ...field(0x0a, str('a')),
          0x1d,
          1,
          2,
          3,
          4,
          ...field(0x12, [0x39, 1, 2, 3, 4, 5, 6, 7, 8, 0x20, 1]),
        ),
        ...entry('l', field(0x32, [0x10, 0x07, ...field(0x0a, [0x1a, 0])])),
      ],
      expected: { a: true, l: [''] },
    },
    { name: 'a varint bool above one is true', input: entry('a', [0x20, 0x80, 0x01]), expected: { a: true } },
  ])('$name', ({ input, expected }) => {
    expect(decodeStruct(Uint8Array.from(input))).toEqual(expected);
  });

  it.each<{ name: string; input: number[]; message: RegExp }>([
    {
      name: 'a string Value sent as a varint',
      input: entry('a', [0x18, 0x01]),
      message: /string_value \(3\).*VARINT, want LEN/,
    },
    {
      name: 'a number Value sent as fixed32',
      input: entry('a', [0x15, 0, 0, 0, 0]),
      message: /number_value \(2\).*I32, want I64/,
    },
    { name: 'fields sent as a varint', input: [0x08, 0x01], message: /fields \(1\).*want LEN/ },
    { name: 'a truncated double', input: entry('a', [0x11, 0, 0, 0]), message: /truncated/ },
    { name: 'an entry longer than the buffer', input: [0x0a, 0x10, 0x0a], message: /overflows/ },
    {
      name: 'a key longer than its entry',
      input: [0x0a, 0x02, 0x0a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65],
      message: /overflows/,
    },
  ])('rejects $name', ({ input, message }) => {
    expect(() => decodeStruct(Uint8Array.from(input))).toThrow(WireError);
    expect(() => decodeStruct(Uint8Array.from(input))).toThrow(message);
  });

  it('rejects nesting past the limit without exhausting the stack', () => {
    // Each level is a Value holding a one-element list: 0x32 len (0x0a len (...)). Build from the inside out.
    let body: Buffer = Buffer.from([0x08, 0x00]);
    for (let i = 0; i < 5000; i++) {
      const inner = Buffer.concat([Buffer.from([0x0a]), varint(body.length), body]);
      body = Buffer.concat([Buffer.from([0x32]), varint(inner.length), inner]);
    }
    const value = Buffer.concat([Buffer.from([0x0a, 1, 0x61, 0x12]), varint(body.length), body]);
    const bytes = Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]);
    expect(() => decodeStruct(bytes)).toThrow(
      /cannot decode google.protobuf.Struct: .*nested deeper than 1000 levels/,
    );
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
