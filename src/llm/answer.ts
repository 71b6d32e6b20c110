// Passages → a short answer written by a language model, with citations, held to
// the passages: every number it states must be one the passages (or the engine's
// own facts) contain, and it must cite only passages it was given. Anything else is
// refused, and the engine answers extractively instead.
import type { Lang } from '../ask/types.js';
import { stripThinking } from './json.js';
import { extractNumbers, NumberSet, type NumberMention } from './numbers.js';
import type { ChatMessage, LlmClient, Passage, WrittenAnswer } from './types.js';

/** Longer passages are cut: the guard checks against exactly what the model saw. */
export const PASSAGE_MAX_CHARS = 1500;

/**
 * The model's answer from the passages, checked; or `{ refused }` with the reason
 * (logged on the client's logger). Never throws. The model cites passages as [1],
 * [2] … in the order given; `citations` maps them back to the passages' ids.
 */
export async function llmWriteAnswer(
  client: LlmClient,
  question: string,
  passages: Passage[],
  lang: Lang,
  allowedNumbers: number[] = [],
): Promise<WrittenAnswer> {
  const refuse = (reason: string): WrittenAnswer => {
    client.log.warn({ question, reason }, 'llm: 未采用模型写的回答');
    return { refused: reason };
  };
  if (!passages.length) return refuse('没有可供回答的材料');
  const res = await client.chat(buildAnswerMessages(question, passages, lang), { maxTokens: 1500 });
  if (!res.ok) return refuse(res.reason);
  const checked = checkAnswer(res.content, passages, allowedNumbers);
  return 'refused' in checked ? refuse(checked.refused) : checked;
}

const CITATION = /[[【]\s*(\d+(?:\s*(?:[,，、]|[-–~～])\s*\d+)*)\s*[\]】]/g;
const ENUMERATION =
  /^[ \t]*(?:\d{1,2}[.、)）](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])/gm;
const DECLINED =
  /^[\s"“]*(?:无法回答|不能回答|无法根据|材料(?:中)?(?:没有|未)|cannot answer|unable to answer|the (?:passages|materials) do not)/i;

/** The guard (pure): the answer as the engine may show it, or why it may not. */
export function checkAnswer(raw: string, passages: Passage[], allowedNumbers: number[] = []): WrittenAnswer {
  const text = stripThinking(raw)
    .replace(/【\s*([\d,，、\s\-–~～]+?)\s*】/g, '[$1]')
    .trim();
  if (!text) return { refused: '模型返回了空的回答' };
  if (DECLINED.test(text)) return { refused: '模型认为材料不足以回答这个问题' };

  const cited: number[] = [];
  const unknown: string[] = [];
  for (const m of text.matchAll(CITATION)) {
    for (const k of citedNumbers(m[1])) {
      if (k >= 1 && k <= passages.length) {
        if (!cited.includes(k)) cited.push(k);
      } else if (!unknown.includes(String(k))) unknown.push(String(k));
    }
  }
  if (unknown.length)
    return { refused: `回答引用了不存在的材料 [${unknown.join('、')}]（只有 ${passages.length} 段材料）` };
  if (!cited.length) return { refused: '回答没有引用任何材料' };

  const allowed = new NumberSet();
  const facts = new NumberSet();
  for (const p of passages)
    for (const n of extractNumbers(`${passageHeader(p)}\n${shownText(p)}`)) allowed.add(n.value);
  for (const v of allowedNumbers) {
    allowed.add(v);
    facts.add(v);
  }
  const body = text.replace(CITATION, ' ').replace(ENUMERATION, ' ');
  // 12.5万元 may state a fact the store keeps in 万元 (12.5); a passage's bare 12.5 is not enough.
  const supported = (n: NumberMention) => allowed.has(n.value) || (n.base !== undefined && facts.has(n.base));
  const unsupported = extractNumbers(body).filter((n) => !supported(n));
  if (unsupported.length) {
    const shown = [...new Set(unsupported.map((n) => n.text))].join('、');
    return { refused: `回答中的数字（${shown}）在材料中找不到` };
  }
  return { text, citations: cited.map((k) => passages[k - 1].id) };
}

function citedNumbers(group: string): number[] {
  const out: number[] = [];
  for (const part of group.split(/[,，、]/)) {
    const range = /^\s*(\d+)\s*[-–~～]\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      // A range is only ever a few passages; a long one is not a citation the guard can trust.
      if (b < a || b - a > 20) out.push(a, b);
      else for (let k = a; k <= b; k++) out.push(k);
    } else if (part.trim()) out.push(Number(part.trim()));
  }
  return out;
}

function passageHeader(p: Passage): string {
  return `${p.office} · ${p.year}年度 · ${p.part}`;
}

function shownText(p: Passage): string {
  const t = p.text.trim();
  return t.length > PASSAGE_MAX_CHARS ? `${t.slice(0, PASSAGE_MAX_CHARS)}…` : t;
}

/** The prompt (pure): rules, the question, and the passages labelled [1] … [n]. */
export function buildAnswerMessages(question: string, passages: Passage[], lang: Lang): ChatMessage[] {
  const system = [
    '你根据给出的“政府信息公开工作年度报告”材料回答问题。规则：',
    '1. 只使用材料中写明的内容，不推测，不计算（不做加减，不换算单位），不补充材料以外的知识；',
    '2. 提到数字时照抄材料中的写法；',
    '3. 每句话末尾用方括号标注所依据的材料编号，如 [1] 或 [1][2]，只能引用给出的编号；',
    lang === 'en'
      ? '4. 用英文回答，不超过 80 个英文单词，数字一律用阿拉伯数字书写；'
      : '4. 用中文回答，简短，不超过 150 字；',
    '5. 如果材料不能回答这个问题，只回复“无法回答”四个字。',
  ].join('\n');
  const material = passages.map((p, i) => `[${i + 1}] ${passageHeader(p)}\n${shownText(p)}`).join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `问题：${question}\n\n材料：\n${material}` },
  ];
}
