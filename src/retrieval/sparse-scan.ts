// Int8 tiles of vectors in WebAssembly memory, scanned by the SIMD kernel of
// sparse-scan.wat over only a query's non-zero dimensions. It proves nothing by itself:
// it hands back each row's integer sum, and flat-vectors.ts turns those into bounds on
// the exact score. Rows are quantised per row (scale = largest |value| / 127), so a
// value is off by at most half its row's scale.
import { SPARSE_SCAN_WASM } from './sparse-scan-wasm.js';
import { type KernelMemory, kernelOf } from './wasm-kernel.js';

/** Rows per tile: 256 bytes (four lines) per dimension, read in order. */
export const TILE_ROWS = 256;
/** Largest |query weight| after quantising: 256 × 32767 × 127 stays below 2^31. */
export const QUERY_SCALE = 32767;
const ROW_SCALE = 127;
/** Tiles one kernel call may scan: its output (8 bytes a row) must fit the out area. */
export const CALL_TILES = 256;

interface Kernel {
  memory: KernelMemory;
  scan(
    base: number,
    tileBytes: number,
    dim: number,
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
  /** Bytes a tile takes: values, then scales, then groups. */
  readonly tileBytes: number;
  private readonly queryAt: number;
  private readonly outAt: number;
  private readonly tilesAt: number;
  private tiles = 0;
  private bytes: Uint8Array;
  private i8: Int8Array;
  private f32: Float32Array;

  constructor(dim: number) {
    this.dim = dim;
    this.kernel = instantiate();
    this.tileBytes = dim * TILE_ROWS + TILE_ROWS * 4 + TILE_ROWS;
    // Scratch (128 bytes) at 0, then the query's pairs, the out area, then the tiles.
    this.queryAt = 1024;
    this.outAt = align(this.queryAt + dim * 8, 64);
    this.tilesAt = align(this.outAt + CALL_TILES * TILE_ROWS * 8, 64);
    this.bytes = new Uint8Array(0);
    this.i8 = new Int8Array(0);
    this.f32 = new Float32Array(0);
    this.reserve(0);
  }

  /** Rows the tiles hold room for. */
  get rows(): number {
    return this.tiles * TILE_ROWS;
  }

  /** Room for rows [0, rows): grows the memory by whole tiles (contents kept, new rows empty). */
  reserve(rows: number): void {
    const tiles = Math.ceil(rows / TILE_ROWS);
    if (tiles <= this.tiles && this.bytes.length) return;
    const needed = this.tilesAt + Math.max(tiles, this.tiles) * this.tileBytes;
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
    const tileAt = this.tileAt(row);
    const j = row % TILE_ROWS;
    // The row's dimensions lie TILE_ROWS apart; the array and the test on scale are read
    // once, not once a dimension (~1.1 M rows at 100,000 reports; the same bytes).
    const i8 = this.i8;
    if (scale > 0)
      for (let d = 0, at = tileAt + j; d < dim; d++, at += TILE_ROWS) i8[at] = roundHalfUp(vector[d] / scale);
    else for (let d = 0, at = tileAt + j; d < dim; d++, at += TILE_ROWS) i8[at] = 0;
    this.f32[(tileAt + dim * TILE_ROWS) / 4 + sumOrder(j)] = scale;
    this.bytes[tileAt + dim * TILE_ROWS + TILE_ROWS * 4 + sumOrder(j)] = group;
  }

  /** A row's scale (largest |value| / 127, as float32). */
  scale(row: number): number {
    return this.f32[(this.tileAt(row) + this.dim * TILE_ROWS) / 4 + sumOrder(row % TILE_ROWS)];
  }

  group(row: number): number {
    return this.bytes[this.tileAt(row) + this.dim * TILE_ROWS + TILE_ROWS * 4 + sumOrder(row % TILE_ROWS)];
  }

  setGroup(row: number, group: number): void {
    this.bytes[this.tileAt(row) + this.dim * TILE_ROWS + TILE_ROWS * 4 + sumOrder(row % TILE_ROWS)] = group;
  }

  /** Puts the query's quantised non-zero dimensions (weights in ±32767) in place for the scans after it. */
  setQuery(dims: ArrayLike<number>, weights: ArrayLike<number>, nnz: number): void {
    const at = this.queryAt / 4;
    const i32 = new Int32Array(this.kernel.memory.buffer);
    for (let i = 0; i < nnz; i++) {
      i32[at + 2 * i] = dims[i] * TILE_ROWS;
      i32[at + 2 * i + 1] = weights[i];
    }
    this.nnz = nnz;
  }
  private nnz = 0;

  /**
   * Scans tiles [first, last) (at most CALL_TILES) and returns the rows with lo ≤ group ≤ hi
   * and scale × (t × sum + b) ≥ theta (computed in float32), with their integer sums.
   */
  scan(first: number, last: number, t: number, b: number, theta: number, lo: number, hi: number): Emitted {
    if (last - first > CALL_TILES) throw new Error(`一次最多扫描 ${CALL_TILES} 块`);
    const count = this.kernel.scan(
      this.tilesAt,
      this.tileBytes,
      this.dim,
      first,
      Math.min(last, this.tiles),
      this.queryAt,
      this.nnz,
      t,
      b,
      theta,
      lo,
      hi,
      this.outAt,
      0,
    );
    const out = new Int32Array(this.kernel.memory.buffer, this.outAt, count * 2);
    const rows = new Int32Array(count);
    const sums = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      rows[i] = out[2 * i];
      sums[i] = out[2 * i + 1];
    }
    return { rows, sums, count };
  }

  /** The tiles as they lie in memory (a view: valid until the next reserve), to save or fill whole. */
  tileRegion(): Uint8Array {
    return new Uint8Array(this.kernel.memory.buffer, this.tilesAt, this.tiles * this.tileBytes);
  }

  /** Memory held by the tiles, in bytes. */
  get byteLength(): number {
    return this.kernel.memory.buffer.byteLength;
  }

  private tileAt(row: number): number {
    return this.tilesAt + Math.floor(row / TILE_ROWS) * this.tileBytes;
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
