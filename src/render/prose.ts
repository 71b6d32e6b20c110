// The words of answers from numbers the prose states (微博投诉68条): always labelled
// as from the text, never as a table cell, each with its sentence and line. Pure.
import type { ProseFact } from '../parse/prose-facts.js';
import type { Result } from '../ask/results.js';
import type { Lang } from '../ask/types.js';

type One = Extract<Result, { shape: 'prose-one' }>;
type Across = Extract<Result, { shape: 'prose-across' }>;

const PART_ZH = ['', '第一部分', '第二部分', '第三部分', '第四部分', '第五部分', '第六部分'];
// English units, singular and plural.
const UNIT_EN: Record<string, [string, string]> = {
  人: ['person', 'people'],
  人次: ['person-time', 'person-times'],
  篇: ['post', 'posts'],
  条: ['item', 'items'],
  次: ['time', 'times'],
  件: ['case', 'cases'],
  场: ['session', 'sessions'],
  期: ['issue', 'issues'],
  名: ['person', 'people'],
  个: ['', ''],
  元: ['yuan', 'yuan'],
  万元: ['×10,000 yuan', '×10,000 yuan'],
};

/** A source's part: the text, not a table, and its part when known. */
export function prosePart(part: number | null, lang: Lang): string {
  if (lang === 'en') return `report text (not a table)${part ? `, part ${part}` : ''}`;
  return `正文文字叙述（非表格）${part ? ` · ${PART_ZH[part]}` : ''}`;
}

/** The number as said: its unit, and whether it is approximate or a bound. */
function written(f: ProseFact, lang: Lang): string {
  const num = String(f.value);
  if (lang === 'en') {
    const en = UNIT_EN[f.unit]?.[f.value === 1 ? 0 : 1];
    const unit = f.unit === '%' ? '%' : en !== undefined ? (en ? ` ${en}` : '') : ` ${f.unit}`;
    const bound = { exact: '', approx: 'about ', lower: 'over ', upper: 'under ' }[f.bound];
    return `${bound}${num}${unit}${f.hedge ? ` (the report writes “${f.written}”)` : ''}`;
  }
  const bound = {
    exact: '',
    approx: '（约数）',
    lower: `（原文“${f.written}”，即 ${num}${f.unit} 以上）`,
    upper: `（原文“${f.written}”，即不到 ${num}${f.unit}）`,
  }[f.bound];
  return `${num}${f.unit}${bound}`;
}

// The line, which the text itself fixes; the part is in the sources (a sub-head inside
// part 1 that reads like a part heading can mislead the part finder).
const where = (f: ProseFact, lang: Lang) => (lang === 'en' ? `line ${f.line}` : `第 ${f.line} 行`);

const label = (f: ProseFact) =>
  f.kind === 'change' ? `${f.lead}${f.phrase}${f.verb ?? ''}` : `${f.lead}${f.verb ?? ''}${f.phrase}`;

/** One report's numbers: the one that fits, or each that does. */
export function renderProseOne(r: One, note: string, lang: Lang): string {
  const top = r.stated;
  const f = top[0];
  const { officeName: office, year } = f;
  if (top.length > 1) {
    const lines = top.map((m) =>
      lang === 'en'
        ? `- ${label(m)}: ${written(m, lang)} (${where(m, lang)}): “${m.sentence}”`
        : `· ${label(m)}：${written(m, lang)}（${where(m, lang)}）：“${m.sentence}”`,
    );
    const head =
      lang === 'en'
        ? `From the text of ${office}'s ${year} report (not its tables), ${top.length} statements fit the question:`
        : `据报告正文：${office} ${year} 年度报告的文字叙述中有 ${top.length} 处相关数字（非表格数据）：`;
    return [note, head, ...lines].filter(Boolean).join('\n');
  }
  const answer =
    lang === 'en'
      ? [
          note,
          `From the text of ${office}'s ${year} report (not a table): “${label(f)}” — ${written(f, lang)}.`,
          `The report says (${where(f, lang)}): “${f.sentence}”`,
        ]
      : [
          note,
          `据报告正文：${office} ${year} 年度${label(f)} ${written(f, lang)}。`,
          `原文（${where(f, lang)}）：“${f.sentence}”`,
          '（此数取自报告的文字叙述，不是表格中的数据。）',
        ];
  return answer.filter(Boolean).join('\n');
}

/** A message a group can read: the first lines, and how many more. */
const LIMIT = 20;

/** One phrase across offices: the sum, the ranking or the list, and who said it otherwise. */
export function renderProseAcross(r: Across, note: string, lang: Lang): string {
  const en = lang === 'en';
  const { what, year, others } = r;
  const line = (x: Across['rows'][number], i?: number) => {
    const f = x.fact;
    const own = x.ownWords ? `“${label(f)}” ` : '';
    return en
      ? `${i !== undefined ? `${i + 1}. ` : '- '}${f.officeName}: ${own}${written(f, lang)} (line ${f.line})`
      : `${i !== undefined ? `${i + 1}. ` : '· '}${f.officeName}：${own}${written(f, lang)}（第 ${f.line} 行）`;
  };
  const more = others.length > 5;
  const otherNote = others.length
    ? en
      ? `(Not added: worded differently in ${others
          .slice(0, 5)
          .map((f) => `${f.officeName} — “${f.phrase}” ${written(f, lang)}`)
          .join('; ')}${more ? ` and ${others.length - 5} more` : ''}.)`
      : `（措辞不同、未合并计算：${others
          .slice(0, 5)
          .map((f) => `${f.officeName}“${label(f)}”${written(f, lang)}`)
          .join('；')}${more ? ` 等 ${others.length} 个` : ''}）`
    : '';
  const numbered = r.ask === 'rank';
  const capped = [
    ...r.rows.slice(0, LIMIT).map((x, i) => line(x, numbered ? i : undefined)),
    ...(r.rows.length > LIMIT ? [en ? `… and ${r.rows.length - LIMIT} more` : `……等共 ${r.rows.length} 个单位`] : []),
  ];
  const silent = r.silent;
  const silentNote =
    silent > 0
      ? en
        ? `(${silent} other report(s) state no such number in their text.)`
        : `（其余 ${silent} 份报告的正文没有写到这一数字。）`
      : '';
  const from = en ? 'From the reports’ text (not their tables)' : '据各报告正文（文字叙述，非表格数据）';
  let head: string;
  if (r.ask === 'sum') {
    const unit = r.rows[0].fact.unit;
    const n = r.rows.length;
    head = en
      ? `${from}, ${year}: ${what} — ${r.total}${unit === '%' ? '%' : ''} in total over ${n} report(s)${
          r.approximate ? ' (some figures are approximate, so the total is too)' : ''
        }.`
      : `${from}：${year} 年度 ${n} 份报告写到“${what}”，合计 ${r.total}${unit}${r.approximate ? '（其中有约数，合计亦为约数）' : ''}。`;
  } else {
    const ranked = r.ask === 'rank';
    const desc = r.order === 'desc';
    head = en
      ? `${from}, ${year}: ${what}${ranked ? `, ${desc ? 'most' : 'fewest'} first` : ''}:`
      : `${from}：${year} 年度“${what}”${ranked ? (desc ? '，从多到少' : '，从少到多') : ''}：`;
  }
  return [note, head, ...capped, otherNote, silentNote].filter(Boolean).join('\n');
}
