// What the parser remembers across reports (a sentence's prose facts, a line's count of
// items, a table row's fact slots) must never carry one report's place into another: the
// same words read again in another report, on other lines or in another order, give that
// report's own lines and order. Truth is read off the bundled report's text: the test finds
// the lines itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../src/parse/index.js';

const original = readFileSync(path.resolve(__dirname, '../corpus/2020/胜利街街道-2020.txt'), 'utf8');
/** 1-based number of the first line of `text` holding `words`. */
const lineOf = (text: string, words: string) => text.split('\n').findIndex((l) => l.includes(words)) + 1;

describe('a sentence read again in another report', () => {
  it('quotes the prose facts and items of each report at that report’s own line', () => {
    const shifted = `\n\n\n${original}`;
    for (const text of [original, shifted, original, shifted]) {
      const r = parseReport(text);
      const line = lineOf(text, '接到微博投诉事件68条');
      expect(line).toBeGreaterThan(0);
      const complaint = r.proseFacts!.filter((f) => f.phrase.includes('微博投诉'));
      expect(complaint.map((f) => [f.value, f.line])).toEqual([[68, line]]);
      // active.items, 主动公开信息228条, is stated on the same line.
      expect(r.facts['active.items']).toBe(228);
      expect(r.provenance['active.items'].line).toBe(line);
    }
  });

  it('gives the same report, field for field, the first time and every time after', () => {
    const first = JSON.stringify(parseReport(original));
    parseReport(`\n${original}`);
    expect(JSON.stringify(parseReport(original))).toBe(first);
  });
});

describe('table cells set by their catalogue slots', () => {
  // Table 二 printed with its 行政处罚 block before 规章's, and a count no table can hold in
  // each of the two rows: the findings name them in the order the report prints them.
  const blockOf = (lines: string[], heading: string) => {
    const from = lines.findIndex((l) => l.startsWith(heading));
    let to = from + 1;
    while (to < lines.length && !lines[to].startsWith('第二十条') && lines[to].trim() !== '') to++;
    return [from, to] as const;
  };
  const lines = original.split('\n');
  const [penaltyFrom, penaltyTo] = blockOf(lines, '第二十条第（六）项');
  const [rulesFrom] = blockOf(lines, '第二十条第（一）项');
  const reordered = [
    ...lines.slice(0, rulesFrom),
    ...lines.slice(penaltyFrom, penaltyTo),
    ...lines.slice(rulesFrom, penaltyFrom),
    ...lines.slice(penaltyTo),
  ]
    .map((l) => (l.startsWith('规章\t') ? '规章\t0\t0\t999999999999' : l))
    .map((l) => (l.startsWith('行政处罚\t') ? '行政处罚\t0\t0\t888888888888' : l))
    .join('\n');

  it('lists implausible cells in the order the report prints their rows', () => {
    const r = parseReport(reordered);
    const implausible = r.findings.filter((f) => f.code === 'implausible');
    expect(implausible.map((f) => f.message.includes('888888888888'))).toEqual([true, false]);
    expect(implausible.map((f) => f.message.includes('999999999999'))).toEqual([false, true]);
    expect(lineOf(reordered, '行政处罚\t')).toBeLessThan(lineOf(reordered, '规章\t'));
    // Blanked, not read: and every other cell as printed.
    expect(r.facts['active.rules.total']).toBeNull();
    expect(r.facts['active.penalty.decisions']).toBeNull();
    expect(r.facts['active.rules.made']).toBe(0);
  });
});
