// isWhiteSpaceUnit against the engine's own reading of white space: every UTF-16 unit is
// white space to it exactly when a regex's \s matches it and trim() removes it.
import { expect, it } from 'vitest';
import { isWhiteSpaceUnit } from '../src/parse/white-space.js';

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
