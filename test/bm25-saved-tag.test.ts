// A BM25 file saved together with the chunks (the same save of the vector store) is opened
// as it is, not checked chunk by chunk against the store (~0.9 s of CPU at 100,000 reports,
// issue 13); any other — an older save's, or one opened after the chunks changed in
// memory — is still checked and corrected.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';
import { chunkReport } from '../src/retrieval/chunker.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { tempDirs } from './support/temp-dirs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
  file: string;
  office: string;
  year: number;
}[];
const chunksFor = (i: number, reportId = i + 1) =>
  chunkReport(fs.readFileSync(path.join(repoRoot, 'corpus', seeds[i].file), 'utf8'), {
    reportId,
    officeId: i + 1,
    office: seeds[i].office,
    year: seeds[i].year,
  });
const ALIASES = ['只楚', '只楚街道', '城关镇', '城郊街道', '洛北街道', '胜利街街道'];
// The report text says so (corpus/2020/只楚街道-2020.txt, line 29).
const QUESTION = '只楚街道微信公众号关注量是多少';
const zhichu = seeds.findIndex((s) => s.file.includes('只楚'));
const tempDir = tempDirs('nianbao-bm25-tag-');

afterEach(() => vi.restoreAllMocks());

async function savedFolder(): Promise<string> {
  const data = tempDir();
  const index = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
  for (let i = 0; i < seeds.length; i++) if (i !== zhichu) await index.addReport(i + 1, chunksFor(i));
  await index.save();
  return data;
}

describe('BM25 opened by the tag of the save it was written with', () => {
  it('saved with the chunks: opened without a look at each chunk, and answers from it', async () => {
    const data = await savedFolder();
    const first = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    await first.addReport(zhichu + 1, chunksFor(zhichu));
    await first.save();
    const liveKeys = vi.spyOn(Bm25Index.prototype, 'liveKeys');
    const has = vi.spyOn(Bm25Index.prototype, 'has');
    const again = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    const hits = await again.search(QUESTION, { k: 5, officeIds: [zhichu + 1] });
    expect(hits[0]?.chunk.text).toContain('关注量5948人');
    expect(hits[0]?.bm25Rank).toBe(1);
    expect(liveKeys).not.toHaveBeenCalled();
    expect(has).not.toHaveBeenCalled();
  });

  it('chunks added in memory before the first search: checked, and the new report is found', async () => {
    const data = await savedFolder();
    const index = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    await index.addReport(zhichu + 1, chunksFor(zhichu));
    const hits = await index.search(QUESTION, { k: 5, officeIds: [zhichu + 1] });
    expect(hits[0]?.chunk.text).toContain('关注量5948人');
    expect(hits[0]?.bm25Rank).toBe(1);
  });

  it('another save of the chunks without its BM25 (the file left from the save before): checked and corrected', async () => {
    const data = await savedFolder();
    const dir = path.join(data, 'retrieval');
    const older = fs.readFileSync(path.join(dir, 'bm25.dat'));
    const index = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    await index.addReport(zhichu + 1, chunksFor(zhichu));
    await index.save();
    fs.writeFileSync(path.join(dir, 'bm25.dat'), older);
    const again = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    const hits = await again.search(QUESTION, { k: 5, officeIds: [zhichu + 1] });
    expect(hits[0]?.bm25Rank).toBe(1);
    expect(hits[0]?.chunk.text).toContain('关注量5948人');
  });
});
