// The vector store keeps its documents in a file of one JSON line each (format 2), so
// no single string holds every chunk's text (V8 cannot build one past ~512 M characters;
// 100,000 reports hold ~200 M). A folder saved in format 1 (documents inside docstore.json)
// still opens; a save leaves one documents file, the one its sidecar names. Format 3 is
// format 2 with flat vectors (the offline embeddings' exact search) instead of a graph.
import fs from 'node:fs';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { expect, it } from 'vitest';
import { HashedNgramEmbeddings } from '../src/retrieval/embeddings/hashed.js';
import { HnswVectorStore } from '../src/retrieval/hnsw-store.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-docstore-');

const texts = [
  '微信公众号关注量5948人，累计发稿191篇',
  '存在的主要问题：公开不及时\n改进情况：按时更新',
  '行政复议 0 件，行政诉讼 1 件',
];
const docs = () =>
  texts.map(
    (t, i) =>
      new Document({ pageContent: t, metadata: { officeId: i + 1, year: 2020, reportId: i + 1 }, id: `r${i + 1}-0` }),
  );

it('saves the documents as lines beside a small sidecar, and opens them again exactly', async () => {
  const dir = tempDir();
  const store = new HnswVectorStore(new HashedNgramEmbeddings());
  await store.addDocuments(docs());
  await store.save(dir);
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')) as {
    format: number;
    docs?: unknown;
    docsFile: string;
  };
  expect(sidecar.format).toBe(3);
  expect(sidecar.docs).toBeUndefined();
  const lines = fs.readFileSync(path.join(dir, sidecar.docsFile), 'utf8').split('\n').filter(Boolean);
  expect(lines).toHaveLength(3);

  const opened = await HnswVectorStore.load(dir, new HashedNgramEmbeddings());
  expect([...opened.documents()].map((d) => [d.id, d.pageContent, d.metadata.officeId])).toEqual(
    docs().map((d) => [d.id, d.pageContent, d.metadata.officeId]),
  );
  // A text with a line break inside is one document still.
  expect(opened.getDocument('r2-0')?.pageContent).toBe(texts[1]);
  const [[top]] = [await opened.similaritySearch('公众号关注量', 1)];
  expect(top.id).toBe('r1-0');
});

it('a second save replaces the documents file it wrote', async () => {
  const dir = tempDir();
  const store = new HnswVectorStore(new HashedNgramEmbeddings());
  await store.addDocuments(docs());
  await store.save(dir);
  await store.addDocuments([
    new Document({ pageContent: '政策解读117篇', metadata: { officeId: 9, year: 2021 }, id: 'r9-0' }),
  ]);
  await store.save(dir);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  expect(files).toHaveLength(1);
  expect(HnswVectorStore.readDocuments(dir).map((d) => d.id)).toEqual(['r1-0', 'r2-0', 'r3-0', 'r9-0']);
});

it('opens a folder saved in format 1, with the documents inside docstore.json', async () => {
  const dir = tempDir();
  // Format 1 held a graph: its vectors are read out of the graph's file when opened.
  const store = new HnswVectorStore(new HashedNgramEmbeddings(), { vectors: 'graph' });
  await store.addDocuments(docs());
  await store.save(dir);
  // Rewrite the sidecar as format 1 wrote it: the same documents, inline.
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')) as Record<string, unknown> & {
    docsFile: string;
  };
  const inline = fs
    .readFileSync(path.join(dir, sidecar.docsFile), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
  const { docsFile, ...rest } = sidecar;
  fs.rmSync(path.join(dir, docsFile));
  fs.writeFileSync(path.join(dir, 'docstore.json'), JSON.stringify({ ...rest, format: 1, docs: inline }));

  const opened = await HnswVectorStore.load(dir, new HashedNgramEmbeddings());
  expect(opened.size).toBe(3);
  expect(opened.getDocument('r1-0')?.pageContent).toBe(texts[0]);
});
