// Exact nearest neighbours (cosine) for vectors whose queries are sparse, as the offline
// hashed embeddings' are (a question sets 4–100 of 256 dimensions): no graph. Every row
// is scored from int8 copies over the query's non-zero dimensions only (sparse-scan.ts),
// with a proven bound on each score's error; the rows whose upper bound reaches the k-th
// best lower bound are scored again from the float32 vectors, in dimension order as a
// brute-force scan sums them. The top k are therefore the exact top k, scores and all
// (issue 13: HNSW's recall@10 at 1.1 M chunks was 0.61–0.80, its graph the biggest cost
// of ingest and memory).
import fs from 'node:fs';
import { CALL_TILES, QUERY_SCALE, SparseScan, TILE_ROWS } from './sparse-scan.js';

/** Float32 rows per block: the vectors grow a block at a time, never copied whole. */
const BLOCK_ROWS = 1024;
const MAGIC = 'NBFV';
const FORMAT = 2;
const HEAD = 20;
/** Slack for float32 rounding inside the kernel (scores are within about ±2). */
const KERNEL_SLACK = 1e-5;

/** A search's narrowing: rows whose group lies in [lo, hi] (groups are 1–255; 0 is no row). */
export interface GroupRange {
  lo: number;
  hi: number;
}

export class FlatVectors {
  readonly dim: number;
  private readonly scan: SparseScan;
  private blocks: Float32Array[] = [];
  /** Row of each label (-1: none), and label of each row (-1: free). */
  private rowOfLabel = new Int32Array(1024).fill(-1);
  private labelOfRow = new Int32Array(0);
  private free: number[] = [];
  private rows = 0;
  private live = 0;

  constructor(dim: number) {
    this.dim = dim;
    this.scan = new SparseScan(dim);
  }

  get size(): number {
    return this.live;
  }

  /** Rows held, live or free for the next add. */
  get capacity(): number {
    return this.rows;
  }

  has(label: number): boolean {
    return label < this.rowOfLabel.length && this.rowOfLabel[label] >= 0;
  }

  /** Every live label, by row. */
  *labels(): IterableIterator<number> {
    for (let r = 0; r < this.rows; r++) if (this.labelOfRow[r] >= 0) yield this.labelOfRow[r];
  }

  /** Adds a vector under a label (normalised: cosine), in group `group` (1–255). */
  add(label: number, vector: ArrayLike<number>, group: number): void {
    if (vector.length !== this.dim) throw new Error(`向量维数不对：索引是 ${this.dim} 维，收到 ${vector.length} 维`);
    if (this.has(label)) this.remove(label);
    const row = this.free.pop() ?? this.rows++;
    let norm = 0;
    for (let d = 0; d < this.dim; d++) norm += vector[d] * vector[d];
    norm = Math.sqrt(norm) || 1;
    const block = this.block(row);
    const at = (row % BLOCK_ROWS) * this.dim;
    for (let d = 0; d < this.dim; d++) block[at + d] = vector[d] / norm;
    this.scan.reserve(row + 1);
    // Quantised from the float32 values kept, so the bound holds against them exactly.
    this.scan.set(row, block.subarray(at, at + this.dim), group);
    this.place(label, row);
    this.live++;
  }

  /** Drops a label's vector; its row is reused by the next add. */
  remove(label: number): boolean {
    if (!this.has(label)) return false;
    const row = this.rowOfLabel[label];
    this.scan.setGroup(row, 0);
    this.rowOfLabel[label] = -1;
    this.labelOfRow[row] = -1;
    this.free.push(row);
    this.live--;
    return true;
  }

  /** Moves a label to another group (its metadata changed). */
  setGroup(label: number, group: number): void {
    if (this.has(label)) this.scan.setGroup(this.rowOfLabel[label], group);
  }

  /** A copy of a label's stored (normalised, float32) vector. */
  vector(label: number): Float32Array | undefined {
    if (!this.has(label)) return undefined;
    const row = this.rowOfLabel[label];
    const at = (row % BLOCK_ROWS) * this.dim;
    return this.blocks[Math.floor(row / BLOCK_ROWS)].slice(at, at + this.dim);
  }

  /** The exact top k [label, cosine] over every live row (in `groups` when given), best first, ties by label. */
  search(query: ArrayLike<number>, k: number, groups: GroupRange = { lo: 1, hi: 255 }): [number, number][] {
    const q = sparse(query);
    if (!q || k <= 0 || !this.live) return [];
    this.scan.setQuery(q.dims, q.weights, q.nnz);
    // Each row's true dot lies within scale × bound of scale × t × sum (see boundOf).
    const t = q.t;
    const bound = q.bound;
    const best = new MinHeap(k);
    let candRows: number[] = [];
    let candUpper: number[] = [];
    const tiles = Math.ceil(this.rows / TILE_ROWS);
    // Small first calls set a threshold early, then up to CALL_TILES at a time.
    for (let first = 0, step = 1; first < tiles; first += step, step = Math.min(step * 4, CALL_TILES)) {
      const theta = best.full ? best.min : -Infinity;
      const kernelTheta = theta === -Infinity ? -3.4e38 : theta - KERNEL_SLACK;
      const out = this.scan.scan(first, Math.min(first + step, tiles), t, bound, kernelTheta, groups.lo, groups.hi);
      for (let i = 0; i < out.count; i++) {
        const row = out.rows[i];
        const scale = this.scan.scale(row);
        const mid = scale * t * out.sums[i];
        const slack = scale * bound;
        best.push(mid - slack);
        candRows.push(row);
        candUpper.push(mid + slack);
      }
      // Rows that can no longer reach the top k are dropped as the threshold rises.
      if (candRows.length > 8 * k + 4096 && best.full) [candRows, candUpper] = keepAbove(candRows, candUpper, best.min);
    }
    const theta = best.full ? best.min : -Infinity;
    const scored: [number, number][] = [];
    for (let i = 0; i < candRows.length; i++) {
      if (candUpper[i] < theta) continue;
      const row = candRows[i];
      scored.push([this.labelOfRow[row], this.dot(row, q.dims, q.values, q.nnz) / q.norm]);
    }
    return topOf(scored, k);
  }

  /** The exact top k [label, cosine] over the given labels (an office's chunks), best first, ties by label. */
  searchLabels(query: ArrayLike<number>, k: number, labels: Iterable<number>): [number, number][] {
    const q = sparse(query);
    if (!q || k <= 0) return [];
    const scored: [number, number][] = [];
    for (const label of labels) {
      if (!this.has(label)) continue;
      scored.push([label, this.dot(this.rowOfLabel[label], q.dims, q.values, q.nnz) / q.norm]);
    }
    return topOf(scored, k);
  }

  /**
   * Writes the vectors to `file`: 'NBFV', version, dim, rows, rows per tile (uint32 each),
   * each row's label (int32, -1 for a free row), the vectors (float32), then the int8 tiles
   * as they lie in memory, so opening reads them rather than quantising 1.1 M rows again.
   * Written a block at a time (never one buffer of them all: 1.4 GB at 100,000 reports), flushed.
   */
  save(file: string): void {
    const fd = fs.openSync(file, 'w');
    try {
      const head = Buffer.alloc(HEAD);
      head.write(MAGIC, 0, 'latin1');
      head.writeUInt32LE(FORMAT, 4);
      head.writeUInt32LE(this.dim, 8);
      head.writeUInt32LE(this.rows, 12);
      head.writeUInt32LE(TILE_ROWS, 16);
      fs.writeSync(fd, head);
      fs.writeSync(fd, new Uint8Array(this.labelOfRow.buffer, 0, this.rows * 4));
      for (let b = 0; b * BLOCK_ROWS < this.rows; b++) {
        const rows = Math.min(BLOCK_ROWS, this.rows - b * BLOCK_ROWS);
        fs.writeSync(fd, new Uint8Array(this.blocks[b].buffer, 0, rows * this.dim * 4));
      }
      const tiles = this.scan.tileRegion();
      for (let at = 0; at < tiles.length; at += 1 << 24) fs.writeSync(fd, tiles.subarray(at, at + (1 << 24)));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Vectors written by save(); each row keeps the group it was saved in until told otherwise (setGroup). Throws on another file. */
  static load(file: string): FlatVectors {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const head = Buffer.alloc(HEAD);
      fs.readSync(fd, head, 0, HEAD, 0);
      if (size < HEAD || head.toString('latin1', 0, 4) !== MAGIC || head.readUInt32LE(4) !== FORMAT)
        throw new Error(`向量文件 ${file} 的格式不对`);
      const dim = head.readUInt32LE(8);
      const rows = head.readUInt32LE(12);
      const tileRows = head.readUInt32LE(16);
      const flat = new FlatVectors(dim);
      flat.scan.reserve(rows);
      const tiles = flat.scan.tileRegion();
      const vectorsAt = HEAD + rows * 4;
      const tilesAt = vectorsAt + rows * dim * 4;
      const sameTiles = tileRows === TILE_ROWS && size === tilesAt + tiles.length;
      if (!sameTiles && size < tilesAt) throw new Error(`向量文件 ${file} 不完整`);
      const labels = new Int32Array(rows);
      readFully(fd, new Uint8Array(labels.buffer), HEAD);
      for (let first = 0; first < rows; first += BLOCK_ROWS) {
        // Read straight into the block: the saved numbers are the vectors, not normalised again.
        const block = flat.block(first);
        const n = Math.min(BLOCK_ROWS, rows - first);
        readFully(fd, new Uint8Array(block.buffer, 0, n * dim * 4), vectorsAt + first * dim * 4);
      }
      flat.rows = rows;
      if (sameTiles) readFully(fd, tiles, tilesAt);
      for (let r = 0; r < rows; r++) {
        if (labels[r] < 0) {
          flat.free.push(r);
          continue;
        }
        // Saved by another tile size: quantised again (the same numbers, laid out anew).
        if (!sameTiles) flat.scan.set(r, flat.rowView(r), 1);
        flat.place(labels[r], r);
        flat.live++;
      }
      // Free rows are taken lowest first, as a store that never saved would (not needed, but tidy).
      flat.free.reverse();
      return flat;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Adds a vector as stored elsewhere (float32, already normalised: read from a saved graph), in group 1. */
  addStored(label: number, vector: Float32Array): void {
    if (this.has(label)) this.remove(label);
    const row = this.free.pop() ?? this.rows++;
    const block = this.block(row);
    block.set(vector, (row % BLOCK_ROWS) * this.dim);
    this.scan.reserve(row + 1);
    this.scan.set(row, this.rowView(row), 1);
    this.place(label, row);
    this.live++;
  }

  /** A row's float32 vector, in place. */
  private rowView(row: number): Float32Array {
    const at = (row % BLOCK_ROWS) * this.dim;
    return this.blocks[Math.floor(row / BLOCK_ROWS)].subarray(at, at + this.dim);
  }

  /** Bytes held: float32 vectors, int8 tiles, label maps. */
  get byteLength(): number {
    return this.blocks.length * BLOCK_ROWS * this.dim * 4 + this.scan.byteLength + this.rowOfLabel.byteLength * 2;
  }

  /** Σ vector[d] × q[d] over the query's dimensions, in dimension order, in float64 (as a brute-force scan sums). */
  private dot(row: number, dims: Int32Array, values: Float64Array, nnz: number): number {
    const block = this.blocks[Math.floor(row / BLOCK_ROWS)];
    const at = (row % BLOCK_ROWS) * this.dim;
    let dot = 0;
    for (let i = 0; i < nnz; i++) dot += block[at + dims[i]] * values[i];
    return dot;
  }

  private block(row: number): Float32Array {
    const b = Math.floor(row / BLOCK_ROWS);
    while (this.blocks.length <= b) this.blocks.push(new Float32Array(BLOCK_ROWS * this.dim));
    return this.blocks[b];
  }

  private place(label: number, row: number): void {
    if (label >= this.rowOfLabel.length) {
      const grown = new Int32Array(Math.max(label + 1, Math.ceil(this.rowOfLabel.length * 1.5))).fill(-1);
      grown.set(this.rowOfLabel);
      this.rowOfLabel = grown;
    }
    if (row >= this.labelOfRow.length) {
      const grown = new Int32Array(Math.max(row + 1, Math.ceil(this.labelOfRow.length * 1.5), 1024)).fill(-1);
      grown.set(this.labelOfRow);
      this.labelOfRow = grown;
    }
    this.rowOfLabel[label] = row;
    this.labelOfRow[row] = label;
  }
}

/** A query's non-zero dimensions (ascending), their values and int16 weights, and the bound they give. */
interface SparseQuery {
  nnz: number;
  dims: Int32Array;
  values: Float64Array;
  weights: Int32Array;
  /** Weight step: value ≈ t × weight, off by at most t / 2. */
  t: number;
  /**
   * |Σ q·v − scale × t × Σ weight·int8| ≤ scale × bound for every row: each int8 is off by at
   * most scale/2 (Σ|q|·scale/2), each weight by t/2 against values of at most 127 × scale
   * (nnz × t/2 × 127 × scale); widened a little for float rounding.
   */
  bound: number;
  norm: number;
}

function sparse(query: ArrayLike<number>): SparseQuery | null {
  const n = query.length;
  const dims = new Int32Array(n);
  const values = new Float64Array(n);
  let nnz = 0;
  let max = 0;
  let l1 = 0;
  let norm = 0;
  for (let d = 0; d < n; d++) {
    const x = query[d];
    if (x === 0) continue;
    dims[nnz] = d;
    values[nnz++] = x;
    max = Math.max(max, Math.abs(x));
    l1 += Math.abs(x);
    norm += x * x;
  }
  if (!nnz || !Number.isFinite(l1)) return null;
  const t = max / QUERY_SCALE;
  const weights = new Int32Array(nnz);
  for (let i = 0; i < nnz; i++) weights[i] = Math.round(values[i] / t);
  const bound = (l1 / 2 + (nnz * t * 127) / 2) * (1 + 1e-6) + 1e-9;
  return { nnz, dims, values, weights, t, bound, norm: Math.sqrt(norm) };
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n <= 0) throw new Error('向量文件读到末尾之前就结束了');
    done += n;
  }
}

/** The entries whose upper bound reaches theta. */
function keepAbove(rows: number[], upper: number[], theta: number): [number[], number[]] {
  const r: number[] = [];
  const u: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (upper[i] >= theta) {
      r.push(rows[i]);
      u.push(upper[i]);
    }
  }
  return [r, u];
}

/** The k best [label, score], best first, ties to the lower label. */
function topOf(scored: [number, number][], k: number): [number, number][] {
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return scored.slice(0, k);
}

/** The k largest numbers pushed so far; `min` is the k-th largest once full. */
class MinHeap {
  private readonly h: Float64Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.h = new Float64Array(k);
  }
  get full(): boolean {
    return this.n === this.k;
  }
  get min(): number {
    return this.h[0];
  }
  push(x: number): void {
    const h = this.h;
    if (this.n < this.k) {
      let i = this.n++;
      h[i] = x;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p] <= h[i]) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
      }
      return;
    }
    if (x <= h[0]) return;
    h[0] = x;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && h[l] < h[m]) m = l;
      if (r < this.n && h[r] < h[m]) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
