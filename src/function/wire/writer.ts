/** Node's undocumented but stable Buffer writer: it skips write()'s argument juggling. */
interface FastWrite {
  utf8Write(s: string, offset: number, length: number): number;
}

/** Strings up to this many UTF-16 units are written in JavaScript when ASCII: cheaper than a native call. */
const shortString = 32;

/** The scratch buffer is kept between messages up to this size; a larger one is dropped after use. */
const keptScratch = 4 << 20;

/**
 * A growable buffer that protobuf is written into front to back. A length-delimited field reserves
 * one byte for its length (fork) and fills it in at the end (ldelim); the rare field of 128 bytes or
 * more shifts its body to make room (ldelim2 and ldelim3 close nested fields with one move). On
 * composed resources this measured twice as fast as a size-then-write pass with cached sizes: most
 * nested fields are short, and every string is walked once instead of twice.
 */
export class Writer {
  buf: Buffer;
  pos = 0;

  constructor(size = 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** ensure makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** byte writes one byte: a tag of a field numbered below 16, or a one-byte value. */
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** varint writes an unsigned 32-bit number (tags, lengths, non-negative enums and int32s). */
  varint(n: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** int32 writes a signed 32-bit number; negative numbers take ten bytes, sign-extended as int64. */
  int32(n: number): void {
    if (n >= 0) this.varint(n);
    else this.varint64(n >>> 0, 0xffffffff);
  }

  /** int64 writes an integral number as a signed 64-bit varint (exact within ±2^53). */
  int64(n: number): void {
    const abs = Math.abs(n);
    let lo = (abs % 2 ** 32) >>> 0;
    let hi = Math.floor(abs / 2 ** 32) >>> 0;
    if (n < 0) {
      // Two's complement of the 64-bit magnitude.
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    this.varint64(lo, hi);
  }

  /** varint64 writes the 64-bit number hi·2^32 + lo, both halves unsigned 32-bit. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  /** double writes n as 8 little-endian bytes. */
  double(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  /** string writes s as a length-delimited UTF-8 field body (length, then bytes). */
  string(s: string): void {
    const n = s.length;
    if (n <= shortString) {
      // At most 3 bytes per UTF-16 unit: a short string's length fits in one byte (32·3 < 128).
      this.ensure(1 + n * 3);
      const buf = this.buf;
      const start = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      const len = i === n ? n : (buf as unknown as FastWrite).utf8Write(s, start, n * 3);
      buf[this.pos] = len;
      this.pos = start + len;
      return;
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.varint(len);
    this.ensure(len);
    (this.buf as unknown as FastWrite).utf8Write(s, this.pos, len);
    this.pos += len;
  }

  /** bytes writes b as a length-delimited field body. */
  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** fork reserves one byte for the length of the field body that follows and returns its offset. */
  fork(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** ldelim writes the length of the body begun by fork(at), moving the body if it needs more bytes. */
  ldelim(at: number): void {
    const len = this.pos - at - 1;
    if (len < 0x80) {
      this.buf[at] = len;
      return;
    }
    const extra = varintSize(len) - 1;
    this.ensure(extra);
    this.buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    this.pos += extra;
    writeVarintAt(this.buf, at, len);
  }

  /**
   * ldelim2 closes two nested forks (outer < inner) whose bodies both end here, like ldelim(inner)
   * then ldelim(outer), but moves the body at most once when the lengths need more bytes.
   */
  ldelim2(outer: number, inner: number): void {
    const end = this.pos;
    const li = end - inner - 1;
    const lo = inner - outer - 1 + varintSize(li) + li;
    const eo = varintSize(lo) - 1;
    const total = eo + varintSize(li) - 1;
    if (total === 0) {
      this.buf[outer] = lo;
      this.buf[inner] = li;
      return;
    }
    this.ensure(total);
    const buf = this.buf;
    buf.copyWithin(inner + 1 + total, inner + 1, end);
    buf.copyWithin(outer + 1 + eo, outer + 1, inner);
    writeVarintAt(buf, outer, lo);
    writeVarintAt(buf, inner + eo, li);
    this.pos = end + total;
  }

  /** ldelim3 closes three nested forks (a < b < c) whose bodies all end here, moving the body at most once. */
  ldelim3(a: number, b: number, c: number): void {
    const end = this.pos;
    const lc = end - c - 1;
    const lb = c - b - 1 + varintSize(lc) + lc;
    const la = b - a - 1 + varintSize(lb) + lb;
    const ea = varintSize(la) - 1;
    const eb = varintSize(lb) - 1;
    const total = ea + eb + varintSize(lc) - 1;
    if (total === 0) {
      this.buf[a] = la;
      this.buf[b] = lb;
      this.buf[c] = lc;
      return;
    }
    this.ensure(total);
    const buf = this.buf;
    // Rightmost first: every segment moves right, by the growth of the lengths before it.
    buf.copyWithin(c + 1 + total, c + 1, end);
    buf.copyWithin(b + 1 + ea + eb, b + 1, c);
    buf.copyWithin(a + 1 + ea, a + 1, b);
    writeVarintAt(buf, a, la);
    writeVarintAt(buf, b + ea, lb);
    writeVarintAt(buf, c + ea + eb, lc);
    this.pos = end + total;
  }

  /** finish returns a copy of the bytes written, sized to fit. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }
}

/** varintSize returns how many bytes the varint of a non-negative 32-bit n takes. */
function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

function writeVarintAt(buf: Buffer, pos: number, n: number): void {
  while (n > 0x7f) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[pos] = n;
}

let scratch: Writer | undefined;

/**
 * withWriter runs write against a reset writer and returns what it wrote. Encoding is synchronous, so
 * one scratch buffer serves every message; only the finished bytes are copied out.
 */
export function withWriter<T>(write: (w: Writer, value: T) => void, value: T): Buffer {
  const w = scratch ?? new Writer(64 << 10);
  // Nested use (an encoder called from inside another) must not share the buffer.
  scratch = undefined;
  w.pos = 0;
  try {
    write(w, value);
    return w.finish();
  } finally {
    if (w.buf.length <= keptScratch) scratch = w;
  }
}
