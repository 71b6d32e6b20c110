// isWhiteSpaceUnit against the engine's own reading of white space: every UTF-16 unit is
// white space to it exactly when a regex's \s matches it and trim() removes it.
import { expect, it } from 'vitest';
import { isWhiteSpaceUnit, withoutWhiteSpace } from '../src/parse/white-space.js';

it('agrees with \\s and trim() on every UTF-16 unit', () => {
  const differ: string[] = [];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const engine = /\s/.test(ch);
    if (engine !== (ch.trim() === '')) throw new Error(`\\s and trim() disagree on U+${c.toString(16)}`);
    if (isWhiteSpaceUnit(c) !== engine) differ.push(`U+${c.toString(16)}`);
  }
  expect(differ).toEqual([]);
  expect(isWhiteSpaceUnit(0x3000)).toBe(true);
  expect(isWhiteSpaceUnit(0x4e00)).toBe(false);
});

it('removes white space as replace(/\\s+/g, "") does, wherever the runs stand', () => {
  const samples = [
    '',
    ' ',
    '\t\n',
    '洛阳市人民政府',
    ' 洛阳市\n人民政府 ',
    '烟台市\u3000芝罘区\t\t0\t1\n',
    '\u00a0a\u2028b\ufeffc\u205f',
    'x  y',
    // An astral character (a surrogate pair), and a text longer than any before it.
    '表情 \ud83d\ude00\n',
    '洛阳市 人民政府\t0\n'.repeat(5000),
  ];
  for (const s of samples) expect(withoutWhiteSpace(s)).toBe(s.replace(/\s+/g, ''));
  // Every UTF-16 unit, alone and between two characters.
  for (let c = 0; c < 0x10000; c++) {
    const s = `甲${String.fromCharCode(c)}乙${String.fromCharCode(c)}`;
    if (withoutWhiteSpace(s) !== s.replace(/\s+/g, '')) throw new Error(`U+${c.toString(16)}`);
  }
});
