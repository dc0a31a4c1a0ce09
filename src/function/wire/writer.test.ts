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

  it('writes a lone surrogate as U+FFFD', () => {
    const w = new Writer();
    w.string('a\ud800b');
    expect(new Reader(w.finish()).string()).toBe('a\ufffdb');
  });
});

describe('Writer length-delimited bodies', () => {
  it.each([0, 1, 127, 128, 300, 16_383, 16_384, 2_097_152])('ldelim of a %d-byte body', (size) => {
    const w = new Writer(8);
    w.byte(0x0a);
    const at = w.fork();
    for (let i = 0; i < size; i++) w.byte(i & 0x7f);
    w.ldelim(at);
    const r = new Reader(w.finish());
    expect(r.varint()).toBe(0x0a);
    expect(r.length()).toBe(size);
    expect(r.end - r.pos).toBe(size);
    expect(r.buf[r.end - 1]).toBe(size === 0 ? 0 : (size - 1) & 0x7f);
  });

  /** nestedBytes returns what three nested forks write, closed by close. */
  function nestedBytes(sizes: number[], close: (w: Writer, a: number, b: number, c: number) => void): Buffer {
    const w = new Writer(4);
    const fill = (n: number) => {
      for (let i = 0; i < n; i++) w.byte((i * 7) & 0x7f);
    };
    const a = w.fork();
    fill(sizes[0]!);
    const b = w.fork();
    fill(sizes[1]!);
    const c = w.fork();
    fill(sizes[2]!);
    close(w, a, b, c);
    return w.finish();
  }

  it.each([
    [0, 0, 0],
    [3, 2, 120],
    [3, 2, 125],
    [1, 1, 126],
    [10, 130, 5],
    [200, 1, 20_000],
    [5, 5, 3_000_000],
  ])('ldelim3 and ldelim2 write what nested ldelims write (%d, %d, %d)', (...sizes) => {
    const sequential = nestedBytes(sizes, (w, a, b, c) => {
      w.ldelim(c);
      w.ldelim(b);
      w.ldelim(a);
    });
    // Buffer.equals: jest's toEqual walks a 3 MB buffer element by element for seconds.
    expect(nestedBytes(sizes, (w, a, b, c) => w.ldelim3(a, b, c)).equals(sequential)).toBe(true);
    const paired = nestedBytes(sizes, (w, a, b, c) => {
      w.ldelim(c);
      w.ldelim2(a, b);
    });
    expect(paired.equals(sequential)).toBe(true);
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
      w.string(s);
      const inner = withWriter((w2, t: string) => w2.string(t), 'inner');
      w.bytes(inner);
    }, 'outer');
    expect([...outer]).toEqual([5, ...Buffer.from('outer'), 6, 5, ...Buffer.from('inner')]);
  });

  it('grows past its initial size', () => {
    const big = 'z'.repeat(200_000);
    const bytes = withWriter((w, s: string) => w.string(s), big);
    expect(new Reader(bytes).string()).toBe(big);
  });
});
