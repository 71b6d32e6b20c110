// The float32 vectors of flat-vectors.ts, kept on disk rather than in the heap (issue 13:
// 1.1 GB at 100,000 reports, read only to rescore the few hundred rows a scan cannot rule
// out). A row's vector lies in the vectors file it was last saved to or opened from (read,
// never written: another process may be reading it; a save writes a new file) or, when
// added since, in a pending file of this process's own (a `.tmp` beside the index), at
// `pendingAt` + row × 4 × dim: where the saved file holds it, so that a store's first save
// takes the pending file over as the saved one (adopt) instead of writing every vector a
// second time (~110 MB at 10,000 reports). close() removes the pending file; one left by a
// crash is removed as a stale temporary file. Reads are pread()s into reused buffers, from
// the page cache; rows near each other are read in one span.
import fs from 'node:fs';
import { openPendingFile } from '../io/pending-file.js';
import { readFully, writeFully } from '../io/positional.js';

/** Said when the file ends before what its head promises. */
const SHORT_FILE = '向量文件读到末尾之前就结束了';

/** Rows read or written in one call at most (1 MB at 256 dimensions). */
const SPAN_ROWS = 1024;
/** Needed rows at most this far apart are read in one span, the rows between read along. */
const SPAN_GAP = 4;

/** The descriptors a VectorRows holds, closed when it is collected without close(). */
interface Handles {
  base: number | null;
  pending: number | null;
  /** The pending file's name while it has one (it loses it to a save that adopts it, or to close). */
  pendingPath: string | null;
}

const closeHandles = (h: Handles) => {
  for (const fd of [h.base, h.pending]) if (fd !== null) fs.closeSync(fd);
  if (h.pendingPath !== null) fs.rmSync(h.pendingPath, { force: true });
  h.base = h.pending = h.pendingPath = null;
};
const collected = new FinalizationRegistry<Handles>(closeHandles);

export class VectorRows {
  readonly dim: number;
  private readonly rowBytes: number;
  /** Where the pending file goes: the index's folder when known (never a RAM disk by accident). */
  private readonly scratchDir: string | undefined;
  private readonly handles: Handles = { base: null, pending: null, pendingPath: null };
  /** Where row 0 lies in the pending file (its rows follow as in the saved file). */
  private readonly pendingAt: number;
  /** The saved file's vectors: row 0 at byte `baseAt`, `baseRows` rows. */
  private baseAt = 0;
  private baseRows = 0;
  /** 1 for a row whose vector is in the pending file (or its unwritten tail below). */
  private pending = new Uint8Array(0);
  /** Rows [tailFirst, tailFirst + tailCount) written here, not yet to the pending file. */
  private readonly tail: Float32Array;
  private tailFirst = 0;
  private tailCount = 0;
  /** A span's rows as read, reused. */
  private readonly span: Float32Array;

  constructor(dim: number, scratchDir?: string, pendingAt = 0) {
    this.dim = dim;
    this.rowBytes = dim * 4;
    this.scratchDir = scratchDir;
    this.pendingAt = pendingAt;
    this.tail = new Float32Array(SPAN_ROWS * dim);
    this.span = new Float32Array(SPAN_ROWS * dim);
    collected.register(this, this.handles, this);
  }

  /** Takes a saved file's vectors as the rows [0, rows): the file descriptor is kept (and closed by close()). */
  useBase(fd: number, at: number, rows: number): void {
    const old = this.handles.base;
    this.handles.base = fd;
    if (old !== null && old !== fd) fs.closeSync(old);
    this.baseAt = at;
    this.baseRows = rows;
    // Every row is now in the file just saved: the pending ones are dropped, and their file
    // with them (the next add opens another), so a saved folder holds no temporary file.
    this.flushTail(false);
    this.pending.fill(0);
    if (this.handles.pending !== null) fs.closeSync(this.handles.pending);
    if (this.handles.pendingPath !== null) fs.rmSync(this.handles.pendingPath, { force: true });
    this.handles.pending = this.handles.pendingPath = null;
  }

  /** Sets a row's vector (`dim` float32 values, copied). */
  write(row: number, vector: Float32Array): void {
    if (this.tailCount && (row !== this.tailFirst + this.tailCount || this.tailCount === SPAN_ROWS)) this.flushTail();
    if (!this.tailCount) this.tailFirst = row;
    this.tail.set(vector.length === this.dim ? vector : vector.subarray(0, this.dim), this.tailCount++ * this.dim);
    if (row >= this.pending.length) {
      const grown = new Uint8Array(Math.max(row + 1, Math.ceil(this.pending.length * 1.5), 1024));
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[row] = 1;
  }

  /**
   * Calls `visit(i, vector, at)` for each rows[i] (ascending; repeats allowed), the vector
   * being vector[at … at + dim) of a buffer the next call reuses.
   */
  forEach(rows: ArrayLike<number>, visit: (i: number, vector: Float32Array, at: number) => void): void {
    this.flushTail();
    for (let i = 0; i < rows.length; ) {
      const first = rows[i];
      const inPending = this.isPending(first);
      // The span: following rows from the same file, close together, within SPAN_ROWS.
      let j = i + 1;
      while (
        j < rows.length &&
        rows[j] - rows[j - 1] <= SPAN_GAP &&
        rows[j] - first < SPAN_ROWS &&
        this.isPending(rows[j]) === inPending
      )
        j++;
      const last = rows[j - 1];
      this.readSpan(inPending, first, last - first + 1);
      for (let n = i; n < j; n++) visit(n, this.span, (rows[n] - first) * this.dim);
      i = j;
    }
  }

  /**
   * Makes the pending file the saved file `file` when it holds every row [0, rows) and
   * nothing was saved or opened before: `finish(fd)` writes the rest of the file around
   * the vectors, then it is flushed and renamed to `file`, and becomes the file the rows
   * are read from. False, having changed nothing that is read, when it cannot be (the
   * caller then writes the file whole): a saved file already, a row not pending, or the
   * pending file gone or on another file system.
   */
  adopt(rows: number, file: string, finish: (fd: number) => void): boolean {
    const { pending: fd, pendingPath } = this.handles;
    if (this.handles.base !== null || fd === null || pendingPath === null || rows === 0) return false;
    for (let r = 0; r < rows; r++) if (!this.isPending(r)) return false;
    this.flushTail();
    // The vectors stay where they are; what follows them in the pending file is scratch.
    finish(fd);
    fs.fsyncSync(fd);
    try {
      fs.renameSync(pendingPath, file);
    } catch {
      // Removed as stale by another process, or another file system: written whole instead.
      return false;
    }
    this.handles.pendingPath = null;
    this.handles.pending = null;
    this.handles.base = fd;
    this.baseAt = this.pendingAt;
    this.baseRows = rows;
    this.pending.fill(0);
    return true;
  }

  /** Writes rows [0, rows) to `fd` from `position`, in order, a span at a time. */
  copyTo(fd: number, position: number, rows: number): void {
    this.flushTail();
    const bytes = new Uint8Array(this.span.buffer);
    for (let first = 0; first < rows; ) {
      const inPending = this.isPending(first);
      let n = 1;
      while (n < SPAN_ROWS && first + n < rows && this.isPending(first + n) === inPending) n++;
      this.readSpan(inPending, first, n);
      writeFully(fd, bytes.subarray(0, n * this.rowBytes), position + first * this.rowBytes);
      first += n;
    }
  }

  /** Bytes held in memory (the buffers and the pending map; the vectors themselves are on disk). */
  get byteLength(): number {
    return this.tail.byteLength + this.span.byteLength + this.pending.byteLength;
  }

  /** Closes the files (the pending one disappears with it). */
  close(): void {
    collected.unregister(this);
    closeHandles(this.handles);
  }

  private isPending(row: number): boolean {
    return row < this.pending.length && this.pending[row] === 1;
  }

  private readSpan(inPending: boolean, first: number, n: number): void {
    const into = new Uint8Array(this.span.buffer, 0, n * this.rowBytes);
    if (inPending) {
      readFully(this.pendingFd(), into, this.pendingAt + first * this.rowBytes, SHORT_FILE);
      return;
    }
    const base = this.handles.base;
    if (base === null || first + n > this.baseRows) throw new Error(`向量第 ${first + n - 1} 行不在向量文件中`);
    readFully(base, into, this.baseAt + first * this.rowBytes, SHORT_FILE);
  }

  private flushTail(write = true): void {
    if (write && this.tailCount) {
      const bytes = new Uint8Array(this.tail.buffer, 0, this.tailCount * this.rowBytes);
      writeFully(this.pendingFd(), bytes, this.pendingAt + this.tailFirst * this.rowBytes);
    }
    this.tailCount = 0;
  }

  /**
   * The pending file, opened at its first use: in the scratch folder, else the system's
   * temporary folder. A `.tmp` of this process's own, kept by name so that a save can adopt it.
   */
  private pendingFd(): number {
    if (this.handles.pending !== null) return this.handles.pending;
    const { fd, path } = openPendingFile('vectors', this.scratchDir, '无法创建向量的临时文件');
    this.handles.pending = fd;
    this.handles.pendingPath = path;
    return fd;
  }
}
