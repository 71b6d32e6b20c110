import { promises as fs } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractError, extractBuffer, extractText, type ExtractedText } from '../src/extract/index.js';
import { fontSink } from '../src/extract/pdf.js';
import { layoutPage, type TextRun } from '../src/extract/pdf-layout.js';
import type { Segment } from '../src/extract/pdf-rulings.js';
import { sharedFile } from './support/shared.js';

// The built-ins as they are before this file reads its first PDF: pdf.js's legacy build
// bundles core-js, which replaces some for the whole process (src/extract/pdf.ts).
const natives = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };

// Public data kept outside the repository: without it the tests on it say so and skip, and
// test/extract-generated.test.ts reads PDFs the project writes itself either way.
const { file: sample, present: samplePresent, skipped: sampleSkipped } = sharedFile('samples/huaian-2024.pdf');

/** Numbers of a TAB row, blanks and labels dropped. */
function numbers(line: string): number[] {
  return line
    .split('\t')
    .filter((c) => /^\d+(\.\d+)?$/.test(c))
    .map(Number);
}

function lineStarting(lines: string[], label: string): string {
  const found = lines.filter((l) =>
    l
      .replace(/^\t+/, '')
      .split('\t')
      .some((c) => c === label),
  );
  expect(found, label).toHaveLength(1);
  return found[0];
}

describe.skipIf(!samplePresent)(`PDF: 淮安市人民政府 2024 report${sampleSkipped}`, () => {
  let r: ExtractedText;
  let lines: string[];
  beforeAll(async () => {
    r = await extractText(sample);
    lines = r.text.split('\n');
  });

  it('is a 6-page PDF with its pages in order, separated by a blank line', () => {
    expect(r).toMatchObject({ kind: 'pdf', encoding: 'n/a', pages: 6 });
    const pages = r.text.split('\n\n');
    expect(pages).toHaveLength(6);
    // Page numbers are printed at the foot of each page; they stay (the parser drops them).
    pages.forEach((p, i) => expect(p.split('\n').at(-1)).toBe(`- ${i + 1} -`));
  });

  it('has the title and the six part headings as lines, in order', () => {
    expect(lines[0]).toBe('淮安市人民政府');
    expect(lines[1]).toBe('2024 年政府信息公开工作年度报告');
    const headings = [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ];
    const at = headings.map((h) => lines.indexOf(h));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('joins body lines wrapped at the margin back into paragraphs', () => {
    expect(lines).toContain(
      '2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。',
    );
    expect(r.text).toContain('《中华人民共和国政府信息公开条例》（国令第711号）');
  });

  it('reads table A rows as label + value cells (values as the rendered page shows them)', () => {
    expect(lines).toContain('第二十条第（一）项\t\t\t');
    expect(lines).toContain('信息内容\t本年制发件数\t本年废止件数\t现行有效件数');
    expect(lines).toContain('规章\t1\t0\t11');
    expect(lines).toContain('行政规范性文件\t8\t26\t66');
    expect(numbers(lineStarting(lines, '行政许可'))).toEqual([447228]);
    expect(numbers(lineStarting(lines, '行政处罚'))).toEqual([3985758]);
    expect(numbers(lineStarting(lines, '行政强制'))).toEqual([88283]);
    expect(numbers(lineStarting(lines, '行政事业性收费'))).toEqual([96171.6]);
  });

  it('reads table B: each row one line with its 7 numbers, wrapped labels whole, merged cells empty', () => {
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t\t\t3001\t53\t0\t0\t61\t4\t3119');
    expect(lines).toContain('\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t');
    expect(lines).toContain('\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t447\t7\t0\t0\t0\t0\t454');
    const expected: [string, number[]][] = [
      ['一、本年新收政府信息公开申请数量', [3001, 53, 0, 0, 61, 4, 3119]],
      ['二、上年结转政府信息公开申请数量', [34, 0, 0, 0, 0, 0, 34]],
      ['（一）予以公开', [1288, 21, 0, 0, 50, 3, 1362]],
      ['1.属于国家秘密', [2, 0, 0, 0, 0, 0, 2]],
      ['8.属于行政查询事项', [105, 0, 0, 0, 0, 0, 105]],
      ['1.本机关不掌握相关政府信息', [746, 12, 0, 0, 10, 1, 769]],
      ['2.没有现成信息需要另行制作', [11, 0, 0, 0, 0, 0, 11]],
      ['1.信访举报投诉类申请', [56, 6, 0, 0, 0, 0, 62]],
      ['5.要求行政机关确认或重新出具已获取信息', [1, 0, 0, 0, 0, 0, 1]],
      ['1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', [67, 3, 0, 0, 1, 0, 71]],
      ['3、其他', [108, 2, 0, 0, 0, 0, 110]],
      ['（七）总计', [2932, 53, 0, 0, 61, 4, 3050]],
      ['四、结转下年度继续办理', [103, 0, 0, 0, 0, 0, 103]],
    ];
    const positions = expected.map(([label, values]) => {
      const line = lineStarting(lines, label);
      expect(numbers(line), label).toEqual(values);
      return lines.indexOf(line);
    });
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('reads table C: the header block and the 15 values in one row', () => {
    expect(lines).toContain(`行政复议${'\t'.repeat(5)}行政诉讼${'\t'.repeat(9)}`);
    expect(lines).toContain('72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20');
  });
});

// A minimal PDF written by hand: enough objects for pdf.js, Helvetica for text.
function pdf(content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const text = (x: number, y: number, s: string) => `BT /F1 10 Tf ${x} ${y} Td (${s}) Tj ET`;

describe('PDF: other shapes', () => {
  it('reads a ruled table drawn with stroked lines and thin filled bars, merged header included', async () => {
    const content = [
      text(72, 760, 'Annual report'),
      '0.5 w',
      // Horizontal rules (the one between rows A and B a thin filled bar, as some writers draw borders).
      '72 700 m 372 700 l S',
      '72 680 m 372 680 l S',
      '72 659.75 300 0.5 re f',
      '72 640 m 372 640 l S',
      // Verticals: outer ones full height, inner ones below the header only (a colspan=3 header).
      '72 640 m 72 700 l S',
      '372 640 m 372 700 l S',
      '172 640 m 172 680 l S',
      '272 640 m 272 680 l S',
      text(80, 686, 'Header'),
      text(80, 666, 'A'),
      text(180, 666, '1'),
      text(280, 666, '2'),
      text(80, 646, 'B'),
      text(180, 646, '3'),
      text(280, 646, '4'),
      text(72, 600, 'After the table'),
    ].join('\n');
    const r = await extractBuffer(pdf(content), 'ruled.pdf');
    expect(r.text.split('\n')).toEqual(['Annual report', 'Header\t\t', 'A\t1\t2', 'B\t3\t4', 'After the table']);
  });

  it("hands pdf.js's fonts to the font sink whole, so no glyph outlines are built (same text)", async () => {
    const before = fontSink.droppedRules;
    const r = await extractBuffer(pdf(text(72, 760, 'Fonts as faces')), 'fonts.pdf');
    expect(r.text).toBe('Fonts as faces');
    // Helvetica comes from pdf.js's standard fonts: one @font-face rule, dropped. Had binding
    // failed, pdf.js would have gone back to outlines, silently, at the old cost.
    expect(fontSink.droppedRules).toBe(before + 1);
  });

  it("leaves the built-ins that pdf.js's bundled core-js replaces as they were: Array push, JSON", async () => {
    const r = await extractBuffer(pdf(text(72, 760, 'Annual report, natives kept')), 'natives.pdf');
    expect(r.text).toBe('Annual report, natives kept');
    // Replaced, push ran ~5x slower, and every parse, answer and save after a first PDF with it.
    expect(Array.prototype.push).toBe(natives.push);
    expect(JSON.parse).toBe(natives.parse);
    expect(JSON.stringify).toBe(natives.stringify);
    const list = [1];
    list.push(2, 3);
    expect(list).toEqual([1, 2, 3]);
    expect(Object.keys(Array.prototype)).toEqual([]);
  });

  it('refuses a PDF without a text layer as a probable scan', async () => {
    const scan = pdf('0.9 g 0 0 595 842 re f 0 g 72 72 451 698 re S');
    const err = await extractBuffer(scan, '扫描件.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'no_text' });
    expect((err as ExtractError).message).toContain('「扫描件.pdf」');
    expect((err as ExtractError).message).toContain('扫描件');
    expect((err as ExtractError).message).toContain('OCR');
  });

  it('says a damaged PDF is corrupt, naming the file', async () => {
    const broken = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog\n%%garbage\n', 'latin1');
    const err = await extractBuffer(broken, '坏文件.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'corrupt' });
    expect((err as ExtractError).message).toContain('「坏文件.pdf」');
  });

  it.skipIf(!samplePresent)(`cuts a real report short: still corrupt, not a crash${sampleSkipped}`, async () => {
    const buf = await fs.readFile(sample);
    const err = await extractBuffer(buf.subarray(0, 1500), 'huaian-cut.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err).toMatchObject({ code: 'corrupt', file: 'huaian-cut.pdf' });
    expect((err as ExtractError).message).toBe('文件「huaian-cut.pdf」已损坏或不是有效的 PDF 文件，无法打开。');
  });
});

describe('PDF page layout (pure)', () => {
  const run = (str: string, x: number, y: number, h = 10, w = str.length * h): TextRun => ({ str, x, y, w, h });

  it('joins Chinese runs split by a font change, tabs wide gaps, and drops fake-bold doubles', () => {
    const runs = [
      run('二、主动公开', 72, 700),
      run('政府信息情况', 132.5, 700),
      run('二、主动公开', 72.3, 700.2), // drawn again for bold
      run('规章', 72, 680),
      run('1', 200, 680.5, 10, 5),
      run('0', 300, 680.5, 10, 5),
    ];
    expect(layoutPage(runs, [])).toEqual(['二、主动公开政府信息情况', '规章\t1\t0']);
  });

  it('does not join the short lines of a page without body text (a cover page)', () => {
    const runs = [run('淮安市人民政府', 200, 700, 22), run('2024年', 200, 670, 22), run('年度报告', 200, 640, 22)];
    expect(layoutPage(runs, [])).toEqual(['淮安市人民政府', '2024年', '年度报告']);
  });

  it('joins a line that reaches the right margin with the unindented line below it, not with a new paragraph', () => {
    const runs = [
      run('这是一个很长的段落的第一行文字到达右边', 106, 700, 16), // indented first line; ends at x 410, the margin
      run('这是同一段落的第二行文字内容也到达右边界', 74, 672, 16), // ends at 394: within two font sizes of it
      run('短的末行。', 74, 644, 16),
      run('新的段落首行缩进。', 106, 616, 16),
    ];
    expect(layoutPage(runs, [])).toEqual([
      '这是一个很长的段落的第一行文字到达右边这是同一段落的第二行文字内容也到达右边界短的末行。',
      '新的段落首行缩进。',
    ]);
  });

  it('keeps a numeric run split in two cells apart even when the gap is modest', () => {
    const runs = [run('3001', 72, 500, 8, 16), run('53', 94, 500, 8, 8)];
    expect(layoutPage(runs, [])).toEqual(['3001\t53']);
  });

  it('puts a ruled table between the lines above and below it, by position', () => {
    const seg = (x0: number, y0: number, x1: number, y1: number): Segment => ({ x0, y0, x1, y1 });
    const segments = [
      seg(72, 600, 272, 600),
      seg(72, 580, 272, 580),
      seg(72, 580, 72, 600),
      seg(172, 580, 172, 600),
      seg(272, 580, 272, 600),
    ];
    const runs = [run('下方文字', 72, 560), run('规章', 80, 586), run('7', 180, 586, 10, 5), run('上方标题', 72, 620)];
    expect(layoutPage(runs, segments)).toEqual(['上方标题', '规章\t7', '下方文字']);
  });
});

// The 洪泽区 2023 report (../shared/realworld): a WPS-made PDF whose table 三 has
// header words split letter by letter over lines ("商业/企业", "社会/公益/组织"),
// wrapped row labels ("4.无正当理由大量反复 申请"), a page number between two of its
// rows, and a source typo in one label. Expected rows read by hand from the pages.
const hongze = sharedFile('realworld/201_huaian_hongzequ_2023.pdf');
const hongze2023 = hongze.file;

describe.skipIf(!hongze.present)(`PDF: 洪泽区人民政府 2023 report${hongze.skipped}`, () => {
  let lines: string[];
  beforeAll(async () => {
    lines = (await extractText(hongze2023)).text.split('\n');
  });

  it('joins header words split over lines within their cell', () => {
    expect(lines).toContain('\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t');
  });

  it('keeps each table 三 row on one line with its 7 numbers, across the page break, labels as printed', () => {
    const expected: [string, number[]][] = [
      ['一、本年新收政府信息公开申请数量', [21, 0, 0, 0, 0, 0, 21]],
      ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', [4, 0, 0, 0, 0, 0, 4]],
      // The report's own typo (法规禁 missing): the extractor does not correct text.
      ['2.其他法律行政止公开', [0, 0, 0, 0, 0, 0, 0]],
      ['1.本机关不掌握相关政府信息', [10, 0, 0, 0, 0, 0, 10]],
      ['2.没有现成信息需要另行制作', [3, 0, 0, 0, 0, 0, 3]],
      // First row after the page number "- 3 -".
      ['3.补正后申请内容仍不明确', [0, 0, 0, 0, 0, 0, 0]],
      ['1.信访举报投诉类申请', [1, 0, 0, 0, 0, 0, 1]],
      ['4.无正当理由大量反复申请', [0, 0, 0, 0, 0, 0, 0]],
      ['5.要求行政机关确认或重新出具已获取信息', [0, 0, 0, 0, 0, 0, 0]],
      ['（六）其他处理', [0, 0, 0, 0, 0, 0, 0]],
      ['（七）总计', [21, 0, 0, 0, 0, 0, 21]],
      ['四、结转下年度继续办理', [0, 0, 0, 0, 0, 0, 0]],
    ];
    const positions = expected.map(([label, values]) => {
      const line = lineStarting(lines, label);
      expect(numbers(line), label).toEqual(values);
      return lines.indexOf(line);
    });
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(lines.indexOf('- 3 -')).toBeGreaterThan(lines.indexOf(lineStarting(lines, '2.没有现成信息需要另行制作')));
    expect(lines.indexOf('- 3 -')).toBeLessThan(lines.indexOf(lineStarting(lines, '3.补正后申请内容仍不明确')));
  });

  it('reads table A values whose cell spans the remaining columns', () => {
    expect(lines).toContain('行政规范性文件\t0\t5\t5');
    expect(numbers(lineStarting(lines, '行政许可'))).toEqual([550]);
    expect(numbers(lineStarting(lines, '行政事业性收费'))).toEqual([7730.28]);
  });

  it('reads table 四 as printed, contradicting totals included: one line of 15 values', () => {
    expect(lines).toContain('10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0');
  });
});
