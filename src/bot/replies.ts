// The texts of the non-question commands: help, 单位列表, 核查. Pure functions of
// the configuration and what the store holds.
import type { Office } from '../store/types.js';
import type { Severity } from '../parse/types.js';
import { OfficeIndex, type OfficeRef } from '../offices/index.js';
import type { OfficeSource } from './types.js';

export const EXAMPLE_QUESTIONS = [
  '只楚街道2020年收到多少政府信息公开申请？',
  '2020年各单位一共收到多少申请？',
  '城关镇和洛北街道哪个予以公开的多？',
  '胜利街街道2020年行政复议有几件？',
];

export function helpText(opts: { name: string; prefix: string; inRoom: boolean }): string {
  const how = opts.inRoom
    ? `在群里请 @${opts.name}${opts.prefix ? `，或以「${opts.prefix}」开头` : ''}提问。`
    : '直接发送问题即可。';
  return [
    `我是${opts.name}，回答政府信息公开工作年度报告里的问题，数字都出自年报原文。${how}`,
    '可以这样问：',
    ...EXAMPLE_QUESTIONS.map((q) => `· ${q}`),
    '接着问“那部分公开呢”“城郊呢”“去年呢”，会沿用您上一问的单位、指标和年度（十分钟内，每人单独记）。',
    '命令：',
    '· 核查 单位名：列出该单位年报勾稽关系的问题，如「核查 只楚街道」',
    '· 单位列表：已收录的单位（按地区）',
    '· 提醒状态：年报报送情况',
    '· 暂停提醒 / 恢复提醒：仅管理员',
    '· 指定地区 单位或文件名 地区：仅管理员，指明同名单位的报告所在地区',
    '· 报送情况 [年份] [地区]：谁已报送、谁未报送，距截止或已逾期几天',
    '· 图表 指标 [年份] [地区或单位]：画成图片，如「图表 收到申请 2020」「图表 只楚 收到申请」',
    '· 导出 [年份] [地区]：仅管理员，导出 Excel 汇总表（各单位数据、核查问题、报送情况、同比变化）',
    '· 报送年报：把年报文件（PDF、Word .docx、网页、文本）直接发到群里，我会读出单位、年度和主要数据并核查；需要确认时回复「确认」或「取消」',
    '· 帮助：显示本说明',
    'English: help, check <office>, offices, status.',
  ].join('\n');
}

export function helpTextEn(opts: { name: string; prefix: string; inRoom: boolean }): string {
  const how = opts.inRoom ? `In a group, @${opts.name}${opts.prefix ? ` or start with "${opts.prefix}"` : ''}.` : 'Just send your question.';
  return [
    `I am ${opts.name}. I answer questions about government information disclosure annual reports (政府信息公开工作年度报告); every number comes from a report, with its line. ${how}`,
    'Try:',
    '· how many applications did 只楚 receive in 2020',
    '· which offices received applications in 2020',
    '· rank the offices by applications received',
    '· what is wrong with the 只楚 report',
    '· How many followers does 只楚\'s WeChat official account have?',
    'Commands: check <office> (the report\'s checks), offices (the offices I know), status (filing status), help.',
  ].join('\n');
}

const SEVERITY_WORDS: Record<Severity, string> = { error: '错误', warning: '注意', info: '提示' };

export function officesText(src: OfficeSource): string {
  const offices = src.listOffices();
  if (offices.length === 0) return '还没有收录任何单位的年报。';
  const years = yearsByOffice(src);
  const byRegion = new Map<string, Office[]>();
  for (const o of offices) {
    const key = o.region ?? '未注明地区';
    byRegion.set(key, [...(byRegion.get(key) ?? []), o]);
  }
  const regions = [...byRegion.keys()].sort((a, b) =>
    a === '未注明地区' ? 1 : b === '未注明地区' ? -1 : a.localeCompare(b, 'zh-CN'),
  );
  const lines = [`已收录 ${offices.length} 个单位（按地区）：`];
  for (const region of regions) {
    lines.push(`【${region}】`);
    for (const o of byRegion.get(region)!.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      const ys = years.get(o.id) ?? [];
      lines.push(`· ${o.name}${ys.length ? `（${ys.join('、')}）` : ''}`);
    }
  }
  return lines.join('\n');
}

function yearsByOffice(src: OfficeSource): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of src.currentReports()) out.set(r.officeId, [...(out.get(r.officeId) ?? []), r.year]);
  for (const ys of out.values()) ys.sort((a, b) => a - b);
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

/** What the office resolver (src/ask/offices.ts) makes of a command's office words. */
export interface FoundOffices {
  offices: Office[];
  /** 按「只楚」理解, when the words were corrected. */
  understoodAs?: string;
  /** When nothing fits: the nearest names. */
  nearest: Office[];
}

/**
 * Offices a user's words name, through the same resolver as questions: an exact
 * name or short name, a sound-alike correction, a pinyin name; never another
 * office for a name the store does not hold (城东街道 is not 城郊街道).
 */
export function findOffices(src: OfficeSource, words: string): FoundOffices {
  if (!words) return { offices: [], nearest: [] };
  const exact = src.officesByAlias(words);
  if (exact.length) return { offices: exact, nearest: [] };
  const all = src.listOffices();
  const byId = new Map(all.map((o) => [o.id, o]));
  const index = new OfficeIndex(all.map((o): OfficeRef => ({ id: o.id, name: o.name, region: o.region, kind: o.kind, aliases: o.aliases })));
  const r = index.resolve(words);
  const nearest = () => index.nearest(words).map((o) => byId.get(o.id)!);
  if (r.unknown.length) return { offices: [], nearest: r.unknown[0].suggestions.map((o) => byId.get(o.id)!) };
  if (r.ambiguous.length) return { offices: r.ambiguous[0].candidates.map((o) => byId.get(o.id)!), nearest: [] };
  if (r.resolved.length === 1) return { offices: [byId.get(r.resolved[0].office.id)!], understoodAs: r.resolved[0].understoodAs, nearest: [] };
  if (r.resolved.length > 1) return { offices: r.resolved.map((x) => byId.get(x.office.id)!), nearest: [] };
  // Region words alone (核查 洛阳): the offices of that region.
  if (r.regionWords.length) {
    const inRegion = all.filter((o) => r.regionWords.some((w) => (o.region ?? '').includes(w)));
    if (inRegion.length) return { offices: inRegion, nearest: [] };
  }
  // Words inside names (核查 街道): every office whose name holds them, to choose from.
  const holding = all.filter((o) => [o.name, ...o.aliases].some((a) => a.includes(words)));
  if (holding.length) return { offices: holding, nearest: [] };
  return { offices: [], nearest: nearest() };
}

export function checkText(src: OfficeSource, arg: string): { text: string; kind: string } {
  const { office: words, year } = parseCheckArg(arg);
  if (!words) return { text: '请说明要核查哪个单位，如「核查 只楚街道」。发送「单位列表」查看已收录的单位。', kind: 'clarify' };
  const { offices: found, understoodAs, nearest } = findOffices(src, words);
  if (found.length === 0) {
    const near = nearest.length ? `最接近的单位：${nearest.map((o) => o.name).join('、')}。` : '';
    return { text: `没有找到“${words}”的年报。${near}发送「单位列表」查看已收录的单位。`, kind: 'unknown' };
  }
  if (found.length > 1) {
    const names = found.slice(0, 10).map((o) => o.name).join('、');
    return { text: `“${words}”对应多个单位：${names}。请说得具体些，如「核查 ${found[0].name}」。`, kind: 'clarify' };
  }
  const office = found[0];
  const understood = understoodAs ? `（按「${understoodAs}」理解「${words}」）` : '';
  const reports = src.currentReports({ officeId: office.id }).sort((a, b) => b.year - a.year);
  if (reports.length === 0) return { text: `${office.name}还没有导入年报。`, kind: 'unknown' };
  const chosen = year === null ? reports[0] : reports.find((r) => r.year === year);
  if (!chosen) {
    const have = reports.map((r) => r.year).join('、');
    return { text: `${office.name}没有 ${year} 年度的年报（已有：${have}）。`, kind: 'unknown' };
  }
  const report = src.getReport(chosen.id);
  if (!report) return { text: `${office.name} ${chosen.year} 年度的年报读取失败。`, kind: 'unknown' };

  const head = `${report.officeName} ${report.year} 年度报告（${report.format} 版格式）核查结果：`;
  const lines = understood ? [understood, head] : [head];
  if (report.findings.length === 0) {
    lines.push('按模板勾稽关系逐项核查，未发现问题。');
  } else {
    lines.push(`发现 ${report.findings.length} 个问题：`);
    report.findings.forEach((f, i) => lines.push(`${i + 1}.【${SEVERITY_WORDS[f.severity]}】${f.message}`));
  }
  if (report.incomplete) lines.push('注意：这份年报的文本不完整（在表格或第六部分之前中断）。');
  const others = reports.filter((r) => r.id !== chosen.id).map((r) => r.year);
  if (others.length) lines.push(`另有 ${others.join('、')} 年度的年报，可发送「核查 ${office.name} ${others[0]}」。`);
  return { text: lines.join('\n'), kind: report.findings.length ? 'findings' : 'clean' };
}
