// Question → Query, by rules: deterministic, offline, fast. What the rules
// cannot read is handed back as `unknown` (the engine may then try a language
// model, whose output is validated into the same Query).
import { findMetric } from './metrics.js';
import type { OfficeIndex, OfficeRef } from './offices.js';
import type { Lang, Query, Shape, Understanding, YearSpec } from './types.js';

export function detectLang(q: string): Lang {
  const words = q.match(/[A-Za-z]{2,}/g) ?? [];
  const cjk = q.replace(/[^\u4e00-\u9fa5]/g, '').length;
  // An English question may carry a Chinese office name ("how many … 只楚 …").
  return words.length >= 3 || (words.length >= 2 && cjk <= 6) ? 'en' : 'zh';
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export function parseYear(q: string, lang: Lang): YearSpec {
  const explicit = /((?:19|20)\d{2})\s*(?:年|年度)?/.exec(q);
  if (explicit) return { kind: 'explicit', year: Number(explicit[1]) };
  if (lang === 'en') {
    const s = q.toLowerCase();
    if (/year before last/.test(s)) return { kind: 'relative', offset: -2 };
    if (/last year|previous year/.test(s) && !/(?:compared|than|versus|vs)\s+(?:to\s+|with\s+)?(?:the\s+)?(?:last|previous) year/.test(s)) return { kind: 'relative', offset: -1 };
    if (/this year|current year/.test(s)) return { kind: 'relative', offset: 0 };
    return { kind: 'latest' };
  }
  // 上年/上一年 also name table rows (上年结转), so only 今年/去年/前年 are read as years.
  if (/前年/.test(q)) return { kind: 'relative', offset: -2 };
  if (/去年/.test(q) && !/比去年|较去年|和去年|与去年|跟去年/.test(q)) return { kind: 'relative', offset: -1 };
  if (/今年|本年度(?!办理)/.test(q)) return { kind: 'relative', offset: 0 };
  return { kind: 'latest' };
}

function parseRank(q: string, lang: Lang): Query['rank'] | undefined {
  if (lang === 'en') {
    const s = q.toLowerCase();
    const top = /\btop\s*(\d+)/.exec(s);
    const asc = /\b(?:fewest|least|lowest|bottom)\b/.test(s);
    if (top) return { order: asc ? 'asc' : 'desc', n: Number(top[1]) };
    if (/\b(?:most|highest|largest|biggest)\b/.test(s)) return { order: 'desc', n: 1 };
    if (asc) return { order: 'asc', n: 1 };
    if (/\brank/.test(s)) return { order: 'desc', n: 10 };
    return undefined;
  }
  const top = /(前|倒数)\s*(\d+|[一二两三四五六七八九十])\s*(?:名|个|位|家)?/.exec(q);
  if (top) return { order: top[1] === '倒数' ? 'asc' : 'desc', n: Number(top[2]) || CN_DIGITS[top[2]] || 3 };
  if (/最多|最高|最大|第一多/.test(q)) return { order: 'desc', n: 1 };
  if (/最少|最低|最小/.test(q)) return { order: 'asc', n: 1 };
  if (/排名|排行|排序|排一下/.test(q)) return { order: 'desc', n: 10 };
  return undefined;
}

const SHAPE_WORDS = {
  zh: {
    findings: /核查|勾稽|校验|有误|错误|不一致|不平衡|对不上|(?:报告|数据|表格|年报)(?:有|存在)?(?:什么|哪些)问题|有(?:什么|哪些)问题|有问题吗|检查结果|审核结果/,
    ownProblems: /存在的?主要问题|存在(?:哪些|什么)?不足|改进/,
    offices: /单位列表|(?:有|都有|包括)哪些单位|哪些单位(?:有|交了|已?(?:报送|提交|上报|发布|公开)了?)(?:年报|报告)|(?:年报|报告)(?:都)?有哪些|谁(?:已经?)?(?:报送|提交|交)了|已(?:报送|提交)/,
    compare: /谁多|谁少|谁更多|谁更少|多多少|少多少|相比|比较|对比|差多少|相差|哪个多|哪个少|VS|vs/,
    change: /比去年|较去年|与去年|和去年|跟去年|同比|比上年|较上年|与上年相比|变化|增长了?多少|减少了?多少|增加了?多少|增减/,
    which: /哪些|哪个|哪几个|哪家|哪几家|谁/,
    count: /(?:几个|多少个|多少家|几家)(?:单位|街道|乡镇|镇|乡|部门|机关)|有几个|有多少个/,
    sum: /一共|合计|总共|共计|总计|全区|全县|全市|全部单位|所有单位|各单位|加起来|总和|汇总|全辖区/,
  },
  en: {
    findings: /\b(?:wrong|issues?|problems?|errors?|checks?|inconsisten|mistakes?|fail)\b/,
    ownProblems: /main problems|shortcomings|improvement/,
    offices: /\b(?:which|what) offices (?:are there|do you know|have (?:filed|reports?))|\blist (?:the |all )?offices\b|who has filed/,
    compare: /\bcompare|\bversus\b|\bvs\.?\b|\bmore than\b|\bdifference\b|\bor\b.*\bmore\b/,
    change: /\bchange|year[- ]on[- ]year|\bincrease|\bdecrease|compared (?:to|with) (?:the )?(?:last|previous) year|than (?:the )?(?:last|previous) year/,
    which: /\bwhich\b|\bwho\b/,
    count: /how many (?:offices|bodies|units|townships|towns|sub-?districts|departments|streets)/,
    sum: /\bin total\b|\baltogether\b|\ball offices\b|\bcombined\b|\bsum\b|\boverall\b|\bacross\b/,
  },
} as const;

export interface UnderstandContext {
  index: OfficeIndex;
}

function listCandidates(cands: OfficeRef[], lang: Lang): string {
  return cands.map((o, i) => `${i + 1}. ${o.name}${o.region ? `（${o.region}）` : lang === 'en' ? ' (region not stated)' : '（地区未写明）'}`).join('\n');
}

export function understand(question: string, ctx: UnderstandContext): Understanding {
  const text = question.trim();
  const lang = detectLang(text);
  const words = SHAPE_WORDS[lang];
  const probe = lang === 'en' ? text.toLowerCase() : text;
  const offices = ctx.index.resolve(text);

  if (offices.ambiguous.length) {
    const a = offices.ambiguous[0];
    const message =
      lang === 'en'
        ? `"${a.text}" matches ${a.candidates.length} offices. Which one do you mean? Add its region to the question:\n${listCandidates(a.candidates, lang)}`
        : `「${a.text}」对应 ${a.candidates.length} 个单位，请问是哪一个？可以在问题里加上地区：\n${listCandidates(a.candidates, lang)}`;
    return { ok: false, kind: 'clarify', lang, message };
  }

  const metric = findMetric(text, lang);
  const year = parseYear(text, lang);
  const officeIds = offices.resolved.map((r) => r.office.id);
  const region = offices.regionWords.length ? offices.regionWords.sort((a, b) => b.length - a.length)[0] : undefined;
  const rank = parseRank(text, lang);
  const query = (shape: Shape, extra: Partial<Query> = {}): Understanding => ({
    ok: true,
    query: { lang, shape, officeIds, metric, year, text, ...(region ? { region } : {}), ...extra },
  });

  if (officeIds.length === 0 && offices.unknown.length) {
    const u = offices.unknown[0];
    if (u.suggestions.length) {
      const message =
        lang === 'en'
          ? `I could not find an office called "${u.text}". Did you mean:\n${listCandidates(u.suggestions, lang)}`
          : `没有找到「${u.text}」。您是不是要找：\n${listCandidates(u.suggestions, lang)}`;
      return { ok: false, kind: 'clarify', lang, message };
    }
    if (!words.sum.test(probe) && !rank) {
      const message = lang === 'en' ? `I have no report from an office called "${u.text}". Send "offices" to see the offices I know.` : `没有找到「${u.text}」的年报。发送“单位列表”可查看已收录的单位。`;
      return { ok: false, kind: 'unknown', lang, message };
    }
  }

  if (words.findings.test(probe) && !words.ownProblems.test(probe)) return query('findings');
  if (words.offices.test(probe) && !metric) return query('offices');
  if (officeIds.length >= 2) return query('compare');
  if (officeIds.length === 1 && metric && words.change.test(probe)) return query('change');
  if (metric && rank) return query('rank', { rank });
  if (metric && words.count.test(probe)) return query('count');
  if (metric && officeIds.length === 0 && words.which.test(probe)) return query('which');
  if (!metric && words.count.test(probe)) return query('offices');
  if (metric && (officeIds.length === 0 || words.sum.test(probe))) return officeIds.length === 1 ? query('fact') : query('sum');
  if (metric && officeIds.length === 1) return query('fact');
  return query('passage');
}
