// The Chinese words of every answer (wording.ts says what each is for). Pure.
import { describeFact, FACT_BY_ID, TABLE_TITLES } from '../catalogue/facts.js';
import { formatFinding } from '../parse/findings-text.js';
import { fmtNum, type Wording } from './wording.js';
import { renderYearFindings } from './findings.js';
import { candidateLabel, namesakeHint, type OfficeRef } from '../offices/index.js';
import { renderNotUnderstood } from './help.js';

const CARRY = '沿用上一问的';

// Part 五's reader works on folded text; show Chinese with its own punctuation again.
function zhPunct(s: string): string {
  return s
    .replace(/,(?!\d)/g, '，')
    .replace(/;/g, '；')
    .replace(/:(?!\/\/)/g, '：')
    .replace(/\(([^()]*)\)/g, '（$1）')
    .replace(/!/g, '！')
    .replace(/\?/g, '？');
}
/** Names of a list cut to five, with 等 when there were more. */
const some = (names: string[]) => `${names.slice(0, 5).join('、')}${names.length > 5 ? ' 等' : ''}`;

/** Offices to choose from, numbered. */
const listed = (cands: OfficeRef[], lang: 'zh' | 'en') =>
  cands.map((o, i) => `${i + 1}. ${candidateLabel(o, lang)}`).join('\n');

export const zh: Wording = {
  understood: (items) => items.map((i) => `（按「${i.as}」理解「${i.said}」）`).join(''),
  carried: ({ office, metric, year, question }) => {
    if (question) return `（按上一问「${question}」理解）`;
    const parts = [
      office ? `单位「${office}」` : '',
      metric ? `指标「${metric}」` : '',
      year ? `年度 ${year}` : '',
    ].filter(Boolean);
    return parts.length ? `（${CARRY}${parts.join('、')}）` : '';
  },

  notUnderstood: (r) => {
    if (r.why === 'no-place') return `已收录的单位中没有地区为「${r.place}」的单位。发送“单位列表”可查看全部。`;
    if (r.why === 'ambiguous') {
      const ask = `「${r.said}」对应 ${r.candidates.length} 个单位，请问是哪一个？可以在问题里加上地区：\n${listed(r.candidates, 'zh')}`;
      const hint = namesakeHint(r.candidates, 'zh');
      return hint ? `${ask}\n${hint}` : ask;
    }
    const none = r.why === 'unknown-office' && r.place ? `「${r.said}」的单位` : `「${r.said}」这个单位`;
    const all = r.why === 'unknown-subject' ? '；问全部单位请说“各单位一共……”。' : '。';
    const near = r.nearest.length
      ? `最接近的单位：\n${listed(r.nearest, 'zh')}`
      : `发送“单位列表”可查看已收录的单位${all}`;
    return `已收录的年报中没有${none}。${near}`;
  },
  tooLong: (max) => `问题太长了，请用一句话提问（${max} 字以内）。`,
  help: () => renderNotUnderstood('zh'),

  reportTitle: (r) => `《${r.officeName}${r.year}年政府信息公开工作年度报告》（${r.sourceFile}）`,
  factPart: (id) => `${TABLE_TITLES[FACT_BY_ID.get(id)!.table]} · ${describeFact(id)}`,
  cite: (s) => `来源：${s.report} ${s.part}（第 ${s.line} 行）`,
  unit: (metric) => metric.unit.zh,
  missing: (why, format) =>
    ({
      blank: '报告中该栏为空（未填写）',
      absent: '报告中找不到这一项',
      not_in_format: `该报告使用 ${format} 版表格，没有这一项`,
    })[why],
  approximateNote: (cell) => `（约数：原文为“${cell}”）`,
  derivedNote: (cells) => `（由表中 ${cells} 个单元格相加得出）`,
  failsCheck: (f) => `⚠ 注意：该报告核查未通过，涉及此数：${f.message}`,
  findingLine: (f) => formatFinding(f),
  findingExcerpt: (f) => f.message,
  checksPart: '核查',

  noReports: (office) => `还没有收录${office}的年报。`,
  noReportOfYear: ({ office, year, have }) => `没有${office} ${year} 年度的报告（已收录：${have.join('、')} 年度）。`,
  latestInstead: ({ office, year, latest }) => `没有${office} ${year} 年度的报告，以下是最新的 ${latest} 年度：`,
  nothingStored: () => '还没有收录任何年报。',
  noYear: ({ year, have }) => `还没有收录 ${year} 年度的报告（已收录：${have.join('、')} 年度）。`,
  latestYearInstead: ({ year, latest }) => `没有 ${year} 年度的报告，以下是最新的 ${latest} 年度：`,
  notStatedIn: ({ year, stated }) => `最新的 ${year} 年度报告正文没有写到这一数字，以下是 ${stated} 年度：`,

  fact: ({ office, year, metric, value }) => `${office} ${year} 年度${metric}：${value}。`,
  yesNo: ({ claimed, value, unit, office, year, metric }) =>
    claimed === value
      ? `是的，${office} ${year} 年度${metric}为 ${value}${unit}。`
      : `不是，${office} ${year} 年度${metric}为 ${value}${unit}（不是 ${claimed}${unit}）。`,
  exists: ({ value, unit, office, year, metric }) =>
    value > 0
      ? `有，${office} ${year} 年度${metric}为 ${value}${unit}。`
      : `没有，${office} ${year} 年度${metric}为 0${unit}。`,
  rate: ({ office, year, metric, base, num, den, pct }) =>
    `${office} ${year} 年度${metric}率为 ${pct}%（推算值：${metric} ${num} ÷ ${base} ${den}，报告本身没有写这个比率）。`,
  rateUndefined: ({ office, year, metric, base, den }) =>
    den === 0
      ? `${office} ${year} 年度${base}为 0，${metric}率无从计算。`
      : `${office} ${year} 年度报告缺少${den === null ? base : metric}的数字，${metric}率无法计算。`,
  noRate: (metric) =>
    `「${metric}」没有可用的比率算法：只有依申请公开的办理结果（予以公开、部分公开、不予公开等）可以按办理总计算比率。`,

  yearsSum: ({ office, metric, years, total, parts }) =>
    `${office} ${years.join('、')} 年度${metric}一共 ${total}（推算值：各年度相加）。\n其中：${parts.join('；')}。`,
  rowsSum: ({ office, metrics, year, total, parts }) =>
    `${office} ${year} 年度${metrics.join('、')}一共 ${total}（推算值：各项相加）。\n其中：${parts.join('；')}。`,
  yearsMissing: ({ office, missing, have }) =>
    `没有${office} ${missing.join('、')} 年度的报告（已有：${have.join('、')}），无法相加。`,
  yearValue: ({ year, value }) => `${year}: ${value}`,
  metricValue: ({ metric, value }) => `${metric}：${value}`,
  officeValue: ({ office, value }) => `${office}：${value}`,
  reportHead: ({ office, year }) => `${office} ${year}`,
  namedSum: ({ year, offices, metric, total, parts }) =>
    `${year === null ? '' : `${year} 年度`}${offices.join('、')}${metric}一共 ${total}（推算值：各单位相加）。\n其中：${parts.join('；')}。`,
  namedSumPart: ({ office, year, value }) => `${office}${year === null ? '' : `（${year}）`} ${value}`,

  compareWhat: () => '请说明比较哪一项，例如“只楚和城关镇谁收到的申请多”。',
  compare: ({ metric, sides }) => `${metric}：${sides.map((s) => `${s.office}（${s.year}）${s.value}`).join('；')}。`,
  compareVerdict: ({ diff, more, less, unit }) =>
    diff === null ? '两者相同。' : `${more}比${less}多 ${diff}${unit}。`,
  change: ({ office, metric, cur, prev }) =>
    `${office}${metric}：${cur.year} 年度 ${cur.value}，${prev.year} 年度 ${prev.value}。`,
  changeDelta: ({ delta, abs, unit }) =>
    delta === 0 ? '没有变化。' : `${delta > 0 ? '增加' : '减少'} ${abs}${unit}。`,
  changePct: ({ from, to, pct }) => `（变化幅度 ${pct}%，推算值：(${to} − ${from}) ÷ ${from}）`,
  needTwoYears: ({ office, have }) =>
    `比较变化需要${office}相邻两个年度的报告，目前只有：${have.join('、') || '无'} 年度。`,
  statedChange: ({ office, year, line, sentence }) =>
    `${office}只收录了 ${year} 年度的报告，无法按两年的数字计算；报告原文（第 ${line} 行）写道：“${sentence}”`,
  reportTextPart: '报告正文',
  trendHead: ({ office, metric, years }) =>
    `${office}${metric}（${years[0]}—${years[years.length - 1]} 年度，共 ${years.length} 年）：`,
  trendLine: ({ year, value }) => `· ${year} 年度：${value}`,
  trendPeak: ({ years, value, most }) => `${most ? '最多' : '最少'}的是 ${years.join('、')} 年度（${value}）。`,
  trendOnly: ({ office, have, asked }) =>
    `${office}目前只收录了 ${have.join('、')} 年度的报告${asked ? `，无法给出近 ${asked} 年的变化` : '，无法给出历年变化'}。`,

  scope: ({ region, kind }) => `${region ? `${region}的单位` : '全部单位'}${kind ? `中的${kind}` : ''}`,
  eachScope: ({ region, kind }) => `${region ?? ''}${kind ? `各${kind}` : '各单位'}`,
  noRowInFormat: ({ year, formats, metric }) => `${year} 年度的报告使用 ${formats} 版表格，没有「${metric}」这一项。`,
  leftOut: ({ count, names }) => `（${count} 份报告没有填写此项，未计入：${some(names)}）`,
  flagged: ({ count, names }) => `⚠ 其中 ${count} 个数为约数或所在报告相关核查未通过：${names.join('、')}`,
  eachDerived: () => '（各单位数值由表中相应单元格相加得出）',
  sum: ({ year, scope, reports, metric, total }) => `${year} 年度${scope}（${reports} 份报告）${metric}合计 ${total}。`,
  sumParts: ({ parts, more, rest }) =>
    `其中：${parts.join('；')}${more ? '……' : ''}${rest ? `；其余 ${rest} 个单位为 0` : ''}。`,
  sumPart: ({ office, value }) => `${office} ${value}`,
  rankHead: ({ year, metric, most, scope, reports }) =>
    `${year} 年度${metric}${most ? '最多' : '最少'}的单位（${scope}，共 ${reports} 份报告）：`,
  rankLine: ({ n, office, value, approximate }) => `${n}. ${office} ${value}${approximate ? '（约数）' : ''}`,
  rankTie: ({ ties, value, unit }) => `（有 ${ties} 个单位为 ${value}${unit}，并列）`,
  rankFlagged: (names) => `⚠ 以下单位的报告相关核查未通过，请留意：${names.join('、')}`,
  count: ({ year, offices, metric, unit, positive }) => {
    const list = positive.slice(0, 10).map((r) => `${r.office}（${fmtNum(r.value!)}${unit}）`);
    const named = positive.length ? `：${list.join('、')}${positive.length > 10 ? ' 等' : ''}` : '';
    return `${year} 年度共 ${offices} 个单位，其中 ${positive.length} 个单位${metric}不为 0${named}。`;
  },
  whichHead: ({ year, metric, positive, offices }) =>
    positive
      ? `${year} 年度${metric}不为 0 的单位有 ${positive} 个（共 ${offices} 个单位）：`
      : `${year} 年度 ${offices} 个单位中，没有单位${metric}大于 0。`,
  whichLine: ({ office, value }) => `· ${office}：${value}`,
  whichMore: (count) => `……等 ${count} 个`,
  eachHead: ({ year, scope, metric, offices }) =>
    `${year} 年度${scope}${metric}（共 ${offices} 个单位，逐个列出，未相加）：`,
  eachLine: ({ office, value, approximate }) =>
    `· ${office}：${value === null ? '报告未填写' : `${value}${approximate ? '（约数）' : ''}`}`,
  eachMore: ({ rest, shown }) =>
    `……另有 ${rest} 个单位未列出（按数值从多到少列出前 ${shown} 个；问某个单位请指明单位名）。`,
  eachNone: () => '这些单位没有该年度的报告。',
  eachOutOfFormat: ({ count, formats, names }) =>
    `（${count} 份报告使用 ${formats} 版表格，没有这一项：${some(names)}）`,

  findingsAcross: (o) => renderYearFindings(o, 'zh'),

  regionOffices: ({ region, names }) =>
    `${region}已收录 ${names.length} 个单位：\n${names.map((n) => `· ${n}`).join('\n')}`,
  noRegionOffices: (region) => `已收录的单位中没有地区写明为${region}的单位。发送“单位列表”可查看全部。`,
  officeYears: ({ office, years }) => `${office}（${years.join('、')}）`,

  noPart5: (title) => `${title}没有第五部分（存在的主要问题及改进情况）。`,
  ownHead: ({ title, heading, labelled }) =>
    labelled ? `① 报告自己写的存在的主要问题（第五部分“${heading}”）：` : `${title}第五部分“${heading}”写到的问题：`,
  improvementsOf: ({ title, heading }) => `${title}写到的改进措施（“${heading}”）：`,
  noItems: '（该部分没有列出具体问题）',
  improvementsHead: '改进措施：',
  item: ({ n, topic, text, line }) => `${n}. ${topic ? `【${topic}】` : ''}${zhPunct(text)}（第 ${line} 行）`,
  findingsHead: ({ title, count, labelled }) =>
    labelled
      ? `② 本助手核查报告数据发现的问题：${count === 0 ? '无，全部核查通过。' : `${count} 项：`}`
      : `${title}核查${count === 0 ? '通过，未发现问题。' : `发现 ${count} 项问题：`}`,
  bothIntro: (title) => `${title}的“问题”有两种，分别列出：`,
  problemsAcross: (year) => `${year} 年度各单位报告自己写的存在的主要问题（第五部分）：`,
  problemsMore: ({ count, names }) => `（另有 ${count} 份报告，如${names.join('、')}等，请指明单位再问。）`,

  undated: (title) => `${title}末尾没有写明落款日期。`,
  dated: ({ title, y, m, d }) => `${title}的落款日期为 ${y}年${m}月${d}日。`,
  dateWarning: (f) => `⚠ 注意：${f.message}`,
  datePart: (found) => (found ? '落款' : '报告末尾'),
  passageReport: ({ office, year }) => `《${office}${year}年政府信息公开工作年度报告》`,
  passageOpening: '开头',
  passageQuote: ({ office, year, part, line, quote }) =>
    `${office} ${year} 年度报告「${part}」（第 ${line} 行）写道：\n“${quote}”`,
  writtenSources: (cites) => `出处：${cites.map((c) => `[${c.n}] ${c.report}`).join('；')}`,
};
