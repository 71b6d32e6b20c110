// Who wrote the report and for which year, read from each place a report says
// it (the title in any of its shapes, a page's 发布机构, the signature, the prose,
// a file name), and the region, kind, short names and own date (落款).
// identity.ts decides among them. Pure; titles, names and signatures are looked
// for only in the first and last 40 lines.
import { squash } from './cells.js';
import type { Line } from './lines.js';
import type { OfficeKind } from './types.js';
import { withoutWhiteSpace } from './white-space.js';

export interface TitleInfo {
  office: string | null;
  year: number | null;
  /** Line where the title starts. */
  line: number | null;
  /** The office is a name alone on the line beside the title (on a web page, maybe the site's banner). */
  besideTitle?: boolean;
}

const TITLE_TAIL = /(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:情况)?(?:的)?(?:报告|年报)/;
const OFFICE_TAIL =
  /(?:人民政府|政府办公室|办公室|办事处|街道|镇|乡|局|委员会|委|厅|署|中心|院|所|队|站|办|管委会|管理委员会)$/;
// A government named by its area alone ("青禾县2021年政府信息公开…" is 青禾县's own report).
const AREA_TAIL = /[省市区县旗州盟]$/;
const YEAR_IN_TITLE = /(19|20)\d{2}\s*年度?/;
// Where a title sits inside a sentence, the sentence's punctuation (and 《》, “”) bounds it.
const CLAUSE_SPLIT = /[。；;！!？?，,：:《》“”"「」【】]/;
// What may follow the title inside its clause: "…年度报告予以公布", "…报告如下".
const AFTER_TITLE = /^(?:(?:现|特此|现予|予以|正式)?(?:公布|发布|公开|印发|报告|汇报)?(?:如下)?|全文|正文)$/;
// Verbs around the name in a sentence: "现公布<name>…", "<name>特编制…", "<name>现将…".
const LEAD_VERBS = /^(?:.*?(?:现向社会公布|向社会公布|现予公布|现公布|现发布|现将|特将|现印发|现就))/;
const TRAIL_VERBS = /(?:关于|(?:特此|现将|特将|现就|特|现)?(?:编制|编写|制定|发布|公布|形成|编制了|制作)?(?:了)?)$/;
const LABEL = /^(?:标题|题目|名称|文件名称|文章标题|信息名称|主题)$/;

/**
 * The title: a year and 信息公开…报告, on a line of its own (possibly broken over
 * two lines: "城郊街道2020年度政府信息" / "公开工作报告"), after a label (标题:),
 * or inside the opening sentence ("现公布<office>2021年…报告", "<office>特编制2021年…报告").
 * The office is the name before the year, after it (2021年<office>政府信息公开…),
 * or a name alone on the line above or below a title that gives none.
 * Only the first 40 non-empty lines are read, each up to 400 characters.
 */
export function findTitle(lines: Line[]): TitleInfo {
  // The first 40 non-empty lines among the first 120.
  const candidates: Line[] = [];
  for (let i = 0; i < lines.length && i < 120 && candidates.length < 40; i++)
    if (lines[i].text.trim() !== '') candidates.push(lines[i]);
  let yearOnly: TitleInfo | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const one = arabicYears(squash(candidates[i].text.slice(0, 400)));
    if (!YEAR_IN_TITLE.test(one)) continue;
    const next = arabicYears(squash(candidates[i + 1]?.text.slice(0, 200) ?? ''));
    for (const [text, used] of [
      [one, 1],
      [one + next, 2],
    ] as const) {
      if (used === 2 && (one.length > 60 || next.length > 30)) continue;
      const clauses = text.split(CLAUSE_SPLIT);
      let titled = false;
      for (let k = 0; k < clauses.length; k++) {
        const t = titleParts(clauses[k], clauses.length === 1 ? 'alone' : k === 0 ? 'first' : 'inner');
        if (!t) continue;
        if (t.office) return { office: t.office, year: t.year, line: candidates[i].no };
        // "淮安市人民政府" / "2024 年政府信息公开工作年度报告": the name is the line above (or below).
        const beside = clauses.length === 1 ? (nameLine(candidates[i - 1]) ?? nameLine(candidates[i + used])) : null;
        if (beside) return { office: beside, year: t.year, line: candidates[i].no, besideTitle: true };
        yearOnly ??= { office: null, year: t.year, line: candidates[i].no };
        titled = true;
      }
      // This line is a title (without a name): joining the next line would read it twice.
      if (titled) break;
    }
  }
  return yearOnly ?? { office: null, year: null, line: null };
}

/** A report headed by its body's name alone (no title line): the first non-empty line. */
export function findHeadingOffice(lines: Line[]): { office: string; line: number } | null {
  const first = lines.slice(0, 20).find((l) => l.text.trim() !== '');
  const office = nameLine(first);
  return office && first ? { office, line: first.no } : null;
}

const HAN_DIGIT: Record<string, string> = Object.fromEntries(
  [...'〇○零一二三四五六七八九'].map((c, i) => [c, String(Math.max(0, i - 2))]),
);
const HAN_YEAR = /[一二][〇○零一二三四五六七八九]{3}(?=年)/g;

/** "二〇二二年" → "2022年": titles and dates written in Chinese numerals. */
export function arabicYears(s: string): string {
  return /[〇○零]|[一二][一二三四五六七八九]{3}年/.test(s)
    ? s.replace(HAN_YEAR, (y) => [...y].map((c) => HAN_DIGIT[c]).join(''))
    : s;
}

const HAN_DATE = /([一二][〇○零一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/;

/** 一 … 三十一 → 1 … 31. */
function hanNumber(s: string): number {
  const ten = s.indexOf('十');
  if (ten < 0) return Number(HAN_DIGIT[s] ?? NaN);
  const tens = ten === 0 ? 1 : Number(HAN_DIGIT[s.slice(0, ten)] ?? NaN);
  const ones = ten === s.length - 1 ? 0 : Number(HAN_DIGIT[s.slice(ten + 1)] ?? NaN);
  return tens * 10 + ones;
}

/** "二〇二三年一月十八日" → "2023年1月18日": a 落款 date written in Chinese numerals. */
export function arabicDate(s: string): string {
  if (!s.includes('月')) return s;
  const m = HAN_DATE.exec(s);
  if (!m) return s;
  const [month, day] = [hanNumber(m[2]), hanNumber(m[3])];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return s;
  return s.replace(m[0], `${arabicYears(`${m[1]}年`)}${month}月${day}日`);
}

/** A line holding only an office's name (no punctuation, no digits). */
function nameLine(l: Line | undefined): string | null {
  if (!l) return null;
  const s = squash(l.text);
  if (s.length < 3 || s.length > 30 || /[，。：；:,;、\d()（）]/.test(s) || !OFFICE_TAIL.test(s)) return null;
  return cleanOfficeName(s);
}

/**
 * Office and year from one clause that contains a year followed by 信息公开…报告.
 * `alone`: the clause is the whole line, so what precedes the year is the name
 * as written; inside a sentence the name must end like an office's name.
 */
/**
 * How a clause sits in its line: the whole line (`alone`: what precedes the year is
 * the name as written), the first clause of a longer line (`first`: a title that runs
 * straight into the text, as crawlers glue it), or inside a sentence (`inner`).
 */
type ClauseAt = 'alone' | 'first' | 'inner';

// A year as titles write it ("2021年", "2021年度"); global: titleParts takes the last.
const YEAR_MARK = /((?:19|20)\d{2})年度?/g;

function titleParts(clause: string, at: ClauseAt): { office: string | null; year: number } | null {
  const tail = TITLE_TAIL.exec(clause);
  if (!tail) return null;
  // The year nearest before the title words ("2023年1月20日<office>2022年…报告" is 2022's).
  const head = clause.slice(0, tail.index);
  let y: RegExpExecArray | null = null;
  YEAR_MARK.lastIndex = 0;
  for (let m = YEAR_MARK.exec(head); m; m = YEAR_MARK.exec(head)) y = m;
  if (!y) return at === 'alone' ? yearAfterTitle(clause) : null;
  const year = Number(y[1]);
  const lead = head.slice(0, y.index); // before the year
  let between = head.slice(y.index + y[0].length); // between the year and 信息公开…报告
  const after = clause.slice(tail.index + tail[0].length);
  // Inside a sentence, the clause must end with the title: "关于做好2021年度…报告编制工作的通知" is no title.
  if (at === 'inner' && !AFTER_TITLE.test(after)) return null;
  // A notice about reports ("关于做好2021年度…报告…的通知") is no title; "关于<office>2021年…报告" is.
  if (/关于(?:做好|印发|开展|报送|编制|公布|发布|转发)|通知|要求/.test(lead)) return null;
  // "青禾县人民政府信息公开…": 政府 belongs to the name, not to the title.
  if (between.endsWith('人民') && tail[0].startsWith('政府')) between += '政府';
  // The verb after the name first ("<name>现将…"), then one before it ("现公布<name>…").
  // A name has no digits: a date or number before it on the line is not part of it.
  let before = cleanOfficeName(lead.replace(/^.*\d[年月日号]?/, '')).replace(TRAIL_VERBS, '');
  if (at !== 'alone' || LEAD_VERBS.test(before)) before = before.replace(LEAD_VERBS, '');
  // Glued to page furniture ("首页>政务公开>年度报告<name>"): the name is the Chinese run after it.
  if (at === 'first')
    before = (/[\u4e00-\u9fa5（）()]*$/.exec(before)?.[0] ?? '').replace(/^.*(?:报告|年报|专栏|位置|首页|正文)/, '');
  const isName = (s: string) => s.length >= 2 && s.length <= 40 && (OFFICE_TAIL.test(s) || AREA_TAIL.test(s));
  // Outside a line of its own, what is left must be a name and nothing else: a sentence
  // that mentions a report ("我局按时发布<name>2021年…报告") names no one by it.
  const bare = (s: string) =>
    !/^(?:我|本|该)|[的了将已]|按时|及时|发布|公布|印发|编制|报送|上传|做好|完成|向社会/.test(s);
  if (before && (at === 'alone' ? !LABEL.test(before) : isName(before) && bare(before)))
    return { office: before, year };
  if (isName(between) && !/^(?:本|我|全)/.test(between)) return { office: cleanOfficeName(between), year };
  // A first clause that runs on from a title must start with it to give a year alone.
  if (at === 'first' && lead !== '' && !AFTER_TITLE.test(after)) return null;
  // Inside a sentence, a year alone only where the sentence presents this report
  // ("现将2021年…报告公布如下"), not where it mentions one ("按时发布2021年…报告").
  // A breadcrumb's last step ("首页>政务公开>2022年…报告") is this page's title.
  if (at === 'inner' && lead !== '' && !LEAD_VERBS.test(lead) && !/[>›»]$/.test(lead)) return null;
  return { office: null, year };
}

/** "<office>政府信息公开工作年度报告（2022年度）": the year in brackets after the title. */
function yearAfterTitle(line: string): { office: string | null; year: number } | null {
  const m =
    /^(.*?)(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:情况)?(?:的)?(?:报告|年报)[(（[【]((?:19|20)\d{2})年?度?[)）\]】]$/.exec(
      line,
    );
  if (!m) return null;
  let office = cleanOfficeName(m[1]);
  if (office.endsWith('人民')) office += '政府';
  return {
    office: office.length >= 2 && (OFFICE_TAIL.test(office) || AREA_TAIL.test(office)) ? office : null,
    year: Number(m[2]),
  };
}

export function cleanOfficeName(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/^[《“"'「【[(（#\s]+/, '')
    .replace(/^关于/, '')
    .replace(/[：:，,、\-—_\s]+$/, '')
    .trim();
}

// Labels of a page's metadata lines that name the publishing body ("发布机构：晓棠镇人民政府").
// Labels of a page's metadata that name the publishing body ("发布机构：晓棠镇人民政府"),
// anywhere in a line ("索引号：…  发布机构：…  发布日期：…"). 发布机构 and its kin name the
// body; 来源 may name the site that carries it, so it counts for less (see identity.ts).
const PUBLISHER_LABEL =
  /(?:^|\s)(发布机构|发布单位|发布部门|发文机关|发文单位|公开主体|信息来源|文章来源|来源)\s*[:：]\s*/;
const STRONG_LABEL = /^(?:发布机构|发布单位|发布部门|发文机关|发文单位|公开主体)$/;
// Where a glued value runs into the next label.
const NEXT_LABEL =
  /(?:发布日期|发布时间|成文日期|生成日期|索引号|主题分类|体裁分类|分类|文号|发文字号|浏览次数|点击数|字号|来源).*$/;

/** The publisher a metadata line names, among the first 40 non-empty lines; `strong`: 发布机构 and kin only. */
export function findPublisherOffice(lines: Line[], strong: boolean): { office: string; line: number } | null {
  let seen = 0;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    if (++seen > 40) break;
    if (!l.text.includes('：') && !l.text.includes(':')) continue;
    const m = PUBLISHER_LABEL.exec(l.text);
    if (!m || STRONG_LABEL.test(m[1]) !== strong) continue;
    // The value stops at the next label ("发布机构：X  发布日期：…").
    const value = squash(l.text.slice(m.index + m[0].length).split(/\s{2,}|\t|[|｜]|\s(?=\S+[:：])/)[0]).replace(
      NEXT_LABEL,
      '',
    );
    const name = cleanOfficeName(value);
    if (name.length >= 2 && name.length <= 40 && (OFFICE_TAIL.test(name) || /[省市区县]人民政府$/.test(name)))
      return { office: name, line: l.no };
  }
  return null;
}

// ---------- the year ----------

/** A later fallback for the year: the statistics period, in any of its forms, and its line. */
export function yearFromPeriod(text: string): { year: number; line: number } | null {
  const found = (m: RegExpExecArray) => ({ year: Number(m[1]), line: text.slice(0, m.index).split('\n').length });
  // "…至2020年12月31日止", "截止2022年12月31日", "从…到2022年12月31日止", "2022年1月1日—2022年12月31日";
  // not a term that runs to a date ("有效期至2025年12月31日").
  const end = /(?<!有效期|延长|延期|顺延)(?:至|到|止|截至|[—\-~－])\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日/.exec(
    text,
  );
  if (end) return found(end);
  // "自2022年1月1日起至12月31日止": the year written once, at the start.
  const start = /((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|[—\-~－])\s*12\s*月\s*31\s*日/.exec(text);
  if (start) return found(start);
  // "统计期限为2022年度", "统计时间为2022年全年".
  const whole =
    /统计(?:期限|时间|时段|区间|周期)\s*(?:为|是|：|:)?\s*((?:19|20)\d{2})\s*年\s*(?:度|全年|1\s*-\s*12\s*月)/.exec(
      text,
    );
  return whole ? found(whole) : null;
}

const HAS_YEAR = /(?:19|20)\d{2}/;

// "2024年,我局…" opening a sentence; "汇报我镇2023年政府信息公开工作"; "现将我街2020年政府信息公开工作总结如下".
const YEAR_OPENS_SENTENCE =
  /(?:^|[。；;！!？?]|[（(][一二三四五六七八九十\d][）)]|^[一二三四五六七八九十]、)((?:19|20)\d{2})年(?:度|全年|以来)?[,，]/;
// Our own year's work ("汇报我镇2023年…工作"), never a plan named by its year ("2022年政务公开工作要点").
const YEAR_OF_WORK =
  /(?:我[\u4e00-\u9fa5]{0,3}|本(?:单位|机关|部门)|汇报|总结|现将)((?:19|20)\d{2})年度?(?:全年)?(?:的)?(?:政府信息公开|政务公开|信息公开)工作(?!要点|安排|计划|方案|任务)/;

/**
 * The year the opening prose speaks of: a sentence that starts with it, or the
 * year of the 信息公开工作 it reports. Titles cited in 《》 are not read (a notice
 * "关于做好2021年…" names another year). First 40 non-empty lines only.
 */
export function yearFromProse(lines: Line[]): { year: number; line: number } | null {
  let seen = 0;
  let ofWork: { year: number; line: number } | null = null;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    if (++seen > 40) break;
    if (!HAS_YEAR.test(l.text)) continue;
    const s = squash(l.text).replace(/《[^》]*》/g, '《》');
    const open = YEAR_OPENS_SENTENCE.exec(s);
    if (open) return { year: Number(open[1]), line: l.no };
    if (!ofWork) {
      const w = YEAR_OF_WORK.exec(s);
      if (w) ofWork = { year: Number(w[1]), line: l.no };
    }
  }
  return ofWork;
}

// ---------- kind ----------

export function officeKind(name: string): OfficeKind {
  if (/(街道办事处|街道办|街道)$/.test(name) || /办事处$/.test(name)) return '街道';
  if (/[镇乡](人民政府)?$/.test(name)) return '乡镇';
  if (/(省|市|区|县|旗|州|盟)人民政府$/.test(name)) return '县级以上人民政府';
  if (/(局|委员会|委|办公室|厅|署|中心|院|所|队|站|办)$/.test(name)) return '部门';
  return '其他';
}

// ---------- region ----------

// 州 ends a unit only when no 市/区/县 follows (徐州市 is one unit).
const ADMIN_UNIT = '(?:省|自治区|特别行政区|市|自治州|州(?![市区县])|盟|地区|区|县|自治县|旗|自治旗)';
// One administrative name: 2–6 Chinese characters ending in a unit word. Lazy, so
// "烟台市芝罘区" splits into 烟台市 + 芝罘区.
const ADMIN_RE = new RegExp(`[\\u4e00-\\u9fa5]{1,7}?${ADMIN_UNIT}`, 'gu');

// The same, at the start of a string (built once: regionPrefix runs on every parse).
const LEADING_ADMIN_RE = new RegExp(`^[\\u4e00-\\u9fa5]{1,7}?${ADMIN_UNIT}`, 'u');

/** The region prefix of a name: "银川市兴庆区胜利街街道办事处" → "银川市兴庆区". */
export function regionPrefix(name: string): string {
  // A government's region is its own territory: 北京市海淀区人民政府 → 北京市海淀区.
  const gov = /^(.+?[省市区县旗州盟])人民政府$/.exec(name);
  if (gov) return gov[1];
  // Only the part before the body itself counts: drop the body-type tail first.
  const body = name.replace(/(街道办事处|街道办|街道|办事处|镇人民政府|乡人民政府|人民政府|镇|乡)$/, '');
  let prefix = '';
  let rest = body;
  for (;;) {
    const m = LEADING_ADMIN_RE.exec(rest);
    // Keep at least two characters of the body itself after the prefix.
    if (!m || rest.length - m[0].length < 2) break;
    prefix += m[0];
    rest = rest.slice(m[0].length);
  }
  return prefix;
}

/**
 * The region the text names for the office: the prefix of its own name, extended
 * by a larger unit written directly before it ("烟台市芝罘区"), or else the city or
 * county whose government the text cites ("洛阳市人民政府办公室"). Null when the
 * text names none: we never guess.
 */
export function findRegion(officeName: string | null, foldedText: string): string | null {
  // Takes text already folded (NFKC, as parseReport folds the whole report): folding is
  // idempotent, so a second fold here could only cost a scan of the whole text.
  const folded = withoutWhiteSpace(foldedText);
  const own = officeName ? regionPrefix(officeName) : '';
  if (own) {
    // Larger units written directly before our own prefix ("烟台市" before "芝罘区").
    const written = writtenBefore(folded, own, /(?:省|自治区|市|州|盟)$/);
    if (written) return written + own;
    // A district or county without its city: the city whose government the text cites.
    if (!/(?:区|县|旗)$/.test(own) || /(?:市|州|盟)/.test(own)) return own;
    const city = citedGovernments(folded).find((g) => g !== own && !own.includes(g) && /(?:市|州|盟)$/.test(g));
    return city ? city + own : own;
  }
  if (officeName) {
    // The title gives no region, but the text may write the name in full
    // ("请与宁夏回族自治区银川市金凤区城关镇人民政府办公室联系").
    const written = writtenBefore(folded, officeName, /(?:省|自治区|市|州|盟|地区|区|县|旗)$/);
    if (written) return written;
  }
  const cited = citedGovernments(folded);
  if (cited.length === 0) return null;
  // Prefer the most specific unit the text cites most often.
  const counts = new Map<string, number>();
  for (const g of cited) counts.set(g, (counts.get(g) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0][0];
  return best;
}

// Words that end the phrase before a place name: "可在潍坊市…", "请与烟台市…".
const FUNCTION_CHARS = new Set([...'在于与和及向由对为经至从自的了是到按据见即将被给同跟请可其该本我此共向']);

/**
 * The chain of administrative units written directly before `name` somewhere in
 * the text. A chain must start at a word boundary (after punctuation, a function
 * word, or nothing), so "本报告电子版可在潍坊市" yields 潍坊市, not 子版可在潍坊市.
 */
function writtenBefore(folded: string, name: string, endsWith: RegExp): string | null {
  let best: string | null = null;
  for (let at = folded.indexOf(name); at >= 0; at = folded.indexOf(name, at + 1)) {
    const run = chineseRunBefore(folded, at, 16);
    for (let k = 0; k < run.length; k++) {
      // The character before first: a start after any other is skipped with no slice made.
      if (k > 0 && !FUNCTION_CHARS.has(run[k - 1])) continue;
      const tail = run.slice(k);
      if (FUNCTION_CHARS.has(tail[0]) || !endsWith.test(tail) || !validChain(tail)) continue;
      if (!best || tail.length > best.length) best = tail;
      break;
    }
  }
  return best;
}

/**
 * The Chinese characters (U+4E00–U+9FA5) that run up to `at`, at most `max` of them:
 * read backwards by char code (a regex anchored at the end tries every start).
 */
function chineseRunBefore(s: string, at: number, max: number): string {
  const from = Math.max(0, at - max);
  let k = at;
  while (k > from) {
    const c = s.charCodeAt(k - 1);
    if (c < 0x4e00 || c > 0x9fa5) break;
    k--;
  }
  return s.slice(k, at);
}

// Governments a report cites: "洛阳市人民政府办公室", "兴庆区政务服务…". Found by the
// marker words and read backwards, which is far cheaper than a regex over the text.
const GOVERNMENT_MARKERS = ['人民政府', '政府办公室', '政务'];
const CITED_UNIT = /(?:省|自治区|市|县|区)$/;

function citedGovernments(folded: string): string[] {
  const out: string[] = [];
  for (const marker of GOVERNMENT_MARKERS) {
    for (let at = folded.indexOf(marker); at >= 0; at = folded.indexOf(marker, at + marker.length)) {
      const run = chineseRunBefore(folded, at, 12);
      for (let k = 0; k < run.length - 1; k++) {
        if (k > 0 && !FUNCTION_CHARS.has(run[k - 1])) continue;
        const tail = run.slice(k);
        if (FUNCTION_CHARS.has(tail[0]) || !CITED_UNIT.test(tail) || !validChain(tail)) continue;
        if (!/^(?:上级|县级|市级|区级|省级|地方)/.test(tail)) out.push(tail);
        break;
      }
    }
  }
  return out;
}

/** Each unit a plausible name: 1–4 characters before 省/市/区/县 (乌鲁木齐市), longer only for 自治区/自治州/自治县. */
function validChain(s: string): boolean {
  const parts = s.match(ADMIN_RE) ?? [];
  return (
    parts.join('') === s &&
    parts.every((p) => p.length >= 2 && (p.length <= 5 || /自治[区州县旗]$|特别行政区$|地区$/.test(p)) && p.length <= 9)
  );
}

// ---------- aliases ----------

/**
 * Short names people use: "芝罘区只楚街道办事处" → 只楚街道办事处, 只楚街道办, 只楚街道,
 * 只楚; "城关镇人民政府" → 城关镇, 城关. The full name is always first.
 */
export function officeAliases(name: string): string[] {
  const out = new Set<string>([name]);
  const gov = /^(.*[省市区县旗州盟])?([^省市区县旗州盟]{1,7}[省市区县旗州盟])人民政府$/.exec(name);
  const prefix = gov ? (gov[1] ?? '') : regionPrefix(name);
  const local = name.slice(prefix.length);
  out.add(local);
  const street = /^(.+?)(街道办事处|街道办|街道|办事处)$/.exec(local);
  if (street) {
    const core = street[1];
    for (const s of [core, `${core}街道`, `${core}街道办`, `${core}街道办事处`, `${core}办事处`]) out.add(s);
    // "胜利街街道" is also said "胜利街道".
    if (core.endsWith('街')) out.add(`${core}道`);
  }
  const town = /^(.+?)([镇乡])(人民政府)?$/.exec(local);
  if (town) {
    const core = town[1];
    out.add(`${core}${town[2]}`);
    out.add(`${core}${town[2]}人民政府`);
    out.add(`${core}${town[2]}政府`);
    if (core.length >= 2) out.add(core);
  }
  if (gov) {
    const area = gov[2];
    for (const a of [area, `${area}政府`, `${area}人民政府`, `${gov[1] ?? ''}${area}`]) out.add(a);
    // People say 淮安 for 淮安市人民政府 (but not 海淀 for a 区: too easily another office's word).
    const bare = area.replace(/[市县旗]$/, '');
    if (bare !== area && bare.length >= 2) out.add(bare);
  }
  return [...out].filter((a) => a.length >= 2);
}

/**
 * The office as it signs the report (落款), for titles that name none
 * ("2022年政府信息公开工作年度报告" under a site banner): a short line among the
 * last 40 that ends like an office's name, the one nearest the end. A date on the
 * same line is dropped, and a last line that runs on from the prose
 * ("…暂无。青禾县水利局 2025年1月20日") gives its last sentence.
 */
export function findSignatureOffice(lines: Line[]): { office: string; line: number } | null {
  const tail = lines
    .filter((l) => l.text.trim() !== '')
    .slice(-40)
    .reverse();
  for (const l of tail) {
    // Table rows are cells, never a signature.
    if (l.text.includes('\t') || l.text.includes('|')) continue;
    let s = arabicDate(squash(l.text)).replace(DATE_AT_END, '');
    if (s.length > 30) s = s.slice(Math.max(s.lastIndexOf('。'), s.lastIndexOf('；')) + 1);
    if (s.length < 3 || s.length > 30 || /[，。；：:,;、\d]/.test(s) || /^[（(]?[一二三四五六七八九十]+[、）)]/.test(s))
      continue;
    // A site's footer ("松岭市人民政府办公室主办") is not the report's signature.
    if (SITE_FOOTER.test(s)) continue;
    if (OFFICE_TAIL.test(s)) return { office: cleanOfficeName(s), line: l.no };
  }
  return null;
}

const SITE_FOOTER = /(?:主办|承办|协办|维护|支持|所有)$|版权|备案|ICP|标识码|网站|地址|电话|邮编/;

// A drafting office named after its body: "晓棠镇人民政府党政办公室" is 晓棠镇人民政府's.
const DRAFTING_OFFICE =
  /(?:党政综合办公室|党政办公室|综合办公室|党政综合办|党政办|综合办|行政办公室|政务公开办公室|政务公开办|办公室)$/;
const BODY_TAIL = /(?:人民政府|政府|街道办事处|办事处|街道|镇|乡|局|委员会|委|厅|署|中心|管委会|管理委员会)$/;
// Sentences that name the body in prose. A name starting 我/本/该 (我局, 本机关) names nothing.
const PROSE_NAMERS: RegExp[] = [
  /本(?:年度)?(?:报告|年报)(?:由|是由)([\u4e00-\u9fa5（）()]{2,40}?)(?:根据|依据|按照|负责)?(?:编制|编写|起草|制作|编撰)/,
  /请与([\u4e00-\u9fa5（）()]{2,40}?)联系/,
  /汇总([\u4e00-\u9fa5]{2,40}?)(?:各有关单位|各相关单位|各单位|各部门|各科室|所属|下属|各站所|各社区|各村)/,
];
// "2022年,县医保局坚持…": the body as the subject that opens a sentence.
const SUBJECT =
  /(?:^|[。；;]|(?:19|20)\d{2}年(?:度|以来|全年)?[,，])([\u4e00-\u9fa5]{2,24}?(?:人民政府|街道办事处|办事处|街道|镇|乡|局|委员会|管委会|办公室))(?:坚持|认真|紧紧|深入|全面|按照|根据|依据|严格|积极|持续|不断|围绕|进一步|始终|切实|高度|以|在|着力|扎实|大力)/;

/** Strip a drafting office from a body's name (when `drafting`); null when what is left is no body. */
function bodyOf(name: string, drafting = true): string | null {
  const n = cleanOfficeName(name);
  if (/^(?:我|本|该|各|全)/.test(n)) return null;
  const body = drafting ? n.replace(DRAFTING_OFFICE, '') : n;
  if (body !== n && body.length >= 2 && BODY_TAIL.test(body)) return body;
  return n.length >= 3 && (drafting ? BODY_TAIL : OFFICE_TAIL).test(n) ? n : null;
}

/**
 * The body as the prose names it, where no title or signature does: "本报告由<body>党政办公室编制"
 * (the body, not its drafting office), "请与<body>办公室联系", "汇总<body>各有关单位…", or
 * the subject of an opening sentence ("2022年,县医保局坚持…"). First and last 40 non-empty lines.
 */
export function findProseOffice(lines: Line[]): { office: string; line: number } | null {
  const nonEmpty = lines.filter((l) => l.text.trim() !== '');
  const scan = nonEmpty.length <= 80 ? nonEmpty : [...nonEmpty.slice(0, 40), ...nonEmpty.slice(-40)];
  for (const re of PROSE_NAMERS) {
    for (const l of scan) {
      const m = re.exec(squash(l.text));
      const body = m ? bodyOf(m[1]) : null;
      if (body) return { office: body, line: l.no };
    }
  }
  // The subject only where the report opens: later sentences speak of its parts (站所, 中心 …).
  for (const l of scan.slice(0, 12)) {
    const m = SUBJECT.exec(squash(l.text).replace(/《[^》]*》/g, '《》'));
    // A subject is the body itself: "县政府办公室坚持…" is that office's own report.
    const body = m ? bodyOf(m[1], false) : null;
    if (body) return { office: body, line: l.no };
  }
  return null;
}

/**
 * Office and year from a file name, only where it clearly names an office:
 * "洛北街道-2020.txt", "青禾县水利局2024年政府信息公开工作年度报告.pdf". "report-2021.txt" names none.
 */
export function identityFromFileName(file: string): { office: string; year: number | null } | null {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const s = squash(base);
  const title = titleParts(s, 'alone');
  if (title?.office && OFFICE_TAIL.test(title.office)) return { office: title.office, year: title.year };
  const m = /^([\u4e00-\u9fa5]{2,30}?)[-_—]?(?:((?:19|20)\d{2})年?度?)?$/.exec(s);
  if (!m || !OFFICE_TAIL.test(m[1])) return null;
  return { office: m[1], year: m[2] ? Number(m[2]) : null };
}

// ---------- the report's own date ----------

const DATE_RE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const DATE_AT_END = /(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$/;

/** The 落款 date: a short line with a full date among the last lines of the text. */
export function findReportDate(lines: Line[]): { date: string; line: number } | null {
  // The last eight non-empty lines, last first.
  const tail: Line[] = [];
  for (let i = lines.length - 1; i >= 0 && tail.length < 8; i--) if (lines[i].text.trim() !== '') tail.push(lines[i]);
  for (const l of tail) {
    const s = arabicDate(squash(l.text));
    if (s.length > 24) continue;
    const m = DATE_RE.exec(s);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, line: l.no };
  }
  return null;
}
