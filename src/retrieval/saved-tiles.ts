// The int8 tiles of a saved vectors file (flat-vectors.ts) not read yet, read into the
// scan's memory at their first need: a search reads the columns of its query's dimensions
// (~4–100 of 256), adding a row reads its segment, a save everything. At 100,000 reports
// a passage question read all 288 MB into fresh memory (~70 k first touches of a page,
// ~2 s here) where its ~30 dimensions need ~40 MB (issue 13).
// Files of format 4 hold the tiles by column: dimension 0's values of every tile, then
// dimension 1's …, then every tile's 256 scales (float32), then their 256 groups (u8), each
// as SparseScan keeps them. Formats 2 and 3 held them tile after tile (a tile's values by
// dimension, its scales, its groups): read whole at the first need, laid out anew.
import { readFully, readvFully } from '../io/positional.js';
import { SEGMENT_TILES, type SparseScan, TILE_ROWS } from './sparse-scan.js';

/** Said when the file ends before what its head promises. */
const SHORT_FILE = '向量文件读到末尾之前就结束了';
/** Whole tiles (formats 2, 3) read at a time: ~1 MB, in one reused buffer. */
const TILES_AT_ONCE = 16;

export type TileLayout = 'columns' | 'tiles';

export class SavedTiles {
  private readonly segments: number;
  /** 1 for each (segment, dimension) column read, at segment × dim + dimension. */
  private readonly read: Uint8Array;
  private columnsLeft: number;
  private metaRead = false;
  /**
   * Groups set (or rows removed) before the saved groups are read, by row (-1: none): written
   * over them once read. A store opened sets every row's year group (hnsw-graph.ts).
   */
  private pendingGroups: Int16Array | null = null;

  /**
   * `fd` (not closed here) holds `tiles` tiles of `dim` dimensions from byte `at`, laid out
   * as `layout` says; the scan has room for them already.
   */
  constructor(
    private readonly fd: number,
    private readonly at: number,
    private readonly tiles: number,
    private readonly dim: number,
    private readonly layout: TileLayout,
  ) {
    this.segments = Math.ceil(tiles / SEGMENT_TILES);
    this.read = new Uint8Array(this.segments * dim);
    this.columnsLeft = this.read.length;
  }

  /** Bytes the tiles take in the file (either layout). */
  static bytes(tiles: number, dim: number): number {
    return tiles * TILE_ROWS * (dim + 5);
  }

  /** Whether every byte is read (this can then be dropped). */
  get done(): boolean {
    return this.metaRead && this.columnsLeft === 0;
  }

  /** Sets a row's group, in the scan or for it once the saved groups are read. */
  setGroup(scan: SparseScan, row: number, group: number): void {
    if (this.metaRead) {
      scan.setGroup(row, group);
      return;
    }
    // Every saved row (a row past them is added first, which reads the groups).
    this.pendingGroups ??= new Int16Array(this.tiles * TILE_ROWS).fill(-1);
    this.pendingGroups[row] = group;
  }

  /** Reads the scales, the groups and the columns of dimensions dims[0 … n) (a search's). */
  readDims(scan: SparseScan, dims: ArrayLike<number>, n: number): void {
    if (this.layout === 'tiles') {
      this.readAll(scan);
      return;
    }
    this.readMeta(scan);
    for (let i = 0; i < n; i++) this.readColumn(scan, dims[i], 0, this.segments);
  }

  /** Reads the scales, the groups and every column of the segment holding `row` (a row about to be written). */
  readRow(scan: SparseScan, row: number): void {
    if (this.layout === 'tiles') {
      this.readAll(scan);
      return;
    }
    this.readMeta(scan);
    const s = Math.floor(row / (SEGMENT_TILES * TILE_ROWS));
    if (s >= this.segments) return;
    for (let d = 0; d < this.dim; d++) this.readColumn(scan, d, s, s + 1);
  }

  /** Reads everything not read yet. */
  readAll(scan: SparseScan): void {
    if (this.layout === 'tiles') {
      if (!this.metaRead) this.readTiles(scan);
      return;
    }
    this.readMeta(scan);
    for (let d = 0; d < this.dim; d++) this.readColumn(scan, d, 0, this.segments);
  }

  private readMeta(scan: SparseScan): void {
    if (this.metaRead) return;
    const { tiles } = this;
    const metaAt = this.at + tiles * TILE_ROWS * this.dim;
    readvFully(this.fd, scan.scaleViews(tiles), metaAt, SHORT_FILE);
    readvFully(this.fd, scan.groupViews(tiles), metaAt + tiles * TILE_ROWS * 4, SHORT_FILE);
    this.metaDone(scan);
  }

  private metaDone(scan: SparseScan): void {
    this.metaRead = true;
    const groups = this.pendingGroups;
    this.pendingGroups = null;
    if (groups) for (let r = 0; r < groups.length; r++) if (groups[r] >= 0) scan.setGroup(r, groups[r]);
  }

  /** Dimension d's columns in segments [first, last) not read yet, each run of them in one readv. */
  private readColumn(scan: SparseScan, d: number, first: number, last: number): void {
    const { read, dim } = this;
    for (let s = first; s < last; ) {
      if (read[s * dim + d]) {
        s++;
        continue;
      }
      let end = s + 1;
      while (end < last && !read[end * dim + d]) end++;
      const columnAt = this.at + d * this.tiles * TILE_ROWS;
      readvFully(this.fd, scan.column(d, s, end, this.tiles), columnAt + s * SEGMENT_TILES * TILE_ROWS, SHORT_FILE);
      for (let r = s; r < end; r++) read[r * dim + d] = 1;
      this.columnsLeft -= end - s;
      s = end;
    }
  }

  /** Formats 2 and 3: every tile, read a few at a time and laid out by column. */
  private readTiles(scan: SparseScan): void {
    const tileBytes = TILE_ROWS * (this.dim + 5);
    const buffer = new Uint8Array(tileBytes * Math.min(TILES_AT_ONCE, this.tiles));
    for (let first = 0; first < this.tiles; first += TILES_AT_ONCE) {
      const n = Math.min(TILES_AT_ONCE, this.tiles - first);
      readFully(this.fd, buffer.subarray(0, n * tileBytes), this.at + first * tileBytes, SHORT_FILE);
      for (let i = 0; i < n; i++) scan.setTile(first + i, buffer.subarray(i * tileBytes, (i + 1) * tileBytes));
    }
    this.read.fill(1);
    this.columnsLeft = 0;
    this.metaDone(scan);
  }
}
