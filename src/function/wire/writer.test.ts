import { Reader } from './reader.js';
import { Writer, withWriter } from './writer.js';

function written(write: (w: Writer) => void, size?: number): number[] {
  const w = new Writer(size);
  write(w);
  return [...w.finish()];
}

describe('Writer varints', () => {
  it.each([
    { name: 'zero', input: 0, expected: [0x00] },
    { name: 'one byte max', input: 127, expected: [0x7f] },
    { name: 'two bytes', input: 300, expected: [0xac, 0x02] },
    { name: 'uint32 max', input: 0xffffffff, expected: [0xff, 0xff, 0xff, 0xff, 0x0f] },
  ])('varint $name', ({ input, expected }) => {
    expect(written((w) => w.varint(input))).toEqual(expected);
  });

  it.each([
    { name: 'positive', input: 150, expected: [0x96, 0x01] },
    { name: 'minus one, sign-extended to ten bytes', input: -1, expected: [...Array(9).fill(0xff), 0x01] },
    {
      name: 'int32 min',
      input: -(2 ** 31),
      expected: [0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x01],
    },
  ])('int32 $name', ({ input, expected }) => {
    expect(written((w) => w.int32(input))).toEqual(expected);
  });

  it.each([
    { name: 'zero', input: 0, expected: [0x00] },
    { name: '2^32', input: 2 ** 32, expected: [0x80, 0x80, 0x80, 0x80, 0x10] },
    {
      name: 'max safe integer',
      input: Number.MAX_SAFE_INTEGER,
      expected: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f],
    },
    { name: 'minus one', input: -1, expected: [...Array(9).fill(0xff), 0x01] },
    {
      name: 'minus 2^32',
      input: -(2 ** 32),
      expected: [0x80, 0x80, 0x80, 0x80, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x01],
    },
  ])('int64 $name', ({ input, expected }) => {
    expect(written((w) => w.int64(input))).toEqual(expected);
  });

  it.each([
    0,
    1,
    -1,
    2 ** 31,
    -(2 ** 31),
    2 ** 32 + 7,
    315_576_000_000,
    -315_576_000_000,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
  ])('int64 %d reads back', (n) => {
    const w = new Writer();
    w.int64(n);
    expect(new Reader(w.finish()).int64()).toBe(n);
  });
});

describe('Writer strings', () => {
  it.each([
    { name: 'empty', input: '' },
    { name: 'ascii', input: 'apiVersion' },
    { name: 'two-byte characters', input: 'Grüße' },
    { name: 'three-byte characters', input: '名前空間' },
    { name: 'surrogate pairs', input: '🚀🦀 rocket crab' },
    { name: 'non-ascii after a long ascii run', input: `${'a'.repeat(31)}é` },
    { name: 'long ascii', input: 'x'.repeat(300) },
    { name: 'long unicode', input: 'ü🚀'.repeat(200) },
  ])('$name has its UTF-8 bytes after a length prefix', ({ input }) => {
    const w = new Writer(4);
    w.string(input);
    const r = new Reader(w.finish());
    expect(r.length()).toBe(Buffer.byteLength(input));
    r.pos = 0;
    expect(r.string()).toBe(input);
  });

  // The ASCII fast path copies four units a step, then two, then one: every length up to the
  // short-string limit and past it, with a non-ASCII unit at every position, must come out as UTF-8.
  const lengths = Array.from({ length: 35 }, (_, n) => n);
  it.each(lengths)('writes %d-unit strings, ASCII or with é anywhere, as Buffer.from does', (n) => {
    const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 7) % 90))).join('');
    const variants = [
      ascii,
      ...Array.from({ length: n }, (_, at) => `${ascii.slice(0, at)}é${ascii.slice(at + 1)}`),
    ];
    for (const input of variants) {
      const w = new Writer(2);
      w.byte(0x2a);
      w.string(input);
      const utf8 = Buffer.from(input, 'utf8');
      expect([...w.finish()]).toEqual([utf8.length, ...utf8, 0x2a]);
    }
  });

  it('writes a lone surrogate as U+FFFD', () => {
    const w = new Writer();
    w.string('a\ud800b');
    expect(new Reader(w.finish()).string()).toBe('a\ufffdb');
  });
});

/** varintBytes returns the varint of n, front to back, for building expected bytes by hand. */
function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** fieldBytes returns a length-delimited field as the wire has it: tag, length, body. */
function fieldBytes(tag: number, body: number[]): number[] {
  return [tag, ...varintBytes(body.length), ...body];
}

describe('Writer writes back to front', () => {
  it('puts what is written later in front of what was written earlier', () => {
    const w = new Writer(2);
    w.byte(3);
    w.string('ab');
    w.varint(300);
    expect([...w.finish()]).toEqual([0xac, 0x02, 2, 0x61, 0x62, 3]);
  });

  it.each([0, 1, 127, 128, 300, 16_383, 16_384, 2_097_152])('ldelim of a %d-byte body', (size) => {
    const w = new Writer(8);
    const end = w.mark();
    for (let i = size - 1; i >= 0; i--) w.byte(i & 0x7f);
    w.ldelim(end);
    w.byte(0x0a);
    const r = new Reader(w.finish());
    expect(r.varint()).toBe(0x0a);
    expect(r.length()).toBe(size);
    expect(r.end - r.pos).toBe(size);
    expect(r.buf[r.end - 1]).toBe(size === 0 ? 0 : (size - 1) & 0x7f);
  });

  it.each([
    [0, 0, 0],
    [3, 2, 120],
    [3, 2, 125],
    [1, 1, 126],
    [10, 130, 5],
    [200, 1, 20_000],
    [5, 5, 3_000_000],
  ])('nests bodies whose lengths take more bytes than one (%d, %d, %d)', (...sizes) => {
    const fill = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (i * seed) & 0x7f);
    const [a, b, c] = [fill(sizes[0]!, 3), fill(sizes[1]!, 5), fill(sizes[2]!, 7)];
    const expected = fieldBytes(0x0a, [...a, ...fieldBytes(0x12, [...b, ...fieldBytes(0x1a, c)])]);

    const w = new Writer(4);
    const writeBytes = (bytes: number[]) => {
      for (let i = bytes.length - 1; i >= 0; i--) w.byte(bytes[i]!);
    };
    const outer = w.mark();
    const middle = w.mark();
    const inner = w.mark();
    writeBytes(c);
    w.ldelim(inner);
    w.byte(0x1a);
    writeBytes(b);
    w.ldelim(middle);
    w.byte(0x12);
    writeBytes(a);
    w.ldelim(outer);
    w.byte(0x0a);
    // Buffer.equals: jest's toEqual walks a 3 MB buffer element by element for seconds.
    expect(w.finish().equals(Buffer.from(expected))).toBe(true);
  });

  it('keeps marks valid across growth', () => {
    const w = new Writer(1);
    const end = w.mark();
    w.bytes(Buffer.alloc(5000, 1));
    w.string('x'.repeat(40));
    w.ldelim(end);
    const r = new Reader(w.finish());
    expect(r.length()).toBe(5000 + 2 + 40 + 1);
  });
});

describe('withWriter', () => {
  it('returns a copy that later writes do not change', () => {
    const first = withWriter((w, s: string) => w.string(s), 'first');
    withWriter((w, s: string) => w.string(s), 'second');
    expect(first.toString('latin1')).toBe('\x05first');
  });

  it('gives a nested call its own buffer', () => {
    const outer = withWriter((w, s: string) => {
      const inner = withWriter((w2, t: string) => w2.string(t), 'inner');
      w.bytes(inner);
      w.string(s);
    }, 'outer');
    expect([...outer]).toEqual([5, ...Buffer.from('outer'), 6, 5, ...Buffer.from('inner')]);
  });

  it('grows past its initial size', () => {
    const big = 'z'.repeat(200_000);
    const bytes = withWriter((w, s: string) => w.string(s), big);
    expect(new Reader(bytes).string()).toBe(big);
  });
});
