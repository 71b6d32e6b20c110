// The report format read from table cells (formatOfCells): the words of the template's
// column headers, read as if the cells were joined and white space and bars dropped.
import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { formatOfCells } from '../src/parse/format.js';
import { cellsOf, logicalLines } from '../src/parse/lines.js';
import { generateCorpus } from '../tools/synth/index.js';

const cells = (...texts: string[]) => texts.map((text) => ({ text }));

it("tells the two templates by their headers' words", () => {
  expect(formatOfCells(cells('信息内容', '本年制发件数', '本年废止件数', '现行有效件数'), [], 200)).toBe('2021');
  expect(formatOfCells(cells('信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'), [], 200)).toBe('2019');
  expect(formatOfCells(cells('信息内容', '规章', '0'), cells('申请人情况', '自然人'), 200)).toBeNull();
  // One word of each: 2021 only when it has more.
  expect(formatOfCells(cells('制发件数', '制作数量'), [], 200)).toBe('2019');
});

it('reads a word across cells, white space and bars, but not across a number', () => {
  expect(formatOfCells(cells('本年 制', '发件|数'), [], 200)).toBe('2021');
  expect(formatOfCells(cells('本年\u3000制发', '\t件数'), [], 200)).toBe('2021');
  expect(formatOfCells(cells('制发', '3', '件数'), [], 200)).toBeNull();
});

it('reads only the first bCount cells of the second list', () => {
  const filler = Array.from({ length: 200 }, () => ({ text: '0' }));
  expect(formatOfCells([], [...filler, { text: '本年制发件数' }], 200)).toBeNull();
  expect(formatOfCells([], [...filler, { text: '本年制发件数' }], 201)).toBe('2021');
});

it('reads a cell holding a lone surrogate as the other cells', () => {
  expect(formatOfCells(cells('\ud800本年制发件数', '本年废止件数'), [], 200)).toBe('2021');
  expect(formatOfCells(cells('本年新制作数量\udc00'), [], 200)).toBe('2019');
});

it("gives the generator's format for its text reports' cells", () => {
  let n = 0;
  for (const r of generateCorpus(120, 7)) {
    if (r.layout === 'html') continue;
    const all = cellsOf(logicalLines(r.text.normalize('NFKC')));
    // Table A's head through table B's head: the cells from 第二十条 to 申请人情况 and 200 more.
    const a = all.findIndex((c) => c.text.includes('第二十条'));
    const b = all.findIndex((c, k) => k > a && /申请人情况|勾稽关系/.test(c.text));
    if (a < 0 || b < 0) continue;
    expect(formatOfCells(all.slice(a, b), all.slice(b), 200), r.name).toBe(r.truth.format);
    n++;
  }
  expect(n).toBeGreaterThan(50);
});

it('reads the bundled reports as 2019 reports (their year, 2020, used the 2019 template)', () => {
  for (const f of readdirSync('corpus/2020')) {
    const all = cellsOf(logicalLines(readFileSync(`corpus/2020/${f}`, 'utf8').normalize('NFKC')));
    expect(formatOfCells(all, [], 0), f).toBe('2019');
  }
});
