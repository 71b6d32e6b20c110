// BM25's unfiltered search walks a query whose postings cover a large share of all
// documents block by block, in WebAssembly (bm25-walk.ts). Its hits must be Okapi BM25's own, worked
// here by brute force over every document in the same term order, to the bit: the same
// keys, in the same order (ties to the earlier document), the same scores — over several
// blocks, with removed documents and documents added after removals.
import { expect, it, vi } from 'vitest';
import { BlockWalk } from '../src/retrieval/bm25-walk.js';
import { Bm25Index, type Bm25Doc } from '../src/retrieval/bm25.js';

const K1 = 1.2;
const B = 0.75;
const WORDS = ['信息', '公开', '政府', '申请', '复议', '诉讼', '培训', '解读', '费用', '年度'];

/** A deterministic corpus: common words in most documents, rarer ones in few, lengths varied. */
function corpus(n: number, seed: number): Bm25Doc[] {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const docs: Bm25Doc[] = [];
  for (let d = 0; d < n; d++) {
    const tokens: string[] = [];
    const length = 3 + Math.floor(rnd() * 40);
    for (let j = 0; j < length; j++) {
      // Word i is drawn with weight 1 / (i + 1): 信息 in most documents, 年度 in fewer.
      let r = rnd() * 2.93;
      let i = 0;
      while (i < WORDS.length - 1 && r > 1 / (i + 1)) r -= 1 / ++i;
      tokens.push(rnd() < 0.5 ? WORDS[i] : `词${Math.floor(rnd() * 500)}`);
    }
    docs.push({ key: `d${d}`, officeId: d % 37, year: 2019 + (d % 4), tokens });
  }
  return docs;
}

/** Every live document scored term by term in query order; best first, ties to the earlier added. */
function bruteForce(docs: Bm25Doc[], query: string[], k: number): { key: string; score: number }[] {
  const n = docs.length;
  const avgdl = docs.reduce((s, d) => s + d.tokens.length, 0) / n;
  const terms = [...new Set(query)];
  const df = new Map(terms.map((t) => [t, docs.filter((d) => d.tokens.includes(t)).length]));
  const scored = docs.map((d, order) => {
    let score = 0;
    for (const t of terms) {
      const dfT = df.get(t)!;
      if (!dfT) continue;
      const tf = d.tokens.filter((x) => x === t).length;
      if (!tf) continue;
      const w = Math.log(1 + (n - dfT + 0.5) / (dfT + 0.5));
      score += (w * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.tokens.length) / avgdl));
    }
    return { key: d.key, score, order };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, k)
    .map(({ key, score }) => ({ key, score }));
}

const QUERIES = [
  ['信息', '公开', '政府'],
  ['政府', '信息', '公开', '政府'],
  ['公开', '复议', '词7'],
  ['信息'],
  ['年度', '信息', '诉讼', '解读', '培训'],
];

it('scores a common-word query over many blocks as brute force does, to the bit', () => {
  const docs = corpus(40_000, 7);
  const bm = new Bm25Index();
  for (const d of docs) bm.add(d);
  for (const q of QUERIES)
    for (const k of [1, 10, 50]) {
      const got = bm.search(q, k);
      const want = bruteForce(docs, q, k);
      expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
      got.forEach((r, i) => expect(Object.is(r.score, want[i].score)).toBe(true));
    }
});

it('leaves out removed documents and finds documents added after them', () => {
  const docs = corpus(36_000, 11);
  const bm = new Bm25Index();
  for (const d of docs) bm.add(d);
  // Remove every third document, then add 2,000 more (their slots come after every other).
  const kept = docs.filter((_, i) => i % 3 !== 0);
  for (let i = 0; i < docs.length; i += 3) bm.remove(docs[i].key);
  const more = corpus(2_000, 13).map((d) => ({ ...d, key: `e${d.key}` }));
  for (const d of more) bm.add(d);
  const live = [...kept, ...more];
  for (const q of QUERIES) {
    const got = bm.search(q, 50);
    const want = bruteForce(live, q, 50);
    expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
    got.forEach((r, i) => expect(Object.is(r.score, want[i].score)).toBe(true));
  }
});

it('answers as brute force between changes: removals, then the index grown past its room', () => {
  const docs = corpus(20_000, 17);
  const bm = new Bm25Index();
  for (const d of docs) bm.add(d);
  const check = (live: Bm25Doc[]) => {
    for (const q of QUERIES) {
      const got = bm.search(q, 20);
      const want = bruteForce(live, q, 20);
      expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
      got.forEach((r, i) => expect(Object.is(r.score, want[i].score)).toBe(true));
    }
  };
  check(docs);
  // The best document of the first query removed: its slot stays, its norm marks it gone.
  const top = bm.search(QUERIES[0], 1)[0].key;
  bm.remove(top);
  let live = docs.filter((d) => d.key !== top);
  check(live);
  // Twice as many documents: more slots than the walk had room for.
  const more = corpus(20_000, 19).map((d) => ({ ...d, key: `f${d.key}` }));
  for (const d of more) bm.add(d);
  live = [...live, ...more];
  check(live);
});

it('answers by the plain walk, just as exactly, when the block walk has no memory to grow', () => {
  const docs = corpus(20_000, 23);
  const bm = new Bm25Index();
  for (const d of docs) bm.add(d);
  const run = vi.spyOn(BlockWalk.prototype, 'run').mockImplementation(() => {
    throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
  });
  try {
    for (const q of QUERIES) {
      const got = bm.search(q, 20);
      const want = bruteForce(docs, q, 20);
      expect(got.map((r) => r.key)).toEqual(want.map((r) => r.key));
      got.forEach((r, i) => expect(Object.is(r.score, want[i].score)).toBe(true));
    }
    expect(run).toHaveBeenCalled();
  } finally {
    run.mockRestore();
  }
});
