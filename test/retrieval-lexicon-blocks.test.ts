// The dictionary lookup opened from its file (src/retrieval/lexicon.ts): it reads the
// header and the block directory, then only the blocks a text's substrings fall in, not
// the whole 5.8 MB; and what it finds is what jieba's dictionary text says — every
// dictionary word inside each line of the bundled reports and of made-up texts, with
// its frequency, and nothing else. A lookup in the layout before blocks ("NBL1") is not
// read, and a folder holding one gets the current layout written over it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLexicon, jiebaDictPath, Lexicon, lexiconCurrent } from '../src/retrieval/lexicon.js';
import { saveLexicon } from '../src/retrieval/lexicon-cache.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dictBuf = fs.readFileSync(jiebaDictPath());

/** jieba's dictionary as its text says: word → frequency (a later line wins). */
const dict = (() => {
  const out = new Map<string, number>();
  for (const line of dictBuf.toString('utf8').split('\n')) {
    const [w, f] = line.split(' ');
    if (w && f) out.set(w, Number(f));
  }
  return out;
})();
const longest = [...dict.keys()].reduce((n, w) => Math.max(n, [...w].length), 0);

/** The dictionary words inside `text` with their frequencies, from the dictionary text. */
function truthIn(text: string): Map<string, number> {
  const points = [...text];
  const out = new Map<string, number>();
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j <= points.length && j - i <= longest; j++) {
      const w = points.slice(i, j).join('');
      const f = dict.get(w);
      if (f !== undefined) out.set(w, f);
    }
  return out;
}

const sorted = (m: Map<string, number>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-lexblocks-'));
  file = path.join(dir, 'jieba-words.lex');
  fs.writeFileSync(file, buildLexicon(dictBuf));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the dictionary lookup opened from its file', () => {
  it('reads a few blocks for a question, not the whole file', () => {
    let read = 0;
    const readSync = vi.spyOn(fs, 'readSync');
    const readFileSync = vi.spyOn(fs, 'readFileSync');
    try {
      const lex = Lexicon.open(file)!;
      const text = '城关镇政务公开平台建设情况';
      expect(sorted(lex.wordsIn(text))).toEqual(sorted(truthIn(text)));
      for (const r of readSync.mock.results) read += r.value as number;
      for (const r of readFileSync.mock.results) read += (r.value as Buffer).length;
    } finally {
      readSync.mockRestore();
      readFileSync.mockRestore();
    }
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(fs.statSync(file).size / 20);
  });

  it('finds every dictionary word inside each line of the bundled reports and awkward texts, with its frequency', () => {
    const lex = Lexicon.open(file)!;
    const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as { file: string }[];
    const lines = seeds.flatMap((s) => fs.readFileSync(path.join(repoRoot, 'corpus', s.file), 'utf8').split('\n'));
    // Words at the directory's edges (the first and last words, a block's first and the one before).
    const words = [...dict.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const edges = [0, 1, 255, 256, 257, 511, 512, words.length - 1].map((i) => words[i]);
    lines.push(edges.join(''), edges.join('x'), '', 'AA制1号店𠀀𠀁\u3000 ', '\uffff\u0000!', words.slice(-20).join(''));
    let n = 0;
    for (const line of lines) {
      const got = sorted(lex.wordsIn(line));
      const want = sorted(truthIn(line));
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, line).toEqual(want);
      n++;
    }
    expect(n).toBeGreaterThan(500);
    for (const w of [...edges, '政务', '只楚街道', '', '\uffff']) expect(lex.freq(w), w).toBe(dict.get(w));
    expect(lex.size).toBe(dict.size);
  });

  it('refuses a lookup in the layout before blocks, and a folder holding one gets the current one', () => {
    // "NBL1": magic, one word, its total, longest, this dictionary's length, ends, freqs, the word.
    const old = Buffer.alloc(24 + 8 + 4 + 6);
    old.writeUInt32LE(0x4e424c31, 0);
    old.writeUInt32LE(1, 4);
    old.writeDoubleLE(5, 8);
    old.writeUInt32LE(2, 16);
    old.writeUInt32LE(dictBuf.length, 20);
    old.writeUInt32LE(6, 28);
    old.writeUInt32LE(5, 32);
    old.write('政务', 36);
    const oldFile = path.join(dir, 'old.lex');
    fs.writeFileSync(oldFile, old);
    expect(Lexicon.open(oldFile)).toBeNull();
    expect(Lexicon.fromBytes(old)).toBeNull();
    expect(lexiconCurrent(oldFile)).toBe(false);
    saveLexicon(oldFile, undefined, path.join(dir, 'cache'));
    expect(lexiconCurrent(oldFile)).toBe(true);
    expect(Lexicon.open(oldFile)?.freq('政务')).toBe(dict.get('政务'));
  });

  it('refuses a file cut short or with a block directory that does not match its length', () => {
    const bytes = fs.readFileSync(file);
    const short = path.join(dir, 'short.lex');
    fs.writeFileSync(short, bytes.subarray(0, bytes.length - 1));
    expect(Lexicon.open(short)).toBeNull();
    expect(lexiconCurrent(short)).toBe(false);
    expect(Lexicon.fromBytes(bytes.subarray(0, 30_000))).toBeNull();
    expect(Lexicon.fromBytes(bytes)?.size).toBe(dict.size);
  });
});
