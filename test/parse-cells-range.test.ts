// Cells of a range of lines: the same cells the whole text's reading gives there, and TAB rows
// read as their columns print them (parseReport reads only the lines its part headings bound).
import { describe, expect, it } from 'vitest';
import { cellsOf, logicalLines } from '../src/parse/lines.js';

const texts = (cells: { text: string }[]) => cells.map((c) => c.text);

describe('cellsOf over a range of lines', () => {
  it('a `| 6 |` line after a row copied cell by cell starts with a blank cell, read alone or not', () => {
    const lines = logicalLines('说明文字\n规章 | 0 | 0 |\n| 6 |');
    // The line's first bar ends a blank cell, since the line before ended its cells with bars.
    expect(texts(cellsOf(lines, 2))).toEqual(['', '6']);
    expect(texts(cellsOf(lines).filter((c) => c.seq === 2))).toEqual(['', '6']);
    // With no such line before it, `| 6 |` is a whole row framed by bars.
    expect(texts(cellsOf(logicalLines('| 6 |')))).toEqual(['6']);
  });

  it('stops before `to` and keeps each cell its own line', () => {
    const lines = logicalLines('规章\t1\t2\n行政许可\t3\t4\n行政处罚\t5\t6');
    const cells = cellsOf(lines, 1, 2);
    expect(texts(cells)).toEqual(['行政许可', '3', '4']);
    expect(cells.map((c) => c.line)).toEqual([2, 2, 2]);
  });
});

describe('TAB rows', () => {
  it('drop leading merged-cell filler but keep the printed columns', () => {
    const [cell, ...rest] = cellsOf(logicalLines('\t\t规章\t3\t\t4'));
    expect(cell).toMatchObject({ text: '规章', col: 2, shape: 'grid' });
    expect(rest.map((c) => [c.text, c.col])).toEqual([
      ['3', 3],
      ['', 4],
      ['4', 5],
    ]);
    expect(rest[0].value).toMatchObject({ kind: 'number', value: 3 });
  });

  it('a line of only TABs and spaces is one blank cell; an empty line has none', () => {
    expect(cellsOf(logicalLines(' \t \t'))).toMatchObject([
      { text: '', col: 0, shape: 'plain', value: { kind: 'blank' } },
    ]);
    expect(cellsOf(logicalLines('\n\n'))).toEqual([]);
  });

  it('a page marker between cells is dropped and a no-break space is white space', () => {
    expect(texts(cellsOf(logicalLines('规章\t- 4 -\t\u00a07\u00a0')))).toEqual(['规章', '7']);
  });
});
