// Exact nearest neighbours (cosine) for vectors whose queries are sparse, as the offline
// hashed embeddings' are (a question sets 4–100 of 256 dimensions): no graph. Every row
// is scored from int8 copies over the query's non-zero dimensions only (sparse-scan.ts),
// with a proven bound on each score's error; the rows whose upper bound reaches the k-th
// best lower bound are scored again from the float32 vectors, in dimension order as a
// brute-force scan sums them. The top k are therefore the exact top k, scores and all
// (issue 13: HNSW's recall@10 at 1.1 M chunks was 0.61–0.80, its graph the biggest cost
// of ingest and memory). Only the int8 tiles live in memory: the float32 vectors are read
// from disk when rescoring (vector-rows.ts; 1.1 GB of heap at 100,000 reports otherwise),
// and an opened file's tiles only as they are needed (saved-tiles.ts: a search reads its
// query's dimensions).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { SavedTiles } from './saved-tiles.js';
import { CALL_TILES, QUERY_SCALE, SparseScan, TILE_ROWS } from './sparse-scan.js';
import { VectorRows } from './vector-rows.js';
import { readFully, writeFully, writevFully } from '../io/positional.js';

/** Said when the file ends before what its head promises. */
const SHORT_FILE = '向量文件读到末尾之前就结束了';

/** Rows read at a time when opening a file saved with another tile size. */
const BLOCK_ROWS = 1024;
const MAGIC = 'NBFV';
/**
 * 4: the tiles by column (saved-tiles.ts); 3: the vectors right after the head (where they
 * wait before the first save), the tiles whole one after another; 2: as 3 but the labels
 * first. All open; a save writes 4.
 */
const FORMAT = 4;
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
  readonly #scan: SparseScan;
  /**
   * Saved tiles not all read yet: a store opened reads what each use of its scan needs (an
   * office's chunks are scored from the float32 vectors alone: a question naming an office
   * reads none of them; 288 MB at 100,000 reports; a search its query's columns). Groups
   * set meanwhile wait in it.
   */
  private saved: SavedTiles | null = null;
  /** The float32 vectors, by row, on disk (the file last saved or opened, and those added since). */
  private readonly store: VectorRows;
  /** A vector being added, normalised to float32 (reused). */
  private readonly row32: Float32Array;
  /** Row of each label (-1: none), and label of each row (-1: free). */
  private rowOfLabel: Int32Array = new Int32Array(1024).fill(-1);
  private labelOfRow: Int32Array = new Int32Array(0);
  private free: number[] = [];
  private rows = 0;
  private live = 0;

  /** `scratchDir`: where vectors added before the next save wait (default: the system's temporary folder). */
  constructor(dim: number, scratchDir?: string) {
    this.dim = dim;
    this.#scan = new SparseScan(dim);
    // Rows wait where a saved file holds them, so the first save can keep them in place.
    this.store = new VectorRows(dim, scratchDir, HEAD);
    this.row32 = new Float32Array(dim);
  }

  /** The int8 tiles, every saved one read first if it is not yet. */
  private get scan(): SparseScan {
    if (this.saved) {
      this.saved.readAll(this.#scan);
      this.saved = null;
    }
    return this.#scan;
  }

  /** The int8 tiles with room for `row`, its segment's saved tiles read (the row is about to be written). */
  private scanForRow(row: number): SparseScan {
    this.#scan.reserve(row + 1);
    const saved = this.saved;
    if (saved) {
      saved.readRow(this.#scan, row);
      if (saved.done) this.saved = null;
    }
    return this.#scan;
  }

  /** The int8 tiles with the saved columns of a query's dimensions read. */
  private scanFor(q: SparseQuery): SparseScan {
    const saved = this.saved;
    if (saved) {
      saved.readDims(this.#scan, q.dims, q.nnz);
      if (saved.done) this.saved = null;
    }
    return this.#scan;
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
    const v = this.row32;
    for (let d = 0; d < this.dim; d++) v[d] = vector[d] / norm;
    this.store.write(row, v);
    // Quantised from the float32 values kept, so the bound holds against them exactly.
    this.scanForRow(row).set(row, v, group);
    this.place(label, row);
    this.live++;
  }

  /** Drops a label's vector; its row is reused by the next add. */
  remove(label: number): boolean {
    if (!this.has(label)) return false;
    const row = this.rowOfLabel[label];
    this.groupRow(row, 0);
    this.rowOfLabel[label] = -1;
    this.labelOfRow[row] = -1;
    this.free.push(row);
    this.live--;
    return true;
  }

  /** Moves a label to another group (its metadata changed). */
  setGroup(label: number, group: number): void {
    if (this.has(label)) this.groupRow(this.rowOfLabel[label], group);
  }

  /** Sets a row's group in the tiles, or for them while they are not read yet. */
  private groupRow(row: number, group: number): void {
    if (this.saved) this.saved.setGroup(this.#scan, row, group);
    else this.#scan.setGroup(row, group);
  }

  /** A copy of a label's stored (normalised, float32) vector. */
  vector(label: number): Float32Array | undefined {
    if (!this.has(label)) return undefined;
    let copy: Float32Array | undefined;
    this.store.forEach([this.rowOfLabel[label]], (_, v, at) => {
      copy = v.slice(at, at + this.dim);
    });
    return copy;
  }

  /** The exact top k [label, cosine] over every live row (in `groups` when given), best first, ties by label. */
  search(query: ArrayLike<number>, k: number, groups: GroupRange = { lo: 1, hi: 255 }): [number, number][] {
    const q = sparse(query);
    if (!q || k <= 0 || !this.live) return [];
    const scan = this.scanFor(q);
    scan.setQuery(q.dims, q.weights, q.nnz);
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
      const out = scan.scan(first, Math.min(first + step, tiles), t, bound, kernelTheta, groups.lo, groups.hi);
      for (let i = 0; i < out.count; i++) {
        const row = out.rows[i];
        const scale = scan.scale(row);
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
    const rows: number[] = [];
    for (let i = 0; i < candRows.length; i++) if (candUpper[i] >= theta) rows.push(candRows[i]);
    return topOf(this.score(rows, q), k);
  }

  /** The exact top k [label, cosine] over the given labels (an office's chunks), best first, ties by label. */
  searchLabels(query: ArrayLike<number>, k: number, labels: Iterable<number>): [number, number][] {
    const q = sparse(query);
    if (!q || k <= 0) return [];
    const rows: number[] = [];
    for (const label of labels) if (this.has(label)) rows.push(this.rowOfLabel[label]);
    return topOf(this.score(rows, q), k);
  }

  /** [label, cosine] of each row (repeats kept), its float32 vector read from disk, rows in file order. */
  private score(rows: number[], q: SparseQuery): [number, number][] {
    const sorted = Int32Array.from(rows).sort();
    const scored: [number, number][] = new Array(sorted.length);
    this.store.forEach(sorted, (i, v, at) => {
      scored[i] = [this.labelOfRow[sorted[i]], dot(v, at, q.dims, q.values, q.nnz) / q.norm];
    });
    return scored;
  }

  /**
   * Writes the vectors to `file`: 'NBFV', version, dim, rows, rows per tile (uint32 each),
   * the vectors (float32), each row's label (int32, -1 for a free row), then the int8 tiles
   * by column (saved-tiles.ts), so opening reads them rather than quantising 1.1 M rows again.
   * A store that never saved nor opened a file has its vectors in its pending file laid out
   * so already: that file is completed and renamed to `file`, the vectors written once
   * (issue 13). Otherwise a new file is written and renamed over `file` (a reader of the
   * file there keeps reading its own), the vectors copied a span at a time from where they
   * lie. Flushed either way. The file written is then where this store reads its vectors from.
   */
  save(file: string): void {
    const vectorsAt = HEAD;
    const labelsAt = vectorsAt + this.rows * this.dim * 4;
    const tilesAt = labelsAt + this.rows * 4;
    const scan = this.scan;
    const tiles = scan.tileCount;
    const finish = (fd: number) => {
      const head = Buffer.alloc(HEAD);
      head.write(MAGIC, 0, 'latin1');
      head.writeUInt32LE(FORMAT, 4);
      head.writeUInt32LE(this.dim, 8);
      head.writeUInt32LE(this.rows, 12);
      head.writeUInt32LE(TILE_ROWS, 16);
      writeFully(fd, head, 0);
      writeFully(fd, new Uint8Array(this.labelOfRow.buffer, 0, this.rows * 4), labelsAt);
      const columnBytes = tiles * TILE_ROWS;
      for (let d = 0; d < this.dim; d++) writevFully(fd, scan.column(d), tilesAt + d * columnBytes);
      const metaAt = tilesAt + this.dim * columnBytes;
      writevFully(fd, scan.scaleViews(), metaAt);
      writevFully(fd, scan.groupViews(), metaAt + columnBytes * 4);
      fs.ftruncateSync(fd, tilesAt + SavedTiles.bytes(tiles, this.dim));
    };
    if (this.store.adopt(this.rows, file, finish)) return;
    const tmp = `${file}-${randomUUID().slice(0, 8)}.tmp`;
    const fd = fs.openSync(tmp, 'wx+');
    try {
      this.store.copyTo(fd, vectorsAt, this.rows);
      finish(fd);
      fs.fsyncSync(fd);
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    this.store.useBase(fd, vectorsAt, this.rows);
  }

  /**
   * Vectors written by save(); each row keeps the group it was saved in until told otherwise
   * (setGroup). The file stays open: rescoring reads its vectors. Throws on another file.
   */
  static load(file: string, scratchDir?: string): FlatVectors {
    const fd = fs.openSync(file, 'r');
    let flat: FlatVectors | null = null;
    try {
      const size = fs.fstatSync(fd).size;
      const head = Buffer.alloc(HEAD);
      fs.readSync(fd, head, 0, HEAD, 0);
      const format = head.readUInt32LE(4);
      if (size < HEAD || head.toString('latin1', 0, 4) !== MAGIC || format < 2 || format > FORMAT)
        throw new Error(`向量文件 ${file} 的格式不对`);
      const dim = head.readUInt32LE(8);
      const rows = head.readUInt32LE(12);
      const tileRows = head.readUInt32LE(16);
      flat = new FlatVectors(dim, scratchDir);
      // Format 2 put the labels before the vectors, format 3 after them.
      const vectorsAt = format === 2 ? HEAD + rows * 4 : HEAD;
      const labelsAt = format === 2 ? HEAD : HEAD + rows * dim * 4;
      const tilesAt = HEAD + rows * 4 + rows * dim * 4;
      // The vectors stay in the file: only the tiles are read (or made again below).
      flat.store.useBase(fd, vectorsAt, rows);
      const scan = flat.#scan;
      scan.reserve(rows);
      const tiles = scan.tileCount;
      const sameTiles = tileRows === TILE_ROWS && size === tilesAt + SavedTiles.bytes(tiles, dim);
      if (!sameTiles && size < tilesAt) throw new Error(`向量文件 ${file} 不完整`);
      // Read where they stay, as each row's label (the rows past them free).
      const labels = new Int32Array(Math.max(rows, 1024)).fill(-1, rows);
      readFully(fd, new Uint8Array(labels.buffer, 0, rows * 4), labelsAt, SHORT_FILE);
      flat.rows = rows;
      if (sameTiles) flat.saved = new SavedTiles(fd, tilesAt, rows, dim, format === FORMAT ? 'columns' : 'tiles');
      else {
        // Saved by another tile size: quantised again (the same numbers, laid out anew).
        for (let first = 0; first < rows; first += BLOCK_ROWS) {
          const block = Array.from({ length: Math.min(BLOCK_ROWS, rows - first) }, (_, i) => first + i);
          flat.store.forEach(block, (i, v, at) => {
            if (labels[block[i]] >= 0) scan.set(block[i], v.subarray(at, at + dim), 1);
          });
        }
      }
      flat.placeAll(labels, rows);
      // Free rows are taken lowest first, as a store that never saved would (not needed, but tidy).
      flat.free.reverse();
      return flat;
    } catch (err) {
      // Once handed to the store, the descriptor is closed by it (never twice).
      if (flat) flat.close();
      else fs.closeSync(fd);
      throw err;
    }
  }

  /** Adds a vector as stored elsewhere (float32, already normalised: read from a saved graph), in group 1. */
  addStored(label: number, vector: Float32Array): void {
    if (this.has(label)) this.remove(label);
    const row = this.free.pop() ?? this.rows++;
    this.store.write(row, vector);
    this.scanForRow(row).set(row, vector, 1);
    this.place(label, row);
    this.live++;
  }

  /** Closes the vectors' files (the store answers no more searches). */
  close(): void {
    // Never read through a descriptor closed here (its number may be another file's by then).
    this.saved = null;
    this.store.close();
  }

  /** Bytes held in memory: int8 tiles, label maps, buffers (the float32 vectors are on disk). */
  get byteLength(): number {
    return this.#scan.byteLength + this.rowOfLabel.byteLength + this.labelOfRow.byteLength + this.store.byteLength;
  }
  /**
   * Every saved row placed at once (a store just made, holding none): `labels`, each row's
   * label (-1: free) read from the file, becomes the row-to-label map itself, not copied
   * into another (4.4 MB of fresh memory at 100,000 reports, ~1,100 first touches of a
   * page); the label-to-row map is made once at the size place() row by row would grow it
   * to (grown 1.5 times at a time, it was copied ~30 times over); free rows listed in order.
   */
  private placeAll(labels: Int32Array, rows: number): void {
    let labelCap = this.rowOfLabel.length;
    for (let r = 0; r < rows; r++) {
      const label = labels[r];
      if (label >= labelCap) labelCap = Math.max(label + 1, Math.ceil(labelCap * 1.5));
    }
    if (labelCap !== this.rowOfLabel.length) this.rowOfLabel = new Int32Array(labelCap).fill(-1);
    this.labelOfRow = labels;
    const { rowOfLabel } = this;
    for (let r = 0; r < rows; r++) {
      const label = labels[r];
      if (label < 0) {
        this.free.push(r);
        continue;
      }
      rowOfLabel[label] = r;
      this.live++;
    }
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

/** Σ vector[at + d] × q[d] over the query's dimensions, in dimension order, in float64 (as a brute-force scan sums). */
function dot(vector: Float32Array, at: number, dims: Int32Array, values: Float64Array, nnz: number): number {
  let sum = 0;
  for (let i = 0; i < nnz; i++) sum += vector[at + dims[i]] * values[i];
  return sum;
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
