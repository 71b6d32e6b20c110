// Damage a report the ways real files get damaged (cut downloads, copy-paste
// slips, OCR letters for digits, stray markup) and some ways they never do
// (random unicode), for fuzzing: a parser must survive all of them.
import type { Rng } from './rng.js';

export type Mutation =
  | 'truncate'
  | 'delete-lines'
  | 'duplicate-lines'
  | 'digits-to-letters'
  | 'insert-garbage'
  | 'random-unicode'
  | 'shuffle-lines'
  | 'long-line'
  | 'strip-tabs'
  | 'crlf';

export const MUTATIONS: readonly Mutation[] = [
  'truncate',
  'delete-lines',
  'duplicate-lines',
  'digits-to-letters',
  'insert-garbage',
  'random-unicode',
  'shuffle-lines',
  'long-line',
  'strip-tabs',
  'crlf',
];

const GARBAGE = [
  '\t\t\t',
  '|||',
  '| --- |',
  '<td>',
  '</tr>',
  '&nbsp;',
  '（',
  '）',
  '一、',
  '（七）总计',
  '第二十条第（一）项',
  '-',
  '—',
  '/',
  '+',
  '.',
  '..',
  '1.2.3',
  '999999999999999999999',
  '-0',
  '1e308',
  'NaN',
  '\u0000',
  '\r',
  '\f',
];
// Code points that break naive code: controls, combining marks, bidi marks, full-width
// digits, line separators, astral characters and lone surrogates.
const ODD = [
  '\u0301',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\u3000',
  '\u00a0',
  '\ufeff',
  '０',
  '１',
  '９',
  '〇',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\u000b',
];

function lines(text: string): string[] {
  return text.split('\n');
}

function applyOne(text: string, m: Mutation, rng: Rng): string {
  const ls = lines(text);
  switch (m) {
    case 'truncate':
      return text.slice(0, rng.int(0, text.length));
    case 'delete-lines': {
      const n = rng.int(1, Math.max(1, Math.floor(ls.length / 5)));
      for (let i = 0; i < n && ls.length > 0; i++) ls.splice(rng.int(0, ls.length - 1), 1);
      return ls.join('\n');
    }
    case 'duplicate-lines': {
      const n = rng.int(1, 10);
      for (let i = 0; i < n; i++) {
        const at = rng.int(0, ls.length - 1);
        ls.splice(rng.int(0, ls.length), 0, ...ls.slice(at, at + rng.int(1, 5)));
      }
      return ls.join('\n');
    }
    case 'digits-to-letters':
      return text.replace(/[0-9]/g, (d) => (rng.chance(0.3) ? rng.pick(['O', 'l', 'I', 'S', 'B', 'o', 'a', 'Z']) : d));
    case 'insert-garbage': {
      let out = text;
      const n = rng.int(1, 20);
      for (let i = 0; i < n; i++) {
        const at = rng.int(0, out.length);
        out = out.slice(0, at) + rng.pick(GARBAGE) + out.slice(at);
      }
      return out;
    }
    case 'random-unicode': {
      let out = text;
      const n = rng.int(1, 40);
      for (let i = 0; i < n; i++) {
        const at = rng.int(0, out.length);
        const ch = rng.chance(0.5) ? rng.pick(ODD) : String.fromCharCode(rng.int(0, 0xffff));
        out = out.slice(0, at) + ch + out.slice(at);
      }
      return out;
    }
    case 'shuffle-lines': {
      const from = rng.int(0, Math.max(0, ls.length - 10));
      const window = rng.shuffle(ls.slice(from, from + 10));
      ls.splice(from, window.length, ...window);
      return ls.join('\n');
    }
    case 'long-line': {
      // One very long line of cells: catches quadratic scans and regex backtracking.
      const cell = rng.pick(['0\t', '1 ', '规章\t', '（', '、', '1.', '|']);
      ls.splice(rng.int(0, ls.length), 0, cell.repeat(rng.int(5_000, 40_000)));
      return ls.join('\n');
    }
    case 'strip-tabs':
      return text.replace(/\t/g, rng.pick(['', ' ', '  ']));
    case 'crlf':
      return text.replace(/\n/g, rng.pick(['\r\n', '\r']));
  }
}

/** Apply 1–3 random mutations; returns the damaged text and what was done. */
export function mutateReport(text: string, rng: Rng): { text: string; ops: Mutation[] } {
  const ops: Mutation[] = [];
  let out = text;
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const m = rng.pick(MUTATIONS);
    ops.push(m);
    out = applyOne(out, m, rng);
  }
  return { text: out, ops };
}
