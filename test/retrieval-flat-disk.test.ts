// The flat vectors' float32 copies are read from disk when rescoring (issue 13), never held
// in the heap: the vectors file saved or opened, and a temporary file of the store's own for
// vectors added since (the saved file itself, at the first save). The truth here is a brute force written in the test, summed as the
// store's header says a brute-force scan sums (each vector normalised and rounded to
// float32, the query's non-zero dimensions in order, in float64): scores must be equal to
// the last bit, whatever file each row's vector lies in, through removal, reused rows,
// saving, reopening, and saving over a file another reader still reads.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { FlatVectors } from '../src/retrieval/flat-vectors.js';
import { HnswGraphStore } from '../src/retrieval/hnsw-graph.js';
import { query, vectors } from './support/random-vectors.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-flat-disk-');

/** The vector as a flat store keeps it: divided by its norm, rounded to float32. */
function stored(v: readonly number[]): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => Math.fround(x / norm));
}

/** Brute force, bit for bit: [label, cosine] best first, ties to the lower label. */
function bruteForce(held: Map<number, number[]>, q: number[], k: number): [number, number][] {
  let qn = 0;
  for (const x of q) if (x !== 0) qn += x * x;
  qn = Math.sqrt(qn);
  return [...held]
    .map(([label, v]) => {
      const s = stored(v);
      let dot = 0;
      for (let d = 0; d < q.length; d++) if (q[d] !== 0) dot += s[d] * q[d];
      return [label, dot / qn] as [number, number];
    })
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k);
}

const DIM = 48;
const QUERIES = [
  [21, 3],
  [22, 10],
  [23, 30],
  [24, DIM],
] as const;

/** Every query's top k, unfiltered and over a few labels, must be the brute force's exactly. */
function expectExact(flat: FlatVectors, held: Map<number, number[]>): void {
  const some = [...held.keys()].filter((_, i) => i % 37 === 0);
  const subset = new Map(some.map((l) => [l, held.get(l)!]));
  for (const [seed, nnz] of QUERIES) {
    const q = query(DIM, nnz, seed);
    for (const k of [1, 10, 60]) expect(flat.search(q, k)).toEqual(bruteForce(held, q, k));
    expect(flat.searchLabels(q, 10, some)).toEqual(bruteForce(subset, q, 10));
  }
  for (const label of some) expect([...flat.vector(label)!]).toEqual(stored(held.get(label)!));
}

describe('FlatVectors, the float32 vectors on disk', () => {
  it('rescoring from the pending file, the saved file, or both gives the brute force scores to the bit', () => {
    const dir = tempDir();
    const flat = new FlatVectors(DIM, dir);
    const held = new Map<number, number[]>();
    vectors(2600, DIM, 1).forEach((v, i) => {
      flat.add(i, v, 1);
      held.set(i, v);
    });
    // Never saved: every vector is in the pending file.
    expectExact(flat, held);
    const file = path.join(dir, 'v.bin');
    flat.save(file);
    // Saved: every vector is read from the file just written.
    expectExact(flat, held);
    // Removed rows reused by new labels, others replaced in place: saved and pending rows mixed.
    for (let i = 0; i < 2600; i += 5) {
      flat.remove(i);
      held.delete(i);
    }
    vectors(700, DIM, 2).forEach((v, i) => {
      const label = i < 300 ? 1 + i * 5 : 10_000 + i;
      flat.add(label, v, 1);
      held.set(label, v);
    });
    expect(flat.size).toBe(held.size);
    expectExact(flat, held);
    const reopened = FlatVectors.load(file);
    flat.save(file);
    expectExact(flat, held);
    expectExact(FlatVectors.load(file), held);
    // The reader opened before the save still reads the file it opened (as saved then).
    expect(reopened.size).toBe(2600);
    const before = new Map(vectors(2600, DIM, 1).map((v, i) => [i, v]));
    expectExact(reopened, before);
  });

  it('the first save makes the file the vectors waited in the saved file; later saves write a new one; close leaves nothing', () => {
    const dir = tempDir();
    const flat = new FlatVectors(DIM, dir);
    // More than one write span (1,024 rows), so some have gone to the pending file.
    const held = new Map<number, number[]>();
    vectors(3000, DIM, 3).forEach((v, i) => {
      flat.add(i, v, 1);
      held.set(i, v);
    });
    const waiting = fs.readdirSync(dir);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatch(/^vectors-pending-.*\.tmp$/);
    const inode = fs.statSync(path.join(dir, waiting[0])).ino;
    flat.save(path.join(dir, 'v.bin'));
    // The same file, renamed: the vectors were not written a second time.
    expect(fs.readdirSync(dir)).toEqual(['v.bin']);
    expect(fs.statSync(path.join(dir, 'v.bin')).ino).toBe(inode);
    expectExact(flat, held);
    expectExact(FlatVectors.load(path.join(dir, 'v.bin')), held);
    // Vectors added after a save wait in a new file (past one write span); the next save is a new file beside the old.
    vectors(1100, DIM, 5).forEach((v, i) => {
      flat.add(5000 + i, v, 1);
      held.set(5000 + i, v);
    });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    flat.save(path.join(dir, 'w.bin'));
    expect(fs.statSync(path.join(dir, 'w.bin')).ino).not.toBe(inode);
    expectExact(FlatVectors.load(path.join(dir, 'w.bin')), held);
    flat.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['v.bin', 'w.bin']);
    // A store closed before saving leaves no file either.
    const other = new FlatVectors(DIM, dir);
    vectors(10, DIM, 6).forEach((v, i) => other.add(i, v, 1));
    other.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['v.bin', 'w.bin']);
  });

  it('a pending file removed by another process (as a stale temporary file) is copied out whole at the save', () => {
    const dir = tempDir();
    const flat = new FlatVectors(DIM, dir);
    const held = new Map<number, number[]>();
    vectors(1500, DIM, 7).forEach((v, i) => {
      flat.add(i, v, 1);
      held.set(i, v);
    });
    const [pending] = fs.readdirSync(dir);
    fs.rmSync(path.join(dir, pending));
    flat.save(path.join(dir, 'v.bin'));
    expect(fs.readdirSync(dir)).toEqual(['v.bin']);
    expectExact(flat, held);
    expectExact(FlatVectors.load(path.join(dir, 'v.bin')), held);
    flat.close();
  });

  it('opens files of formats 3 and 4 (tiles whole, then by column) and 2 (the labels first) and answers the same', () => {
    const dir = tempDir();
    const flat = new FlatVectors(DIM, dir);
    const held = new Map<number, number[]>();
    const rows = 700;
    vectors(rows, DIM, 8).forEach((v, i) => {
      flat.add(i * 3, v, 1);
      held.set(i * 3, v);
    });
    flat.remove(9);
    held.delete(9);
    const file = path.join(dir, 'v.bin');
    flat.save(file);
    flat.close();
    const v4 = fs.readFileSync(file);
    const head = Buffer.from(v4.subarray(0, 20));
    expect(head.readUInt32LE(4)).toBe(4);
    const vectorBytes = v4.subarray(20, 20 + rows * DIM * 4);
    const labelBytes = v4.subarray(20 + rows * DIM * 4, 20 + rows * DIM * 4 + rows * 4);
    // Format 4's tiles: each dimension's column over the 3 tiles, then the scales, then the groups.
    const columns = v4.subarray(20 + rows * DIM * 4 + rows * 4);
    const tiles = Math.ceil(rows / 256);
    expect(columns.length).toBe(tiles * 256 * (DIM + 5));
    // Formats 2 and 3 held them tile after tile: a tile's 256 values of each dimension, its scales, its groups.
    const whole = Buffer.concat(
      Array.from({ length: tiles }, (_, t) =>
        Buffer.concat([
          ...Array.from({ length: DIM }, (_, d) => columns.subarray((d * tiles + t) * 256, (d * tiles + t + 1) * 256)),
          columns.subarray(DIM * tiles * 256 + t * 1024, DIM * tiles * 256 + (t + 1) * 1024),
          columns.subarray((DIM + 4) * tiles * 256 + t * 256, (DIM + 4) * tiles * 256 + (t + 1) * 256),
        ]),
      ),
    );
    const older = (format: number, ...parts: Buffer[]) => {
      const at = path.join(dir, `v${format}.bin`);
      const h = Buffer.from(head);
      h.writeUInt32LE(format, 4);
      fs.writeFileSync(at, Buffer.concat([h, ...parts]));
      return at;
    };
    for (const old of [older(3, vectorBytes, labelBytes, whole), older(2, labelBytes, vectorBytes, whole)]) {
      const opened = FlatVectors.load(old);
      expect(opened.size).toBe(699);
      // Groups set before the tiles are read are kept over the saved ones.
      for (const label of held.keys()) if (label % 2 === 0) opened.setGroup(label, 2);
      const q = query(DIM, 10, 25);
      const even = new Map([...held].filter(([label]) => label % 2 === 0));
      expect(opened.search(q, 20, { lo: 2, hi: 2 })).toEqual(bruteForce(even, q, 20));
      expectExact(opened, held);
      // Saved again (the groups as saved), it is format 4, the same bytes as the file it came from.
      for (const label of held.keys()) opened.setGroup(label, 1);
      const again = path.join(dir, 'again.bin');
      opened.save(again);
      expect(fs.readFileSync(again).equals(v4)).toBe(true);
      opened.close();
    }
  });

  it('a file saved with another tile layout is quantised again from its vectors and answers the same', () => {
    const dir = tempDir();
    const flat = new FlatVectors(DIM, dir);
    const held = new Map<number, number[]>();
    vectors(1300, DIM, 4).forEach((v, i) => {
      flat.add(i * 2, v, 1);
      held.set(i * 2, v);
    });
    flat.remove(8);
    held.delete(8);
    const file = path.join(dir, 'v.bin');
    flat.save(file);
    // The tiles cut off: opening must make them again from the float32 vectors in the file.
    const whole = fs.readFileSync(file);
    const noTiles = path.join(dir, 'no-tiles.bin');
    fs.writeFileSync(noTiles, whole.subarray(0, 20 + 1300 * DIM * 4 + 1300 * 4));
    const loaded = FlatVectors.load(noTiles);
    expect(loaded.size).toBe(1299);
    expectExact(loaded, held);
  });
});

describe('HnswGraphStore, saving over a folder another store is reading', () => {
  const embeddings = new HashedNgramEmbeddings({ dimension: 64 });
  const docs = Array.from({ length: 300 }, (_, i) => ({
    pageContent: `第${i}条 ${['主动公开', '依申请公开', '行政复议', '政务新媒体', '存在问题'][i % 5]} ${i * 7}件`,
    metadata: { officeId: i % 7, year: 2020 + (i % 2) },
    id: `d${i}`,
  }));

  it('the reader keeps answering from the files it opened while another store replaces them', async () => {
    const dir = tempDir();
    const first = new HnswGraphStore(embeddings);
    await first.addDocuments(docs);
    await first.save(dir);
    const reader = await HnswGraphStore.load(dir, embeddings);
    const writer = await HnswGraphStore.load(dir, embeddings);
    const asked = ['依申请公开', '政务新媒体 第12条', '存在问题 35件'];
    const answers = async (store: HnswGraphStore, filter?: { year?: number; officeIds?: number[] }) =>
      Promise.all(
        asked.map(async (q) =>
          (await store.similaritySearchVectorWithScore(await embeddings.embedQuery(q), 10, filter)).map(([d, s]) => [
            d.id,
            s,
          ]),
        ),
      );
    const want = [
      await answers(reader),
      await answers(reader, { year: 2021 }),
      await answers(reader, { officeIds: [3] }),
    ];
    // The writer drops and replaces documents and saves twice into the same folder: the
    // vectors file the reader opened is removed from the folder (never rewritten).
    const vectorsFiles = () => fs.readdirSync(dir).filter((f) => f.startsWith('vectors-'));
    const opened = vectorsFiles();
    for (let i = 0; i < 300; i += 3) writer.deleteOne(`d${i}`);
    await writer.addDocuments(
      docs.slice(0, 40).map((d) => ({ ...d, pageContent: `${d.pageContent} 更正`, id: `n${d.id}` })),
    );
    await writer.save(dir);
    await writer.addDocuments([{ pageContent: '依申请公开 补充', metadata: { officeId: 3, year: 2021 }, id: 'extra' }]);
    await writer.save(dir);
    expect(vectorsFiles()).toHaveLength(1);
    expect(vectorsFiles()).not.toEqual(opened);
    expect([
      await answers(reader),
      await answers(reader, { year: 2021 }),
      await answers(reader, { officeIds: [3] }),
    ]).toEqual(want);
    // And the folder as saved answers as the writer does.
    const again = await HnswGraphStore.load(dir, embeddings);
    for (const filter of [undefined, { year: 2021 }, { officeIds: [3] }])
      expect(await answers(again, filter)).toEqual(await answers(writer, filter));
    expect(again.size).toBe(300 - 100 + 40 + 1);
  });
});
