// Added documents wait in a pending file, not in memory: whatever is added (long texts,
// lone surrogates), read before a save (at random and walking) and saved, the table reads
// back exactly what the test kept, and its saved file is byte for byte the one a writer
// makes of the same documents, whether the pending file became it or it was written whole.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { mulberry32 } from '../tools/synth/index.js';
import { DocFileWriter } from '../src/retrieval/doc-file.js';
import { DocTable } from '../src/retrieval/doc-table.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-docpending-');

type Doc = { label: number; id: string; text: string; metadata: Record<string, unknown> };

const WORDS = ['公众号', '依申请公开', '行政复议', '政策解读', '\n', ' ', '😀', 'x\ud800'];

function docsOf(count: number, seed: number, firstLabel = 0): Doc[] {
  const rand = mulberry32(seed).next;
  return Array.from({ length: count }, (_, i) => {
    let text = '';
    // Now and then one longer than a piece.
    const words = rand() < 0.02 ? 400 : 1 + Math.floor(rand() * 12);
    for (let w = 0; w < words; w++) text += WORDS[Math.floor(rand() * WORDS.length)] + String(Math.floor(rand() * 100));
    return {
      label: firstLabel + i,
      id: `${firstLabel + i}#${i % 7}`,
      text,
      metadata: { reportId: Math.floor(rand() * 40), officeId: 1 + Math.floor(rand() * 5), year: 2019 + (i % 3) },
    };
  });
}

/** The documents file a writer makes of `docs`, as bytes. */
function writtenWhole(dir: string, docs: readonly Doc[]): Buffer {
  const file = path.join(dir, 'whole.dat');
  const writer = new DocFileWriter(file);
  for (const d of docs) writer.add(d.label, d.id, d.text, d.metadata);
  writer.finish();
  return fs.readFileSync(file);
}

const tmpFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
const read = (table: DocTable, walking: boolean) => (d: Doc) => {
  const got = table.docOf(d.label, walking);
  return [got.id, got.text, got.metadata];
};
const expected = (d: Doc) => [d.id, d.text, d.metadata];

it('writes added documents out as they come, reads them back before a save, and saves the pending file itself', () => {
  const scratch = tempDir();
  const docs = docsOf(600, 20261202);
  const table = DocTable.empty(0, { scratchDir: scratch, pieceBytes: 2048 });
  for (const d of docs) table.add(d.label, d.id, d.text, d.metadata);
  // Written out while adding: a pending file holds all but the last piece.
  const [pending] = tmpFiles(scratch);
  expect(pending).toMatch(/^docs-pending-/);
  expect(fs.statSync(path.join(scratch, pending)).size).toBeGreaterThan(50 * 2048);
  // Read back in label order (walking) and at random.
  expect(docs.map(read(table, true))).toEqual(docs.map(expected));
  const rand = mulberry32(7).next;
  for (let i = 0; i < 200; i++) {
    const d = docs[Math.floor(rand() * docs.length)];
    expect(read(table, false)(d)).toEqual(expected(d));
  }
  const file = path.join(scratch, 'saved.dat');
  table.save(file);
  // The pending file became the saved one: no temporary file is left, and its bytes are a writer's.
  expect(tmpFiles(scratch)).toEqual([]);
  expect(fs.readFileSync(file).equals(writtenWhole(tempDir(), docs))).toBe(true);
  // What was added still reads (through the file it became) until the table is closed.
  expect(read(table, false)(docs[3])).toEqual(expected(docs[3]));
  table.close();
  const opened = DocTable.open(file, docs.length);
  expect(docs.map(read(opened, true))).toEqual(docs.map(expected));
  opened.close();
});

it('writes the file whole when the pending file cannot be it: a document removed, or documents opened before', () => {
  const scratch = tempDir();
  const docs = docsOf(300, 99);
  const table = DocTable.empty(0, { scratchDir: scratch, pieceBytes: 1024 });
  for (const d of docs) table.add(d.label, d.id, d.text, d.metadata);
  const removed = new Set([0, 17, 150, 299]);
  for (const label of removed) expect(table.remove(label)).toBe(true);
  const kept = docs.filter((d) => !removed.has(d.label));
  const file = path.join(scratch, 'saved.dat');
  table.save(file);
  expect(fs.readFileSync(file).equals(writtenWhole(tempDir(), kept))).toBe(true);
  // The pending file is the table's still, and goes with it.
  expect(tmpFiles(scratch)).toHaveLength(1);
  table.close();
  expect(tmpFiles(scratch)).toEqual([]);

  // Opened from that file, more added (written out too), saved again: opened and added copied.
  const opened = DocTable.open(file, docs.length, { scratchDir: scratch, pieceBytes: 1024 });
  const more = docsOf(200, 5, docs.length);
  for (const d of more) opened.add(d.label, d.id, d.text, d.metadata);
  expect(tmpFiles(scratch)).toHaveLength(1);
  expect([...kept, ...more].map(read(opened, true))).toEqual([...kept, ...more].map(expected));
  const again = path.join(scratch, 'again.dat');
  opened.save(again);
  expect(fs.readFileSync(again).equals(writtenWhole(tempDir(), [...kept, ...more]))).toBe(true);
  opened.close();
  expect(tmpFiles(scratch)).toEqual([]);
});

it('keeps small additions in memory: no pending file until a piece fills', () => {
  const scratch = tempDir();
  const docs = docsOf(20, 3).filter((d) => d.text.length < 200);
  const table = DocTable.empty(0, { scratchDir: scratch });
  for (const d of docs) table.add(d.label, d.id, d.text, d.metadata);
  expect(tmpFiles(scratch)).toEqual([]);
  const file = path.join(scratch, 'saved.dat');
  table.save(file);
  expect(fs.readFileSync(file).equals(writtenWhole(tempDir(), docs))).toBe(true);
  table.close();
});
