// The vector store's documents as a saved folder holds them (docstore format 4: a binary
// file, texts read when asked for): whatever is added, deleted, added again and saved,
// the store opened from the folder holds exactly the documents the test itself kept,
// in the order they were added, and its filters see exactly their offices and years.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { mulberry32 } from '../tools/synth/index.js';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { HnswGraphStore } from '../src/retrieval/hnsw-graph.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-doctable-');

type Meta = Record<string, unknown>;
type Kept = { text: string; metadata: Meta };

const WORDS = ['公众号', '依申请公开', '行政复议', '政策解读', '存在的主要问题', '网站', '发布信息', '\n', ' ', '😀'];

/** What a saved document's metadata reads back as: JSON's (an undefined field dropped). */
const asSaved = (m: Meta): Meta => JSON.parse(JSON.stringify(m)) as Meta;

function sentence(rand: () => number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(rand() * WORDS.length)] + String(Math.floor(rand() * 100));
  return s;
}

/** The store's documents as [id, text, metadata], in its order. */
const docsOf = (store: HnswGraphStore) => [...store.documents()].map((d) => [d.id, d.pageContent, d.metadata]);
/** The kept documents the same way (metadata as saved). */
const keptOf = (kept: Map<string, Kept>) => [...kept].map(([id, d]) => [id, d.text, asSaved(d.metadata)]);

it('opens exactly what was added, deleted and added again, save after save, with filters over the right documents', async () => {
  const rand = mulberry32(20240613).next;
  const embeddings = new HashedNgramEmbeddings();
  const dir = tempDir();
  let store = new HnswGraphStore(embeddings);
  // The test's own record: id → document, in the order of their last add (a re-added id moves last).
  const kept = new Map<string, Kept>();
  let next = 0;
  const add = async (count: number) => {
    const batch = [];
    for (let i = 0; i < count; i++) {
      // Now and then an id already held: it is replaced, and moves last.
      const id = kept.size && rand() < 0.15 ? [...kept.keys()][Math.floor(rand() * kept.size)] : `${next++}#${i}`;
      const officeId = 1 + Math.floor(rand() * 6);
      const metadata: Meta = {
        reportId: Math.floor(rand() * 50),
        officeId,
        year: 2019 + Math.floor(rand() * 3),
        seq: i,
      };
      if (rand() < 0.1) metadata.section = null;
      if (rand() < 0.05) metadata.year = '2020'; // not a number: no year filter takes it
      if (rand() < 0.05) delete metadata.officeId;
      batch.push({ id, pageContent: sentence(rand), metadata });
    }
    await store.addDocuments(batch);
    for (const d of batch) {
      kept.delete(d.id);
      kept.set(d.id, { text: d.pageContent, metadata: d.metadata });
    }
  };
  const remove = (count: number) => {
    for (let i = 0; i < count && kept.size; i++) {
      const id = [...kept.keys()][Math.floor(rand() * kept.size)];
      expect(store.deleteOne(id)).toBe(true);
      kept.delete(id);
    }
    expect(store.deleteOne('no such id')).toBe(false);
  };

  for (let round = 0; round < 5; round++) {
    await add(40);
    remove(10);
    await store.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')).format).toBe(4);
    store = await HnswGraphStore.load(dir, embeddings);
    expect(store.size).toBe(kept.size);
    expect(docsOf(store)).toEqual(keptOf(kept));
    expect([...store.documentIds()]).toEqual([...kept.keys()]);
    // Deletes and adds on a store opened from its file, before the next save.
    remove(5);
    await add(10);
    expect(docsOf(store)).toEqual(keptOf(kept));
  }

  // Lookups by id, and the filter columns, against the kept documents.
  for (const [id, d] of kept) {
    const m = asSaved(d.metadata);
    expect(store.getDocument(id)?.pageContent).toBe(d.text);
    expect(asSaved(store.metadataOf(id) as Meta)).toEqual(m);
    expect(store.officeIdOf(id)).toBe(typeof m.officeId === 'number' ? m.officeId : undefined);
    expect(store.yearOf(id)).toBe(typeof m.year === 'number' ? m.year : undefined);
    expect(store.reportIdOf(id)).toBe(m.reportId);
    expect(store.placeOf(id)).toEqual({ officeId: store.officeIdOf(id), year: store.yearOf(id) });
  }
  expect(store.getDocument('no such id')).toBeUndefined();
  expect(store.placeOf('no such id')).toBeUndefined();

  // Every filter finds exactly the documents whose metadata says so (k large enough for all).
  const qv = await embeddings.embedQuery('公众号 依申请公开 行政复议 政策解读 网站');
  const found = async (filter: { officeIds?: number[]; year?: number }) =>
    (await store.similaritySearchVectorWithScore(qv, 10_000, filter)).map(([d]) => d.id).sort();
  const exactly = (ok: (m: Meta) => boolean) =>
    [...kept]
      .filter(([, d]) => ok(d.metadata))
      .map(([id]) => id)
      .sort();
  for (const officeId of [1, 3, 6])
    expect(await found({ officeIds: [officeId] })).toEqual(exactly((m) => m.officeId === officeId));
  for (const year of [2019, 2021]) {
    expect(await found({ year })).toEqual(exactly((m) => m.year === year));
    expect(await found({ officeIds: [2, 5], year })).toEqual(
      exactly((m) => m.year === year && (m.officeId === 2 || m.officeId === 5)),
    );
  }
});

it('keeps texts and ids that UTF-8 alone would change (a lone surrogate), and metadata as JSON reads it', async () => {
  const embeddings = new HashedNgramEmbeddings();
  const dir = tempDir();
  const store = new HnswGraphStore(embeddings);
  const docs = [
    { id: 'a\ud800', pageContent: '公众号\udc00关注量', metadata: { officeId: 1, year: 2020, note: 'x\ud83d' } },
    {
      id: '洪泽区#1',
      pageContent: '😀 发布信息 12 条\n第二行',
      metadata: { officeId: 2, year: 2021, nested: { a: [1, null] } },
    },
    { id: 'empty', pageContent: '', metadata: {} },
  ];
  await store.addDocuments(docs);
  // Added and not yet saved, they read back the same: they are held encoded as the file holds them.
  expect(docsOf(store)).toEqual(docs.map((d) => [d.id, d.pageContent, d.metadata]));
  for (const d of docs) expect(store.getDocument(d.id)?.pageContent).toBe(d.pageContent);
  await store.save(dir);
  const opened = await HnswGraphStore.load(dir, embeddings);
  expect(docsOf(opened)).toEqual(docs.map((d) => [d.id, d.pageContent, d.metadata]));
  for (const d of docs) expect(opened.getDocument(d.id)?.pageContent).toBe(d.pageContent);
  expect(HnswGraphStore.readDocuments(dir).map((d) => [d.id, d.pageContent])).toEqual(
    docs.map((d) => [d.id, d.pageContent]),
  );
});

it('a store opened from a folder reads its texts still when another save has replaced the files there', async () => {
  const embeddings = new HashedNgramEmbeddings();
  const dir = tempDir();
  const first = new HnswGraphStore(embeddings);
  await first.addDocuments([{ pageContent: '政策解读117篇', metadata: { officeId: 9, year: 2021 }, id: 'r9-0' }]);
  await first.save(dir);
  const reader = await HnswGraphStore.load(dir, embeddings);
  // Another process saves the folder again: its former documents file is removed.
  const writer = await HnswGraphStore.load(dir, embeddings);
  writer.deleteOne('r9-0');
  await writer.addDocuments([{ pageContent: '行政复议 0 件', metadata: { officeId: 9, year: 2022 }, id: 'r9-1' }]);
  await writer.save(dir);
  expect(reader.getDocument('r9-0')?.pageContent).toBe('政策解读117篇');
  expect(reader.changedOnDisk(dir)).toBe(true);
  expect(docsOf(await HnswGraphStore.load(dir, embeddings))).toEqual([
    ['r9-1', '行政复议 0 件', { officeId: 9, year: 2022 }],
  ]);
});

it('opens a documents file of version 1 (no saved id table: made at open)', async () => {
  const embeddings = new HashedNgramEmbeddings();
  const dir = tempDir();
  const store = new HnswGraphStore(embeddings);
  const docs = Array.from({ length: 30 }, (_, i) => ({
    id: `${i}#0`,
    pageContent: `第${i}段：公众号发布信息${i * 7}条`,
    metadata: { reportId: i, officeId: i % 4, year: 2020 + (i % 2) },
  }));
  await store.addDocuments(docs);
  await store.save(dir);
  // Version 1 is version 2 without the id table that ends the file: cut it off, say version 1.
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')) as { docsFile: string };
  const file = path.join(dir, sidecar.docsFile);
  const bytes = fs.readFileSync(file);
  const n = bytes.readUInt32LE(8);
  const tailAt = bytes.readDoubleLE(16);
  const idBytes = bytes.readDoubleLE(24);
  const align = (x: number) => Math.ceil(x / 8) * 8;
  const columns = [4 * n, 8 * n, 8 * n, 8 * n, n, 4 * (n + 1), 8 * (n + 1), 4 * n].reduce((a, x) => a + align(x), 0);
  const v1 = Buffer.from(bytes.subarray(0, tailAt + columns + idBytes));
  v1.writeUInt32LE(1, 4);
  fs.writeFileSync(file, v1);
  const opened = await HnswGraphStore.load(dir, embeddings);
  expect(docsOf(opened)).toEqual(docs.map((d) => [d.id, d.pageContent, d.metadata]));
  expect(opened.getDocument('17#0')?.pageContent).toBe('第17段：公众号发布信息119条');
  expect(opened.reportIdOf('29#0')).toBe(29);
});
