// Chinese wording of the answer shapes in render.ts. Pure.
import type { Phrases } from './phrases.js';

const CARRY = '沿用上一问的';

export const zh: Phrases = {
  understood: (items) => items.map((i) => `（按「${i.as}」理解「${i.said}」）`).join(''),
  carried: ({ office, metric, year, question }) => {
    if (question) return `（按上一问「${question}」理解）`;
    const parts = [office ? `单位「${office}」` : '', metric ? `指标「${metric}」` : '', year ? `年度 ${year}` : ''].filter(Boolean);
    return parts.length ? `（${CARRY}${parts.join('、')}）` : '';
  },
  yesNo: ({ claimed, value, unit, office, year, metric }) =>
    claimed === value ? `是的，${office} ${year} 年度${metric}为 ${value}${unit}。` : `不是，${office} ${year} 年度${metric}为 ${value}${unit}（不是 ${claimed}${unit}）。`,
  exists: ({ value, unit, office, year, metric }) => (value > 0 ? `有，${office} ${year} 年度${metric}为 ${value}${unit}。` : `没有，${office} ${year} 年度${metric}为 0${unit}。`),
  changePct: ({ from, to, pct }) => `（变化幅度 ${pct}%，推算值：(${to} − ${from}) ÷ ${from}）`,
  yearsSum: ({ office, metric, years, total, parts }) => `${office} ${years.join('、')} 年度${metric}一共 ${total}（推算值：各年度相加）。\n其中：${parts.join('；')}。`,
  rate: ({ office, year, metric, base, num, den, pct }) =>
    `${office} ${year} 年度${metric}率为 ${pct}%（推算值：${metric} ${num} ÷ ${base} ${den}，报告本身没有写这个比率）。`,
  rateUndefined: ({ office, year, metric, base, den }) =>
    den === 0 ? `${office} ${year} 年度${base}为 0，${metric}率无从计算。` : `${office} ${year} 年度报告缺少${den === null ? base : metric}的数字，${metric}率无法计算。`,
  noRate: (metric) => `「${metric}」没有可用的比率算法：只有依申请公开的办理结果（予以公开、部分公开、不予公开等）可以按办理总计算比率。`,
  namedSum: ({ year, offices, metric, total, parts }) => `${year}${offices.join('、')}${metric}一共 ${total}（推算值：各单位相加）。\n其中：${parts.join('；')}。`,
  trendHead: ({ office, metric, years }) => `${office}${metric}（${years[0]}—${years[years.length - 1]} 年度，共 ${years.length} 年）：`,
  trendLine: ({ year, value }) => `· ${year} 年度：${value}`,
  trendPeak: ({ years, value, most }) => `${most ? '最多' : '最少'}的是 ${years.join('、')} 年度（${value}）。`,
  trendOnly: ({ office, have, asked }) => `${office}目前只收录了 ${have.join('、')} 年度的报告${asked ? `，无法给出近 ${asked} 年的变化` : '，无法给出历年变化'}。`,
  statedChange: ({ office, year, line, sentence }) => `${office}只收录了 ${year} 年度的报告，无法按两年的数字计算；报告原文（第 ${line} 行）写道：“${sentence}”`,
  regionOffices: ({ region, names }) => `${region}已收录 ${names.length} 个单位：\n${names.map((n) => `· ${n}`).join('\n')}`,
  noRegionOffices: (region) => `已收录的单位中没有地区写明为${region}的单位。发送“单位列表”可查看全部。`,
  count: (n, one) => `${n} ${one}`,
};
