// The one findings text (核查 / "what is wrong with the report"), in Chinese and English:
// the bot's 核查 command and the engine's findings answer both word a report's failed
// checks here. Pure: structured findings in, text out. What to pass:
//   - one report: `renderReportFindings({ office, year, format, file, findings, facts,
//     incomplete, otherYears }, lang)` — `office` is the report's own office name,
//     `file` its source file (any path; the English title shows its base name),
//     `otherYears` the office's other stored years (for "核查 X 2019"), newest first;
//   - a year across offices: `renderYearFindings({ year, reports, failing }, lang)` —
//     `reports` how many current reports the year holds, `failing` those with findings.
// A note the caller owns (按「只楚」理解, the year chosen) goes above the text, not in it.
import type { FactId } from '../catalogue/facts.js';
import { FINDING_NAMES } from '../parse/findings-text.js';
import type { Finding, Severity } from '../parse/types.js';
import type { Lang } from '../ask/types.js';
import { CHECK_NAMES_EN, findingEn } from './findings-en.js';

/** One report's findings, as the store holds them. */
export interface ReportFindings {
  office: string;
  year: number;
  /** The template format the report follows ('2019', '2017'). */
  format: string;
  /** The report's source file. */
  file: string;
  findings: readonly Finding[];
  /** The report's facts: English findings are rebuilt from them. */
  facts: Readonly<Record<FactId, number | null>>;
  /** The text stops before the tables or part 六. */
  incomplete?: boolean;
  /** The office's other stored years, newest first (none: omit or []). */
  otherYears?: readonly number[];
}

/** Which of a year's reports fail their checks. */
export interface YearFindings {
  year: number;
  /** How many current reports the year holds. */
  reports: number;
  /** The reports with at least one finding, with their office names. */
  failing: readonly { office: string; findings: readonly Finding[] }[];
}

const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '注意', info: '提示' };

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function renderReportFindings(r: ReportFindings, lang: Lang): string {
  return lang === 'en' ? reportFindingsEn(r) : reportFindingsZh(r);
}

export function renderYearFindings(y: YearFindings, lang: Lang): string {
  return lang === 'en' ? yearFindingsEn(y) : yearFindingsZh(y);
}

function reportFindingsZh(r: ReportFindings): string {
  const lines = [`${r.office} ${r.year} 年度报告（${r.format} 版格式）核查结果：`];
  if (r.findings.length === 0) {
    lines.push('按模板勾稽关系逐项核查，未发现问题。');
  } else {
    lines.push(`发现 ${r.findings.length} 个问题：`);
    r.findings.forEach((f, i) =>
      lines.push(`${i + 1}.【${SEVERITY_ZH[f.severity]}·${FINDING_NAMES[f.code] ?? '其他'}】${f.message}`),
    );
  }
  if (r.incomplete) lines.push('注意：这份年报的文本不完整（在表格或第六部分之前中断）。');
  const others = r.otherYears ?? [];
  if (others.length) lines.push(`另有 ${others.join('、')} 年度的年报，可发送「核查 ${r.office} ${others[0]}」。`);
  return lines.join('\n');
}

function reportFindingsEn(r: ReportFindings): string {
  const title = `${r.office} ${r.year} annual report (${baseName(r.file)})`;
  const lines = r.findings.length
    ? [`${title}: ${plural(r.findings.length, 'finding')}:`, ...r.findings.map((f) => findingEn(f, r.facts))]
    : [`${title}: passes every check.`];
  if (r.incomplete) lines.push('Note: the text of this report stops early (before the tables or part 6).');
  const others = r.otherYears ?? [];
  if (others.length) lines.push(`Also stored: the ${others.join(', ')} report${others.length === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

function yearFindingsZh(y: YearFindings): string {
  const names = (fs: readonly Finding[]) => [...new Set(fs.map((f) => FINDING_NAMES[f.code] ?? '其他'))].join('、');
  return [
    `${y.year} 年度共 ${y.reports} 份报告，其中 ${y.failing.length} 份核查发现问题：`,
    ...y.failing.map((x) => `${x.office}：${x.findings.length} 项（${names(x.findings)}）`),
    y.failing.length ? '发送“核查 单位名”查看详情。' : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function yearFindingsEn(y: YearFindings): string {
  const names = (fs: readonly Finding[]) => [...new Set(fs.map((f) => CHECK_NAMES_EN[f.code] ?? 'a check'))].join('; ');
  return [
    `${y.year}: ${y.failing.length} of ${plural(y.reports, 'report')} fail at least one check.`,
    ...y.failing.map((x) => `${x.office}: ${plural(x.findings.length, 'finding')} (${names(x.findings)})`),
  ].join('\n');
}
