// The non-question commands 单位列表 and 核查 (帮助 is render/help.ts): they gather
// from the store what the renderers in src/render word, the renderers the question
// engine uses too. They read the store of either backend (every call awaited) and
// hand what they read to pure functions (the resolver, the renderers).
import type { Office, ReportSummary } from '../store/types.js';
import { findOffices as findInIndex, OfficeIndex, officeRefOf } from '../offices/index.js';
import { renderReportFindings } from '../render/findings.js';
import { renderOfficeList } from '../render/offices.js';
import type { OfficeSource } from './types.js';

/** 单位列表: every stored office, by region, with its stored years. */
export async function officesText(src: OfficeSource): Promise<string> {
  const [all, current] = await Promise.all([src.listOffices(), src.currentReports()]);
  const years = yearsByOffice(current);
  const offices = all.map((o) => ({ name: o.name, region: o.region, years: years.get(o.id) ?? [] }));
  return renderOfficeList({ year: null, offices }, 'zh');
}

function yearsByOffice(current: readonly ReportSummary[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of current) out.set(r.officeId, [...(out.get(r.officeId) ?? []), r.year]);
  return out;
}

/** `只楚街道 2020`, `只楚街道2020年的年报` → the office words and the year. */
export function parseCheckArg(arg: string): { office: string; year: number | null } {
  const m = /((?:19|20)\d{2})\s*(?:年度|年)?/.exec(arg);
  const rest = m ? arg.slice(0, m.index) + arg.slice(m.index + m[0].length) : arg;
  const office = rest
    .replace(/[\s\u3000]+/g, '')
    .replace(/(?:的)?(?:政府信息公开工作)?(?:年度报告|年报|报告)$/, '')
    .replace(/的$/, '');
  return { office, year: m ? Number(m[1]) : null };
}

/** What the office resolver (src/offices) makes of a command's office words, as stored offices. */
export interface FoundOffices {
  offices: Office[];
  /** 按「只楚」理解, when the words were corrected. */
  understoodAs?: string;
  /** When nothing fits: the nearest names. */
  nearest: Office[];
}

/**
 * Offices a user's words name, by the one office resolver (src/offices/find.ts, the
 * rules questions use): an exact name or short name, region words before a name, a
 * sound-alike correction, a pinyin name; never another office for a name the store
 * does not hold (城东街道 is not 城郊街道).
 */
export async function findOffices(src: Pick<OfficeSource, 'listOffices'>, words: string): Promise<FoundOffices> {
  return findAmong(await src.listOffices(), words);
}

/** findOffices over offices already read. Pure. */
export function findAmong(all: readonly Office[], words: string): FoundOffices {
  const byId = new Map(all.map((o) => [o.id, o]));
  const found = findInIndex(new OfficeIndex(all.map(officeRefOf)), words);
  const offices = (refs: readonly { id: number }[]) => refs.map((o) => byId.get(o.id)!);
  return {
    offices: offices(found.offices),
    ...(found.understoodAs ? { understoodAs: found.understoodAs } : {}),
    nearest: offices(found.nearest),
  };
}

export async function checkText(src: OfficeSource, arg: string): Promise<{ text: string; kind: string }> {
  const { office: words, year } = parseCheckArg(arg);
  if (!words)
    return { text: '请说明要核查哪个单位，如「核查 只楚街道」。发送「单位列表」查看已收录的单位。', kind: 'clarify' };
  const { offices: found, understoodAs, nearest } = await findOffices(src, words);
  if (found.length === 0) {
    const near = nearest.length ? `最接近的单位：${nearest.map((o) => o.name).join('、')}。` : '';
    return { text: `没有找到“${words}”的年报。${near}发送「单位列表」查看已收录的单位。`, kind: 'unknown' };
  }
  if (found.length > 1) {
    const names = found
      .slice(0, 10)
      .map((o) => o.name)
      .join('、');
    return { text: `“${words}”对应多个单位：${names}。请说得具体些，如「核查 ${found[0].name}」。`, kind: 'clarify' };
  }
  const office = found[0];
  const understood = understoodAs ? `（按「${understoodAs}」理解「${words}」）` : '';
  const reports = (await src.currentReports({ officeId: office.id })).sort((a, b) => b.year - a.year);
  if (reports.length === 0) return { text: `${office.name}还没有导入年报。`, kind: 'unknown' };
  const chosen = year === null ? reports[0] : reports.find((r) => r.year === year);
  if (!chosen) {
    const have = reports.map((r) => r.year).join('、');
    return { text: `${office.name}没有 ${year} 年度的年报（已有：${have}）。`, kind: 'unknown' };
  }
  const report = await src.getReport(chosen.id);
  if (!report) return { text: `${office.name} ${chosen.year} 年度的年报读取失败。`, kind: 'unknown' };

  const others = reports.filter((r) => r.id !== chosen.id).map((r) => r.year);
  const text = renderReportFindings(
    {
      office: report.officeName,
      year: report.year,
      format: report.format,
      file: report.sourceFile,
      findings: report.findings,
      facts: report.facts,
      incomplete: report.incomplete,
      otherYears: others,
    },
    'zh',
  );
  return { text: understood ? `${understood}\n${text}` : text, kind: report.findings.length ? 'findings' : 'clean' };
}
