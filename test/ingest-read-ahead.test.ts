// Ingest reads the next files while one is parsed (src/ingest/index.ts ReadAhead):
// each file's result still comes in walk order, and a file that cannot be read
// fails at its own turn with the reason extract gives, without touching its neighbours.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { extractText } from '../src/extract/index.js';
import { ingestPaths } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ahead-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

it('keeps walk order and each unreadable file’s own reason across more files than are read ahead', async () => {
  const folder = path.join(tmp, 'in');
  mkdirSync(folder);
  const seeds = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));
  // 5 reports, an empty file, the reports again (unchanged), a report deleted while ingest runs.
  const names: string[] = [];
  seeds.forEach((f, i) => {
    const name = `a${i}-${f}`;
    copyFileSync(path.join(CORPUS, f), path.join(folder, name));
    names.push(name);
  });
  writeFileSync(path.join(folder, 'b-empty.txt'), '');
  names.push('b-empty.txt');
  seeds.forEach((f, i) => {
    const name = `c${i}-${f}`;
    copyFileSync(path.join(CORPUS, f), path.join(folder, name));
    names.push(name);
  });
  // Listed, then gone before its turn (deleted once the first file is done, before it is read).
  const gone = path.join(folder, 'd-gone.txt');
  copyFileSync(path.join(CORPUS, seeds[0]), gone);
  names.push('d-gone.txt');

  const store = openStore(path.join(tmp, 'data'));
  try {
    const results = await ingestPaths([folder], { store, onResult: () => rmSync(gone, { force: true }) });
    expect(results.map((r) => path.basename(r.file))).toEqual(names);
    expect(results.map((r) => r.status)).toEqual([
      ...seeds.map(() => 'added'),
      'failed',
      ...seeds.map(() => 'unchanged'),
      'failed',
    ]);
    const reasonOf = async (file: string) =>
      extractText(file).then(
        () => null,
        (err: Error) => err.message,
      );
    expect(results[seeds.length].reason).toBe(await reasonOf(path.join(folder, 'b-empty.txt')));
    expect(results.at(-1)!.reason).toBe(await reasonOf(gone));
    expect(results.at(-1)!.reason).toContain('不存在');
    expect((await store.counts()).reports).toBe(seeds.length);
  } finally {
    store.close();
  }
});
