// BM25 documents counted by term id (src/retrieval/bm25.ts): a term repeated in a
// document counts as often as it occurs, a term's document frequency once per document,
// and a document's length is its token count. The truth is Okapi BM25's formula, worked
// here by hand from the documents.
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';

describe('Bm25Index.add', () => {
  it('scores repeated terms by their counts, as the formula says', () => {
    const bm = new Bm25Index({ k1: 1.2, b: 0.75 });
    bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['行政', '复议', '行政', '行政'] });
    bm.add({ key: 'b', officeId: 1, year: 2020, tokens: ['复议', '诉讼'] });
    bm.add({ key: 'c', officeId: 2, year: 2020, tokens: ['公开'] });
    const avgdl = (4 + 2 + 1) / 3;
    const idf = (df: number) => Math.log(1 + (3 - df + 0.5) / (df + 0.5));
    const term = (tf: number, len: number, df: number) =>
      (idf(df) * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * len) / avgdl));
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
