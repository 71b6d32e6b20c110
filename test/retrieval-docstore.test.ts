// The vector store keeps its documents in a binary file (format 4, doc-file.ts), texts
// read only when asked for. Format 2 held one JSON line each, so that no single string
// held every chunk's text (V8 cannot build one past ~512 M characters; 100,000 reports
// hold ~200 M); format 3 is format 2 with flat vectors. Folders saved in format 1
// (documents inside docstore.json), 2 and 3 still open; a save leaves one documents file,
// the one its sidecar names.
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

it('saves the documents in a file of their own beside a small sidecar, and opens them again exactly', async () => {
  const dir = tempDir();
  const store = new HnswVectorStore(new HashedNgramEmbeddings());
  await store.addDocuments(docs());
  await store.save(dir);
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')) as {
    format: number;
    docs?: unknown;
    docsFile: string;
  };
  expect(sidecar.format).toBe(4);
  expect(sidecar.docs).toBeUndefined();
  expect(sidecar.docsFile).toMatch(/^docs-.+\.dat$/);

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
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('docs-'));
  expect(files).toHaveLength(1);
  expect(HnswVectorStore.readDocuments(dir).map((d) => d.id)).toEqual(['r1-0', 'r2-0', 'r3-0', 'r9-0']);
});

/** The documents as formats 1–3 saved them: label, id, text, metadata. */
const savedLines = () =>
  docs().map((d, label) => ({ label, id: d.id, pageContent: d.pageContent, metadata: d.metadata }));

/** A folder as an older format wrote it: a graph's vectors (read out of the graph's file when opened), the sidecar rewritten. */
async function olderFolder(format: 1 | 2 | 3): Promise<string> {
  const dir = tempDir();
  const store = new HnswVectorStore(new HashedNgramEmbeddings(), { vectors: 'graph' });
  await store.addDocuments(docs());
  await store.save(dir);
  const sidecar = JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')) as Record<string, unknown> & {
    docsFile: string;
  };
  const { docsFile, vectors: _vectors, ...rest } = sidecar;
  fs.rmSync(path.join(dir, docsFile));
  if (format === 1) {
    fs.writeFileSync(path.join(dir, 'docstore.json'), JSON.stringify({ ...rest, format: 1, docs: savedLines() }));
  } else {
    const lines = savedLines().map((l) => `${JSON.stringify(l)}\n`);
    fs.writeFileSync(path.join(dir, 'docs-old.ndjson'), lines.join(''));
    fs.writeFileSync(path.join(dir, 'docstore.json'), JSON.stringify({ ...rest, format, docsFile: 'docs-old.ndjson' }));
  }
  return dir;
}

it('opens a folder saved in format 1, with the documents inside docstore.json', async () => {
  const opened = await HnswVectorStore.load(await olderFolder(1), new HashedNgramEmbeddings());
  expect(opened.size).toBe(3);
  expect(opened.getDocument('r1-0')?.pageContent).toBe(texts[0]);
});

it('opens a folder saved in format 2 or 3 (one JSON line a document), and writes it as format 4 at its next save', async () => {
  for (const format of [2, 3] as const) {
    const dir = await olderFolder(format);
    const opened = await HnswVectorStore.load(dir, new HashedNgramEmbeddings());
    const want = savedLines().map((l) => [l.id, l.pageContent, l.metadata]);
    expect([...opened.documents()].map((d) => [d.id, d.pageContent, d.metadata])).toEqual(want);
    await opened.save(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'docstore.json'), 'utf8')).format).toBe(4);
    expect(fs.existsSync(path.join(dir, 'docs-old.ndjson'))).toBe(false);
    const again = await HnswVectorStore.load(dir, new HashedNgramEmbeddings());
    expect([...again.documents()].map((d) => [d.id, d.pageContent, d.metadata])).toEqual(want);
  }
});
