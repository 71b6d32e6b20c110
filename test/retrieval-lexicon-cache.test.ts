// The dictionary lookup's cache (src/retrieval/lexicon-cache.ts): built once per installed
// jieba, then linked (or copied) into every index folder that lacks a lookup; a cache cut
// short or built from another dictionary is built again, and where no cache can be kept
// the folder's lookup is written as before. The truth is jieba's dictionary text, read
// here apart from the code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiebaDictPath, LEXICON_LAYOUT, Lexicon } from '../src/retrieval/lexicon.js';
import { lexiconCacheDir, saveLexicon } from '../src/retrieval/lexicon-cache.js';

let dir: string;
const dictText = fs.readFileSync(jiebaDictPath(), 'utf8');
const dictBytes = Buffer.byteLength(dictText);

/** The dictionary text's words, their count and total frequency (a later line wins). */
const dict = (() => {
  const freq = new Map<string, number>();
  for (const line of dictText.split('\n')) {
    const [w, f] = line.split(' ');
    if (w && f) freq.set(w, Number(f));
  }
  let total = 0;
  for (const f of freq.values()) total += f;
  return { freq, total };
})();

/** The lookup at `file` holds jieba's dictionary, word for word. */
function expectWholeLookup(file: string): void {
  const lex = Lexicon.open(file);
  expect(lex).not.toBeNull();
  expect(lex!.size).toBe(dict.freq.size);
  expect(lex!.total).toBe(dict.total);
  for (const w of ['政务', '公开', '平台', '建设', '情况', '1号店', 'AA制'])
    expect(lex!.freq(w), w).toBe(dict.freq.get(w));
}

const never = () => {
  throw new Error('built and written by the folder, not taken from the cache');
};

function cachedFiles(cache: string): string[] {
  return fs.readdirSync(cache).filter((f) => f.endsWith('.lex'));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-lexcache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the dictionary lookup cache', () => {
  it('lives in the node_modules that holds jieba', () => {
    const cache = lexiconCacheDir()!;
    expect(cache.endsWith(path.join('node_modules', '.cache', 'nianbao'))).toBe(true);
    expect(jiebaDictPath().startsWith(path.dirname(path.dirname(cache)))).toBe(true);
  });

  it('is built once, named by jieba’s version and dictionary, and linked into each new folder', () => {
    const cache = path.join(dir, 'cache-a');
    const first = path.join(dir, 'a1', 'jieba-words.lex');
    const second = path.join(dir, 'a2', 'jieba-words.lex');
    fs.mkdirSync(path.dirname(first));
    fs.mkdirSync(path.dirname(second));
    saveLexicon(first, never, cache);
    const names = cachedFiles(cache);
    expect(names).toHaveLength(1);
    const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(jiebaDictPath()), 'package.json'), 'utf8'));
    expect(names[0]).toBe(`jieba-words-${LEXICON_LAYOUT}-${version}-${dictBytes}.lex`);
    const cached = path.join(cache, names[0]);
    expectWholeLookup(cached);
    const built = fs.statSync(cached);
    saveLexicon(second, never, cache);
    // The cache untouched (not built again), and both folders share its bytes: linked where
    // this file system takes links (probed here), else copied.
    const after = fs.statSync(cached);
    expect(after.mtimeMs).toBe(built.mtimeMs);
    const linkable = (() => {
      const probe = path.join(dir, 'probe');
      fs.writeFileSync(probe, 'x');
      try {
        fs.linkSync(probe, `${probe}-link`);
        return true;
      } catch {
        return false;
      }
    })();
    if (linkable) expect(after.nlink).toBe(3);
    const cachedBytes = fs.readFileSync(cached);
    for (const f of [first, second]) {
      if (linkable) expect(fs.statSync(f).ino).toBe(after.ino);
      expect(fs.readFileSync(f).equals(cachedBytes)).toBe(true);
      expectWholeLookup(f);
    }
    // No temporary file left beside either.
    expect(fs.readdirSync(path.dirname(first))).toEqual(['jieba-words.lex']);
  });

  it('is built again when cut short or made from another dictionary, and a folder gets a whole lookup', () => {
    const cache = path.join(dir, 'cache-b');
    const warm = path.join(dir, 'b0', 'jieba-words.lex');
    fs.mkdirSync(path.dirname(warm));
    saveLexicon(warm, never, cache);
    const cached = path.join(cache, cachedFiles(cache)[0]);
    const whole = fs.readFileSync(cached);
    const spoiled = [
      whole.subarray(0, whole.length - 1), // cut short
      Buffer.concat([whole, Buffer.from([0])]), // a byte too many
      (() => {
        const b = Buffer.from(whole);
        b.writeUInt32LE(dictBytes + 1, 20); // built from another dictionary
        return b;
      })(),
      Buffer.from('not a lookup'),
    ];
    spoiled.forEach((bytes, i) => {
      fs.rmSync(cached);
      fs.writeFileSync(cached, bytes);
      const file = path.join(dir, `b${i + 1}`, 'jieba-words.lex');
      fs.mkdirSync(path.dirname(file));
      saveLexicon(file, never, cache);
      expect(fs.readFileSync(cached).equals(whole), `spoiled cache ${i}`).toBe(true);
      expectWholeLookup(file);
    });
  });

  it('leaves a folder’s whole lookup as it is, and replaces one cut short', () => {
    const cache = path.join(dir, 'cache-c');
    const file = path.join(dir, 'c1', 'jieba-words.lex');
    fs.mkdirSync(path.dirname(file));
    saveLexicon(file, never, cache);
    const before = fs.statSync(file);
    saveLexicon(file, never, cache);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    saveLexicon(file, never, cache);
    expectWholeLookup(file);
  });

  it('where no cache can be kept, builds the folder’s lookup and writes it as before', () => {
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the cache folder would be');
    const file = path.join(dir, 'd1', 'jieba-words.lex');
    fs.mkdirSync(path.dirname(file));
    let written = 0;
    saveLexicon(
      file,
      (f, b) => {
        written++;
        fs.writeFileSync(f, b);
      },
      blocked,
    );
    expect(written).toBe(1);
    expectWholeLookup(file);
    // No cache at all: the same.
    const other = path.join(dir, 'd2', 'jieba-words.lex');
    fs.mkdirSync(path.dirname(other));
    saveLexicon(other, (f, b) => fs.writeFileSync(f, b), null);
    expect(fs.readFileSync(other).equals(fs.readFileSync(file))).toBe(true);
  });
});
