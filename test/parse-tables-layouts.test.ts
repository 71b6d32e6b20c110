// Tables as real reports lay them out (issue 8, classes 1–6, 11): every invented
// pattern of ../shared/patterns cell by cell, and the same classes on reports this
// test writes itself (other names, other numbers), so they are covered without
// ../shared. Truth is each fixture's own numbers, never the parser's output.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, htmlToText } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { sharedFile } from './support/shared.js';
import type { ReportFormat } from '../src/catalogue/facts.js';
import { LAYOUTS, mulberry32, randomFacts, randomOffice, renderReport } from '../tools/synth/index.js';
import {
  APPLY_COLS,
  EXPECTED_2021,
  TABLE_B_HEADER,
  TABLE_B_ROW_IDS,
  TABLE_B_ROWS,
  report2021,
} from './helpers/report-2021.js';

const { file: DIR, present, skipped: reason } = sharedFile('patterns', 'the invented patterns');

const row = (id: string, vals: (number | null)[]) =>
  Object.fromEntries(APPLY_COLS.map((c, k) => [`apply.${id}.${c}`, vals[k]]));
const pick = (facts: Record<string, number | null>, prefix: string) =>
  Object.fromEntries(Object.entries(facts).filter(([id]) => id.startsWith(prefix)));

describe(`every ../shared/patterns file, every fact${reason}`, () => {
  const cases = present
    ? readdirSync(DIR)
        .filter((f) => f.endsWith('.expected.json'))
        .sort()
        .map((e) => ({
          expected: e,
          source: readdirSync(DIR).find((f) => f.startsWith(e.replace(/expected\.json$/, '')) && !f.endsWith('.json'))!,
        }))
    : [];
  it.skipIf(!present)('has its 26 patterns', () => expect(cases.length).toBeGreaterThanOrEqual(26));
  for (const { expected, source } of cases) {
    it(source, async () => {
      const want = JSON.parse(readFileSync(path.join(DIR, expected), 'utf8'));
      const { text } = await extractText(path.join(DIR, source));
      const r = parseReport(text, { file: source });
      // A file with no table does not test the format (the patterns' README says so).
      const hasTable = Object.keys(want.facts).some((id) => id !== 'active.items');
      expect({ office: r.office, year: r.year }).toEqual({ office: want.office, year: want.year });
      if (hasTable) expect(r.format).toBe(want.format);
      expect(r.facts).toEqual(want.facts);
      expect(r.approximate).toEqual(want.approximate ?? []);
    });
  }
});

describe('rows written with pipes', () => {
  it('reads `cell | cell |` rows with no leading bar, whole report', () => {
    const bars = report2021()
      .split('\n')
      .map((l) =>
        l.includes('\t')
          ? `${l
              .split('\t')
              .filter((c) => c !== '')
              .join(' | ')} |`
          : l,
      )
      .join('\n');
    const r = parseReport(bars);
    expect(r.facts).toEqual(EXPECTED_2021);
    expect(r.findings.map((f) => f.code)).toEqual([]);
  });

  it('rebuilds rows written one `value |` per line, with no header to count by', () => {
    const body = TABLE_B_ROWS.flatMap(([label, vals]) => [
      `${label.split('\t').at(-1)} |`,
      ...vals.map((v) => `${v} |`),
    ]).join('\n');
    const r = parseReport(report2021({ b: `三、收到和处理政府信息公开申请情况\n${body}` }));
    expect(pick(r.facts, 'apply.')).toEqual(pick(EXPECTED_2021, 'apply.'));
  });

  it('counts a line holding only `|` as one blank cell, and `| n |` after it as a blank then n', () => {
    const b = `三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 5 |
|
| 2 |
|
| 7 |
二、上年结转政府信息公开申请数量 |
|
|
|
|
|
| 0 |
三、本年度办理结果 | （一）予以公开 | 3 |
|
|
|
|
| 3 |`;
    const r = parseReport(report2021({ b, c: '', tail: '' }));
    expect(pick(r.facts, 'apply.received.')).toEqual(row('received', [5, null, null, 2, null, null, 7]));
    expect(pick(r.facts, 'apply.carried_over.')).toEqual(row('carried_over', [null, null, null, null, null, null, 0]));
    expect(pick(r.facts, 'apply.granted.')).toEqual(row('granted', [3, null, null, null, null, null, 3]));
  });
});

describe('blank cells are null, never 0, and never shift the cells after them', () => {
  for (const blank of ['/', '-', '—', '——', '无', '']) {
    it(`a row of「${blank || '(empty)'}」blanks followed by its 总计 keeps the total in 总计`, () => {
      const rows = TABLE_B_ROWS.map(([label, vals], i): [string, (number | string)[]] =>
        i === 1 ? [label, [blank, blank, blank, blank, blank, blank, 1]] : [label, vals],
      );
      const b = [TABLE_B_HEADER, ...rows.map(([l, v]) => [l, ...v].join('\t'))].join('\n');
      const r = parseReport(report2021({ b }));
      expect(pick(r.facts, 'apply.carried_over.')).toEqual(
        row('carried_over', [null, null, null, null, null, null, 1]),
      );
      expect(r.facts['apply.received.total']).toBe(9);
      expect(r.findings.map((f) => f.code)).toContain('missing_cell');
    });
  }

  it('gives no value to a row with more cells than columns that no one way fits', () => {
    // 5, then 3 blanks, then 2, 2 blanks and 7: eight cells; dropping either end leaves
    // a row whose sum does not hold, or one with no total to check. No guess.
    const b = `三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 5 |
|
|
| 2 |
|
| 7 |`;
    const r = parseReport(report2021({ b, c: '', tail: '' }));
    expect(Object.values(pick(r.facts, 'apply.received.')).every((v) => v === null)).toBe(true);
    expect(r.findings.find((f) => f.code === 'ambiguous_cells')?.ids).toContain('apply.received.total');
  });

  it('places no value whose column is unknown: blanks that left nothing behind (8, 1, 9 under seven columns)', () => {
    // Crawled pages drop empty cells: 8 and 1 could sit under any two applicant columns.
    // Only the total is certain (8 + 1 = 9); the rest is blank, with a finding.
    const b =
      TABLE_B_HEADER +
      '\n' +
      TABLE_B_ROWS.map(([l, v], i) => (i === 0 ? `${l}\n8\n1\n9` : [l, ...v].join('\t'))).join('\n');
    const r = parseReport(report2021({ b }));
    expect(pick(r.facts, 'apply.received.')).toEqual(row('received', [null, null, null, null, null, null, 9]));
    expect(r.findings.find((f) => f.code === 'ambiguous_cells')?.message).toContain('少于 7 列');
  });

  it('reads a row label followed straight by the next label as a row of blanks', () => {
    const b = `${TABLE_B_HEADER}\n${TABLE_B_ROWS.map(([l, v], i) => (i === 1 ? l : [l, ...v].join('\t'))).join('\n')}`;
    const r = parseReport(report2021({ b }));
    expect(pick(r.facts, 'apply.carried_over.')).toEqual(
      row('carried_over', [null, null, null, null, null, null, null]),
    );
  });
});

describe('a text cut short keeps every cell it reaches', () => {
  const full = report2021();
  const lines = full.split('\n');
  const firstTableLine = lines.findIndex((l) => l.startsWith('二、主动公开'));

  it('at every line of the tables: every value given is the report’s, and no row before the cut is lost', () => {
    for (let cut = firstTableLine + 1; cut < lines.length; cut++) {
      const text = lines.slice(0, cut).join('\n');
      const r = parseReport(text);
      for (const [id, v] of Object.entries(r.facts)) {
        if (v !== null) expect([id, v]).toEqual([id, EXPECTED_2021[id]]);
      }
      // Every table B row whose line lies wholly before the cut is there, all seven cells.
      TABLE_B_ROWS.forEach(([label], i) => {
        const at = lines.findIndex((l) => l.startsWith(label));
        if (at < 0 || at >= cut - 1) return;
        const ids = APPLY_COLS.map((c) => `apply.${TABLE_B_ROW_IDS[i]}.${c}`);
        expect(ids.map((id) => [id, r.facts[id]])).toEqual(ids.map((id) => [id, EXPECTED_2021[id]]));
      });
    }
  });

  it('a row cut after two blank cells gives those two as null and nothing after them', () => {
    const b = `${TABLE_B_HEADER}\n一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t9\n二、上年结转政府信息公开申请数量\t/\t/`;
    const r = parseReport(report2021({ b, c: '', tail: '' }));
    expect(pick(r.facts, 'apply.carried_over.')).toEqual({
      'apply.carried_over.natural': null,
      'apply.carried_over.business': null,
    });
    expect(r.incomplete).toBe(true);
    expect(r.findings.map((f) => f.code)).toContain('incomplete');
  });

  it('a text that ends on a row label gives no cell of that row', () => {
    const b = `${TABLE_B_HEADER}\n一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t9\n二、上年结转政府信息公开`;
    const r = parseReport(report2021({ b, c: '', tail: '' }));
    expect(Object.keys(r.facts).filter((id) => id.startsWith('apply.carried_over'))).toEqual([]);
    expect(r.facts['apply.received.total']).toBe(9);
  });
});

describe('merged cells in HTML grids', () => {
  it('places values by the header’s columns when a data cell spans differently (colspan under 本年增/减)', () => {
    const html = `<html><body><h1>2020年某某市教育局政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="5">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br/>制作数量</td><td colspan="2">本年新<br/>公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td colspan="2">0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>6</td><td colspan="2">5</td><td>48</td></tr>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="2">12</td><td>-2</td><td>340</td></tr>
<tr><td>其他对外管理服务事项</td><td colspan="2">4</td><td>+1</td><td>1,234</td></tr>
<tr><td colspan="5">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td colspan="2">采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td colspan="2">3</td><td colspan="2">251000元</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>8</td><td>&nbsp;</td><td>&nbsp;</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td><td>9</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>&nbsp;</td><td>&nbsp;</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>
</table></body></html>`;
    const r = parseReport(htmlToText(html));
    expect(pick(r.facts, 'active.license.')).toEqual({
      'active.license.prev_items': 12,
      'active.license.change': -2,
      'active.license.decisions': 340,
    });
    expect(pick(r.facts, 'active.other_services.')).toEqual({
      'active.other_services.prev_items': 4,
      'active.other_services.change': 1,
      'active.other_services.decisions': 1234,
    });
    expect(pick(r.facts, 'active.normative.')).toEqual({
      'active.normative.made': 6,
      'active.normative.published': 5,
      'active.normative.total': 48,
    });
    // 251000元 in the amount column is 25.1 万元, and the unit is recorded.
    expect(r.facts['active.procurement.amount']).toBe(25.1);
    expect(r.units['active.procurement.amount']).toBe('万元');
    expect(pick(r.facts, 'apply.received.')).toEqual(row('received', [8, null, null, 1, null, null, 9]));
    // The total of 予以公开 is left blank by the report: it stays null, nothing slides into it.
    expect(pick(r.facts, 'apply.granted.')).toEqual(row('granted', [5, null, null, 1, null, null, null]));
  });
});

describe('numbers that cannot be counts are never stored', () => {
  const withCarried = (cells: string[]) =>
    [TABLE_B_HEADER, ...TABLE_B_ROWS.map(([l, v], i) => [l, ...(i === 1 ? cells : v)].join('\t'))].join('\n');

  it('a negative count, a fraction and a 20-digit number are null with an implausible finding quoting the text', () => {
    const r = parseReport(report2021({ b: withCarried(['-1', '0.5', '99999999999999999999', '0', '0', '0', '1']) }));
    expect(r.facts['apply.carried_over.natural']).toBeNull();
    expect(r.facts['apply.carried_over.business']).toBeNull();
    expect(r.facts['apply.carried_over.research']).toBeNull();
    expect(r.facts['apply.carried_over.total']).toBe(1);
    const implausible = r.findings.filter((f) => f.code === 'implausible');
    expect(implausible.flatMap((f) => f.ids).sort()).toEqual([
      'apply.carried_over.business',
      'apply.carried_over.natural',
      'apply.carried_over.research',
    ]);
    expect(implausible.map((f) => f.message).join()).toContain('99999999999999999999');
  });

  it('reads full-width digits and a 余 hedge in a cell', () => {
    const r = parseReport(report2021({ b: withCarried(['１', '０', '０', '０', '０', '０', '１']) }));
    expect(pick(r.facts, 'apply.carried_over.')).toEqual(row('carried_over', [1, 0, 0, 0, 0, 0, 1]));
  });
});

describe('truncation, as a property over generated reports in every text layout', () => {
  // Cut each report at every line of its tables: whatever the parser still gives must
  // be the generator's truth (a blank where the truth is a blank), never another number.
  const layouts = LAYOUTS.filter((l) => l !== 'html');
  it(`never gives a wrong value, in ${layouts.join(', ')}`, () => {
    const wrong: string[] = [];
    for (const layout of layouts) {
      for (let i = 0; i < 4; i++) {
        const rng = mulberry32(7_000 + i);
        const format: ReportFormat = i % 2 === 0 ? '2019' : '2021';
        const office = randomOffice(rng);
        const year = format === '2021' ? 2022 : 2020;
        const facts = randomFacts(rng, { format, profile: i === 3 ? 'busy' : 'quiet' });
        const text = renderReport(
          { office: office.name, region: office.region, kind: office.kind, year, format, facts },
          layout,
          rng.fork(),
        );
        const lines = text.split('\n');
        const from = lines.findIndex((l) => l.includes('主动公开政府信息情况'));
        for (let cut = from + 1; cut < lines.length; cut++) {
          const got = parseReport(lines.slice(0, cut).join('\n')).facts;
          for (const [id, v] of Object.entries(got)) {
            if (v !== null && v !== facts[id])
              wrong.push(`${layout} #${i} cut at line ${cut}: ${id} = ${v}, truth ${facts[id]}`);
          }
        }
      }
    }
    expect(wrong.slice(0, 8)).toEqual([]);
  });
});

describe('pages turned into text by crawlers and converters', () => {
  const tabbed = report2021();
  const asLines = (f: (cells: string[]) => string) =>
    tabbed
      .split('\n')
      .map((l) => (l.includes('\t') ? f(l.split('\t')) : l))
      .join('\n');

  it('a markdown table whose merged label is written into every column it covers', () => {
    const md = asLines((cells) => `| ${[cells[0], cells[0], ...cells.slice(1)].join(' | ')} |`).replace(
      /^(\| 规章 .*)$/m,
      '$1\n|---|---|---|---|---|',
    );
    const r = parseReport(md);
    expect(r.facts).toEqual(EXPECTED_2021);
  });

  it('cells separated by single spaces, blank cells dropped', () => {
    const text = asLines((cells) => cells.filter((c) => c !== '').join(' '));
    const r = parseReport(text);
    expect(r.facts).toEqual(EXPECTED_2021);
  });

  it('never reads "0 0 1" as the number 1, nor a lone run with a leading zero as a total', () => {
    const c =
      '四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n000011000';
    const r = parseReport(report2021({ c }));
    expect(Object.entries(r.facts).filter(([id, v]) => /^(review|litigation)\./.test(id) && v !== null)).toEqual([]);
    const b =
      TABLE_B_HEADER +
      '\n' +
      TABLE_B_ROWS.map(([l, v], i) => (i === 1 ? `${l}\t0 0 1` : [l, ...v].join('\t'))).join('\n');
    expect(parseReport(report2021({ b })).facts['apply.carried_over.total']).not.toBe(1);
  });

  it('gives no glued split of a table when one of its runs fits no split: its blank cells vanished', () => {
    // 一、… 632000065 alone splits as 63,2,0,0,0,0,65; but 二、… "11" cannot be seven
    // cells, so cells were lost somewhere in this table and no run is trusted.
    const b = `${TABLE_B_HEADER}\n一、本年新收政府信息公开申请数量632000065\n二、上年结转政府信息公开申请数量11`;
    const r = parseReport(report2021({ b }));
    expect(r.facts['apply.received.natural']).toBeNull();
    expect(r.facts['apply.received.total']).toBeNull();
    const alone = parseReport(report2021({ b: `${TABLE_B_HEADER}\n一、本年新收政府信息公开申请数量632000065` }));
    expect(pick(alone.facts, 'apply.received.')).toEqual(row('received', [63, 2, 0, 0, 0, 0, 65]));
  });
});
