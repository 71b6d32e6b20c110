// Render one synthetic report: title, the six parts with prose and tables A/B/C,
// and the 落款 (office and date), in any of the layouts of layouts.ts.
import { writeHtml, writeText, type AnyLayout, type Block } from './layouts.js';
import { intro, otherMatters, overview, problems, tableLead, type ProseInput, type ReportTruth } from './prose.js';
import { mulberry32, type Rng } from './rng.js';
import { randomStyle, tableA, tableB, tableC } from './tables.js';

export interface ReportSpec extends ReportTruth {
  /** 落款 date, yyyy-mm-dd; default a day in January of the next year. */
  date?: string;
}

const ICP: Record<string, string> = {
  河南: '豫',
  山东: '鲁',
  宁夏: '宁',
  江苏: '苏',
  四川: '川',
  湖北: '鄂',
  甘肃: '甘',
  陕西: '陕',
  湖南: '湘',
  河北: '冀',
};

/** FNV-1a, to seed a default RNG from the report itself. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function defaultDate(rng: Rng, year: number): string {
  const d = rng.int(5, 31);
  return `${year + 1}-01-${String(d).padStart(2, '0')}`;
}

function cnDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function blocks(report: ReportSpec, rng: Rng, date: string): { blocks: Block[]; title: string } {
  const p: ProseInput = report;
  const style = randomStyle(rng);
  // 胜利街-2020 prints a space between the office and the year; most do not.
  const title = `${report.office}${rng.chance(0.2) ? ' ' : ''}${report.year}年政府信息公开工作年度报告`;
  const out: Block[] = [{ t: 'title', text: title }];
  for (const text of intro(rng, p)) out.push({ t: 'para', text });

  out.push({ t: 'heading', level: 1, text: '一、总体情况' });
  const ov = overview(rng, p);
  out.push({ t: 'para', text: ov.lead });
  ov.subs.forEach((sub, i) => {
    out.push({ t: 'heading', level: 2, text: sub.heading });
    for (const text of sub.paras) out.push({ t: 'para', text });
    if (i === 1) out.push({ t: 'page', n: 2 });
  });

  out.push({ t: 'heading', level: 1, text: '二、主动公开政府信息情况' });
  out.push({ t: 'table', table: 'A', grid: tableA(report.format, report.facts, style) });

  out.push({ t: 'heading', level: 1, text: '三、收到和处理政府信息公开申请情况' });
  const lead3 = tableLead(rng, p, 3);
  if (lead3) out.push({ t: 'para', text: lead3 });
  out.push({ t: 'table', table: 'B', grid: tableB(report.format, report.facts, style) });

  out.push({ t: 'heading', level: 1, text: '四、政府信息公开行政复议、行政诉讼情况' });
  const lead4 = tableLead(rng, p, 4);
  if (lead4) out.push({ t: 'para', text: lead4 });
  out.push({ t: 'table', table: 'C', grid: tableC(report.facts, style) });

  out.push({
    t: 'heading',
    level: 1,
    text: rng.chance(0.2) ? '五、政府信息公开工作存在的主要问题及改进情况' : '五、存在的主要问题及改进情况',
  });
  for (const text of problems(rng, p)) out.push({ t: 'para', text });
  out.push({ t: 'page', n: 6 });
  out.push({ t: 'heading', level: 1, text: '六、其他需要报告的事项' });
  for (const text of otherMatters(rng, p)) out.push({ t: 'para', text });

  out.push({ t: 'sign', lines: [report.office, cnDate(date)] });
  return { blocks: out, title };
}

/** The report as blocks (headings, paragraphs, tables with their spans), for writers of
 *  other formats (PDF, Word: test/support); seeded from the report like renderReport. */
export function reportBlocks(report: ReportSpec, rng?: Rng): Block[] {
  const r = rng ?? mulberry32(hash(`${report.office}|${report.region}|${report.year}|blocks`));
  return blocks(report, r, report.date ?? defaultDate(r, report.year)).blocks;
}

/** The full text of a report in the given layout (an HTML page for 'html'). */
export function renderReport(report: ReportSpec, layout: AnyLayout, rng?: Rng): string {
  const r = rng ?? mulberry32(hash(`${report.office}|${report.region}|${report.year}|${layout}`));
  const date = report.date ?? defaultDate(r, report.year);
  const doc = blocks(report, r, date);
  if (layout !== 'html') return writeText(doc.blocks, layout, r);
  const provinceKey = Object.keys(ICP).find((k) => report.region.startsWith(k));
  const site = `${report.region.replace(/^.*?(省|自治区)/, '')}人民政府`;
  return writeHtml(
    doc.blocks,
    { title: doc.title, site, icp: provinceKey ? ICP[provinceKey] : '京', office: report.office, published: date },
    r,
  );
}
