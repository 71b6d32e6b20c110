// Variable-length numbers and a growable byte buffer for the store's packs (packed-cells.ts,
// year-packs.ts): most of a report's numbers are small whole numbers, a byte or two each
// instead of eight. Pure: no I/O. Whole numbers up to 2^53 − 1 (JavaScript's exact range).

/** Appends bytes; grows as needed. */
export class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(capacity = 256) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** A whole number 0 … 2^53 − 1, seven bits a byte, low bits first. */
  uint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  /** UTF-8 bytes of a string (no length: the caller writes what it needs). */
  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.room(n);
    this.buf.write(s, this.length, 'utf8');
    this.length += n;
  }

  /** Empties the writer, its buffer kept for what is written next. */
  clear(): void {
    this.length = 0;
  }

  /** A copy of the bytes written. */
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

/** Reads what a ByteWriter wrote, in order. */
export class ByteReader {
  at: number;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.at = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new RangeError('pack ends early');
    return this.bytes[this.at++];
  }

  uint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  }

  f64(): number {
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }
}

/** Whole numbers written as small numbers (|v| < 2^50); anything else is written as a double. */
const INT_LIMIT = 2 ** 50;

/**
 * A number or null as one tag and, for a fraction, huge number or NaN, eight bytes: 0 null,
 * 1 a double follows, 2 + 2k the whole number k, 3 + 2k the whole number −(k + 1). -0 is 0.
 */
export function writeNumber(w: ByteWriter, v: number | null): void {
  if (v === null) w.uint(0);
  else if (Number.isInteger(v) && Math.abs(v) < INT_LIMIT) w.uint(v >= 0 ? 2 + 2 * v : 1 + 2 * -v);
  else {
    w.uint(1);
    w.f64(v);
  }
}

export function readNumber(r: ByteReader): number | null {
  const tag = r.uint();
  if (tag === 0) return null;
  if (tag === 1) return r.f64();
  const t = tag - 2;
  return t % 2 === 0 ? t / 2 : -(t + 1) / 2;
}
