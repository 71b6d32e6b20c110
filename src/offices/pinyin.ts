// Pinyin for office names, through pinyin-pro: the toneless spelling of a name
// (只楚 → zhichu), whether two characters can sound alike (楚/初: a typical
// input-method typo), and whether a Latin word is spelt in pinyin at all
// (haidian: yes; receive: no). Pure, offline; the syllable table is built once.
import { pinyin } from 'pinyin-pro';

/** 只楚街道 → "zhichujiedao" (the reading in context, no tones, ü as v). */
export function pinyinKey(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' })
    .map((s) => s.replace(/ü/g, 'v'))
    .join('')
    .toLowerCase();
}

const readingsCache = new Map<string, string[]>();

/** Every toneless reading of one character (多音字 give several). */
export function readings(ch: string): string[] {
  let r = readingsCache.get(ch);
  if (!r) {
    r = [...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).map((s) => s.replace(/ü/g, 'v')))];
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
    syllables = new Set(pinyin(all, { toneType: 'none', type: 'array' }).map((s) => s.replace(/ü/g, 'v')));
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
