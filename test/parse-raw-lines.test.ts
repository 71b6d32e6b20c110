// The original-line reader parseReport quotes prose from: the same lines as splitting
// the text at \r\n, \r and \n, asked in any order, past either end included.
import { describe, expect, it } from 'vitest';
import { rawLineReader } from '../src/parse/raw-lines.js';

const TEXTS = ['', '\n', '一行', '一行\n', '\n第二行', '甲\n乙\n\n丙', '甲\r\n乙\r丙\n', '甲\n\n', '\n\n\n'];
const ASKED = [5, 1, 2, 3, 0, -1, 1.5, 4, 2, 6, 100];

describe('rawLineReader', () => {
  for (const text of TEXTS) {
    it(`reads ${JSON.stringify(text)} line by line as a split would`, () => {
      const lines = text.replace(/\r\n?/g, '\n').split('\n');
      const read = rawLineReader(text);
      for (const no of ASKED) expect(read(no), `line ${no}`).toBe(lines[no - 1]);
    });
  }
});
