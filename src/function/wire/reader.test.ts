import { WireError } from './errors.js';
import { decodeWith, Reader } from './reader.js';

const reader = (bytes: number[]) => new Reader(Uint8Array.from(bytes));

describe('Reader scalars', () => {
  it.each([
    { name: 'one byte', input: [0x05], expected: 5 },
    { name: 'two bytes', input: [0xac, 0x02], expected: 300 },
    { name: 'uint32 max', input: [0xff, 0xff, 0xff, 0xff, 0x0f], expected: 0xffffffff },
    {
      name: 'ten-byte minus one keeps the low 32 bits',
      input: [...Array(9).fill(0xff), 0x01],
      expected: 0xffffffff,
    },
    { name: 'non-minimal zero', input: [0x80, 0x80, 0x00], expected: 0 },
  ])('varint $name', ({ input, expected }) => {
    const r = reader(input);
    expect(r.varint()).toBe(expected);
    expect(r.pos).toBe(input.length);
  });

  it.each([
    { name: 'positive', input: [0x96, 0x01], expected: 150 },
    { name: 'minus one', input: [...Array(9).fill(0xff), 0x01], expected: -1 },
    { name: 'minus two as a five-byte varint', input: [0xfe, 0xff, 0xff, 0xff, 0x0f], expected: -2 },
  ])('int32 $name', ({ input, expected }) => {
    expect(reader(input).int32()).toBe(expected);
  });

  it.each([
    { name: 'zero', input: [0x00], expected: 0 },
    { name: '2^32', input: [0x80, 0x80, 0x80, 0x80, 0x10], expected: 2 ** 32 },
    { name: 'minus one', input: [...Array(9).fill(0xff), 0x01], expected: -1 },
    {
      name: 'minus 2^32',
      input: [0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x01],
      expected: -(2 ** 32),
    },
  ])('int64 $name', ({ input, expected }) => {
    expect(reader(input).int64()).toBe(expected);
  });

  it.each([
    { name: 'false', input: [0x00], expected: false },
    { name: 'true', input: [0x01], expected: true },
    { name: 'any non-zero varint', input: [0x80, 0x01], expected: true },
  ])('bool $name', ({ input, expected }) => {
    expect(reader(input).bool()).toBe(expected);
  });

  it('reads a little-endian double', () => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(-1234.5625);
    expect(new Reader(b).double()).toBe(-1234.5625);
  });

  it.each([
    { name: 'ascii', input: 'kind' },
    { name: 'long ascii', input: 'spec.forProvider.'.repeat(4) },
    { name: 'unicode', input: 'Größe 名前 🚀' },
  ])('string and key read $name', ({ input }) => {
    const body = Buffer.from(input);
    const bytes = Buffer.concat([Buffer.from([body.length]), body, Buffer.from([body.length]), body]);
    const r = new Reader(bytes);
    expect(r.string()).toBe(input);
    expect(r.key()).toBe(input);
  });

  it('decodes invalid UTF-8 lossily', () => {
    expect(reader([3, 0x61, 0xff, 0x62]).string()).toBe('a\ufffdb');
    expect(reader([3, 0x61, 0xff, 0x62]).key()).toBe('a\ufffdb');
  });

  it('tells keys apart that share the bytes its cache hashes', () => {
    // Same length, first, middle and last bytes: the same cache slot, different keys.
    const keys = ['abXde', 'abYde', 'abXde', 'abZde', 'abYde'];
    const bytes = Buffer.concat(keys.map((k) => Buffer.from([k.length, ...Buffer.from(k)])));
    const r = new Reader(bytes);
    expect(keys.map(() => r.key())).toEqual(keys);
  });

  it('copies bytes out of the buffer', () => {
    const input = Uint8Array.from([2, 7, 8]);
    const out = new Reader(input).bytes();
    input[1] = 0;
    expect([...out]).toEqual([7, 8]);
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const backing = Uint8Array.from([0xff, 0xff, 2, 0x68, 0x69, 0xff]);
    expect(new Reader(backing.subarray(2, 5)).string()).toBe('hi');
  });
});

describe('Reader.skip', () => {
  it.each([
    { name: 'varint', input: [0x08, 0x96, 0x01] },
    { name: 'ten-byte varint', input: [0x08, ...Array(9).fill(0xff), 0x01] },
    { name: 'fixed64', input: [0x09, 1, 2, 3, 4, 5, 6, 7, 8] },
    { name: 'length-delimited', input: [0x0a, 3, 1, 2, 3] },
    { name: 'fixed32', input: [0x0d, 1, 2, 3, 4] },
    { name: 'group', input: [0x0b, 0x10, 0x01, 0x0c] },
    {
      name: 'nested groups with fields',
      input: [0x0b, 0x13, 0x1a, 1, 0x61, 0x14, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x0c],
    },
  ])('skips a $name field and lands on the next one', ({ input }) => {
    const r = reader([...input, 0x78, 0x2a]);
    r.skip(r.tag());
    expect(r.tag()).toBe(0x78);
    expect(r.varint()).toBe(42);
  });
});

describe('Reader errors', () => {
  it.each([
    { name: 'truncated varint', input: [0x80], read: (r: Reader) => r.varint(), message: /truncated/ },
    {
      name: 'varint over ten bytes',
      input: Array(11).fill(0xff),
      read: (r: Reader) => r.varint(),
      message: /10 bytes/,
    },
    {
      name: 'int64 over ten bytes',
      input: Array(11).fill(0xff),
      read: (r: Reader) => r.int64(),
      message: /10 bytes/,
    },
    { name: 'truncated double', input: [1, 2, 3], read: (r: Reader) => r.double(), message: /truncated/ },
    {
      name: 'length past the end',
      input: [5, 0x61],
      read: (r: Reader) => r.string(),
      message: /length 5 overflows/,
    },
    {
      name: 'huge length',
      input: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
      read: (r: Reader) => r.bytes(),
      message: /overflows/,
    },
    { name: 'field number zero', input: [0x00], read: (r: Reader) => r.tag(), message: /field number 0/ },
    { name: 'wire type 6', input: [0x0e], read: (r: Reader) => r.skip(r.tag()), message: /wire type 6/ },
    { name: 'stray end group', input: [0x0c], read: (r: Reader) => r.skip(r.tag()), message: /EGROUP/ },
    {
      name: 'unterminated group',
      input: [0x0b, 0x10, 0x01],
      read: (r: Reader) => r.skip(r.tag()),
      message: /truncated/,
    },
    {
      name: 'mismatched group end',
      input: [0x0b, 0x14],
      read: (r: Reader) => r.skip(r.tag()),
      message: /mismatched/,
    },
    {
      name: 'wrong wire type for a known field',
      input: [0x08],
      read: (r: Reader) => r.enter(r.tag(), 'meta'),
      message: /field meta \(1\).*VARINT, want LEN/,
    },
  ])('$name', ({ input, read, message }) => {
    const r = reader(input);
    expect(() => read(r)).toThrow(WireError);
    expect(() => read(reader(input))).toThrow(message);
  });

  it('keeps reads inside the field it entered', () => {
    // A message field of length 1 whose body is the start of a two-byte varint: the second byte belongs outside.
    const r = reader([0x0a, 0x01, 0x80, 0x01]);
    const outer = r.enter(r.tag(), 'meta');
    expect(() => r.varint()).toThrow(/truncated/);
    r.leave(outer);
  });

  it('decodeWith names the message and keeps the cause', () => {
    const err = (() => {
      try {
        decodeWith(Uint8Array.from([0x80]), 'Example', (r) => r.varint());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WireError);
    expect((err as WireError).message).toMatch(/^cannot decode Example: cannot read varint at offset 0/);
    expect((err as WireError).cause).toBeInstanceOf(WireError);
  });
});
