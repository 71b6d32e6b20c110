import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_MAX,
  chunkIndexText,
  chunkReport,
  findParts,
  isTableLine,
  SIGNATURE_SECTION,
} from '../src/retrieval/chunker.js';
import { packSentences, splitSentences } from '../src/retrieval/sentences.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
interface Seed {
  file: string;
  office: string;
  year: number;
}
const seeds = JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as Seed[];
const read = (file: string) => fs.readFileSync(path.join(repoRoot, 'corpus', file), 'utf8');
const chunksOf = (file: string, reportId = 7) => {
  const seed = seeds.find((s) => s.file === file)!;
  return chunkReport(read(file), { reportId, officeId: 70 + reportId, office: seed.office, year: seed.year });
};

describe('findParts', () => {
  it.each(seeds.map((s) => s.file))('finds all six parts in order in %s', (file) => {
    const parts = findParts(read(file));
    expect(parts.map((p) => p.part)).toEqual([1, 2, 3, 4, 5, 6]);
    const lines = read(file).split('\n');
    for (const p of parts) expect(lines[p.line - 1]).toContain(p.heading.replace(/^.*?、/, '').slice(0, 4));
  });

  it('reads an unnumbered 总体情况 and keeps numbered sub-items of part 1 in part 1', () => {
    expect(findParts(read('2020/城郊街道-2020.txt'))[0]).toMatchObject({ part: 1, heading: '总体情况。', line: 6 });
    // 城关镇 numbers its sub-items of part 1 "二、规范公开流程" … like the parts themselves.
    const parts = findParts(read('2020/城关镇-2020.txt'));
    expect(parts.find((p) => p.part === 2)).toMatchObject({ heading: '二、主动公开政府信息情况', line: 19 });
  });

  it('does not take a sub-heading "(二) 主动公开政府信息情况" for part 2', () => {
    const part2 = findParts(read('2020/洛北街道-2020.txt')).find((p) => p.part === 2)!;
    expect(part2).toMatchObject({ heading: '二、主动公开政府信息情况', line: 33 });
  });
});

describe('chunkReport on the five seeds', () => {
  it.each(seeds.map((s) => s.file))('%s: metadata, lines and sizes are right', (file) => {
    const seed = seeds.find((s) => s.file === file)!;
    const chunks = chunksOf(file);
    const lines = read(file).split('\n');
    expect(chunks.length).toBeGreaterThan(3);
    chunks.forEach((c, i) => {
      expect(c).toMatchObject({
        reportId: 7,
        officeId: 77,
        office: seed.office,
        year: seed.year,
        seq: i,
        id: `7#${i}`,
      });
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX);
      expect(c.line).toBeLessThanOrEqual(c.endLine);
      // The chunk starts on its line (markdown marks aside).
      const firstLine = c.text.split('\n')[0];
      expect(lines[c.line - 1].replace(/\*\*/g, '')).toContain(firstLine.slice(0, 12));
    });
    // Parts only move forward.
    const parts = chunks.map((c) => c.part);
    expect([...parts].sort((a, b) => a - b)).toEqual(parts);
  });

  it.each(seeds.map((s) => s.file))('%s: leaves table rows and template cells out', (file) => {
    for (const c of chunksOf(file)) {
      expect(c.text).not.toMatch(/\t/);
      expect(c.text).not.toMatch(/第二十条第/);
      expect(c.text).not.toMatch(/本年新收(到)?政府信息公开申请数量|法律服务机构/);
      expect(c.text).not.toMatch(/^(信息内容|结果维持|自然人|规章|行政许可)/m);
      for (const line of c.text.split('\n')) expect(line).not.toMatch(/^[\d\s.]+$/);
    }
    expect(chunksOf(file).some((c) => c.part === 2)).toBe(false);
  });

  it('keeps the prose sentences of the table parts', () => {
    const chunks = chunksOf('2020/胜利街街道-2020.txt');
    expect(chunks.find((c) => c.part === 3)?.text).toBe('2020年，街道办没有收到依申请公开的政府信息。');
    expect(chunks.find((c) => c.part === 4)?.text).toContain('没有与街道办有关的因政府信息公开申请行政复议');
  });

  it('leaves out a table inside part 1 (胜利街 的栏目统计表)', () => {
    const text = chunksOf('2020/胜利街街道-2020.txt')
      .map((c) => c.text)
      .join('\n');
    expect(text).not.toContain('督察检查');
    expect(text).not.toContain('保障性住房');
    expect(text).toContain('原创微博226条');
  });

  it('leaves out a template label written long: a remark in brackets, spaces, or numbering before it', () => {
    // Part 1 reads labels by name (parts 2–4 drop every short line): each is 行政许可 once
    // the remark, the spaces or the numbering is taken away, and longer than any label.
    for (const line of [
      '行政许可（本年度办理的事项以附表所列为准，另有说明的从其说明，未列入附表的事项不在此统计）',
      `行　　政　　许　　可${'　'.repeat(40)}`,
      '1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.行政许可',
    ])
      expect(isTableLine(line, 1), line).toBe(true);
    expect(isTableLine('我局全年共受理行政许可事项一百二十件，均在法定时限内办结，无超期办理的情况。', 1)).toBe(false);
    const chunks = chunkReport(
      '一、总体情况\n行政许可（本年度办理的事项以附表所列为准，另有说明的从其说明，未列入附表的事项不在此统计）\n全年共受理行政许可事项一百二十件。',
      {
        reportId: 1,
        officeId: 1,
        office: '某某局',
        year: 2024,
      },
    );
    expect(chunks.map((c) => c.text)).toEqual(['全年共受理行政许可事项一百二十件。']);
  });

  it('puts the 关注量 paragraph of 只楚 in part 1 under its sub-heading', () => {
    const c = chunksOf('2020/只楚街道-2020.txt').find((x) => x.text.includes('关注量5948人'))!;
    expect(c).toMatchObject({
      part: 1,
      partHeading: '一、总体情况',
      section: '（四）持续优化，全力推动平台建设更加融合',
      line: 29,
    });
  });

  it('finds part 5 of 城关镇 with its numbered problems', () => {
    const part5 = chunksOf('2020/城关镇-2020.txt').filter((c) => c.part === 5);
    expect(part5).toHaveLength(1);
    expect(part5[0].partHeading).toBe('五、存在的主要问题及改进情况');
    expect(part5[0].text).toMatch(/^一、政务新媒体运用不充分/);
    expect(part5[0].text).toContain('二、村级政务公开还不规范');
  });

  it('marks the closing signature and date, and keeps part 6 "无"', () => {
    const last = chunksOf('2020/只楚街道-2020.txt').at(-1)!;
    expect(last).toMatchObject({
      part: 6,
      section: SIGNATURE_SECTION,
      text: '只楚街道办事处\n2020年1月26日',
      line: 117,
      endLine: 119,
    });
    expect(chunksOf('2020/洛北街道-2020.txt').at(-1)).toMatchObject({ part: 6, text: '无' });
  });

  it('joins a title broken over two lines and a paragraph broken mid-sentence', () => {
    const c = chunksOf('2020/城郊街道-2020.txt')[0];
    expect(c.partHeading).toBe('城郊街道2020年度政府信息公开工作报告');
    const broken = chunksOf('2020/胜利街街道-2020.txt').find((x) => x.text.startsWith('3.政府信息公开主要形式'))!;
    expect(broken.text).toContain('政府网站管理平台、政务公开栏');
    expect([broken.line, broken.endLine]).toEqual([22, 24]);
  });

  it('is pure: the same input gives the same chunks', () => {
    expect(chunksOf('2020/城郊街道-2020.txt')).toEqual(chunksOf('2020/城郊街道-2020.txt'));
  });

  it('index text names the office and headings', () => {
    const c = chunksOf('2020/城关镇-2020.txt').find((x) => x.part === 5)!;
    expect(chunkIndexText(c)).toMatch(/^城关镇人民政府\n五、存在的主要问题及改进情况\n一、政务新媒体/);
  });
});

describe('long paragraphs and sentences', () => {
  it('splits a long paragraph on sentence ends into pieces within the limit', () => {
    const sentence = '我办进一步加强政务公开工作的组织领导，规范公开内容，提高公开质量。';
    const para = sentence.repeat(30);
    const text = `某某街道2020年政府信息公开工作年度报告\n\n一、总体情况\n\n${para}\n`;
    const chunks = chunkReport(text, { reportId: 1, officeId: 1, office: '某某街道', year: 2020 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(CHUNK_MAX);
      expect(c.text.endsWith('。')).toBe(true);
      expect(c).toMatchObject({ part: 1, line: 5 });
    }
    expect(chunks.map((c) => c.text).join('')).toBe(para);
  });

  it('splits sentences on 。！？； and keeps closing quotes', () => {
    expect(splitSentences('一是加强领导；二是“规范流程。”三是？末尾')).toEqual([
      '一是加强领导；',
      '二是“规范流程。”',
      '三是？',
      '末尾',
    ]);
    expect(packSentences('甲'.repeat(450), 400).map((p) => p.length)).toEqual([400, 50]);
  });
});

describe('lines as the text breaks them', () => {
  it.each(seeds.slice(0, 3).map((s) => s.file))(
    'reads CR LF and lone CR as LF in %s: the same chunks and lines',
    (file) => {
      const seed = seeds.find((s) => s.file === file)!;
      const meta = { reportId: 1, officeId: 2, office: seed.office, year: seed.year };
      const lf = chunkReport(read(file).replace(/\r\n?/g, '\n'), meta);
      expect(lf.length).toBeGreaterThan(3);
      expect(chunkReport(read(file).replace(/\r?\n/g, '\r\n'), meta)).toEqual(lf);
      expect(chunkReport(read(file).replace(/\r?\n/g, '\r'), meta)).toEqual(lf);
    },
  );

  it('drops blank lines of any white space and rows of two filled cells, and keeps prose after a TAB', () => {
    const text = [
      '某某街道2020年政府信息公开工作年度报告',
      '\u3000\u00a0 ',
      '一、总体情况',
      '\t\t',
      '本年度我办认真贯彻落实《条例》，持续推进政务公开工作。',
      '规章\t0\t\t0',
      '\t我办主动公开政府信息一百条，全部通过门户网站发布。',
      '',
    ].join('\n');
    const chunks = chunkReport(text, { reportId: 1, officeId: 1, office: '某某街道', year: 2020 });
    expect(chunks.map((c) => [c.partHeading, c.line, c.endLine, c.text])).toEqual([
      [
        '一、总体情况',
        5,
        7,
        '本年度我办认真贯彻落实《条例》，持续推进政务公开工作。\n我办主动公开政府信息一百条，全部通过门户网站发布。',
      ],
    ]);
  });
});
