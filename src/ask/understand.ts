// Question → Query, by rules: deterministic, offline, fast. What the rules
// cannot read is handed back as `unknown` (the engine may then try a language
// model, whose output is validated into the same Query).
import { chineseOfPinyin, feeMetrics, findMetrics, metricByKey, procurementMetrics } from './metrics.js';
import type { OfficeIndex } from '../offices/index.js';
import { splitPinyin } from '../offices/pinyin.js';
import type { AskContext, Lang, Metric, Query, Shape, Understanding, YearSpec } from './types.js';
import { alt } from './regex.js';
import { chineseToNumber } from '../parse/numerals.js';

export function detectLang(q: string): Lang {
  const words = q.match(/[A-Za-z]{2,}/g) ?? [];
  const cjk = q.replace(/[^\u4e00-\u9fa5]/g, '').length;
  // An English question may carry a Chinese office name ("how many … 只楚 …").
  // "and 2019?", "help": no Chinese at all is English; "and 洛北?" opens in English
  // around a short Chinese name.
  const opensEnglish = /^[A-Za-z]/.test(q.trim()) && cjk <= 4;
  return words.length >= 3 || (words.length >= 2 && cjk <= 6) || (words.length >= 1 && (cjk === 0 || opensEnglish))
    ? 'en'
    : 'zh';
}

export function parseYear(q: string, lang: Lang): YearSpec {
  const explicit = /((?:19|20)\d{2})\s*(?:年|年度)?/.exec(q);
  if (explicit) return { kind: 'explicit', year: Number(explicit[1]) };
  if (lang === 'en') {
    const s = q.toLowerCase();
    if (/year before last/.test(s)) return { kind: 'relative', offset: -2 };
    if (
      /last year|previous year/.test(s) &&
      !/(?:compared|than|versus|vs|from|over|on)\s+(?:to\s+|with\s+)?(?:the\s+)?(?:last|previous) year/.test(s)
    )
      return { kind: 'relative', offset: -1 };
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
    const most = alt(
      /\b(?:most|highest|largest)\b.*?\b(\d+|two|three|four|five)\b/,
      /\b(\d+|two|three|four|five)\s+(?:offices\s+)?(?:with\s+)?(?:the\s+)?(?:most|highest)/,
    ).exec(s);
    const wordN: Record<string, number> = { two: 2, three: 3, four: 4, five: 5 };
    if (most && !/(?:19|20)\d\d/.test(most[1] ?? most[2]))
      return { order: 'desc', n: Number(most[1] ?? most[2]) || wordN[most[1] ?? most[2]] || 3 };
    if (/\b(?:most|highest|largest|biggest)\b/.test(s)) return { order: 'desc', n: 1 };
    if (asc) return { order: 'asc', n: 1 };
    if (/\brank/.test(s)) return { order: 'desc', n: 10 };
    return undefined;
  }
  const top = /(前|倒数)\s*(\d+|[一二两三四五六七八九十])\s*(?:名|个|位|家)?/.exec(q);
  if (top) return { order: top[1] === '倒数' ? 'asc' : 'desc', n: Number(top[2]) || chineseToNumber(top[2]) || 3 };
  const most =
    /(?:最多|最高|最大)的?\s*(\d+|[一二两三四五六七八九十])\s*(?:个|名|位|家)|(\d+|[一二两三四五六七八九十])\s*(?:个|名|位|家)\s*最多/.exec(
      q,
    );
  if (most) return { order: 'desc', n: Number(most[1] ?? most[2]) || chineseToNumber(most[1] ?? most[2]) || 3 };
  if (/最多|最高|最大|第一多/.test(q)) return { order: 'desc', n: 1 };
  if (/最少|最低|最小/.test(q)) return { order: 'asc', n: 1 };
  if (/排名|排行|排序|排一下|排个名|排个序|排排/.test(q)) return { order: 'desc', n: 10 };
  return undefined;
}

const SHAPE_WORDS = {
  zh: {
    findings:
      /核查|勾稽|校验|有误|错误|不一致|不平衡|对不上|(?:报告|数据|表格|年报)(?:有|存在)?(?:什么|哪些)问题|有(?:什么|哪些)问题|有问题吗|检查结果|审核结果/,
    ownProblems: /存在的?主要问题|存在(?:哪些|什么)?不足|改进/,
    offices: alt(
      /单位列表|(?:有|都有|包括)哪些单位|哪些单位(?:有|交了|已?(?:报送|提交|上报|发布|公开)了?)[^，。？?]{0,10}(?:年报|报告)/,
      /(?:年报|报告)(?:都)?有哪些|谁(?:已经?)?(?:报送|提交|交)了|已(?:报送|提交)/,
    ),
    compare: /谁多|谁少|谁更多|谁更少|多多少|少多少|相比|比较|对比|差多少|相差|哪个多|哪个少|VS|vs/,
    change:
      /比去年|较去年|与去年|和去年|跟去年|同比|比上年|较上年|与上年相比|变化|增长了?多少|减少了?多少|增加了?多少|增减/,
    which: /哪些|哪个|哪几个|哪家|哪几家|谁/,
    count: /(?:几个|多少个|多少家|几家)(?:单位|街道|乡镇|镇|乡|部门|机关)|有几个|有多少个/,
    sum: /一共|合计|总共|共计|总计|全区|全县|全市|全部单位|所有单位|各单位|加起来|总和|汇总|全辖区/,
  },
  en: {
    findings: /\b(?:wrong|issues?|problems?|errors?|checks?|inconsisten|mistakes?|fail)\b/,
    ownProblems: /main problems|shortcomings|improvement/,
    offices: alt(
      /\b(?:which|what) offices (?:are there|do you know|have (?:filed|reports?))/,
      /\blist (?:the |all )?offices\b|who has filed/,
    ),
    compare: /\bcompare|\bversus\b|\bvs\.?\b|\bmore than\b|\bdifference\b|\bor\b.*\bmore\b/,
    change: alt(
      /\bchange|year[- ]on[- ]year|\bincrease|\bdecrease/,
      /compared (?:to|with) (?:the )?(?:last|previous) year/,
      /than (?:the )?(?:last|previous) year/,
    ),
    which: /\bwhich\b|\bwho\b/,
    count: /how many (?:offices|bodies|units|townships|towns|sub-?districts|departments|streets)/,
    sum: /\bin total\b|\baltogether\b|\ball offices\b|\bcombined\b|\bsum\b|\boverall\b|\bacross\b/,
  },
} as const;

export interface UnderstandContext {
  index: OfficeIndex;
  /** What the previous question of the same person set, when still fresh (the caller decides). */
  previous?: AskContext | null;
}

// "宁夏的单位", "海南省的各单位": the words before 的单位 name a place.
const PLACE_OF_UNITS =
  /^(?:请问)?([^有几多少个按给收到申请数哪些谁交报年是在和的\W\d]{2,6}?)(?:的|下属的?)?(?:各|所有的?|全部的?)?单位/;
const GENERIC_PLACE =
  /^(?:全|本|各|所有|全部|哪|哪些|有哪些|一共|总共|我们|你们|咱们|收录|已收录|现在|目前|今年|去年|前年|这些|那些|其他|其余|其它|每个|多少|几个|报送|提交)/;

// The subject a question opens with, before its verb or figure: 朝阳 in 朝阳收到多少申请.
const SUBJECT =
  /^(?:请问|你好|您好|麻烦问一下|问一下|查一下|帮我查一下|帮忙查一下|我想知道|想问下?)?[，,\s]*([\u4e00-\u9fa5]{2,6}?)(?=(?:19|20)\d{2}|今年|去年|前年|的|收到|接到|受理|新收|一共|总共|共|有|办理|办结|行政|主动|予以|部分|不予|被|公开|结转|这|那|是|多少|几)/;
const NOT_A_SUBJECT = alt(
  /收到|接到|受理|新收|办理|予以|部分|不予|主动|行政|被|共|有|是|这|那|全|本|各|每|所有|全部|大家|我们|你们|咱们|辖区|今年|去年|前年/,
  /上年|本年|目前|现在|单位|政府信息|信息|申请|公开|复议|诉讼|许可|处罚|强制|收费|采购|规章|文件|结转|办结|答复|处理|提供|自然人|法人|企业/,
  /组织|机构|群众|个人|公民|请问|合计|总计|哪|谁|什么|怎么|多少|几/,
);

/** The word joined by 和/与/and to a named office that names nothing known (只楚和小明 → 小明). */
function unknownPartner(text: string, known: string[], lang: Lang): string | null {
  let t = text.replace(/\s+/g, lang === 'en' ? ' ' : '');
  for (const k of known.sort((a, b) => b.length - a.length)) t = t.split(k).join('\u0001');
  if (lang === 'en') {
    for (const m of t.matchAll(/\u0001\s*(?:and|or|&)\s+([a-z]+)\b|\b([a-z]+)\s+(?:and|or|&)\s*\u0001/gi)) {
      const w = (m[1] ?? m[2]).toLowerCase();
      const syl = splitPinyin(w);
      if (syl && syl.length >= 2 && !EN_COMMON.has(w)) return m[1] ?? m[2];
    }
    return null;
  }
  const m = alt(
    /\u0001(?:和|与|及|跟|同|、)([\u4e00-\u9fa5]{2,6}?)(?=一共|合计|总共|加起来|谁|哪个|比|相比|的|收到|共|各|都|分别|$|[，,？?])/,
    /(?:^|[，,])([\u4e00-\u9fa5]{2,6}?)(?:和|与|及|跟|同|、)\u0001/,
  ).exec(t);
  const w = m ? (m[1] ?? m[2]) : null;
  if (!w || NOT_A_SUBJECT.test(w)) return null;
  return w;
}

const EN_COMMON = new Set([
  'change',
  'china',
  'among',
  'women',
  'share',
  'sum',
  'one',
  'nine',
  'line',
  'mean',
  'lean',
  'long',
  'hang',
  'gang',
  'bang',
  'then',
  'when',
  'men',
  'ten',
  'pen',
  'hen',
]);

function leadingSubject(text: string): string | null {
  const m = SUBJECT.exec(text.replace(/\s+/g, ''));
  if (!m || NOT_A_SUBJECT.test(m[1])) return null;
  return m[1];
}

// 各街道, 哪些乡镇, 所有部门: a kind of office said as a group.
const KIND_GROUP =
  /(?:各|每一?个|所有|全部|哪些|哪几个|几个|多少个|的)(街道|乡镇|部门)|(街道|乡镇|部门)(?:一共|合计|总共|有哪些|有几个|中|里|之中)/;
const KIND_GROUP_EN: [RegExp, string][] = [
  [/\bsub-?districts\b|\bstreets\b|\b(?:each|every|per) (?:sub-?district|street)\b/i, '街道'],
  [/\btownships\b|\btowns\b|\b(?:each|every|per) (?:township|town)\b/i, '乡镇'],
  [/\bdepartments\b|\bbureaus\b|\b(?:each|every|per) (?:department|bureau)\b/i, '部门'],
];

function kindOf(text: string, lang: Lang): string | undefined {
  if (lang === 'en') return KIND_GROUP_EN.find(([re]) => re.test(text))?.[1];
  const m = KIND_GROUP.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

// A follow-up: short, and shaped like one (那部分公开呢, 城郊呢, 去年呢, and 2019?, what about 城郊?).
const FOLLOW_UP = {
  zh: /呢[？?。]?$|^(?:那|那么|还有|再看看?|换成|改成|占|其中)/,
  en: /^(?:and|what about|how about|same for|and for|then)\b/i,
};

// 各单位…情况, 每个街道…, applications received by each office: every office's own
// figure, listed. A sum only when the question asks for one (一共, 合计, 全区, in total).
const EACH = {
  zh: /各个?(?:单位|街道|乡镇|镇|乡|部门|区县)|每一?(?:个|家)(?:单位|街道|乡镇|镇|乡|部门)|分别/,
  en: alt(
    /\b(?:each|every|per)\s+(?:office|body|unit|sub-?district|street|town(?:ship)?|department)\b/i,
    /\b(?:by|for all) offices?\b|\boffice by office\b/i,
  ),
};
const SUM_ASKED = {
  zh: /一共|合计|总共|共计|全区|全县|全市|全辖区|加起来|总和|汇总|(?<!办理结果|办结)总计|总数/,
  en: /\bin total\b|\baltogether\b|\bcombined\b|\bsum\b|\boverall\b|\btotal\b/i,
};

const RATE = { zh: /率|比例|占比|百分比|百分之几/, en: /\brate\b|percentage|proportion|share of/i };
const TREND = {
  zh: /近(?:三|3|两|2|四|4|五|5|几)年|历年|每年|逐年|各年度?|趋势|哪一?年[^，。？?]{0,12}(?:最多|最少|最高|最低)/,
  en: alt(
    /over the years|\btrend|each year|every year|which year/i,
    /past (?:three|two|five|\d) years|last (?:three|two|five|\d) years/i,
  ),
};
const CN_NUM: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 几: 0 };

/** The number a yes/no question asks to confirm: 只楚收到9件申请吗, did 只楚 receive 9 applications? */
function claimedNumber(text: string, lang: Lang): number | undefined {
  const noYears = text.replace(/(?:19|20)\d{2}\s*(?:年度?)?/g, ' ');
  if (lang === 'en') {
    if (!/^(?:did|does|do|is|was|were|has|have|had)\b/i.test(text.trim())) return undefined;
    const m = /\b(\d+)\b/.exec(noYears);
    return m ? Number(m[1]) : undefined;
  }
  if (!/吗[？?。]?$|是不是|是否|对吗|对不对/.test(text)) return undefined;
  const m = /(\d+)\s*(?:件|个|条|项|次|人|篇|万元|元)?/.exec(noYears);
  return m ? Number(m[1]) : undefined;
}

export function understand(question: string, ctx: UnderstandContext): Understanding {
  const text = question.trim();
  const lang = detectLang(text);
  const words = SHAPE_WORDS[lang];
  const probe = lang === 'en' ? text.toLowerCase() : text;
  const offices = ctx.index.resolve(text);

  if (offices.ambiguous.length) {
    const a = offices.ambiguous[0];
    return { ok: false, kind: 'clarify', lang, reason: { why: 'ambiguous', said: a.text, candidates: a.candidates } };
  }
  // A name the store does not hold is never read as another office, nor dropped
  // (the question would become a sum over every office).
  if (offices.unknown.length) {
    const u = offices.unknown[0];
    return {
      ok: false,
      kind: 'unknown',
      lang,
      reason: { why: 'unknown-office', said: u.text, place: u.place, nearest: u.suggestions },
      final: true,
    };
  }

  // The names of offices and places are not the question's words (农业农村局 holds 村, 微博 may be a name).
  let metricText = text;
  for (const w of [...offices.resolved.map((r) => r.text), ...offices.regionWords].sort((a, b) => b.length - a.length))
    metricText = metricText.split(w).join(' ');
  let metrics = findMetrics(metricText, lang);
  // "hongzequ 2024 xingzheng fuyi": the table's words typed in pinyin.
  if (!metrics.length && lang === 'en') {
    const zh = chineseOfPinyin(metricText);
    if (zh) metrics = findMetrics(zh, 'zh');
  }
  // "收费情况", "采购情况": every row of that block, in whichever format a report uses.
  if (
    metrics.length === 1 &&
    metrics[0].key.startsWith('active.fees.') &&
    !/金额|多少钱|万元|项目|增减|amount|how much|items/i.test(text)
  )
    metrics = feeMetrics();
  if (
    metrics.length === 1 &&
    metrics[0].key.startsWith('active.procurement.') &&
    (/情况|situation|overview/i.test(text) ||
      (/金额|amount/i.test(text) && /数量|项目|个数|count|projects/i.test(text)))
  )
    metrics = procurementMetrics();
  let metric: Metric | null = metrics[0] ?? null;
  let year = parseYear(text, lang);
  // 淮安市的单位: a place's name before 的单位 is the place, not its government.
  let regionFromOffice: string | undefined;
  const resolvedOffices = offices.resolved.filter((r) => {
    const placeOfUnits =
      ctx.index.isRegion(r.text) &&
      (new RegExp(`${r.text}(?:的|下属的?)?(?:各|所有的?|全部的?)?(?:单位|部门)`).test(text.replace(/\s+/g, '')) ||
        /(?:几个|多少个|多少家|几家|哪些)(?:单位|部门)|单位有哪些/.test(text));
    if (placeOfUnits) regionFromOffice = r.text;
    return !placeOfUnits;
  });
  let officeIds = resolvedOffices.map((r) => r.office.id);
  const place = PLACE_OF_UNITS.exec(text.replace(/\s+/g, ''));
  if (place && !officeIds.length && !offices.regionWords.length && !regionFromOffice && !GENERIC_PLACE.test(place[1])) {
    return { ok: false, kind: 'unknown', lang, reason: { why: 'no-place', place: place[1] }, final: true };
  }
  // "只楚和小明一共…": the other side of 和 names an office we do not have; adding or
  // comparing without it would mislead.
  const partner = officeIds.length
    ? unknownPartner(text, [...offices.resolved.map((r) => r.text), ...offices.regionWords], lang)
    : null;
  if (partner) {
    const nearest = ctx.index.nearest(partner);
    return {
      ok: false,
      kind: 'unknown',
      lang,
      reason: { why: 'unknown-office', said: partner, place: false, nearest },
      final: true,
    };
  }
  const understood = offices.resolved.filter((r) => r.understoodAs).map((r) => ({ said: r.text, as: r.understoodAs! }));
  const region =
    regionFromOffice ??
    (offices.regionWords.length ? offices.regionWords.sort((a, b) => b.length - a.length)[0] : undefined);
  const rank = parseRank(text, lang);
  const officeKind = kindOf(text, lang);

  // Follow-ups take what the question leaves out from the previous one.
  const carried: NonNullable<Query['carried']> = [];
  const prev = ctx.previous;
  // A short text is a follow-up only when it names some of a question's frame (城郊, 2019年,
  // 前三名, 一共多少, 部分公开); with none (保密审查机制, 政策解读) it is a new topic, and
  // carrying the last metric into it would answer a question nobody asked.
  const framed =
    metric !== null ||
    officeIds.length > 0 ||
    region !== undefined ||
    officeKind !== undefined ||
    year.kind !== 'latest' ||
    rank !== undefined ||
    words.sum.test(probe) ||
    words.count.test(probe) ||
    words.which.test(probe) ||
    EACH[lang].test(text);
  if (prev && (FOLLOW_UP[lang].test(text) || (text.length <= 8 && framed))) {
    if (
      officeIds.length === 0 &&
      !region &&
      prev.officeIds.length &&
      !words.sum.test(probe) &&
      !EACH[lang].test(text)
    ) {
      officeIds = prev.officeIds;
      carried.push('office');
    }
    if (!metric && prev.metricKey) {
      metric = metricByKey(prev.metricKey);
      if (metric) {
        metrics = [metric];
        carried.push('metric');
      }
    }
    if (year.kind === 'latest' && prev.year.kind !== 'latest') {
      year = prev.year;
      carried.push('year');
    }
    // 去年呢 / 前年呢 after an answer about 2020: the year before that answer's, not the clock's.
    const base = prev.answeredYear ?? (prev.year.kind === 'explicit' ? prev.year.year : undefined);
    if (year.kind === 'relative' && year.offset < 0 && base !== undefined && FOLLOW_UP[lang].test(text)) {
      year = { kind: 'explicit', year: base + year.offset };
    }
  }

  const query = (shape: Shape, extra: Partial<Query> = {}): Understanding => ({
    ok: true,
    query: {
      lang,
      shape,
      officeIds,
      metric,
      year,
      text,
      ...(region ? { region } : {}),
      ...(officeKind && officeIds.length === 0 ? { officeKind } : {}),
      ...(metrics.length > 1 ? { moreMetrics: metrics.slice(1) } : {}),
      ...(understood.length ? { understood } : {}),
      ...(carried.length ? { carried } : {}),
      ...(resolvedOffices.length && !carried.includes('office')
        ? { officeWords: resolvedOffices.map((r) => r.text) }
        : {}),
      ...extra,
    },
  });

  if (words.findings.test(probe) && !words.ownProblems.test(probe)) return query('findings');
  if (words.offices.test(probe) && !metric) return query('offices');
  if (
    !metric &&
    officeIds.length === 0 &&
    (words.count.test(probe) ||
      ((region || officeKind) && /单位|哪些|有几个|多少个|offices|bodies|which|list/.test(probe)))
  )
    return query('offices');
  if (officeIds.length >= 2 && metric && words.sum.test(probe)) return query('sum');
  // 城关镇行政许可和行政处罚一共多少件: one office, several rows, added.
  if (officeIds.length === 1 && metrics.length >= 2 && (words.sum.test(probe) || /加起来|相加/.test(text)))
    return query('fact', { addMetrics: true });
  if (officeIds.length >= 2) return query('compare');
  if (officeIds.length === 1 && metric && TREND[lang].test(text)) {
    const n = /近(\d|[两二三四五几])年|(?:past|last) (\d|two|three|four|five) years/i.exec(text);
    const k = n
      ? Number(n[1] ?? n[2]) || CN_NUM[n[1]] || { two: 2, three: 3, four: 4, five: 5 }[n[2] as 'two'] || null
      : null;
    return query('change', { trend: { years: k } });
  }
  const years = [...text.matchAll(/((?:19|20)\d{2})\s*年?/g)].map((m) => Number(m[1]));
  // 与2019年相比: the one year named is the year compared with; the answer is about the latest.
  const against = /(?:与|比|较|和|跟)\s*((?:19|20)\d{2})\s*年?度?|((?:19|20)\d{2})\s*年?度?相比/.exec(text);
  const isChangeColumn = metric?.key.endsWith('.change');
  if (
    officeIds.length === 1 &&
    metric &&
    !isChangeColumn &&
    (words.change.test(probe) || /比(?:19|20)\d{2}年|往年/.test(text))
  ) {
    if (years.length >= 2) return query('change', { years: years.slice(1, 2) });
    if (years.length === 1 && against)
      return query('change', { year: { kind: 'latest' }, years: [Number(against[1] ?? against[2])] });
    return query('change');
  }
  if (officeIds.length === 1 && metric && years.length >= 2 && words.sum.test(probe)) return query('sum', { years });
  if (metric && rank) return query('rank', { rank });
  if (metric && words.count.test(probe) && officeIds.length === 0) return query('count');
  if (metric && officeIds.length === 0 && words.which.test(probe)) return query('which');
  // 各单位收到多少申请: each office's figure, not their sum (各单位一共…: the sum); 去年呢 after it: the list again.
  const eachAgain = prev?.shape === 'each' && carried.length > 0;
  if (metric && officeIds.length === 0 && (EACH[lang].test(text) || eachAgain) && !SUM_ASKED[lang].test(text))
    return query('each');
  if (metric && officeIds.length === 1 && RATE[lang].test(text)) {
    // 占办理总数的比例是多少, after 只楚部分公开多少件: the share of the previous question's figure.
    if (
      metric.key.startsWith('apply.handled.') &&
      prev?.metricKey &&
      !metric.key.startsWith(prev.metricKey.split('.').slice(0, 2).join('.'))
    ) {
      metric = metricByKey(prev.metricKey);
      if (!carried.includes('metric')) carried.push('metric');
    }
    return query('fact', { rate: true });
  }
  if (
    metric &&
    officeIds.length === 1 &&
    lang === 'zh' &&
    (/有没有|是否有|有无|是不是有/.test(text) || (/吗[？?。]?$/.test(text) && claimedNumber(text, lang) === undefined))
  )
    return query('fact', { exists: true });
  if (
    metric &&
    officeIds.length === 1 &&
    lang === 'en' &&
    /^(?:did|does|do|has|have|had|were|was|is|are)\b/i.test(text) &&
    !/\d/.test(text.replace(/(?:19|20)\d{2}/g, ''))
  )
    return query('fact', { exists: true });
  const claimed = claimedNumber(text, lang);
  if (metric && officeIds.length === 1 && claimed !== undefined) return query('fact', { claimed });
  // "朝阳收到多少申请": words in the subject's place that name no office and no place we know
  // are an office we do not have, not a question about every office.
  if (metric && officeIds.length === 0 && !region && !words.sum.test(probe) && lang === 'zh') {
    const subject = leadingSubject(text);
    if (subject) {
      const nearest = ctx.index.nearest(subject);
      return {
        ok: false,
        kind: 'unknown',
        lang,
        reason: { why: 'unknown-subject', said: subject, nearest },
        final: true,
      };
    }
  }
  if (metric && (officeIds.length === 0 || words.sum.test(probe)))
    return officeIds.length === 1 ? query('fact') : query('sum');
  if (metric && officeIds.length === 1) return query('fact');
  return query('passage');
}
