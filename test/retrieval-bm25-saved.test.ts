// BM25 is saved beside the vectors and opened, not rebuilt (issue 13): the opened index
// ranks exactly as one built from the texts, and a saved file that no longer matches
// the chunks (a report removed or moved after it was written) is corrected when opened.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Filter } from '../src/retrieval/bm25.js';
import { chunkReport } from '../src/retrieval/chunker.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { BM25_FILE, RETRIEVAL_DIR, RetrievalIndex } from '../src/retrieval/retrieval-index.js';
import { tokenize } from '../src/retrieval/tokenizer.js';
import { tempDirs } from './support/temp-dirs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
  file: string;
  office: string;
  year: number;
}[];
const chunksFor = (i: number, officeId = i + 1) =>
  chunkReport(fs.readFileSync(path.join(repoRoot, 'corpus', seeds[i].file), 'utf8'), {
    reportId: i + 1,
    officeId,
    office: seeds[i].office,
    year: seeds[i].year,
  });
const ALIASES = ['只楚', '只楚街道', '城关镇', '城郊街道', '洛北街道', '胜利街街道'];
const QUESTION = '只楚街道微信公众号关注量是多少';
const zhichu = seeds.findIndex((s) => s.file.includes('只楚'));

const tempDir = tempDirs('nianbao-bm25-');

describe('Bm25Index.toBytes / fromBytes', () => {
  const docs = [
    { key: 'a', officeId: 1, year: 2020, tokens: ['微信', '公众号', '关注', '微信'] },
    { key: 'b', officeId: 2, year: 2020, tokens: ['行政', '复议', '微信'] },
    { key: 'c', officeId: 2, year: 2021, tokens: ['公众号', '推送', '推送', '推送'] },
    { key: 'd', officeId: 3, year: 2021, tokens: ['培训', '会议'] },
  ];

  it('opens to the same rankings, scores and filters, without removed documents', () => {
    const built = new Bm25Index();
    for (const d of docs) built.add(d);
    built.remove('d');
    const opened = Bm25Index.fromBytes(built.toBytes());
    expect(opened.size).toBe(3);
    expect(opened.has('d')).toBe(false);
    const queries: [string[], Bm25Filter][] = [
      [['微信'], {}],
      [['公众号', '推送'], {}],
      [['微信', '公众号'], { officeIds: [2] }],
      [['公众号'], { year: 2021 }],
      [['培训'], {}],
    ];
    for (const [q, filter] of queries) expect(opened.search(q, 10, filter)).toEqual(built.search(q, 10, filter));
    // Still a live index: documents added after opening are found.
    opened.add({ key: 'e', officeId: 4, year: 2022, tokens: ['培训'] });
    expect(opened.search(['培训'], 5).map((r) => r.key)).toEqual(['e']);
  });

  it('an opened index changed further (added past its size, removed, compacted) equals one built afresh with the same documents', () => {
    // Every document's term list lives in pools shared by all documents: opened exactly full,
    // grown by adds, with holes after removals until compact.
    const corpus = seeds.flatMap((_, i) =>
      chunksFor(i).map((c) => ({ key: c.id, officeId: c.officeId, year: c.year, tokens: tokenize(c.text) })),
    );
    const first = corpus.slice(0, 40);
    const rest = corpus.slice(40);
    const built = new Bm25Index();
    for (const d of first) built.add(d);
    const opened = Bm25Index.fromBytes(built.toBytes());
    for (const d of rest) opened.add(d);
    const gone = corpus.filter((_, i) => i % 4 === 1).map((d) => d.key);
    for (const key of gone) opened.remove(key);
    // A document added again under its key replaces its old terms.
    const changed = { ...corpus[2], tokens: [...corpus[2].tokens, '开放日', '开放日'] };
    opened.add(changed);

    const fresh = new Bm25Index();
    for (const d of corpus) if (!gone.includes(d.key)) fresh.add(d.key === changed.key ? changed : d);
    const queries: [string[], Bm25Filter][] = [
      [tokenize(QUESTION), {}],
      [['开放日'], {}],
      [tokenize('存在的主要问题及改进情况'), { officeIds: [1, 3] }],
      [tokenize('行政复议'), { year: seeds[0].year }],
    ];
    const same = (a: Bm25Index) => {
      for (const [q, filter] of queries) expect(a.search(q, 10, filter)).toEqual(fresh.search(q, 10, filter));
    };
    same(opened);
    opened.compact();
    same(opened);
    same(Bm25Index.fromBytes(opened.toBytes()));
  });

  it('refuses bytes cut short', () => {
    const built = new Bm25Index();
    for (const d of docs) built.add(d);
    const bytes = built.toBytes();
    expect(() => Bm25Index.fromBytes(bytes.subarray(0, bytes.length - 2))).toThrow();
  });
});

describe('the retrieval index saves BM25 and opens it', () => {
  it('writes bm25.dat at save, and a reopened index answers as the one that built it', async () => {
    const data = tempDir();
    const first = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    for (let i = 0; i < seeds.length; i++) await first.addReport(i + 1, chunksFor(i));
    await first.save();
    expect(fs.existsSync(path.join(data, RETRIEVAL_DIR, BM25_FILE))).toBe(true);
    const again = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    const a = await first.search(QUESTION, { k: 5 });
    const b = await again.search(QUESTION, { k: 5 });
    expect(b.map((h) => [h.chunk.id, h.bm25Rank])).toEqual(a.map((h) => [h.chunk.id, h.bm25Rank]));
    // The report text says so (corpus/2020/只楚街道-2020.txt, line 29).
    expect(b[0].chunk.text).toContain('关注量5948人');
  });

  it('a saved BM25 older than the chunks is corrected: a removed report is never found, a moved one is found under its new office', async () => {
    const data = tempDir();
    const dir = path.join(data, RETRIEVAL_DIR);
    const index = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    for (let i = 0; i < seeds.length; i++) await index.addReport(i + 1, chunksFor(i));
    await index.save();
    const stale = fs.readFileSync(path.join(dir, BM25_FILE));
    // 只楚 moves to office 99 (assign), another report is removed; then the old BM25 file is put back.
    await index.addReport(zhichu + 1, chunksFor(zhichu, 99));
    const removed = zhichu === 0 ? 2 : 1;
    index.removeReport(removed);
    await index.save();
    fs.writeFileSync(path.join(dir, BM25_FILE), stale);

    const opened = await RetrievalIndex.open(data, new HashedNgramEmbeddings(), { userWords: ALIASES });
    const moved = await opened.search(QUESTION, { k: 5, officeIds: [99] });
    expect(moved[0]?.chunk.text).toContain('关注量5948人');
    expect(moved[0]?.bm25Rank).toBe(1);
    expect(await opened.search(QUESTION, { k: 5, officeIds: [zhichu + 1] })).toEqual([]);
    const everything = await opened.search(
      tokenize(fs.readFileSync(path.join(repoRoot, 'corpus', seeds[removed - 1].file), 'utf8'))
        .slice(0, 40)
        .join(' '),
      { k: 50 },
    );
    expect(everything.some((h) => h.chunk.reportId === removed)).toBe(false);
  });
});
