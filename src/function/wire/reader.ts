import { WireError } from './errors.js';

/** Protobuf wire types. Groups (3, 4) are obsolete but still have to be skipped. */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

const wireTypeNames = ['VARINT', 'I64', 'LEN', 'SGROUP', 'EGROUP', 'I32', '6', '7'];

/** Node's undocumented but stable Buffer slicers: they skip toString's argument juggling. */
interface FastSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/** Object keys up to this many bytes are cached (see Reader.key), in a direct-mapped table of this size. */
const maxCachedKey = 40;
const keyCacheBits = 12;
const keyCache: (string | undefined)[] = new Array<string | undefined>(1 << keyCacheBits).fill(undefined);

/**
 * A cursor over protobuf bytes. Every read checks bounds against `end` and throws WireError with
 * the offset, so truncated or hostile input never reads past the buffer or loops forever. Messages
 * nest by narrowing: a length-delimited field is read up to `pos + length`, passed down as `end`.
 */
export class Reader {
  readonly buf: Buffer;
  pos = 0;
  /** The end of the message being read: the buffer's end, or a nested field's (see enter). */
  end: number;

  constructor(bytes: Uint8Array) {
    // grpc-js hands over Buffers; other views are wrapped without copying.
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = this.buf.length;
  }

  /** varint returns the next varint's low 32 bits as an unsigned number, consuming up to 10 bytes. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < this.end) {
      const b = buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= this.end) throw this.truncated('varint');
      const b = buf[pos++]!;
      // Bits past 32 are dropped, as protobuf does for int32/uint32/enum fields.
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new WireError(`cannot read varint at offset ${this.pos}: longer than 10 bytes`);
  }

  /** int32 returns the next varint as a signed 32-bit number (enums, int32 fields). */
  int32(): number {
    return this.varint() | 0;
  }

  /**
   * int64 returns the next varint as a signed 64-bit number. Values beyond ±2^53 lose precision;
   * the only int64 in the protocol is Duration.seconds, whose range (±10,000 years) fits.
   */
  int64(): number {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.truncated('varint');
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80)
        return hi & 0x80000000 ? -((~hi >>> 0) * 2 ** 32 + (~lo >>> 0) + 1) : hi * 2 ** 32 + (lo >>> 0);
    }
    throw new WireError(`cannot read varint at offset ${start}: longer than 10 bytes`);
  }

  /** bool returns the next varint as a boolean: any non-zero value is true. */
  bool(): boolean {
    // A bool may arrive as a multi-byte varint; only the value matters.
    const b = this.buf[this.pos]!;
    if (this.pos < this.end && b < 0x80) {
      this.pos++;
      return b !== 0;
    }
    return this.int64() !== 0;
  }

  /** double returns the next 8 bytes as a little-endian IEEE 754 double. */
  double(): number {
    if (this.end - this.pos < 8) throw this.truncated('double');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** length returns the length prefix of a LEN field, checked against the bytes that remain. */
  length(): number {
    const start = this.pos;
    const buf = this.buf;
    const b = buf[start]!;
    const b2 = buf[start + 1]!;
    let len: number;
    if (start < this.end && b < 0x80) {
      this.pos = start + 1;
      len = b;
    } else if (start + 1 < this.end && b2 < 0x80) {
      // Two bytes: the body of most composed resources and their larger nested objects.
      this.pos = start + 2;
      len = (b & 0x7f) | (b2 << 7);
    } else {
      len = this.int64();
    }
    if (len < 0 || len > this.end - this.pos) {
      throw new WireError(
        `cannot read field at offset ${start}: length ${len} overflows the ${this.end - this.pos} bytes that remain`,
      );
    }
    return len;
  }

  /** string returns the next LEN field as a UTF-8 string; invalid sequences become U+FFFD. */
  string(): string {
    const len = this.length();
    const start = this.pos;
    this.pos = start + len;
    // An ASCII check before a latin1 slice measured no faster: values vary too much to cache (see key).
    return len === 0 ? '' : (this.buf as unknown as FastSlices).utf8Slice(start, start + len);
  }

  /**
   * key returns the next LEN field as a string, like string(), but through a cache of short ASCII
   * strings: object keys repeat across every resource of a request, and returning the same string
   * saves both the slice and V8's internalizing of a fresh key.
   */
  key(): string {
    const len = this.length();
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    const buf = this.buf;
    if (len === 0) return '';
    if (len > maxCachedKey) return (buf as unknown as FastSlices).utf8Slice(start, end);
    // A hash of the length and four sampled bytes is enough to spread keys; a hit is confirmed byte by byte.
    const hash = Math.imul(
      (len << 24) ^
        (buf[start]! << 16) ^
        (buf[start + (len >> 1)]! << 8) ^
        buf[end - 1]! ^
        (buf[start + (len >> 2)]! << 4),
      0x9e3779b1,
    );
    const slot = hash >>> (32 - keyCacheBits);
    const cached = keyCache[slot];
    if (cached !== undefined && cached.length === len) {
      let i = 0;
      while (i < len && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === len) return cached;
    }
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) return (buf as unknown as FastSlices).utf8Slice(start, end);
    }
    const key = (buf as unknown as FastSlices).latin1Slice(start, end);
    keyCache[slot] = key;
    return key;
  }

  /** bytes returns the next LEN field as a Buffer copy, so it outlives the request's buffer. */
  bytes(): Buffer {
    const len = this.length();
    const out = Buffer.allocUnsafe(len);
    this.buf.copy(out, 0, this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  /** tag returns the next field's tag (field number << 3 | wire type), rejecting field number 0. */
  tag(): number {
    const start = this.pos;
    const tag = this.varint();
    if (tag >>> 3 === 0) throw new WireError(`cannot read field at offset ${start}: invalid field number 0`);
    return tag;
  }

  /** skip moves past the value of a field with the given tag whose field this message does not know. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.VARINT:
        this.int64();
        return;
      case WireType.I64:
        this.advance(8, 'fixed64');
        return;
      case WireType.LEN: {
        // Not `this.pos += this.length()`: that would add to pos as it was before the length.
        const len = this.length();
        this.pos += len;
        return;
      }
      case WireType.SGROUP:
        this.skipGroup(tag >>> 3);
        return;
      case WireType.I32:
        this.advance(4, 'fixed32');
        return;
      default:
        throw new WireError(
          `cannot read field ${tag >>> 3} at offset ${this.pos}: unexpected wire type ${wireTypeNames[tag & 7]}`,
        );
    }
  }

  /** expect throws unless tag carries the wire type that field `name` is declared with. */
  expect(tag: number, wireType: number, name: string): void {
    if ((tag & 7) !== wireType) {
      throw new WireError(
        `cannot read field ${name} (${tag >>> 3}) before offset ${this.pos}: wire type ${wireTypeNames[tag & 7]}, want ${wireTypeNames[wireType]}`,
      );
    }
  }

  /**
   * enter narrows the reader to the LEN field `name` whose tag was just read, after checking its wire
   * type, and returns the enclosing end for leave. Reads inside cannot run past the field.
   */
  enter(tag: number, name: string): number {
    this.expect(tag, WireType.LEN, name);
    return this.narrow();
  }

  /** narrow is enter for a tag already known to be LEN: it narrows to the field and returns the enclosing end. */
  narrow(): number {
    const len = this.length();
    const outer = this.end;
    this.end = this.pos + len;
    return outer;
  }

  /** leave restores the enclosing end returned by enter, once the nested field is read to its end. */
  leave(outer: number): void {
    this.end = outer;
  }

  private skipGroup(field: number): void {
    // Groups nest; iterate rather than recurse so hostile nesting cannot exhaust the stack.
    const open = [field];
    while (open.length > 0) {
      const tag = this.tag();
      if ((tag & 7) === WireType.SGROUP) open.push(tag >>> 3);
      else if ((tag & 7) === WireType.EGROUP) {
        if (open.pop() !== tag >>> 3)
          throw new WireError(`cannot read group at offset ${this.pos}: mismatched end`);
      } else this.skip(tag);
    }
  }

  private advance(n: number, what: string): void {
    if (this.end - this.pos < n) throw this.truncated(what);
    this.pos += n;
  }

  private truncated(what: string): WireError {
    return new WireError(
      `cannot read ${what} at offset ${this.pos}: truncated, the field or message ends at ${this.end}`,
    );
  }
}

/**
 * decodeWith returns what read makes of the whole of bytes, with any failure rethrown as WireError
 * naming the message. The readers throw only WireError; anything else would be a bug in them, and is
 * wrapped all the same so that a caller's error handling holds.
 */
export function decodeWith<T>(bytes: Uint8Array, name: string, read: (r: Reader) => T): T {
  try {
    return read(new Reader(bytes));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new WireError(`cannot decode ${name}: ${reason}`, { cause: err });
  }
}
