// detached(s) is s, character for character, however s was made (a slice of a long text,
// a short string, an empty one): parse results keep these copies in place of slices.
import { expect, it } from 'vitest';
import { detached } from '../src/parse/detached.js';

it('keeps every string the same, sliced from a long text or not', () => {
  const text = `${'总体情况。'.repeat(200)}\n三、收到和处理政府信息公开申请情况\n`;
  const heading = text.split('\n')[1];
  for (const s of [
    '',
    '一',
    '三、收到和',
    heading,
    text,
    text.slice(3, 40),
    'x'.repeat(12),
    'x'.repeat(13),
    '\ud83d\ude00 表情',
  ]) {
    const d = detached(s);
    expect(d).toBe(s);
    expect(d.length).toBe(s.length);
  }
});
