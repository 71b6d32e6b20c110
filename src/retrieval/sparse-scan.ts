// Int8 tiles of vectors in WebAssembly memory, scanned by the SIMD kernel of
// sparse-scan.wat over only a query's non-zero dimensions. It proves nothing by itself:
// it hands back each row's integer sum, and flat-vectors.ts turns those into bounds on
// the exact score. Rows are quantised per row (scale = largest |value| / 127), so a
// value is off by at most half its row's scale. The memory is laid out by dimension, in
// segments of SEGMENT_TILES tiles: a segment's values of one dimension lie together (a
// column), so a search touches, and a saved file gives, only its dimensions' columns
// (a question sets 4–100 of 256; issue 13).
import { SPARSE_SCAN_WASM } from './sparse-scan-wasm.js';
import { type KernelMemory, kernelOf } from './wasm-kernel.js';

/** Rows per tile: 256 bytes (four lines) per dimension, read in order. */
export const TILE_ROWS = 256;
/** Largest |query weight| after quantising: 256 × 32767 × 127 stays below 2^31. */
export const QUERY_SCALE = 32767;
const ROW_SCALE = 127;
/** Tiles one scan may cover: its output (8 bytes a row) must fit the out area. */
export const CALL_TILES = 256;
/** Tiles a segment holds (16,384 rows): memory grows, and the kernel is called, a segment at a time. */
export const SEGMENT_TILES = 64;
const SEGMENT_ROWS = SEGMENT_TILES * TILE_ROWS;
/**
 * Bytes from one dimension's column to the next in a segment: a row's values, written
 * together, then fall in different cache sets (at exactly 16 KB apart all 256 would share one).
 */
const COLUMN_STRIDE = SEGMENT_ROWS + 64;

interface Kernel {
  memory: KernelMemory;
  scan(
    values: number,
    scales: number,
    groups: number,
    first: number,
    last: number,
    q: number,
    nnz: number,
    t: number,
    b: number,
    theta: number,
    lo: number,
    hi: number,
    out: number,
    scratch: number,
  ): number;
}

const instantiate = kernelOf<Kernel>(SPARSE_SCAN_WASM);

/** One scan's emitted rows: row numbers and their integer sums, `count` of each. */
export interface Emitted {
  rows: Int32Array;
  sums: Int32Array;
  count: number;
}

export class SparseScan {
  readonly dim: number;
  private readonly kernel: Kernel;
  /** Bytes a segment takes: its columns (dim × COLUMN_STRIDE), then its scales (4 a row), then its groups (1 a row). */
  private readonly segmentBytes: number;
  private readonly queryAt: number;
  private readonly outAt: number;
  private readonly segmentsAt: number;
  private tiles = 0;
  private bytes: Uint8Array;
  private i8: Int8Array;
  private f32: Float32Array;

  constructor(dim: number) {
    this.dim = dim;
    this.kernel = instantiate();
    this.segmentBytes = dim * COLUMN_STRIDE + SEGMENT_ROWS * 5;
    // Scratch (128 bytes) at 0, then the query's pairs, the out area, then the segments.
    this.queryAt = 1024;
    this.outAt = align(this.queryAt + dim * 8, 64);
    this.segmentsAt = align(this.outAt + CALL_TILES * TILE_ROWS * 8, 64);
    this.bytes = new Uint8Array(0);
    this.i8 = new Int8Array(0);
    this.f32 = new Float32Array(0);
    this.reserve(0);
  }

  /** Rows the tiles hold room for. */
  get rows(): number {
    return this.tiles * TILE_ROWS;
  }

  /** Tiles held (rows / TILE_ROWS, rounded up). */
  get tileCount(): number {
    return this.tiles;
  }

  /** Segments the tiles lie in. */
  get segments(): number {
    return Math.ceil(this.tiles / SEGMENT_TILES);
  }

  /**
   * Room for rows [0, rows): grows the memory by whole segments (contents kept, new rows
   * empty). Memory grown but never written is never touched: it costs no page.
   */
  reserve(rows: number): void {
    const tiles = Math.ceil(rows / TILE_ROWS);
    if (tiles <= this.tiles && this.bytes.length) return;
    const segments = Math.ceil(Math.max(tiles, this.tiles) / SEGMENT_TILES);
    const needed = this.segmentsAt + segments * this.segmentBytes;
    const memory = this.kernel.memory;
    if (needed > memory.buffer.byteLength) {
      // By a quarter again: each grow may copy the memory, and 100,000 reports need ~290 MB.
      const want = Math.max(needed, Math.ceil(memory.buffer.byteLength * 1.25));
      memory.grow(Math.ceil((want - memory.buffer.byteLength) / 65536));
    }
    this.tiles = Math.max(tiles, this.tiles);
    this.views();
  }

  /** Writes row `row`'s vector (unit length or not: any scale) quantised, in group `group` (1–255). */
  set(row: number, vector: ArrayLike<number>, group: number): void {
    const { dim } = this;
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(vector[d]));
    // The scale as stored (float32), so the values are rounded against the very number the bound uses.
    const scale = Math.fround(max / ROW_SCALE);
    const segment = this.segmentAt(Math.floor(row / SEGMENT_ROWS));
    // The row's dimensions lie COLUMN_STRIDE apart; the array and the test on scale are read
    // once, not once a dimension (~1.1 M rows at 100,000 reports; the same bytes).
    const i8 = this.i8;
    const first = segment + (row % SEGMENT_ROWS);
    if (scale > 0)
      for (let d = 0, at = first; d < dim; d++, at += COLUMN_STRIDE) i8[at] = roundHalfUp(vector[d] / scale);
    else for (let d = 0, at = first; d < dim; d++, at += COLUMN_STRIDE) i8[at] = 0;
    this.f32[this.scaleAt(row) / 4] = scale;
    this.bytes[this.groupAt(row)] = group;
  }

  /** A row's scale (largest |value| / 127, as float32). */
  scale(row: number): number {
    return this.f32[this.scaleAt(row) / 4];
  }

  group(row: number): number {
    return this.bytes[this.groupAt(row)];
  }

  setGroup(row: number, group: number): void {
    this.bytes[this.groupAt(row)] = group;
  }

  /** The int8 value stored for row `row`, dimension `d`. */
  value(row: number, d: number): number {
    return this.i8[this.segmentAt(Math.floor(row / SEGMENT_ROWS)) + d * COLUMN_STRIDE + (row % SEGMENT_ROWS)];
  }

  /** Puts the query's quantised non-zero dimensions (weights in ±32767) in place for the scans after it. */
  setQuery(dims: ArrayLike<number>, weights: ArrayLike<number>, nnz: number): void {
    const at = this.queryAt / 4;
    const i32 = new Int32Array(this.kernel.memory.buffer);
    for (let i = 0; i < nnz; i++) {
      i32[at + 2 * i] = dims[i] * COLUMN_STRIDE;
      i32[at + 2 * i + 1] = weights[i];
    }
    this.nnz = nnz;
  }
  private nnz = 0;

  /**
   * Scans tiles [first, last) (at most CALL_TILES) and returns the rows with lo ≤ group ≤ hi
   * and scale × (t × sum + b) ≥ theta (computed in float32), with their integer sums, in
   * row order. One kernel call a segment.
   */
  scan(first: number, last: number, t: number, b: number, theta: number, lo: number, hi: number): Emitted {
    if (last - first > CALL_TILES) throw new Error(`一次最多扫描 ${CALL_TILES} 块`);
    const end = Math.min(last, this.tiles);
    const out = new Int32Array(this.kernel.memory.buffer, this.outAt, Math.max(0, end - first) * TILE_ROWS * 2);
    let count = 0;
    for (let tile = first; tile < end; ) {
      const s = Math.floor(tile / SEGMENT_TILES);
      const segmentEnd = Math.min(end, (s + 1) * SEGMENT_TILES);
      const at = this.segmentAt(s);
      const n = this.kernel.scan(
        at,
        at + this.dim * COLUMN_STRIDE,
        at + this.dim * COLUMN_STRIDE + SEGMENT_ROWS * 4,
        tile - s * SEGMENT_TILES,
        segmentEnd - s * SEGMENT_TILES,
        this.queryAt,
        this.nnz,
        t,
        b,
        theta,
        lo,
        hi,
        this.outAt + count * 8,
        0,
      );
      // The kernel numbers rows within the segment.
      const rowBase = s * SEGMENT_ROWS;
      if (rowBase) for (let i = count; i < count + n; i++) out[2 * i] += rowBase;
      count += n;
      tile = segmentEnd;
    }
    const rows = new Int32Array(count);
    const sums = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      rows[i] = out[2 * i];
      sums[i] = out[2 * i + 1];
    }
    return { rows, sums, count };
  }

  /**
   * Dimension d's column in segments [first, last), one view a segment, over the first
   * `tiles` tiles (the last segment's may hold fewer): valid until the next reserve, to save or fill.
   */
  column(d: number, first = 0, last = this.segments, tiles = this.tiles): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (let s = first; s < last; s++) views.push(this.view(this.segmentAt(s) + d * COLUMN_STRIDE, s, tiles, 1));
    return views;
  }

  /** The first `tiles` tiles' scales as float32 bytes, one view a segment (rows in sum order within each tile). */
  scaleViews(tiles = this.tiles): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (let s = 0; s * SEGMENT_TILES < tiles; s++)
      views.push(this.view(this.segmentAt(s) + this.dim * COLUMN_STRIDE, s, tiles, 4));
    return views;
  }

  /** The first `tiles` tiles' groups, one view a segment (as scaleViews). */
  groupViews(tiles = this.tiles): Uint8Array[] {
    const views: Uint8Array[] = [];
    for (let s = 0; s * SEGMENT_TILES < tiles; s++)
      views.push(this.view(this.segmentAt(s) + this.dim * COLUMN_STRIDE + SEGMENT_ROWS * 4, s, tiles, 1));
    return views;
  }

  /**
   * Writes tile `tile` as laid out whole (the vectors files of formats 2 and 3): dimension
   * d's 256 values at d × 256, then the 256 scales, then the 256 groups, in sum order.
   */
  setTile(tile: number, bytes: Uint8Array): void {
    const s = Math.floor(tile / SEGMENT_TILES);
    const within = (tile % SEGMENT_TILES) * TILE_ROWS;
    const at = this.segmentAt(s);
    const all = this.bytes;
    for (let d = 0; d < this.dim; d++)
      all.set(bytes.subarray(d * TILE_ROWS, (d + 1) * TILE_ROWS), at + d * COLUMN_STRIDE + within);
    const meta = this.dim * TILE_ROWS;
    all.set(bytes.subarray(meta, meta + TILE_ROWS * 4), at + this.dim * COLUMN_STRIDE + within * 4);
    all.set(
      bytes.subarray(meta + TILE_ROWS * 4, meta + TILE_ROWS * 5),
      at + this.dim * COLUMN_STRIDE + SEGMENT_ROWS * 4 + within,
    );
  }

  /** Memory held by the tiles, in bytes (grown: pages never written take none). */
  get byteLength(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  private segmentAt(segment: number): number {
    return this.segmentsAt + segment * this.segmentBytes;
  }

  private scaleAt(row: number): number {
    const within = row % SEGMENT_ROWS;
    return (
      this.segmentAt(Math.floor(row / SEGMENT_ROWS)) +
      this.dim * COLUMN_STRIDE +
      4 * ((within & ~255) + sumOrder(within & 255))
    );
  }

  private groupAt(row: number): number {
    const within = row % SEGMENT_ROWS;
    return (
      this.segmentAt(Math.floor(row / SEGMENT_ROWS)) +
      this.dim * COLUMN_STRIDE +
      SEGMENT_ROWS * 4 +
      (within & ~255) +
      sumOrder(within & 255)
    );
  }

  /** Segment s's tiles (of the first `tiles`) × TILE_ROWS × `width` bytes from `at`. */
  private view(at: number, s: number, tiles: number, width: number): Uint8Array {
    const held = Math.min(SEGMENT_TILES, Math.min(tiles, this.tiles) - s * SEGMENT_TILES);
    return new Uint8Array(this.kernel.memory.buffer, at, held * TILE_ROWS * width);
  }

  /** Views over the memory: a grow detaches the old buffer. */
  private views(): void {
    const buffer = this.kernel.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.f32 = new Float32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  }
}

/**
 * Math.round(y) as an Int8Array stores it, for |y| < 2^31 or NaN (here |y| ≤ 127 or a little
 * more: no value exceeds the row's largest, and the scale is that over 127 in float32): the
 * integer part by truncation, the fraction (exact) beside it, one up from ½ and one down
 * below −½, by arithmetic on the comparisons. Math.round's own test of its result branches
 * on the fraction, half the time the other way: it took half of quantising (issue 13).
 */
function roundHalfUp(y: number): number {
  const whole = y | 0;
  const fraction = y - whole;
  return whole + +(fraction >= 0.5) - +(fraction < -0.5);
}

/** Where row `row` keeps its group among every row's (groupViews(), one after another). */
export function groupSlot(row: number): number {
  return (row & ~(TILE_ROWS - 1)) + sumOrder(row & (TILE_ROWS - 1));
}

/**
 * Where row j of a tile keeps its scale and group: in the order the kernel's sums come out
 * (within each 8 rows, the even rows then the odd: see sparse-scan.wat).
 */
function sumOrder(j: number): number {
  return (j & ~7) + ((j & 1) << 2) + ((j & 7) >> 1);
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
