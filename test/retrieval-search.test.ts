import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkReport } from '../src/retrieval/chunker.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { EmbeddingMismatchError } from '../src/retrieval/hnsw-store.js';
import { bestSentences } from '../src/retrieval/quote.js';
import { RETRIEVAL_DIR, RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import type { Hit } from '../src/retrieval/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
  file: string;
  office: string;
  year: number;
}[];
/** Report and office ids as ingest would give them: 1…5 in index order. */
const ids = (short: string) => {
  const i = seeds.findIndex((s) => s.file.includes(short));
  return { reportId: i + 1, officeId: i + 1 };
};
const ALIASES = ['只楚', '只楚街道', '城关镇', '城郊街道', '洛北街道', '胜利街街道'];
const chunksFor = (i: number) =>
  chunkReport(fs.readFileSync(path.join(repoRoot, 'corpus', seeds[i].file), 'utf8'), {
    reportId: i + 1,
    officeId: i + 1,
    office: seeds[i].office,
    year: seeds[i].year,
  });

let dataDir: string;
let index: RetrievalIndex;
const embeddings = new HashedNgramEmbeddings();
const QUESTION = '只楚街道微信公众号关注量是多少';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-'));
  index = await RetrievalIndex.open(dataDir, embeddings, { userWords: ALIASES });
  for (let i = 0; i < seeds.length; i++) await index.addReport(i + 1, chunksFor(i));
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const summary = (hits: Hit[]) => hits.map((h) => [h.chunk.id, h.bm25Rank, h.denseRank]);

describe('hybrid search over the five seeds', () => {
  it('finds the 关注量 paragraph of 只楚 first, without an office filter', async () => {
    const [top] = await index.search(QUESTION, { k: 5 });
    expect(top.chunk.office).toBe('芝罘区只楚街道办事处');
    expect(top.chunk.text).toContain('关注量5948人');
    expect(top.bm25Rank).toBe(1);
    expect(top.denseRank).toBeDefined();
  });

  it('finds it first with the office filter, and returns only that office', async () => {
    const hits = await index.search(QUESTION, { k: 5, officeIds: [ids('只楚').officeId] });
    expect(hits[0].chunk.text).toContain('关注量5948人');
    expect(hits.length).toBeGreaterThan(1);
    expect(new Set(hits.map((h) => h.chunk.officeId))).toEqual(new Set([ids('只楚').officeId]));
    // Fused scores are sorted.
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  it('quotes the sentence with the number', async () => {
    const [top] = await index.search(QUESTION, { k: 1, officeIds: [ids('只楚').officeId] });
    const [sentence] = bestSentences(top, QUESTION, 1);
    expect(sentence).toMatch(/^目前，我办微信公众号关注量5948人/);
    expect(bestSentences(top, QUESTION, 3).length).toBeLessThanOrEqual(3);
  });

  it('finds part 5 of 城关镇 for 存在的主要问题', async () => {
    const [top] = await index.search('存在的主要问题', { k: 3, officeIds: [ids('城关镇').officeId] });
    expect(top.chunk).toMatchObject({ office: '城关镇人民政府', part: 5 });
  });

  it('finds the signature block for 落款日期', async () => {
    const [top] = await index.search('落款日期是哪天', { k: 3, officeIds: [ids('只楚').officeId] });
    expect(top.chunk.text).toContain('2020年1月26日');
  });

  it('filters by year and by an empty office list', async () => {
    expect(await index.search(QUESTION, { year: 2019 })).toEqual([]);
    expect((await index.search(QUESTION, { year: 2020 })).length).toBeGreaterThan(0);
    expect(await index.search(QUESTION, { officeIds: [] })).toEqual([]);
    expect(await index.search(QUESTION, { officeIds: [999] })).toEqual([]);
  });

  it('save → open again gives the same results', async () => {
    const before = await index.search(QUESTION, { k: 8 });
    const filtered = await index.search('存在的主要问题', { k: 4, officeIds: [ids('城关镇').officeId] });
    await index.save();
    expect(fs.existsSync(path.join(dataDir, RETRIEVAL_DIR, 'docstore.json'))).toBe(true);
    const reopened = await RetrievalIndex.open(dataDir, new HashedNgramEmbeddings(), { userWords: ALIASES });
    expect(reopened.size).toBe(index.size);
    expect(reopened.reportIds()).toEqual([1, 2, 3, 4, 5]);
    expect(summary(await reopened.search(QUESTION, { k: 8 }))).toEqual(summary(before));
    const again = await reopened.search('存在的主要问题', { k: 4, officeIds: [ids('城关镇').officeId] });
    expect(again.map((h) => h.chunk)).toEqual(filtered.map((h) => h.chunk));
  });

  it('refuses to open an index built with other embeddings', async () => {
    await index.save();
    await expect(RetrievalIndex.open(dataDir, new HashedNgramEmbeddings({ dimension: 128 }))).rejects.toThrow(
      /向量索引是用嵌入模型「hashed-ngram-v1\/256」.*当前配置的是「hashed-ngram-v1\/128」/,
    );
  });
});

describe('changing the embeddings', () => {
  it('re-embeds the saved chunks when asked to, and the new index is then the one saved', async () => {
    await index.save();
    const other = new HashedNgramEmbeddings({ dimension: 128 });
    const reembedded = await RetrievalIndex.open(dataDir, other, {
      userWords: ALIASES,
      onEmbeddingMismatch: 'reembed',
    });
    expect(reembedded.size).toBe(index.size);
    expect(reembedded.unsaved).toBe(true);
    const hits = await reembedded.search(QUESTION, { k: 3 });
    expect(hits.some((h) => h.chunk.text.includes('关注量5948人') && h.denseRank !== undefined)).toBe(true);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-copy-'));
    try {
      fs.cpSync(path.join(dataDir, RETRIEVAL_DIR), path.join(copy, RETRIEVAL_DIR), { recursive: true });
      const moved = await RetrievalIndex.open(copy, other, { onEmbeddingMismatch: 'reembed' });
      await moved.save();
      await expect(RetrievalIndex.open(copy, embeddings)).rejects.toBeInstanceOf(EmbeddingMismatchError);
      expect((await RetrievalIndex.open(copy, other)).size).toBe(index.size);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('updating the index', () => {
  it('removeReport removes its hits, also after save and reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-rm-'));
    try {
      const idx = await RetrievalIndex.open(dir, embeddings, { userWords: ALIASES });
      for (let i = 0; i < seeds.length; i++) await idx.addReport(i + 1, chunksFor(i));
      const zhichu = ids('只楚');
      const n = chunksFor(zhichu.reportId - 1).length;
      expect(idx.removeReport(zhichu.reportId)).toBe(n);
      expect(idx.removeReport(zhichu.reportId)).toBe(0);
      const hits = await idx.search(QUESTION, { k: 50 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.some((h) => h.chunk.reportId === zhichu.reportId)).toBe(false);
      expect(await idx.search(QUESTION, { officeIds: [zhichu.officeId] })).toEqual([]);
      // Dense side alone, through the LangChain interface: the deleted vectors are gone too.
      const dense = await (await idx.langchainStore()).similaritySearch(QUESTION, 100);
      expect(dense.some((d) => d.metadata.reportId === zhichu.reportId)).toBe(false);

      await idx.save();
      const reopened = await RetrievalIndex.open(dir, embeddings);
      expect(reopened.hasReport(zhichu.reportId)).toBe(false);
      expect(
        (await (await reopened.langchainStore()).similaritySearch(QUESTION, 100)).some(
          (d) => d.metadata.reportId === zhichu.reportId,
        ),
      ).toBe(false);

      // Re-adding reuses the freed slots and makes the report findable again.
      await reopened.addReport(zhichu.reportId, chunksFor(zhichu.reportId - 1));
      expect((await reopened.search(QUESTION, { k: 1 }))[0].chunk.text).toContain('关注量5948人');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('addReport with a known report id replaces its chunks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-re-'));
    try {
      const idx = await RetrievalIndex.open(dir, embeddings);
      const { reportId } = ids('只楚');
      const chunks = chunksFor(reportId - 1);
      await idx.addReport(reportId, chunks);
      await idx.addReport(reportId, chunks.slice(0, 3));
      expect(idx.size).toBe(3);
      expect(idx.vectorStore.size).toBe(3);
      await expect(idx.addReport(99, chunks)).rejects.toThrow(/不属于年报 99/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells a reader when another process saved the index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-two-'));
    try {
      const writer = await RetrievalIndex.open(dir, embeddings);
      await writer.addReport(1, chunksFor(0));
      await writer.save();
      const reader = await RetrievalIndex.open(dir, embeddings);
      expect(reader.changedOnDisk()).toBe(false);
      await new Promise((r) => setTimeout(r, 5)); // mtimes must differ
      await writer.addReport(2, chunksFor(1));
      await writer.save();
      expect(reader.changedOnDisk()).toBe(true);
      expect(reader.hasReport(2)).toBe(false);
      expect((await RetrievalIndex.open(dir, embeddings)).hasReport(2)).toBe(true);
      expect(writer.changedOnDisk()).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unsaved index is not on disk; save writes it once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-retrieval-new-'));
    try {
      const idx = await RetrievalIndex.open(dir, embeddings);
      expect(await idx.search(QUESTION)).toEqual([]);
      await idx.addReport(1, chunksFor(0));
      expect(idx.unsaved).toBe(true);
      expect(fs.existsSync(path.join(dir, RETRIEVAL_DIR))).toBe(false);
      await idx.save();
      expect(idx.unsaved).toBe(false);
      const files = fs.readdirSync(path.join(dir, RETRIEVAL_DIR));
      expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
      await idx.addReport(2, chunksFor(1));
      await idx.save();
      // The old index file is replaced, not left behind.
      expect(fs.readdirSync(path.join(dir, RETRIEVAL_DIR)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
