/** Node's undocumented but stable Buffer writer: it skips write()'s argument juggling. */
interface FastWrite {
  utf8Write(s: string, offset: number, length: number): number;
}

/**
 * Strings up to this many UTF-16 units are written in JavaScript when ASCII: cheaper than a native
 * call (about 1.2 ns a character against 40 ns a call, measured on Node 20).
 */
const shortString = 32;

/** The scratch buffer is kept between messages up to this size; a larger one is dropped after use. */
const keptScratch = 4 << 20;

/**
 * A growable buffer that protobuf is written into back to front: the buffer fills from its end
 * towards its start, a message's fields are written last field first, and a length-delimited
 * field's body is written before its length and tag. So every length is known when it is written
 * and nothing ever moves. (A front-to-back writer reserves a byte for each length and shifts every
 * body of 128 bytes or more once it knows better: a composed resource was moved about five times,
 * and closing the fields took a third of encoding.)
 *
 * Every write* function of the codec therefore writes in reverse wire order:
 *
 *   const end = w.mark();   // the body ends here
 *   writeBody(w, value);    // its fields last to first
 *   w.ldelim(end);          // the body's length ...
 *   w.byte(tag);            // ... and before it, the tag
 *
 * finish() returns the bytes in wire order.
 */
export class Writer {
  buf: Buffer;
  /** The first byte written so far; buf[pos..] holds the message's tail. */
  pos: number;

  constructor(size = 1024) {
    this.buf = Buffer.allocUnsafe(size);
    this.pos = size;
  }

  /** mark returns how many bytes have been written: a position that stays put while the buffer grows. */
  mark(): number {
    return this.buf.length - this.pos;
  }

  /** ensure makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos < n) this.grow(n);
  }

  private grow(n: number): void {
    const written = this.buf.length - this.pos;
    const size = Math.max(this.buf.length * 2, written + n);
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, size - written, this.pos);
    this.buf = next;
    this.pos = size - written;
  }

  /** byte writes one byte: a tag of a field numbered below 16, or a one-byte value. */
  byte(b: number): void {
    if (this.pos < 1) this.grow(1);
    this.buf[--this.pos] = b;
  }

  /** varint writes an unsigned 32-bit number (tags, lengths, non-negative enums and int32s). */
  varint(n: number): void {
    if (n < 0x80) {
      this.byte(n);
      return;
    }
    const size = varintSize(n);
    this.ensure(size);
    this.pos -= size;
    writeVarintAt(this.buf, this.pos, n);
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
    // Its size first, to know where it starts; then front to back as usual.
    let size = 1;
    for (let l = lo, h = hi; h !== 0 || l > 0x7f; size++) {
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    this.ensure(size);
    this.pos -= size;
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
    buf[pos] = lo;
  }

  /** double writes n as 8 little-endian bytes. */
  double(n: number): void {
    this.ensure(8);
    this.pos -= 8;
    this.buf.writeDoubleLE(n, this.pos);
  }

  /** string writes s as a length-delimited UTF-8 field body (length, then bytes). */
  string(s: string): void {
    const n = s.length;
    if (n <= shortString) {
      // At most 3 bytes per UTF-16 unit: a short string's length fits in one byte (32·3 < 128).
      this.ensure(1 + n * 3);
      // ASCII first, optimistically: then it is n bytes just below pos.
      const start = this.pos - n;
      if (copyAscii(this.buf, start, s)) {
        this.buf[start - 1] = n;
        this.pos = start - 1;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.ensure(len + 5);
    this.pos -= len;
    (this.buf as unknown as FastWrite).utf8Write(s, this.pos, len);
    this.varint(len);
  }

  /** bytes writes b as a length-delimited field body. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length + 5);
    this.pos -= b.length;
    this.buf.set(b, this.pos);
    this.varint(b.length);
  }

  /** ldelim writes the length of the body written since mark() returned end: the body's length prefix. */
  ldelim(end: number): void {
    this.varint(this.buf.length - this.pos - end);
  }

  /** finish returns a copy of the bytes written, in wire order, sized to fit. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.buf.length - this.pos);
    this.buf.copy(out, 0, this.pos);
    return out;
  }
}

/** varintSize returns how many bytes the varint of a non-negative 32-bit n takes. */
export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/**
 * copyAscii copies s to buf at start, one byte per UTF-16 unit, and reports whether s was ASCII
 * (when it was not, the bytes copied are garbage to be overwritten). Four units a step, and one
 * test of all of them at the end: a third faster than a test and a branch per unit on the short
 * keys and values of Kubernetes objects.
 */
function copyAscii(buf: Buffer, start: number, s: string): boolean {
  const n = s.length;
  let seen = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    buf[start + i] = c0;
    buf[start + i + 1] = c1;
    buf[start + i + 2] = c2;
    buf[start + i + 3] = c3;
  }
  if (i + 1 < n) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    seen |= c0 | c1;
    buf[start + i] = c0;
    buf[start + i + 1] = c1;
    i += 2;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    seen |= c;
    buf[start + i] = c;
  }
  return seen < 0x80;
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
  w.pos = w.buf.length;
  try {
    write(w, value);
    return w.finish();
  } finally {
    if (w.buf.length <= keptScratch) scratch = w;
  }
}
