// BM25's saved file (format 2, bm25-file.ts) opens to an index that answers exactly as
// Okapi BM25 worked here by hand: a search narrowed by office sums each document's terms in
// the order the document first uses them, an unfiltered one in the query's order, to the
// bit. Files of format 1 (written before) still open; keys and terms of any characters
// come back as they went in; the caller's tag comes back until the index changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Bm25Doc, Bm25Index } from '../src/retrieval/bm25.js';
import { spyReads } from './support/read-spy.js';

const K1 = 1.2;
const B = 0.75;
const WORDS = ['信息', '公开', '政府', '申请', '复议', '诉讼', '培训', '解读', '费用', '年度'];

function corpus(n: number, seed: number): Bm25Doc[] {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const docs: Bm25Doc[] = [];
  for (let d = 0; d < n; d++) {
    const tokens: string[] = [];
    const length = 3 + Math.floor(rnd() * 40);
    for (let j = 0; j < length; j++)
      tokens.push(rnd() < 0.5 ? WORDS[Math.floor(rnd() * rnd() * WORDS.length)] : `词${Math.floor(rnd() * 300)}`);
    docs.push({ key: `d${d}`, officeId: d % 23, year: 2019 + (d % 4), tokens });
  }
  return docs;
}

/**
 * Okapi BM25 by hand over the live documents: `order` 'document' sums a document's matching
 * terms in the order it first uses them, 'query' in the query's. Best first, ties to the earlier.
 */
function byHand(
  docs: Bm25Doc[],
  query: string[],
  k: number,
  order: 'document' | 'query',
  filter: { officeIds?: number[]; year?: number } = {},
): { key: string; score: number }[] {
  const n = docs.length;
  const avgdl = docs.reduce((s, d) => s + d.tokens.length, 0) / n;
  const terms = [...new Set(query)];
  const df = new Map(terms.map((t) => [t, docs.filter((d) => d.tokens.includes(t)).length]));
  const scored: { key: string; score: number; order: number }[] = [];
  docs.forEach((d, at) => {
    if (filter.officeIds && !filter.officeIds.includes(d.officeId)) return;
    if (filter.year !== undefined && d.year !== filter.year) return;
    const seq = order === 'query' ? terms : [...new Set(d.tokens)].filter((t) => terms.includes(t));
    let score = 0;
    for (const t of seq) {
      const dfT = df.get(t)!;
      const tf = d.tokens.filter((x) => x === t).length;
      if (!dfT || !tf) continue;
      const w = Math.log(1 + (n - dfT + 0.5) / (dfT + 0.5));
      const norm = K1 * (1 - B + (B * d.tokens.length) / avgdl);
      // The two walks group the numerator as they always have: by office w·(tf·(k1+1)), else (w·tf)·(k1+1).
      score += order === 'document' ? (w * (tf * (K1 + 1))) / (tf + norm) : (w * tf * (K1 + 1)) / (tf + norm);
    }
    if (score > 0) scored.push({ key: d.key, score, order: at });
  });
  scored.sort((a, c) => c.score - a.score || a.order - c.order);
  return scored.slice(0, k).map(({ key, score }) => ({ key, score }));
}

function built(docs: Bm25Doc[]): Bm25Index {
  const index = new Bm25Index({ k1: K1, b: B });
  for (const d of docs) index.add(d);
  return index;
}

const QUERIES = [
  ['信息', '公开'],
  ['复议', '词7', '诉讼'],
  ['年度', '词42', '词42', '申请', '解读'],
  ['词1', '费用'],
];

describe('BM25 format 2', () => {
  const docs = corpus(600, 11);
  const opened = Bm25Index.fromBytes(built(docs).toBytes('sidecar-1'));

  it('narrowed by office (and year), sums each document in its own order of first use, to the bit', () => {
    for (const q of QUERIES) {
      for (const filter of [{ officeIds: [3] }, { officeIds: [5, 9, 17], year: 2021 }, { officeIds: [0, 22] }]) {
        const want = byHand(docs, q, 20, 'document', filter);
        expect(want.length).toBeGreaterThan(0);
        expect(opened.search(q, 20, filter)).toEqual(want);
      }
    }
  });

  it('unfiltered or by year alone, sums in the query order, to the bit', () => {
    for (const q of QUERIES) {
      expect(opened.search(q, 30)).toEqual(byHand(docs, q, 30, 'query'));
      expect(opened.search(q, 30, { year: 2020 })).toEqual(byHand(docs, q, 30, 'query', { year: 2020 }));
    }
  });

  it('gives back the tag it was saved with, until a document is added or removed', () => {
    const again = Bm25Index.fromBytes(built(docs).toBytes('sidecar-1'));
    expect(again.tag).toBe('sidecar-1');
    expect(again.has('d5')).toBe(true);
    expect(again.tag).toBe('sidecar-1');
    again.remove('d5');
    expect(again.tag).toBeNull();
    expect(Bm25Index.fromBytes(built(docs).toBytes()).tag).toBeNull();
  });

  it('an opened index changed (removed, added) answers as by hand over what it then holds, and so saved again', () => {
    const index = Bm25Index.fromBytes(built(docs).toBytes());
    const extra = corpus(40, 99).map((d) => ({ ...d, key: `e${d.key}`, officeId: 3 }));
    const live = docs.filter((_, i) => i % 7 !== 2);
    for (let i = 2; i < docs.length; i += 7) index.remove(docs[i].key);
    for (const d of extra) index.add(d);
    const now = [...live, ...extra];
    const reopened = Bm25Index.fromBytes(index.toBytes());
    for (const ix of [index, reopened]) {
      for (const q of QUERIES) {
        expect(ix.search(q, 20, { officeIds: [3] })).toEqual(byHand(now, q, 20, 'document', { officeIds: [3] }));
        expect(ix.search(q, 20)).toEqual(byHand(now, q, 20, 'query'));
      }
    }
  });

  it('keeps keys and terms of any characters exactly (a lone surrogate, a line break, an emoji)', () => {
    const odd: Bm25Doc[] = [
      { key: 'a\ud800#1', officeId: 1, year: 2020, tokens: ['x\ud83d', '信息', '\n'] },
      { key: '报告😀#2', officeId: 1, year: 2020, tokens: ['😀', '信息', 'x\ud83d', 'x\ud83d'] },
      { key: '', officeId: 2, year: 2021, tokens: ['信息'] },
    ];
    const index = Bm25Index.fromBytes(built(odd).toBytes());
    expect(index.liveKeys()).toEqual(['a\ud800#1', '报告😀#2', '']);
    expect(index.search(['x\ud83d'], 5, { officeIds: [1] })).toEqual(
      byHand(odd, ['x\ud83d'], 5, 'document', { officeIds: [1] }),
    );
    expect(index.search(['\n', '😀'], 5)).toEqual(byHand(odd, ['\n', '😀'], 5, 'query'));
  });

  it('documents of more than 256 and more than 65,536 distinct terms keep their order (wider ranks)', () => {
    for (const size of [300, 70_000]) {
      const many = Array.from({ length: size }, (_, i) => `t${i}`);
      const last = `t${size - 1}`;
      const wide: Bm25Doc[] = [
        { key: 'wide', officeId: 1, year: 2020, tokens: [...many, last, 't3'] },
        { key: 'small', officeId: 1, year: 2020, tokens: [last, 't3', `t${size - 20}`] },
      ];
      const index = Bm25Index.fromBytes(built(wide).toBytes());
      const q = ['t3', `t${size - 20}`, last, 't257'];
      expect(index.search(q, 5, { officeIds: [1] })).toEqual(byHand(wide, q, 5, 'document', { officeIds: [1] }));
    }
  });

  it('opens from bytes at any offset (a slice of a larger buffer)', () => {
    const bytes = built(docs).toBytes();
    for (const skip of [1, 3, 8]) {
      const shifted = Buffer.concat([Buffer.alloc(skip), bytes]).subarray(skip);
      const q = QUERIES[0];
      expect(Bm25Index.fromBytes(shifted).search(q, 10, { officeIds: [3] })).toEqual(
        byHand(docs, q, 10, 'document', { officeIds: [3] }),
      );
    }
  });

  it('refuses bytes cut short', () => {
    const bytes = built(docs).toBytes();
    expect(() => Bm25Index.fromBytes(bytes.subarray(0, bytes.length - 8))).toThrow();
  });

  it('opens a format-1 file (a JSON head, then each document’s term ids and counts) and saves it as format 2', () => {
    const few: Bm25Doc[] = [
      { key: 'r1#0', officeId: 4, year: 2022, tokens: ['公开', '信息', '公开'] },
      { key: 'r1#1', officeId: 4, year: 2022, tokens: ['复议', '信息'] },
      { key: 'r2#0', officeId: 6, year: 2023, tokens: ['信息'] },
    ];
    // Written by hand as format 1 was: terms numbered in the order first met.
    const head = Buffer.from(
      JSON.stringify({
        format: 1,
        k1: K1,
        b: B,
        terms: ['公开', '信息', '复议'],
        keys: ['r1#0', 'r1#1', 'r2#0'],
        offices: [4, 4, 6],
        years: [2022, 2022, 2023],
        lengths: [3, 2, 1],
        counts: [2, 2, 1],
      }),
    );
    const headLen = 4 + Math.ceil(head.length / 4) * 4;
    const bytes = Buffer.alloc(headLen + 5 * 6);
    bytes.writeUInt32LE(head.length, 0);
    head.copy(bytes, 4);
    [0, 1, 2, 1, 1].forEach((id, i) => bytes.writeInt32LE(id, headLen + 4 * i));
    [2, 1, 1, 1, 1].forEach((tf, i) => bytes.writeUInt16LE(tf, headLen + 20 + 2 * i));
    const v1 = Bm25Index.fromBytes(bytes);
    const v2 = Bm25Index.fromBytes(v1.toBytes());
    for (const ix of [v1, v2]) {
      expect(ix.search(['信息', '公开'], 5, { officeIds: [4] })).toEqual(
        byHand(few, ['信息', '公开'], 5, 'document', { officeIds: [4] }),
      );
      expect(ix.search(['信息', '复议'], 5)).toEqual(byHand(few, ['信息', '复议'], 5, 'query'));
      expect(ix.placeOf('r2#0')).toEqual({ officeId: 6, year: 2023 });
    }
  });
});

describe('BM25 opened from its file (postings read term by term as searches need them)', () => {
  const docs = corpus(600, 11);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bm25-open-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const saved = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('answers as by hand, narrowed by office and year or not, the same term asked again', () => {
    const index = Bm25Index.open(saved('a.dat', built(docs).toBytes('sidecar-1')));
    expect(index.tag).toBe('sidecar-1');
    for (const q of [...QUERIES, ...QUERIES]) {
      expect(index.search(q, 20, { officeIds: [5, 9, 17], year: 2021 })).toEqual(
        byHand(docs, q, 20, 'document', { officeIds: [5, 9, 17], year: 2021 }),
      );
      expect(index.search(q, 30)).toEqual(byHand(docs, q, 30, 'query'));
      expect(index.search(q, 30, { year: 2020 })).toEqual(byHand(docs, q, 30, 'query', { year: 2020 }));
    }
  });

  it('an unfiltered search reads no keys, offices or years whole, only its hits’ keys; a filter reads what it needs', () => {
    // Keys long enough that the keys' column outweighs everything an unfiltered search reads.
    const long = docs.map((d) => ({ ...d, key: `${'报告'.repeat(300)}${d.key}` }));
    const bytes = built(long).toBytes();
    const keysColumn = long.reduce((s, d) => s + 2 * d.key.length, 0);
    const { read, restore } = spyReads();
    try {
      const index = Bm25Index.open(saved('keys.dat', bytes));
      for (const q of QUERIES) expect(index.search(q, 5)).toEqual(byHand(long, q, 5, 'query'));
      const total = read.reduce((s, n) => s + n, 0);
      expect(total).toBeLessThan(keysColumn);
      // Narrowed by office and year: both columns read now, and the keys still one by one.
      for (const q of QUERIES)
        expect(index.search(q, 20, { officeIds: [5, 9], year: 2021 })).toEqual(
          byHand(long, q, 20, 'document', { officeIds: [5, 9], year: 2021 }),
        );
      expect(read.some((n) => n >= keysColumn)).toBe(false);
      expect(index.placeOf(long[7].key)).toEqual({ officeId: long[7].officeId, year: long[7].year });
    } finally {
      restore();
    }
  });

  it('saved again as opened, gives the file’s own bytes under its tag', () => {
    const bytes = built(docs).toBytes('sidecar-1');
    const index = Bm25Index.open(saved('b.dat', bytes));
    index.search(QUERIES[1], 5);
    expect(index.toBytes('sidecar-1').equals(bytes)).toBe(true);
  });

  it('changed after a search (every posting read then), answers as by hand over what it holds', () => {
    const index = Bm25Index.open(saved('c.dat', built(docs).toBytes()));
    index.search(QUERIES[0], 5);
    const extra = corpus(40, 99).map((d) => ({ ...d, key: `e${d.key}`, officeId: 3 }));
    for (let i = 2; i < docs.length; i += 7) index.remove(docs[i].key);
    for (const d of extra) index.add(d);
    const now = [...docs.filter((_, i) => i % 7 !== 2), ...extra];
    for (const q of QUERIES) {
      expect(index.search(q, 20, { officeIds: [3] })).toEqual(byHand(now, q, 20, 'document', { officeIds: [3] }));
      expect(index.search(q, 20)).toEqual(byHand(now, q, 20, 'query'));
    }
  });

  it('keeps reading the file it opened when another is renamed over it (a save by another process)', () => {
    const file = saved('d.dat', built(docs).toBytes());
    const index = Bm25Index.open(file);
    const other = saved('d.tmp', built(corpus(50, 5)).toBytes());
    fs.renameSync(other, file);
    for (const q of QUERIES) expect(index.search(q, 20)).toEqual(byHand(docs, q, 20, 'query'));
  });

  it('refuses a file cut short; opens a format-1 file', () => {
    const bytes = built(docs).toBytes();
    expect(() => Bm25Index.open(saved('e.dat', bytes.subarray(0, bytes.length - 8)))).toThrow();
    expect(() => Bm25Index.open(saved('f.dat', bytes.subarray(0, 6)))).toThrow();
    const few: Bm25Doc[] = [{ key: 'r#0', officeId: 4, year: 2022, tokens: ['公开', '信息'] }];
    const head = Buffer.from(
      JSON.stringify({
        format: 1,
        k1: K1,
        b: B,
        terms: ['公开', '信息'],
        keys: ['r#0'],
        offices: [4],
        years: [2022],
        lengths: [2],
        counts: [2],
      }),
    );
    const headLen = 4 + Math.ceil(head.length / 4) * 4;
    const v1 = Buffer.alloc(headLen + 2 * 6);
    v1.writeUInt32LE(head.length, 0);
    head.copy(v1, 4);
    [0, 1].forEach((id, i) => v1.writeInt32LE(id, headLen + 4 * i));
    [1, 1].forEach((tf, i) => v1.writeUInt16LE(tf, headLen + 8 + 2 * i));
    expect(Bm25Index.open(saved('g.dat', v1)).search(['信息'], 5)).toEqual(byHand(few, ['信息'], 5, 'query'));
  });
});
