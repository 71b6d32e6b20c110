// The BM25 file a save writes: ingest's index (built by adding, never searched) has its
// postings written a range of terms at a time through small pieces, not laid out whole in
// memory; the file must be toBytes' byte for byte, whatever the pieces.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.js';
import { tempDirs } from './support/temp-dirs.js';

const tempDir = tempDirs('nianbao-bm25-write-');

/** Documents of a few shared words and many of their own (some terms in most documents, most in one). */
function built(docs: number): Bm25Index {
  const index = new Bm25Index();
  for (let d = 0; d < docs; d++) {
    const tokens = ['政府', '信息', `词${d % 7}`, `词${d % 7}`, `文${d}`];
    for (let k = 0; k < d % 5; k++) tokens.push(`段${(d * 31 + k) % 53}`);
    index.add({ key: `r${d}#0`, officeId: d % 3, year: 2020 + (d % 4), tokens });
  }
  return index;
}

it.each([
  ['pieces of 7 postings (most terms a piece of their own, the common ones larger than a piece)', 7],
  ['one piece for all', 1 << 20],
  ['pieces of 64', 64],
])('writeFile writes toBytes’ bytes: %s', (_, piece) => {
  const index = built(300);
  index.remove('r5#0');
  index.remove('r299#0');
  const file = path.join(tempDir(), 'bm25.dat');
  index.writeFile(file, 'tag-1', piece);
  const written = fs.readFileSync(file);
  expect(written.equals(index.toBytes('tag-1'))).toBe(true);
  expect(Bm25Index.fromBytes(written).search(['政府', '词3'], 5)).toEqual(index.search(['政府', '词3'], 5));
  // No temporary file left beside it.
  expect(fs.readdirSync(path.dirname(file))).toEqual(['bm25.dat']);
});

it('writeFile of an index searched (its postings filed), opened or empty writes toBytes’ bytes too', () => {
  const dir = tempDir();
  const searched = built(40);
  searched.search(['政府'], 3);
  searched.writeFile(path.join(dir, 'a.dat'), null, 7);
  expect(fs.readFileSync(path.join(dir, 'a.dat')).equals(searched.toBytes())).toBe(true);
  const opened = Bm25Index.open(path.join(dir, 'a.dat'));
  opened.writeFile(path.join(dir, 'b.dat'), 'again', 7);
  expect(fs.readFileSync(path.join(dir, 'b.dat')).equals(searched.toBytes('again'))).toBe(true);
  const empty = new Bm25Index();
  empty.writeFile(path.join(dir, 'c.dat'), null, 7);
  expect(fs.readFileSync(path.join(dir, 'c.dat')).equals(empty.toBytes())).toBe(true);
});
