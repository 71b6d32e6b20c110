import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { reciprocalRankFusion } from '../src/retrieval/fusion.js';
import { HnswGraphStore } from '../src/retrieval/hnsw-graph.js';
import { HnswVectorStore } from '../src/retrieval/hnsw-store.js';
import { tokenize } from '../src/retrieval/tokenizer.js';

describe('tokenize', () => {
  it('keeps template terms whole, lowercases ASCII, drops punctuation and question words', () => {
    const tokens = tokenize('只楚街道微信公众号关注量是多少？WeChat');
    expect(tokens).toEqual(expect.arrayContaining(['微信公众号', '公众号', '关注量', 'wechat']));
    expect(tokens).not.toContain('是');
    expect(tokens).not.toContain('多少');
    expect(tokens).not.toContain('？');
    expect(tokenize('依申请公开')).toContain('依申请公开');
  });
});

describe('Bm25Index', () => {
  const docs = [
    { key: 'a', officeId: 1, year: 2020, text: '微信公众号关注量5948人，累计发稿191篇' },
    { key: 'b', officeId: 1, year: 2020, text: '政务公开工作存在的主要问题是公开不及时' },
    { key: 'c', officeId: 2, year: 2020, text: '推送微信公众号180余篇，报送信息稿件200余篇' },
    { key: 'd', officeId: 2, year: 2021, text: '政务公开工作扎实推进，政务公开制度健全' },
  ];
  const build = () => {
    const bm = new Bm25Index();
    for (const d of docs) bm.add({ key: d.key, officeId: d.officeId, year: d.year, tokens: tokenize(d.text) });
    return bm;
  };
  const keys = (rs: { key: string }[]) => rs.map((r) => r.key);

  it('ranks the document with the rare query term first', () => {
    expect(keys(build().search(tokenize('公众号关注量'), 10))).toEqual(['a', 'c']);
    expect(build().search(tokenize('行政诉讼'), 10)).toEqual([]);
  });

  it('narrows by office and year', () => {
    const bm = build();
    expect(keys(bm.search(tokenize('微信公众号'), 10, { officeIds: [2] }))).toEqual(['c']);
    expect(keys(bm.search(tokenize('政务公开'), 10, { year: 2021 }))).toEqual(['d']);
    expect(bm.search(tokenize('政务公开'), 10, { officeIds: [1], year: 2021 })).toEqual([]);
  });

  it('scores the same through postings (no filter) and through an office filter', () => {
    const bm = build();
    const all = bm.search(tokenize('政务公开问题'), 10);
    const office1 = bm.search(tokenize('政务公开问题'), 10, { officeIds: [1] });
    expect(office1[0].score).toBeCloseTo(all.find((r) => r.key === office1[0].key)!.score, 12);
  });

  it('forgets removed documents, and compacting changes no result', () => {
    const bm = build();
    expect(bm.remove('a')).toBe(true);
    expect(bm.remove('a')).toBe(false);
    expect(bm.size).toBe(3);
    const after = bm.search(tokenize('微信公众号关注量'), 10);
    expect(keys(after)).toEqual(['c']);
    bm.compact();
    expect(bm.garbage).toBe(0);
    expect(bm.search(tokenize('微信公众号关注量'), 10)).toEqual(after);
    expect(bm.search(tokenize('政务公开'), 10)).toEqual(bm.search(tokenize('政务公开'), 10));
  });

  it('replaces a document added again under the same key', () => {
    const bm = build();
    bm.add({ key: 'a', officeId: 1, year: 2020, tokens: tokenize('行政复议案件') });
    expect(bm.size).toBe(4);
    expect(keys(bm.search(tokenize('行政复议'), 10))).toEqual(['a']);
    expect(keys(bm.search(tokenize('关注量'), 10))).toEqual([]);
  });
});

describe('reciprocalRankFusion', () => {
  it('adds 1/(k+rank) per ranking and keeps the ranks', () => {
    const fused = reciprocalRankFusion(
      [
        ['x', 'y', 'z'],
        ['y', 'w'],
      ],
      60,
    );
    expect(fused.map((f) => f.key)).toEqual(['y', 'x', 'w', 'z']);
    expect(fused[0]).toEqual({ key: 'y', score: 1 / 62 + 1 / 61, ranks: [2, 1] });
    expect(fused[2]).toEqual({ key: 'w', score: 1 / 62, ranks: [undefined, 2] });
  });
});

describe('HnswVectorStore', () => {
  const embeddings = new HashedNgramEmbeddings({ dimension: 32 });
  /** Deterministic pseudo-random unit-ish vectors. */
  const vectors = (n: number, dim: number, seed = 1) => {
    let s = seed;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    return Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
  };
  const docs = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        new Document({ pageContent: `doc ${i}`, metadata: { officeId: i % 10, year: 2020 + (i % 2) }, id: `d${i}` }),
    );

  it('grows past its initial capacity and finds what brute force finds', async () => {
    const store = new HnswVectorStore(embeddings, { initialCapacity: 16 });
    const vs = vectors(300, 32);
    await store.addVectors(vs, docs(300));
    expect(store.size).toBe(300);
    for (const q of vectors(20, 32, 7)) {
      const approx = (await store.similaritySearchVectorWithScore(q, 10)).map(([d]) => d.id);
      const exact = store.exactSearch(q, 10).map(([d]) => d.id);
      expect(new Set(approx)).toEqual(new Set(exact));
    }
  });

  it('filters by office and year (exact), by a function (HNSW), and returns cosine scores', async () => {
    const store = new HnswVectorStore(embeddings, { exactBelow: 40 });
    const vs = vectors(200, 32, 3);
    await store.addVectors(vs, docs(200));
    const [[top, score]] = await store.similaritySearchVectorWithScore(vs[13], 1);
    expect(top.id).toBe('d13');
    expect(score).toBeCloseTo(1, 5);

    const office3 = await store.similaritySearchVectorWithScore(vs[13], 50, { officeIds: [3] });
    expect(office3).toHaveLength(20);
    expect(office3.every(([d]) => d.metadata.officeId === 3)).toBe(true);
    expect(office3[0][0].id).toBe('d13');
    const office3In2021 = await store.similaritySearchVectorWithScore(vs[13], 50, { officeIds: [3], year: 2021 });
    expect(office3In2021.map(([d]) => d.id)).toEqual(expect.arrayContaining(['d13']));
    expect(office3In2021.every(([d]) => d.metadata.year === 2021)).toBe(true);
    // A year alone covers 100 documents: above exactBelow, so HNSW with a filter callback.
    const year2020 = await store.similaritySearchVectorWithScore(vs[13], 10, { year: 2020 });
    expect(year2020).toHaveLength(10);
    expect(year2020.every(([d]) => d.metadata.year === 2020)).toBe(true);
    const even = await store.similaritySearchVectorWithScore(vs[13], 10, (d) => Number(d.id!.slice(1)) % 2 === 0);
    expect(even.every(([d]) => Number(d.id!.slice(1)) % 2 === 0)).toBe(true);
  });

  it('lists live ids in the order added and gives metadata by id, deleted ones gone; documents keep what was given', async () => {
    const store = new HnswGraphStore(embeddings);
    const given = [
      new Document({ pageContent: '一', metadata: { officeId: 1, office: '只楚街道', part: 1 }, id: 'a' }),
      new Document({ pageContent: '二', metadata: { officeId: 2, office: '只楚街道', part: 2 }, id: 'b' }),
      new Document({ pageContent: '三', metadata: { officeId: 1, office: '城关镇', part: 1 }, id: 'c' }),
    ];
    await store.addVectors(vectors(3, 32, 11), given);
    store.deleteOne('b');
    await store.addVectors(vectors(1, 32, 12), [given[1]]);
    expect([...store.documentIds()]).toEqual(['a', 'c', 'b']);
    expect(store.metadataOf('c')).toEqual({ officeId: 1, office: '城关镇', part: 1 });
    expect(store.metadataOf('zz')).toBeUndefined();
    store.deleteOne('a');
    expect(store.metadataOf('a')).toBeUndefined();
    expect([...store.documents()].map((d) => [d.id, d.pageContent, d.metadata])).toEqual([
      ['c', '三', { officeId: 1, office: '城关镇', part: 1 }],
      ['b', '二', { officeId: 2, office: '只楚街道', part: 2 }],
    ]);
    // The store keeps its own copy: changing what was given afterwards changes nothing held.
    given[2].metadata.office = '改了';
    expect(store.getDocument('c')?.metadata.office).toBe('城关镇');
  });

  it('deletes, reuses the freed slots, and saves and loads what is left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-hnsw-'));
    try {
      const store = new HnswVectorStore(embeddings, { initialCapacity: 50 });
      const vs = vectors(50, 32, 5);
      await store.addVectors(vs, docs(50));
      await store.delete({ ids: ['d0', 'd1'] });
      expect(store.size).toBe(48);
      expect((await store.similaritySearchVectorWithScore(vs[0], 50)).some(([d]) => d.id === 'd0')).toBe(false);
      // Re-adding d1 under its id reuses a deleted slot: no resize needed past 50.
      expect(store.capacity).toBe(50);
      await store.addVectors([vs[1]], [docs(2)[1]]);
      expect(store.capacity).toBe(50);
      expect((await store.similaritySearchVectorWithScore(vs[1], 1))[0][0].id).toBe('d1');
      await store.save(dir);
      const loaded = await HnswVectorStore.load(dir, embeddings);
      expect(loaded.size).toBe(49);
      expect(loaded.getDocument('d0')).toBeUndefined();
      expect(loaded.getDocument('d7')?.metadata).toEqual({ officeId: 7, year: 2021 });
      const q = vectors(1, 32, 9)[0];
      expect(await loaded.similaritySearchVectorWithScore(q, 5)).toEqual(
        await store.similaritySearchVectorWithScore(q, 5),
      );
      await expect(HnswVectorStore.load(dir, new HashedNgramEmbeddings({ dimension: 64 }))).rejects.toThrow(/不能混用/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('embeds documents itself through addDocuments and searches by text', async () => {
    const store = new HnswVectorStore(new HashedNgramEmbeddings());
    await store.addDocuments([
      new Document({ pageContent: '微信公众号关注量5948人', metadata: { officeId: 1 } }),
      new Document({ pageContent: '本年度未发生行政复议案件', metadata: { officeId: 1 } }),
    ]);
    const [top] = await store.similaritySearch('公众号关注量', 1);
    expect(top.pageContent).toContain('关注量');
    expect(top.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects vectors of the wrong length', async () => {
    const store = new HnswVectorStore(embeddings);
    await expect(store.addVectors([[1, 2, 3]], docs(1))).rejects.toThrow(/向量维数不对/);
  });
});
