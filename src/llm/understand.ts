// Question → structured query by a language model, for questions the rules cannot
// read. The model only picks what to look up (shape, offices, metric, year); its
// reading is validated against what the engine knows before anything runs, and
// the numbers are then answered from the fact store, never by the model.
import { z } from 'zod';
import type { Shape, YearSpec } from '../ask/types.js';
import { readJsonObject } from './json.js';
import type { ChatMessage, LlmClient, LlmQuery, UnderstandContext, UnderstandResult } from './types.js';

const SHAPES = [
  'fact',
  'sum',
  'each',
  'rank',
  'which',
  'count',
  'compare',
  'change',
  'findings',
  'offices',
  'passage',
] as const;
// Fails to compile when ask/types.ts gains a shape this list lacks.
const _allShapes: Exclude<Shape, (typeof SHAPES)[number]> extends never ? true : never = true;
void _allShapes;

/** Shapes whose answer is a number of some metric. */
const NEEDS_METRIC = new Set<Shape>(['fact', 'sum', 'each', 'rank', 'which', 'compare', 'change']);

const numberLike = (v: unknown) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v);
const emptyToNull = (v: unknown) => (v === '' || v === 'null' || v === undefined ? null : v);

/** What the model is asked to return (zod 4); small slips of form are forgiven, not of content. */
export const llmReadingSchema = z.object({
  shape: z.enum([...SHAPES, 'unknown']),
  offices: z.preprocess(
    (v) => (v == null ? [] : typeof v === 'string' ? (v.trim() ? [v] : []) : v),
    z.array(z.string()),
  ),
  metric: z.preprocess(emptyToNull, z.string().nullable()),
  year: z.preprocess((v) => numberLike(emptyToNull(v)), z.int().nullable()),
  relativeYear: z.preprocess(
    (v) => numberLike(emptyToNull(v)),
    z.union([z.literal(-2), z.literal(-1), z.literal(0)]).nullable(),
  ),
  rank: z
    .object({
      order: z.enum(['desc', 'asc']).default('desc'),
      n: z.preprocess(numberLike, z.int().min(1).max(100)),
    })
    .nullish(),
  lang: z.enum(['zh', 'en']).optional(),
});

export type LlmReading = z.output<typeof llmReadingSchema>;

/** The model's query, or null (the reason is logged on the client's logger). */
export async function llmUnderstand(
  client: LlmClient,
  question: string,
  ctx: UnderstandContext,
): Promise<LlmQuery | null> {
  const result = await understandWithLlm(client, question, ctx);
  if (result.ok) return result.query;
  client.log.warn({ question, reason: result.reason }, 'llm: 未采用模型对问题的理解');
  return null;
}

/** Like llmUnderstand, with the reason when there is no query. Never throws. */
export async function understandWithLlm(
  client: LlmClient,
  question: string,
  ctx: UnderstandContext,
): Promise<UnderstandResult> {
  let messages = buildUnderstandMessages(question, ctx);
  let reason = '';
  // One retry at most, and only for a reply that is not the JSON asked for.
  for (let attempt = 0; attempt < 2; attempt++) {
    // Room for a reasoning model's <think> block before the JSON.
    const res = await client.chat(messages, { json: true, maxTokens: 1500 });
    if (!res.ok) return { ok: false, reason: res.reason };
    const read = readJsonObject(res.content);
    if (read.ok) {
      const parsed = llmReadingSchema.safeParse(read.value);
      if (parsed.success) return validateReading(parsed.data, question, ctx);
      reason = `JSON 字段不符合要求：${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`;
    } else {
      reason = read.reason;
    }
    messages = [
      ...messages,
      { role: 'assistant', content: res.content },
      {
        role: 'user',
        content: `上一条回复无法使用（${reason}）。请只输出一个符合上述字段要求的 JSON 对象，不要输出其他文字。`,
      },
    ];
  }
  return { ok: false, reason: `模型两次都没有给出可用的 JSON：${reason}` };
}

/** Checks the model's reading against the known offices, metrics and years (pure). */
export function validateReading(reading: LlmReading, question: string, ctx: UnderstandContext): UnderstandResult {
  const fail = (reason: string): UnderstandResult => ({ ok: false, reason });
  if (reading.shape === 'unknown') return fail('模型认为这个问题与年报无关或无法理解');
  const shape: Shape = reading.shape;

  const byName = officeNameIndex(ctx);
  const officeIds: number[] = [];
  for (const name of reading.offices) {
    const ids = byName.get(normalizeName(name));
    if (!ids) return fail(`模型给出的单位「${name}」不在单位列表中`);
    if (ids.size > 1) {
      const names = ctx.offices.filter((o) => ids.has(o.id)).map((o) => o.name);
      return fail(`模型给出的单位「${name}」对应多个单位：${names.join('、')}`);
    }
    const [id] = ids;
    if (!officeIds.includes(id)) officeIds.push(id);
  }

  let metricKey: string | null = null;
  if (reading.metric !== null) {
    const m =
      ctx.metrics.find((x) => x.key === reading.metric) ??
      ctx.metrics.find((x) => x.zh === reading.metric || x.en === reading.metric);
    if (!m) return fail(`模型给出的指标「${reading.metric}」不是已知指标`);
    metricKey = m.key;
  }
  if (NEEDS_METRIC.has(shape) && !metricKey) return fail(`问题类型 ${shape} 需要一个指标，模型没有给出`);
  if ((shape === 'fact' || shape === 'change') && officeIds.length !== 1) {
    return fail(`问题类型 ${shape} 需要恰好一个单位，模型给出了 ${officeIds.length} 个`);
  }
  if (shape === 'compare' && officeIds.length < 2)
    return fail(`问题类型 compare 需要至少两个单位，模型给出了 ${officeIds.length} 个`);

  let year = reading.year;
  let relativeYear = reading.relativeYear;
  if (year !== null) {
    if (!mentionsYear(question, year)) {
      // A year the question never names is the model's invention; 去年 etc. are kept as relative.
      if (relativeYear === null) return fail(`模型给出的年份 ${year} 在问题中没有出现`);
      year = null;
    } else {
      if (!ctx.years.includes(year)) return fail(`没有 ${year} 年度的报告（已有：${ctx.years.join('、') || '无'}）`);
      relativeYear = null;
    }
  }

  const lang = reading.lang ?? (/[\u4e00-\u9fa5]/.test(question) ? 'zh' : 'en');
  const query: LlmQuery = { shape, officeIds, metricKey, year, relativeYear, lang };
  if (shape === 'rank') query.rank = { order: reading.rank?.order ?? 'desc', n: reading.rank?.n ?? 10 };
  return { ok: true, query };
}

/** The year the engine should read: explicit, relative to the clock, or the latest. */
export function yearSpecOf(q: Pick<LlmQuery, 'year' | 'relativeYear'>): YearSpec {
  if (q.year !== null) return { kind: 'explicit', year: q.year };
  if (q.relativeYear !== null) return { kind: 'relative', offset: q.relativeYear };
  return { kind: 'latest' };
}

function normalizeName(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function officeNameIndex(ctx: UnderstandContext): Map<string, Set<number>> {
  const index = new Map<string, Set<number>>();
  for (const o of ctx.offices) {
    for (const n of [o.name, ...o.aliases]) {
      const k = normalizeName(n);
      if (!k) continue;
      let ids = index.get(k);
      if (!ids) index.set(k, (ids = new Set()));
      ids.add(o.id);
    }
  }
  return index;
}

const CN_YEAR_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Whether the question names the year: 2020, 二〇二〇/二零二〇, or 20年. */
export function mentionsYear(question: string, year: number): boolean {
  const q = question.normalize('NFKC');
  const digits = String(year);
  if (new RegExp(`(?<!\\d)${digits}(?!\\d)`).test(q)) return true;
  const cn = [...digits].map((d) => CN_YEAR_DIGITS[Number(d)]).join('');
  if (q.includes(cn) || q.includes(cn.replace(/〇/g, '零'))) return true;
  return new RegExp(`(?<!\\d)${digits.slice(2)}\\s*年`).test(q);
}

/** Today's date in China, where the reports and their readers are. */
function todayInChina(now: Date): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** An example reply made of the context's own names, so that it cannot suggest one that is not there. */
function example(ctx: UnderstandContext): object {
  const office = ctx.offices[0];
  return {
    shape: 'fact',
    offices: office ? [office.aliases.find((a) => a !== office.name) ?? office.name] : [],
    metric: ctx.metrics[0]?.key ?? null,
    year: ctx.years.at(-1) ?? null,
    relativeYear: null,
    lang: 'zh',
  };
}

/** The prompt (pure): the task, the fields, and the offices, metrics and years to choose from. */
export function buildUnderstandMessages(question: string, ctx: UnderstandContext): ChatMessage[] {
  const { y, m, d } = todayInChina(ctx.now);
  const offices = ctx.offices.map((o) => {
    const aliases = o.aliases.filter((a) => a !== o.name);
    return `- ${o.name}${aliases.length ? `｜${aliases.join('、')}` : ''}${o.region ? `（${o.region}）` : ''}`;
  });
  const metrics = ctx.metrics.map((x) => `- ${x.key}：${x.zh} / ${x.en}`);
  const system = [
    '你是“政府信息公开工作年度报告”问答系统的问题解析器。你只把用户的问题转换成查询条件，不回答问题，不给出任何统计数字。',
    '只输出一个 JSON 对象，不要输出其他文字。字段如下：',
    '- shape：问题类型，取值之一：fact（某一个单位的某项数字）、sum（多个或全部单位的合计）、each（各单位分别列出某项数字，不相加）、rank（按某项数字排名）、which（哪些单位某项数字大于零）、count（有多少个单位）、compare（两个或多个单位对比）、change（一个单位两个年度之间的变化）、findings（报告有什么问题或错误）、offices（有哪些单位、哪些单位已报送年报）、passage（要从报告原文中查找的文字内容）、unknown（与年报无关或无法理解）',
    '- offices：问题提到的单位，逐字照抄下面“单位列表”中的名称或简称；同一简称属于多个单位时写能确定的那个单位的全称；没有提到单位则为 []',
    '- metric：下面“指标列表”中的一个键（只写键）；问题不涉及数字指标则为 null',
    '- year：问题明确写出的报告年度，如 2020；没有写出则为 null',
    '- relativeYear：问题说“今年”为 0，“去年”为 -1，“前年”为 -2；否则为 null',
    '- rank：仅当 shape 为 rank 时填写，如 {"order":"desc","n":3}；order 为 desc（从多到少）或 asc（从少到多），n 为要列出的名次数',
    '- lang：问题用中文写则为 "zh"，用英文写则为 "en"',
    '单位或指标在列表中找不到时，不要自己编造，shape 写 unknown。',
    `今天是 ${y}年${m}月${d}日。已有报告的年度：${ctx.years.join('、') || '无'}。`,
    '',
    '单位列表（名称｜简称（所属地区））：',
    ...offices,
    '',
    '指标列表（键：中文名 / English）：',
    ...metrics,
    '',
    `输出示例：${JSON.stringify(example(ctx))}`,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
}
