// Pinyin for office names: the toneless spelling of a name (只楚 → zhichu), whether two
// characters can sound alike (楚/初: a typical input-method typo), and whether a Latin
// word is spelt in pinyin at all (haidian: yes; receive: no). Pure, offline.
// The sound-alike tables, asked on every question, read a character's readings from a
// table generated from pinyin-pro (readings-table.ts); pinyin-pro itself (~0.1 s to load:
// its 600 KB and the word trie it builds at import) is loaded only for the spelling of a
// whole name in context and the syllable split — questions with Latin letters, and a
// bot's warm-up — never for a question in Chinese alone.
import { createRequire } from 'node:module';
import { FIRST_CODE, READINGS } from './readings-table.js';

type PinyinPro = typeof import('pinyin-pro');
let lib: PinyinPro | null = null;
/** pinyin-pro, loaded at its first use. */
function pinyinPro(): PinyinPro {
  lib ??= createRequire(import.meta.url)('pinyin-pro') as PinyinPro;
  return lib;
}

/** Whether pinyin-pro has been loaded in this process (for the tests of what a question loads). */
export function pinyinProLoaded(): boolean {
  return lib !== null;
}

/** 只楚街道 → "zhichujiedao" (the reading in context, no tones, ü as v). */
export function pinyinKey(text: string): string {
  return pinyinPro()
    .pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' })
    .map((s) => s.replace(/ü/g, 'v'))
    .join('')
    .toLowerCase();
}

const readingsCache = new Map<string, string[]>();
let table: string[] | null = null;

/** Every toneless reading of one character (多音字 give several), in pinyin-pro's order. */
export function readings(ch: string): string[] {
  let r = readingsCache.get(ch);
  if (!r) {
    table ??= READINGS.split(',');
    const at = ch.length === 1 ? ch.charCodeAt(0) - FIRST_CODE : -1;
    r =
      at >= 0 && at < table.length
        ? table[at].split(' ')
        : [
            ...new Set(
              pinyinPro()
                .pinyin(ch, { toneType: 'none', type: 'array', multiple: true })
                .map((s) => s.replace(/ü/g, 'v')),
            ),
          ];
    readingsCache.set(ch, r);
  }
  return r;
}

/** Two characters that an input method could swap: they share a reading. */
export function soundAlike(a: string, b: string): boolean {
  if (a === b) return true;
  if (!/[\u4e00-\u9fa5]/.test(a) || !/[\u4e00-\u9fa5]/.test(b)) return false;
  const rb = new Set(readings(b));
  return readings(a).some((x) => rb.has(x));
}

let syllables: Set<string> | null = null;

/** The toneless syllables of Mandarin, read from the library's own table (every common character). */
function syllableSet(): Set<string> {
  if (!syllables) {
    let all = '';
    for (let c = 0x4e00; c <= 0x9fa5; c++) all += String.fromCharCode(c);
    syllables = new Set(
      pinyinPro()
        .pinyin(all, { toneType: 'none', type: 'array' })
        .map((s) => s.replace(/ü/g, 'v')),
    );
    syllables.delete('');
  }
  return syllables;
}

/** "haidian" → ["hai", "dian"]; null when the word cannot be read as pinyin syllables. */
export function splitPinyin(word: string): string[] | null {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/.test(w)) return null;
  const set = syllableSet();
  // Fewest syllables first: a longest-match split with backtracking.
  const memo = new Map<number, string[] | null>();
  const from = (i: number): string[] | null => {
    if (i === w.length) return [];
    if (memo.has(i)) return memo.get(i)!;
    let out: string[] | null = null;
    for (let len = Math.min(6, w.length - i); len >= 1 && !out; len--) {
      const s = w.slice(i, i + len);
      if (!set.has(s)) continue;
      const rest = from(i + len);
      if (rest) out = [s, ...rest];
    }
    memo.set(i, out);
    return out;
  };
  return from(0);
}
