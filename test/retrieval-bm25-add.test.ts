// BM25 documents counted by term id (src/retrieval/bm25.ts): a term repeated in a
// document counts as often as it occurs, a term's document frequency once per document,
// and a document's length is its token count. The truth is Okapi BM25's formula, worked
// here by hand from the documents.
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';
import { Terms } from '../src/retrieval/terms.js';

/**
 * One term's BM25 score (k1 1.2, b 0.75) in the tests' three documents of 4, 2 and 1 tokens,
 * by the formula written out: term frequency, the document's length, the term's document count.
 */
function term(tf: number, len: number, df: number): number {
  const avgdl = (4 + 2 + 1) / 3;
  const idf = Math.log(1 + (3 - df + 0.5) / (df + 0.5));
  return (idf * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * len) / avgdl));
}

describe('Bm25Index.add', () => {
  it('scores repeated terms by their counts, as the formula says', () => {
    const bm = new Bm25Index({ k1: 1.2, b: 0.75 });
    bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['行政', '复议', '行政', '行政'] });
    bm.add({ key: 'b', officeId: 1, year: 2020, tokens: ['复议', '诉讼'] });
    bm.add({ key: 'c', officeId: 2, year: 2020, tokens: ['公开'] });
    const [a, b] = bm.search(['行政', '复议'], 5);
    expect(a.key).toBe('a');
    expect(a.score).toBeCloseTo(term(3, 4, 1) + term(1, 4, 2), 12);
    expect(b.key).toBe('b');
    expect(b.score).toBeCloseTo(term(1, 2, 2), 12);
    // The same through an office filter (each document's own term list).
    const filtered = bm.search(['行政', '复议'], 5, { officeIds: [1] });
    expect(filtered.map((r) => r.key)).toEqual(['a', 'b']);
    expect(filtered[0].score).toBeCloseTo(a.score, 12);
    expect(filtered[1].score).toBeCloseTo(b.score, 12);
  });

  it("saves and reopens a document's counts, and a document added again replaces its counts", () => {
    const bm = new Bm25Index();
    bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['公开', '公开', '申请'] });
    bm.add({ key: 'b', officeId: 1, year: 2020, tokens: ['申请'] });
    bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['申请', '复议'] });
    const again = Bm25Index.fromBytes(bm.toBytes());
    expect(again.search(['公开'], 5)).toEqual([]);
    expect(again.search(['复议'], 5).map((r) => r.key)).toEqual(['a']);
    expect(again.search(['申请'], 5)).toEqual(bm.search(['申请'], 5));
  });
});

describe('Bm25Index.addNumbered', () => {
  // The documents of the first test above, as a tokenizer's numbers (0 行政, 1 复议, 2 诉讼, 3 公开).
  const terms = new Terms();
  for (const t of ['行政', '复议', '诉讼', '公开']) terms.id(t);
  const ids = Int32Array.from([9, 0, 1, 0, 0, 1, 2, 3, 9]);

  it('scores a document given as term numbers as the formula says, searched between adds', () => {
    const bm = new Bm25Index({ k1: 1.2, b: 0.75 });
    bm.addNumbered('a', 1, 2020, terms, ids, 1, 5);
    // Searched before the others are added: an index of one document.
    const alone = Math.log(1 + 0.5 / 1.5) * ((3 * 2.2) / (3 + 1.2)) + Math.log(1 + 0.5 / 1.5);
    expect(bm.search(['行政', '复议'], 5)[0].score).toBeCloseTo(alone, 12);
    bm.addNumbered('b', 1, 2020, terms, ids, 5, 7);
    bm.addNumbered('c', 2, 2020, terms, ids, 7, 8);
    const [a, b] = bm.search(['行政', '复议'], 5);
    expect(a.key).toBe('a');
    expect(a.score).toBeCloseTo(term(3, 4, 1) + term(1, 4, 2), 12);
    expect(b.key).toBe('b');
    expect(b.score).toBeCloseTo(term(1, 2, 2), 12);
    expect(bm.search(['公开'], 5).map((r) => r.key)).toEqual(['c']);
  });

  it('makes the same index as adding the tokens by name, through removals, re-adds and another numbering', () => {
    const byName = new Bm25Index();
    const byNumber = new Bm25Index();
    const names = (from: number, to: number) => Array.from(ids.subarray(from, to), (id) => terms.names[id]);
    const docs: [string, number, number][] = [
      ['a', 1, 5],
      ['b', 5, 7],
      ['c', 7, 8],
      ['a', 5, 8],
    ];
    for (const [key, from, to] of docs) {
      byName.add({ key, officeId: 1, year: 2020, tokens: names(from, to) });
      byNumber.addNumbered(key, 1, 2020, terms, ids, from, to);
      expect(byNumber.search(['行政', '复议', '公开'], 5)).toEqual(byName.search(['行政', '复议', '公开'], 5));
    }
    // A second numbering of other order: its numbers are looked up afresh.
    const other = new Terms();
    for (const t of ['公开', '诉讼', '复议', '行政']) other.id(t);
    byName.add({ key: 'd', officeId: 2, year: 2021, tokens: ['行政', '公开', '行政'] });
    byNumber.addNumbered('d', 2, 2021, other, Int32Array.from([3, 0, 3]), 0, 3);
    byName.remove('b');
    byNumber.remove('b');
    expect(byNumber.toBytes().equals(byName.toBytes())).toBe(true);
    expect(byNumber.search(['行政'], 5)).toEqual(byName.search(['行政'], 5));
  });
});

describe('Bm25Index postings filed when searched', () => {
  it('answers and saves the same whether searched after every add (a few filed at a time), once at the end (all at once) or never', () => {
    const vocabulary = Array.from({ length: 300 }, (_, i) => `词${i}`);
    const docs = Array.from({ length: 120 }, (_, d) => ({
      key: `k${d}`,
      officeId: 1 + (d % 3),
      year: 2020,
      tokens: Array.from({ length: 3 + (d % 7) }, (_, j) => vocabulary[(d * 7 + j * j) % (d < 60 ? 300 : 20)]),
    }));
    const queries = [['词0', '词1'], ['词5'], vocabulary.slice(0, 30), ['词299', '词17']];
    const eager = new Bm25Index();
    const late = new Bm25Index();
    for (const d of docs) {
      eager.add(d);
      late.add(d);
      for (const q of queries) eager.search(q, 10);
      if (d.key === 'k90') eager.remove('k10');
    }
    late.remove('k10');
    // Saved before any search: written from the documents' own lists, never filed.
    const unsearched = late.toBytes();
    for (const q of queries) expect(eager.search(q, 10)).toEqual(late.search(q, 10));
    expect(eager.toBytes().equals(unsearched)).toBe(true);
    expect(late.toBytes().equals(unsearched)).toBe(true);
  });
});
