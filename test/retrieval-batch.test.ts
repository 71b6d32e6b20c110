// Ingest embeds the chunks of many reports in one call (one request to an embedding
// service per batch, not per report), and the index it builds is the one that
// report-by-report indexing builds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';
import { chunkReport } from '../src/retrieval/chunker.js';
import { Embeddings } from '@langchain/core/embeddings';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import type { NamedEmbeddings } from '../src/retrieval/embeddings/named.js';
import { RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { tempDirs } from './support/temp-dirs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
  file: string;
  office: string;
  year: number;
}[];
const chunksFor = (i: number) =>
  chunkReport(fs.readFileSync(path.join(repoRoot, 'corpus', seeds[i].file), 'utf8'), {
    reportId: i + 1,
    officeId: i + 1,
    office: seeds[i].office,
    year: seeds[i].year,
  });
const ALIASES = ['只楚', '只楚街道', '城关镇', '城郊街道', '洛北街道', '胜利街街道'];

/** An embedding service as the index sees one (not the offline embeddings), counting its calls. */
class CountingEmbeddings extends Embeddings implements NamedEmbeddings {
  readonly inner = new HashedNgramEmbeddings();
  readonly embeddingId = this.inner.embeddingId;
  readonly dimension = this.inner.dimension;
  calls = 0;
  constructor() {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    return this.inner.embedDocuments(texts);
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

const tempDir = tempDirs('nianbao-embed-batch-');

it('addReports embeds every report in one call and searches as addReport does', async () => {
  const batched = new CountingEmbeddings();
  const a = await RetrievalIndex.open(tempDir(), batched, { userWords: ALIASES });
  await a.addReports(seeds.map((_, i) => ({ reportId: i + 1, chunks: chunksFor(i) })));
  expect(batched.calls).toBe(1);

  const single = new CountingEmbeddings();
  const b = await RetrievalIndex.open(tempDir(), single, { userWords: ALIASES });
  for (let i = 0; i < seeds.length; i++) await b.addReport(i + 1, chunksFor(i));
  expect(single.calls).toBe(seeds.length);

  expect(a.size).toBe(b.size);
  for (const q of ['只楚街道微信公众号关注量是多少', '城关镇政务公开平台建设情况', '存在的主要问题']) {
    const ha = await a.search(q, { k: 5 });
    const hb = await b.search(q, { k: 5 });
    expect(ha.map((h) => h.chunk.id)).toEqual(hb.map((h) => h.chunk.id));
  }
});

it('a chunk filed under another report is refused before anything is indexed', async () => {
  const index = await RetrievalIndex.open(tempDir(), new HashedNgramEmbeddings(), { userWords: ALIASES });
  await expect(
    index.addReports([
      { reportId: 1, chunks: chunksFor(0) },
      { reportId: 7, chunks: chunksFor(1) },
    ]),
  ).rejects.toThrow(/不属于年报 7/);
  expect(index.size).toBe(0);
});

it('the offline embeddings share BM25’s tokens: the same saved files as cutting every chunk again at save', async () => {
  const reports = seeds.map((_, i) => ({ reportId: i + 1, chunks: chunksFor(i) }));
  // Tokens shared while indexing (HashedNgramEmbeddings) …
  const shared = tempDir();
  const a = await RetrievalIndex.open(shared, new HashedNgramEmbeddings(), { userWords: ALIASES });
  await a.addReports(reports.slice(0, 3));
  await a.addReports(reports.slice(1)); // reports 2 and 3 again: replaced
  await a.save();
  // … and the same vectors from a service, BM25 cut from the chunks at save.
  const cut = tempDir();
  const b = await RetrievalIndex.open(cut, new CountingEmbeddings(), { userWords: ALIASES });
  await b.addReports(reports.slice(0, 3));
  await b.addReports(reports.slice(1));
  await b.save();
  const files = (dir: string) =>
    fs
      .readdirSync(path.join(dir, 'retrieval'))
      .filter(
        (f) =>
          !f.startsWith('docstore') && !f.startsWith('docs-') && !f.startsWith('hnsw') && !f.startsWith('vectors-'),
      )
      .sort();
  // The flat vectors' files have names of their own; their bytes must be the same.
  const vectorsOf = (dir: string) => {
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'retrieval', 'docstore.json'), 'utf8'));
    return fs.readFileSync(path.join(dir, 'retrieval', sidecar.vectorsFile));
  };
  expect(vectorsOf(shared).equals(vectorsOf(cut))).toBe(true);
  expect(files(shared)).toContain('bm25.dat');
  expect(files(shared)).toEqual(files(cut));
  for (const f of files(shared)) {
    const mine = fs.readFileSync(path.join(shared, 'retrieval', f));
    const theirs = fs.readFileSync(path.join(cut, 'retrieval', f));
    // BM25 is saved with its own folder's sidecar as a tag (file names of that folder's own):
    // the index it holds must be the same, bytes and all, less the tag.
    if (f === 'bm25.dat')
      expect(Bm25Index.fromBytes(mine).toBytes().equals(Bm25Index.fromBytes(theirs).toBytes())).toBe(true);
    else expect(mine.equals(theirs)).toBe(true);
  }
  for (const q of ['只楚街道微信公众号关注量是多少', '城关镇政务公开平台建设情况', '存在的主要问题']) {
    expect((await a.search(q, { k: 5 })).map((h) => h.chunk.id)).toEqual(
      (await b.search(q, { k: 5 })).map((h) => h.chunk.id),
    );
  }
});

it('the offline embeddings’ vectors stay as added when a later, smaller batch is embedded', async () => {
  const reports = seeds.map((_, i) => ({ reportId: i + 1, chunks: chunksFor(i) }));
  // The batches' vectors share one buffer: the second is written where the first's were.
  const batches = [reports.slice(1), reports.slice(0, 1)];
  const offline = tempDir();
  const a = await RetrievalIndex.open(offline, new HashedNgramEmbeddings(), { userWords: ALIASES });
  for (const batch of batches) await a.addReports(batch);
  await a.save();
  // The same vectors as arrays of their own, from embedDocuments.
  const service = tempDir();
  const b = await RetrievalIndex.open(service, new CountingEmbeddings(), { userWords: ALIASES });
  for (const batch of batches) await b.addReports(batch);
  await b.save();
  const vectorsOf = (dir: string) => {
    const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'retrieval', 'docstore.json'), 'utf8'));
    return fs.readFileSync(path.join(dir, 'retrieval', sidecar.vectorsFile));
  };
  expect(vectorsOf(offline).length).toBeGreaterThan(20 + 256 * 4 * reports.length);
  expect(vectorsOf(offline).equals(vectorsOf(service))).toBe(true);
});
