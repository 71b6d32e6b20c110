// BM25's unfiltered walk for a query whose postings reach a large share of all slots, in
// WebAssembly (bm25-walk.wat; ~3 ns a posting in JavaScript, most of it the loop itself).
// The query's postings are copied into the kernel's memory, beside each slot's norm and
// score, and walked one block of slots at a time: every term's postings inside the block,
// term by term in query order (each slot's score summed exactly as the plain walk sums it),
// then the block's scores handed to the top k and zeroed. The block's scores and norms
// stay in cache. Needs each posting list in ascending slot order.
import { BM25_WALK_WASM } from './bm25-walk-wasm.js';
import type { TopSlots } from './top-slots.js';
import { type KernelMemory, kernelOf } from './wasm-kernel.js';

/** Slots a block: its scores and norms (16 bytes a slot) stay in a core's L2 cache. */
export const BLOCK_SLOTS = 16384;

/** One query term: its postings (the first n) and its weight (idf). */
export interface WalkTerm {
  slots: Int32Array;
  tfs: Uint16Array;
  n: number;
  weight: number;
}

interface Kernel {
  memory: KernelMemory;
  walk(
    slots: number,
    tfs: number,
    i: number,
    n: number,
    hi: number,
    w: number,
    k1p1: number,
    norms: number,
    acc: number,
  ): number;
  emit(acc: number, lo: number, hi: number, theta: number, all: number, outSlots: number, outScores: number): number;
}

const instantiate = kernelOf<Kernel>(BM25_WALK_WASM);

// The out area first (a block's slots, then its scores), then norms and scores for
// `capacity` slots, then the query's postings (all slots, then all counts).
const OUT_SLOTS = 0;
const OUT_SCORES = BLOCK_SLOTS * 4;
const NORMS = OUT_SCORES + BLOCK_SLOTS * 8;

export class BlockWalk {
  private readonly kernel: Kernel;
  private capacity = 0;
  private accAt = NORMS;
  private postingsAt = NORMS;
  /** The norms copied in: the array and the version of it (−1: none). */
  private normsOf: Float64Array | null = null;
  private normsVersion = -1;
  private i32 = new Int32Array(0);
  private u16 = new Uint16Array(0);
  private f64 = new Float64Array(0);

  constructor() {
    this.kernel = instantiate();
    this.views();
  }

  /**
   * Walks the terms over slots [0, slotCount) and offers every slot that scores (above
   * the top k's worst, once it is full) to `best`. `norms` per slot is k1 × (1 − b + b ×
   * length / avgdl), negative for a removed document; `normsVersion` changes whenever
   * they do (they are copied in only then). Throws RangeError, having changed nothing,
   * when the memory cannot hold them.
   */
  run(
    terms: WalkTerm[],
    k1: number,
    norms: Float64Array,
    normsVersion: number,
    slotCount: number,
    best: TopSlots,
  ): void {
    let postings = 0;
    for (const t of terms) postings += t.n;
    this.reserve(slotCount, postings);
    if (norms !== this.normsOf || normsVersion !== this.normsVersion) {
      this.f64.set(norms.subarray(0, slotCount), NORMS / 8);
      this.normsOf = norms;
      this.normsVersion = normsVersion;
    }
    const slotsAt: number[] = [];
    const tfsAt: number[] = [];
    let s = this.postingsAt;
    let c = this.postingsAt + postings * 4;
    for (const t of terms) {
      this.i32.set(t.slots.subarray(0, t.n), s / 4);
      this.u16.set(t.tfs.subarray(0, t.n), c / 2);
      slotsAt.push(s);
      tfsAt.push(c);
      s += t.n * 4;
      c += t.n * 2;
    }
    const { kernel, accAt } = this;
    const k1p1 = k1 + 1;
    const at = new Int32Array(terms.length);
    for (let lo = 0; lo < slotCount; lo += BLOCK_SLOTS) {
      const hi = Math.min(lo + BLOCK_SLOTS, slotCount);
      for (let t = 0; t < terms.length; t++)
        at[t] = kernel.walk(slotsAt[t], tfsAt[t], at[t], terms[t].n, hi, terms[t].weight, k1p1, NORMS, accAt);
      const full = best.full;
      const count = kernel.emit(accAt, lo, hi, full ? best.min : 0, full ? 0 : 1, OUT_SLOTS, OUT_SCORES);
      const outSlots = this.i32;
      const outScores = this.f64;
      for (let j = 0; j < count; j++) best.offer(outSlots[OUT_SLOTS / 4 + j], outScores[OUT_SCORES / 8 + j]);
    }
  }

  /**
   * Room for norms and scores of `slots` slots and `postings` postings. Throws RangeError
   * when the memory cannot grow (past 4 GB), before anything is moved.
   */
  private reserve(slots: number, postings: number): void {
    if (slots > this.capacity) {
      // The scores must start at zero: a new place, cleared, and the norms copied again.
      const capacity = Math.max(1024, Math.ceil(slots * 1.25));
      const accAt = NORMS + capacity * 8;
      const postingsAt = accAt + capacity * 8;
      this.grow(postingsAt);
      this.capacity = capacity;
      this.accAt = accAt;
      this.postingsAt = postingsAt;
      this.f64.fill(0, accAt / 8, postingsAt / 8);
      this.normsOf = null;
    }
    this.grow(this.postingsAt + postings * 6);
  }

  private grow(bytes: number): void {
    const memory = this.kernel.memory;
    if (bytes <= memory.buffer.byteLength) return;
    // By a quarter again at least: each grow may copy the memory.
    const want = Math.max(bytes, Math.ceil(memory.buffer.byteLength * 1.25));
    memory.grow(Math.ceil((want - memory.buffer.byteLength) / 65536));
    this.views();
  }

  /** Views over the memory: a grow detaches the old buffer. */
  private views(): void {
    const buffer = this.kernel.memory.buffer;
    this.i32 = new Int32Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}
