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
import { groupSlot, SEGMENT_TILES, type SparseScan, TILE_ROWS } from './sparse-scan.js';

/** Said when the file ends before what its head promises. */
const SHORT_FILE = '向量文件读到末尾之前就结束了';
/** A tile's segment is tile >> SEGMENT_SHIFT; a group's slot lies at slot & SEGMENT_MASK of its segment's. */
const SEGMENT_SHIFT = Math.log2(SEGMENT_TILES);
const SEGMENT_MASK = SEGMENT_TILES * TILE_ROWS - 1;
/** Whole tiles (formats 2, 3) read at a time: ~1 MB, in one reused buffer. */
const TILES_AT_ONCE = 16;

export type TileLayout = 'columns' | 'tiles';

export class SavedTiles {
  private readonly tiles: number;
  private readonly segments: number;
  /** 1 for each (segment, dimension) column read, at segment × dim + dimension. */
  private readonly read: Uint8Array;
  private columnsLeft: number;
  private metaRead = false;
  /**
   * Groups set (or rows removed) before the saved groups are read are written into the
   * scan at once, and marked here (a bit a row, by groupSlot) to be kept over the saved ones.
   * A store opened sets every live row's year group (hnsw-graph.ts): the saved groups are
   * then read only for rows it did not set (none, when no row is free).
   */
  private groupsSet: Uint8Array | null = null;
  private groupsSetCount = 0;

  /**
   * `fd` (not closed here) holds the tiles of `rows` rows of `dim` dimensions from byte `at`,
   * laid out as `layout` says; the scan has room for them already.
   */
  constructor(
    private readonly fd: number,
    private readonly at: number,
    private readonly rows: number,
    private readonly dim: number,
    private readonly layout: TileLayout,
  ) {
    this.tiles = Math.ceil(rows / TILE_ROWS);
    this.segments = Math.ceil(this.tiles / SEGMENT_TILES);
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
    scan.setGroup(row, group);
    if (this.metaRead) return;
    // Every saved row (a row past them is added first, which reads the groups).
    this.groupsSet ??= new Uint8Array(this.tiles * (TILE_ROWS / 8));
    const slot = groupSlot(row);
    if (marked(this.groupsSet, slot)) return;
    this.groupsSet[slot >> 3] |= 1 << (slot & 7);
    this.groupsSetCount++;
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
    this.readGroups(scan, metaAt + tiles * TILE_ROWS * 4);
    this.metaRead = true;
    this.groupsSet = null;
  }

  /** The saved groups from `at`, under those set since opening. */
  private readGroups(scan: SparseScan, at: number): void {
    const set = this.groupsSet;
    if (!set) {
      readvFully(this.fd, scan.groupViews(this.tiles), at, SHORT_FILE);
      return;
    }
    // Every saved row set: the rows past them in the last tile are empty (0) in the file as here.
    if (this.groupsSetCount === this.rows) return;
    const views = scan.groupViews(this.tiles);
    const saved = new Uint8Array(views[0].length);
    for (let s = 0, slot = 0; s < views.length; s++) {
      const view = views[s];
      readFully(this.fd, saved.subarray(0, view.length), at + slot, SHORT_FILE);
      for (let i = 0; i < view.length; i++, slot++) if (!marked(set, slot)) view[i] = saved[i];
    }
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

  /** Formats 2 and 3: every tile, read a few at a time and laid out by column (the groups set since kept). */
  private readTiles(scan: SparseScan): void {
    const tileBytes = TILE_ROWS * (this.dim + 5);
    const groupsAt = TILE_ROWS * (this.dim + 4);
    const buffer = new Uint8Array(tileBytes * Math.min(TILES_AT_ONCE, this.tiles));
    const set = this.groupsSet;
    const groups = scan.groupViews(this.tiles);
    for (let first = 0; first < this.tiles; first += TILES_AT_ONCE) {
      const n = Math.min(TILES_AT_ONCE, this.tiles - first);
      readFully(this.fd, buffer.subarray(0, n * tileBytes), this.at + first * tileBytes, SHORT_FILE);
      for (let i = 0; i < n; i++) {
        const tile = buffer.subarray(i * tileBytes, (i + 1) * tileBytes);
        const t = first + i;
        if (set)
          for (let j = 0, slot = t * TILE_ROWS; j < TILE_ROWS; j++, slot++)
            if (marked(set, slot)) tile[groupsAt + j] = groups[t >> SEGMENT_SHIFT][slot & SEGMENT_MASK];
        scan.setTile(t, tile);
      }
    }
    this.read.fill(1);
    this.columnsLeft = 0;
    this.metaRead = true;
    this.groupsSet = null;
  }
}

/** Whether a group slot's bit is set in `bits` (a bit a slot). */
function marked(bits: Uint8Array, slot: number): boolean {
  return (bits[slot >> 3] & (1 << (slot & 7))) !== 0;
}
