// The offline embeddings' vectors are searched flat: every vector, exactly. The truth here
// is a brute-force cosine over the vectors as given, in float64, written in the test; the
// store must return the same top k (ties within 1e-6 in either order) through adds,
// deletes, slot reuse, year filters, saving and reopening, and from a folder saved with
// an HNSW graph before (its vectors read out of hnswlib's file).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { FlatVectors } from '../src/retrieval/flat-vectors.js';
import { HnswGraphStore } from '../src/retrieval/hnsw-graph.js';
import { SparseScan } from '../src/retrieval/sparse-scan.js';
import { query, vectors } from './support/random-vectors.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-flat-');

/** Counts the tiles' reads (fs.readvSync, bytes a call), letting each through; `restore()` ends it. */
function spyTileReads(): { read: number[]; restore: () => void } {
  const readvSync = fs.readvSync;
  const read: number[] = [];
  const spy = vi.spyOn(fs, 'readvSync').mockImplementation(((fd: number, views: Uint8Array[], at: number) => {
    const n = readvSync(fd, views, at);
    read.push(n);
    return n;
  }) as typeof fs.readvSync);
  return { read, restore: () => spy.mockRestore() };
}

const cosine = (a: readonly number[], b: readonly number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
};

/** Brute force: [label, cosine] best first over the given labelled vectors. */
function bruteForce(held: Map<number, number[]>, q: number[], k: number): [number, number][] {
  return [...held]
    .map(([label, v]) => [label, cosine(v, q)] as [number, number])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k);
}

/** The same top k as brute force: equal scores rank by rank, and every hit at least the k-th best. */
function expectExact(got: [number, number][], held: Map<number, number[]>, q: number[], k: number): void {
  const want = bruteForce(held, q, k);
  expect(got).toHaveLength(want.length);
  const kth = want[want.length - 1]?.[1] ?? -Infinity;
  got.forEach(([label, score], i) => {
    expect(Math.abs(score - want[i][1])).toBeLessThan(1e-6);
    expect(cosine(held.get(label)!, q)).toBeGreaterThanOrEqual(kth - 1e-6);
  });
}

describe('FlatVectors', () => {
  it('returns the exact top k for sparse and dense queries, through deletes and reused rows', () => {
    const dim = 64;
    const flat = new FlatVectors(dim);
    const held = new Map<number, number[]>();
    const vs = vectors(3000, dim, 1);
    vs.forEach((v, i) => {
      flat.add(i, v, 1);
      held.set(i, v);
    });
    for (let i = 0; i < 3000; i += 7) {
      flat.remove(i);
      held.delete(i);
    }
    // New labels take the freed rows.
    vectors(200, dim, 2).forEach((v, i) => {
      flat.add(5000 + i, v, 1);
      held.set(5000 + i, v);
    });
    expect(flat.size).toBe(held.size);
    for (const [seed, nnz] of [
      [10, 3],
      [11, 12],
      [12, 30],
      [13, dim],
    ]) {
      const q = query(dim, nnz, seed);
      for (const k of [1, 10, 50]) expectExact(flat.search(q, k), held, q, k);
    }
  });

  it('answers nothing for a zero query, and every row when k exceeds them', () => {
    const flat = new FlatVectors(16);
    const held = new Map<number, number[]>();
    vectors(5, 16, 3).forEach((v, i) => {
      flat.add(i, v, 1);
      held.set(i, v);
    });
    expect(flat.search(new Array(16).fill(0), 5)).toEqual([]);
    const q = query(16, 4, 4);
    expectExact(flat.search(q, 10), held, q, 10);
  });

  it('narrows to a group (a year) without losing exactness', () => {
    const dim = 32;
    const flat = new FlatVectors(dim);
    const byGroup = new Map<number, Map<number, number[]>>([
      [1, new Map()],
      [2, new Map()],
    ]);
    vectors(1500, dim, 5).forEach((v, i) => {
      const group = (i % 3) + 1 === 3 ? 2 : 1;
      flat.add(i, v, group);
      byGroup.get(group)!.set(i, v);
    });
    const q = query(dim, 8, 6);
    expectExact(flat.search(q, 10, { lo: 2, hi: 2 }), byGroup.get(2)!, q, 10);
    expectExact(flat.search(q, 10, { lo: 1, hi: 1 }), byGroup.get(1)!, q, 10);
  });

  it('saves and loads the same vectors and answers', () => {
    const dir = tempDir();
    const flat = new FlatVectors(48);
    vectors(2100, 48, 7).forEach((v, i) => flat.add(i * 3, v, 1));
    flat.remove(3);
    const file = path.join(dir, 'v.bin');
    flat.save(file);
    const loaded = FlatVectors.load(file);
    expect(loaded.size).toBe(2099);
    expect(loaded.vector(6)).toEqual(flat.vector(6));
    const q = query(48, 10, 8);
    expect(loaded.search(q, 20)).toEqual(flat.search(q, 20));
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    expect(() => FlatVectors.load(file)).toThrow(/不完整/);
  });

  it('opened, takes groups and removals without reading its tiles, and a search reads only its dimensions', () => {
    const dir = tempDir();
    const dim = 32;
    const rows = 1500;
    const held = vectors(rows, dim, 11);
    const saved = new FlatVectors(dim);
    held.forEach((v, i) => saved.add(i, v, 1));
    const file = path.join(dir, 'v.bin');
    saved.save(file);
    saved.close();
    // A column: one dimension's byte for each row of the 6 tiles; then 4 bytes of scale and 1 of group a row.
    const column = Math.ceil(rows / 256) * 256;
    const { read, restore } = spyTileReads();
    try {
      const loaded = FlatVectors.load(file);
      // Every row moved to a group by year, as a store's load does, and a few removed.
      const byGroup = new Map<number, Map<number, number[]>>([
        [1, new Map()],
        [2, new Map()],
      ]);
      held.forEach((v, i) => {
        const group = i % 4 === 0 ? 2 : 1;
        loaded.setGroup(i, group);
        byGroup.get(group)!.set(i, v);
      });
      for (const label of [4, 8, 9]) {
        loaded.remove(label);
        byGroup.get(label % 4 === 0 ? 2 : 1)!.delete(label);
      }
      const q = query(dim, 6, 12);
      const dims = q.filter((x) => x !== 0).length;
      // An office's few labels are scored from the float32 vectors: still no tile read.
      expectExact(loaded.searchLabels(q, 5, [1, 2, 3]), new Map([1, 2, 3].map((l) => [l, held[l]])), q, 5);
      expect(read).toEqual([]);
      expectExact(loaded.search(q, 10, { lo: 2, hi: 2 }), byGroup.get(2)!, q, 10);
      // The scales and the query's columns: nothing else (every row's group was set, none read).
      expect(read).toEqual([column * 4, ...Array(dims).fill(column)]);
      expectExact(loaded.search(q, 10, { lo: 1, hi: 1 }), byGroup.get(1)!, q, 10);
      expect(read).toHaveLength(1 + dims);
      // Another query reads the columns of its dimensions not read before, once each.
      const other = query(dim, 9, 13);
      const more = other.filter((x, d) => x !== 0 && q[d] === 0).length;
      expectExact(loaded.search(other, 10, { lo: 1, hi: 1 }), byGroup.get(1)!, other, 10);
      expect(read).toHaveLength(1 + dims + more);
      loaded.close();
    } finally {
      restore();
    }
  });

  it('opened, adds a row reading only its segment, and searches as a store never saved', () => {
    const dir = tempDir();
    const dim = 8;
    // Three segments of 16,384 rows, the last one part full.
    const rows = 16384 * 2 + 700;
    const held = new Map<number, number[]>();
    const saved = new FlatVectors(dim);
    vectors(rows, dim, 21).forEach((v, i) => {
      saved.add(i, v, 1 + (i % 2));
      held.set(i, v);
    });
    const file = path.join(dir, 'v.bin');
    saved.save(file);
    saved.close();
    const { read, restore } = spyTileReads();
    try {
      const loaded = FlatVectors.load(file);
      // A removed row's place is taken again: row 5, in the first segment.
      loaded.remove(5);
      held.delete(5);
      const [added] = vectors(1, dim, 22);
      loaded.add(rows + 1, added, 1);
      held.set(rows + 1, added);
      const segment = 64 * 256;
      // The scales, the segment's columns (the saved groups, under row 5's, were read with readSync).
      expect(read).toEqual([rows * 4 + (256 - (rows % 256)) * 4, ...Array(dim).fill(segment)]);
      for (const [seed, nnz] of [
        [23, 3],
        [24, dim],
      ]) {
        const q = query(dim, nnz, seed);
        expectExact(loaded.search(q, 10), held, q, 10);
        expectExact(loaded.search(q, 10, { lo: 2, hi: 2 }), new Map([...held].filter(([l]) => l % 2 === 1)), q, 10);
      }
      loaded.close();
    } finally {
      restore();
    }
  });
});

describe('SparseScan', () => {
  it('sums weight × stored int8 exactly, for every row of every tile', () => {
    const dim = 32;
    const scan = new SparseScan(dim);
    const rows = 700;
    scan.reserve(rows);
    const vs = vectors(rows, dim, 9);
    vs.forEach((v, r) => scan.set(r, v, 1));
    const dims = [0, 1, 5, 17, 31];
    const weights = [32767, -32767, 1200, -5, 77];
    scan.setQuery(dims, weights, dims.length);
    const out = scan.scan(0, Math.ceil(rows / 256), 1, 0, -3e38, 1, 255);
    expect(out.count).toBe(rows);
    const sums = new Map<number, number>();
    for (let i = 0; i < out.count; i++) sums.set(out.rows[i], out.sums[i]);
    for (let r = 0; r < rows; r++) {
      // The stored value: round(v / scale), scale = float32(max |v| / 127).
      const scale = Math.fround(Math.max(...vs[r].map(Math.abs)) / 127);
      let want = 0;
      dims.forEach((d, i) => {
        want += weights[i] * Math.round(vs[r][d] / scale);
      });
      expect(sums.get(r)).toBe(want);
      expect(scan.scale(r)).toBe(scale);
    }
  });
});

describe('SparseScan over several segments', () => {
  it('sums every row of scans that cross a segment (16,384 rows), numbered as the rows', () => {
    const dim = 16;
    const scan = new SparseScan(dim);
    const rows = 16384 * 2 + 300;
    scan.reserve(rows);
    const vs = vectors(rows, dim, 31);
    vs.forEach((v, r) => scan.set(r, v, 1 + (r % 3)));
    const dims = [2, 7, 15];
    const weights = [-900, 32767, 41];
    scan.setQuery(dims, weights, dims.length);
    const want = (r: number) => {
      const scale = Math.fround(Math.max(...vs[r].map(Math.abs)) / 127);
      return dims.reduce((sum, d, i) => sum + weights[i] * Math.round(vs[r][d] / scale), 0);
    };
    // Tiles 60–70 cross from the first segment into the second; 120–129 into the third, which ends at row 33,068.
    for (const [first, last] of [
      [60, 70],
      [120, 200],
    ]) {
      const out = scan.scan(first, last, 1, 0, -3e38, 2, 2);
      const expected = [];
      for (let r = first * 256; r < Math.min(last * 256, rows); r++) if (r % 3 === 1) expected.push(r);
      expect([...out.rows].sort((a, b) => a - b)).toEqual(expected);
      for (let i = 0; i < out.count; i++) expect(out.sums[i]).toBe(want(out.rows[i]));
    }
  });
});

describe('SparseScan quantising', () => {
  it('stores each value as Math.round(value / scale) would, halves and values next to them included', () => {
    const dim = 32;
    const scan = new SparseScan(dim);
    // 127 first: the scale is then exactly 1, so each value below is the very number rounded.
    const near = [0.49999999999999994, 0.5000000000000001, 1.4999999999999998, 2.5000000000000004];
    const values = [0.5, 1.5, 2.5, 126.5, 0, -0, 3, ...near, 0.3, 99.99, 63.5000001];
    const rows = [[127, ...values, ...values.map((x) => -x)]];
    // And rows of any scale: random values, a row of one repeated value, a tiny and a huge one.
    rows.push(...vectors(600, dim, 3), Array(dim).fill(-0.25), [1e-40, 3e-41, -5e-41], [1e300, -3e299, 7]);
    scan.reserve(rows.length);
    rows.forEach((v, r) => scan.set(r, [...v, ...Array(dim - v.length).fill(0)], 1));
    rows.forEach((v, r) => {
      const scale = Math.fround(Math.max(...v.map(Math.abs)) / 127);
      for (let d = 0; d < dim; d++) {
        const want = scale > 0 ? Math.round((v[d] ?? 0) / scale) : 0;
        // An Int8Array stores NaN (from ∞ / ∞) as 0, and −0 as 0.
        expect(scan.value(r, d)).toBe(Number.isNaN(want) ? 0 : want + 0);
      }
    });
  });
});

describe('HnswGraphStore over the offline embeddings', () => {
  const embeddings = new HashedNgramEmbeddings({ dimension: 64 });
  const texts = Array.from(
    { length: 400 },
    (_, i) =>
      `第${i}条 政府信息公开 ${['主动公开', '依申请公开', '行政复议', '政务新媒体', '存在问题'][i % 5]} ${i * 7}件`,
  );
  const docs = texts.map((t, i) => ({
    pageContent: t,
    metadata: { officeId: i % 9, year: 2020 + (i % 3) },
    id: `d${i}`,
  }));

  it('searches flat, and a folder saved with a graph opens flat with the same vectors and answers', async () => {
    const dir = tempDir();
    const graph = new HnswGraphStore(embeddings, { vectors: 'graph' });
    expect(graph.searchedBy).toBe('graph');
    await graph.addDocuments(docs);
    graph.deleteOne('d5');
    await graph.save(dir);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('hnsw-'))).toBe(true);
    const opened = await HnswGraphStore.load(dir, embeddings);
    expect(opened.searchedBy).toBe('flat');
    expect(opened.size).toBe(399);
    for (const q of ['依申请公开', '政务新媒体 第12条', '存在问题 35件']) {
      const qv = await embeddings.embedQuery(q);
      // The graph's exact search reads its own stored vectors: the flat store must hold the same.
      const want = graph.exactSearch(qv, 10).map(([d, s]) => [d.id, s]);
      expect((await opened.similaritySearchVectorWithScore(qv, 10)).map(([d, s]) => [d.id, s])).toEqual(want);
      const wantYear = graph.exactSearch(qv, 5, { year: 2021 }).map(([d, s]) => [d.id, s]);
      expect((await opened.similaritySearchVectorWithScore(qv, 5, { year: 2021 })).map(([d, s]) => [d.id, s])).toEqual(
        wantYear,
      );
    }
    // Saved again, it is flat (format 4, vectors flat) and the graph's file is gone.
    await opened.save(dir);
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8'));
    expect(sidecar.format).toBe(4);
    expect(sidecar.vectors).toBe('flat');
    expect(fs.readdirSync(dir).some((f) => f.startsWith('hnsw-'))).toBe(false);
    const again = await HnswGraphStore.load(dir, embeddings);
    const qv = await embeddings.embedQuery('行政复议');
    expect(await again.similaritySearchVectorWithScore(qv, 10)).toEqual(
      await opened.similaritySearchVectorWithScore(qv, 10),
    );
  });
});
