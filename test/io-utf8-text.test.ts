// utf8Text / validUtf8Text: the string Buffer's toString('utf8') gives, for every shape of
// bytes a report's text or a file can be (the truth is Node's own decoder).
import { describe, expect, it } from 'vitest';
import { utf8Text, validUtf8Text } from '../src/io/utf8-text.js';

const REPORT = '芝罘区只楚街道办事处2020年政府信息公开工作年度报告\n一、总体情况\t本年新收政府信息公开申请数量\t12\n';

/** Deterministic bytes: valid UTF-8 of mixed scripts, then the same with bytes broken. */
function shapes(): Buffer[] {
  const out: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from('ascii only, short'),
    Buffer.from('a'.repeat(200)),
    Buffer.from(REPORT.repeat(40)),
    Buffer.from(`${REPORT}𠮷😀 Café ½ \u00a0\u3000`),
    Buffer.from('短'),
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 200; i++) {
    const chars: string[] = [];
    const n = next() % 300;
    for (let j = 0; j < n; j++) {
      const pick = next() % 4;
      const cp =
        pick === 0
          ? 32 + (next() % 95)
          : pick === 1
            ? 0x4e00 + (next() % 0x5000)
            : pick === 2
              ? 0x80 + (next() % 0x700)
              : 0x10000 + (next() % 0x20000);
      chars.push(String.fromCodePoint(cp));
    }
    const valid = Buffer.from(chars.join(''), 'utf8');
    out.push(valid);
    if (valid.length) {
      const broken = Buffer.from(valid);
      broken[next() % broken.length] = 0x80 | (next() & 0x7f);
      broken[next() % broken.length] = 0xff;
      out.push(broken, valid.subarray(0, Math.max(0, valid.length - 1)));
    }
  }
  return out;
}

describe('utf8Text', () => {
  it('gives the string toString("utf8") gives, valid or not, for every shape', () => {
    const all = shapes();
    expect(all.length).toBeGreaterThan(400);
    for (const bytes of all) expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });

  it('validUtf8Text decodes valid UTF-8 (ASCII and Chinese, short and long) the same way', () => {
    for (const text of ['', 'x', 'plain ASCII '.repeat(20), REPORT, REPORT.repeat(50), '𠮷'.repeat(100)]) {
      const bytes = Buffer.from(text, 'utf8');
      expect(validUtf8Text(bytes)).toBe(text);
    }
  });
});
