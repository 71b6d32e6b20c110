// BM25's unfiltered search keeps each slot's length term (k1 × (1 − b + b × length / avgdl))
// worked out once per avgdl, with −1 for a removed document. Removing a document must
// still leave it out when the average length does not move, and the scores must be
// Okapi BM25's own, worked here by hand, before and after documents come and go.
import { expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';

const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
const term = (n: number, df: number, tf: number, len: number, avgdl: number) =>
  (idf(n, df) * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * len) / avgdl));

it('leaves out a removed document even when the average length stays the same', () => {
  const bm = new Bm25Index();
  bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['复议', '诉讼'] });
  bm.add({ key: 'b', officeId: 1, year: 2020, tokens: ['复议', '公开'] });
  bm.add({ key: 'c', officeId: 2, year: 2021, tokens: ['复议', '公开'] });
  expect(bm.search(['复议'], 5).map((r) => r.key)).toEqual(['a', 'b', 'c']);
  // Every document has length 2: removing one leaves avgdl at 2.
  bm.remove('b');
  const hits = bm.search(['复议'], 5);
  expect(hits.map((r) => r.key)).toEqual(['a', 'c']);
  expect(hits[0].score).toBeCloseTo(term(2, 2, 1, 2, 2), 12);
  expect(bm.search(['复议'], 5, { year: 2021 }).map((r) => r.key)).toEqual(['c']);
});

it('scores with the new average length after documents are added and removed', () => {
  const bm = new Bm25Index();
  bm.add({ key: 'a', officeId: 1, year: 2020, tokens: ['行政', '复议', '行政'] });
  bm.add({ key: 'b', officeId: 1, year: 2020, tokens: ['复议'] });
  const first = bm.search(['复议'], 5);
  expect(first[0].key).toBe('b');
  expect(first[0].score).toBeCloseTo(term(2, 2, 1, 1, 2), 12);
  bm.add({ key: 'c', officeId: 2, year: 2020, tokens: ['复议', '公开', '公开', '公开', '公开'] });
  bm.remove('a');
  const avgdl = (1 + 5) / 2;
  const hits = bm.search(['复议', '公开'], 5);
  expect(hits.map((r) => r.key)).toEqual(['c', 'b']);
  expect(hits[0].score).toBeCloseTo(term(2, 2, 1, 5, avgdl) + term(2, 1, 4, 5, avgdl), 12);
  expect(hits[1].score).toBeCloseTo(term(2, 2, 1, 1, avgdl), 12);
});
