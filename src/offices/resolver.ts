// The one office resolver, for questions, 核查 and the reminder commands: which
// stored office(s) a text names. Full names, short names and aliases; region
// words to tell namesakes apart (城关镇 is in hundreds of counties); pinyin and
// English names (zhichu, Chengguan Town). Invariant: a span that looks like an
// office or a place (城东街道, 海淀区, 某市人民政府办公厅, haidian) either resolves
// to a stored office or is reported unknown with the nearest names — it is never
// read as another office, nor dropped (which would turn the question into a sum
// over all offices). A one-character correction is made only when the two
// characters sound alike (an input-method typo) and one office fits.
import { squash } from '../parse/cells.js';
import { provinceOf } from './gazetteer.js';
import { pinyinKey, readings, soundAlike, splitPinyin } from './pinyin.js';

export interface OfficeRef {
  id: number;
  name: string;
  region: string | null;
  kind: string;
  aliases: string[];
  /** Files of a namesake kept apart (same name and region as another office): all that tells them apart. */
  files?: string[];
}

/** An office in an ask-back list: its name, its region, and for namesakes no region tells apart, its files. */
export function candidateLabel(o: OfficeRef, lang: 'zh' | 'en'): string {
  const files = o.files?.length
    ? o.files.map((f) => f.split(/[\\/]/).slice(-2).join('/')).join(lang === 'en' ? ', ' : '、')
    : '';
  const file = files ? (lang === 'en' ? `; file ${files}` : `；文件 ${files}`) : '';
  if (o.region) return `${o.name}（${o.region}${file}）`;
  return lang === 'en' ? `${o.name} (region not stated${file})` : `${o.name}（地区未写明${file}）`;
}

/**
 * When candidates share both name and region, no question can tell them apart
 * (reports of one year that no region told apart at ingest): say who can, and how.
 */
export function namesakeHint(cands: readonly OfficeRef[], lang: 'zh' | 'en'): string {
  const keys = cands.map((o) => `${squash(o.name)}|${o.region ?? ''}`);
  if (new Set(keys).size === keys.length) return '';
  return lang === 'en'
    ? 'Some of these share name and region, so the question cannot tell them apart: an admin can say where each is with “指定地区 <file> <region>”.'
    : '其中同名、同地区的单位无法从问题区分：请管理员用“指定地区 文件名 地区”指明各自所在地区（或 nianbao assign 文件 --region 地区）。';
}

export interface OfficeMention {
  /** The words of the question that named it. */
  text: string;
  start: number;
  candidates: OfficeRef[];
}

export interface ResolvedOffice {
  text: string;
  office: OfficeRef;
  /** Set when the words were corrected (只初 → 只楚街道): the answer must say what it understood. */
  understoodAs?: string;
}

export interface UnknownName {
  /** The words as the question has them. */
  text: string;
  /** The stored offices nearest to them (may be empty). */
  suggestions: OfficeRef[];
  /** A place (…省/市/区/县) rather than an office. */
  place: boolean;
}

export interface OfficeResolution {
  /** Mentions resolved to exactly one office, in question order. */
  resolved: ResolvedOffice[];
  /** Mentions that fit several offices: ask which one. */
  ambiguous: OfficeMention[];
  /** Words that look like an office or place name but match no stored office or region. */
  unknown: UnknownName[];
  /** Region words found in the question (芝罘区, 洛阳), for narrowing. */
  regionWords: string[];
}

// Suffixes that end an office or place name, longest first. 办/局/委/厅/中心 are
// weak: common nouns end in them too (便民服务中心, 政务大厅), see WEAK below.
const SUFFIX =
  /^(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|街道办事处|街道办|街道|办事处|管理委员会|管委会|委员会|办公厅|办公室|政府(?!信息|工作|网站|门户|常务|部门)|中心|省(?![级直份长])|市(?![场民级直容值长])|区(?![域别分长])|县(?![级直域长])|镇(?![村长])|乡(?![村镇亲长])|局(?![面势限部长])|委(?![员托屈婉])|厅(?![堂长]))/;
// The same, matched in place (no slicing of the question for every position).
const SUFFIX_AT = new RegExp(SUFFIX.source.slice(1), 'y');
const suffixAt = (q: string, i: number): string | null => {
  SUFFIX_AT.lastIndex = i;
  return SUFFIX_AT.exec(q)?.[0] ?? null;
};
const WEAK = /(?:中心|委员会|办公厅|办公室|局|委|厅)$/;
// Common nouns with an office's ending, never an office a question names.
const NOT_AN_OFFICE =
  /(?:服务中心|实践中心|指挥中心|数据中心|信息中心|大厅|党政办公室|综合办公室|党政综合办公室|居民委员会|村民委员会|居委会|村委会|党委)$/;
// Characters that end a name on its left: particles, conjunctions, question words.
const STOP =
  /[的和与及跟同比在是了有为对从向把被将或个年请问吗呢啊哪几多少什么怎各全所每该本我你他其此这那都也还又就共]/;
const PLACE = /(?:省|市|区|县)$/;
// Words of a sentence, never of a name: 本机关不掌握相关政府信息, 主动公开政府信息.
const NOT_IN_A_NAME =
  /[不没未无]|相关|关于|掌握|需要|信息|公开|申请|要求|规定|进行|开展|加强|做好|按照|根据|通过|依法|政务|办理|答复|处理|以上|以下|各级|上级|下级|本级|发布|平台|载体|渠道|查阅|设置/;

// English words for the kinds of office, as the pinyin of the Chinese suffix they stand for.
const EN_SUFFIX: Record<string, string[]> = {
  subdistrict: ['jiedao', 'jie'],
  street: ['jiedao', 'jie'],
  jiedao: ['jiedao'],
  town: ['zhen'],
  zhen: ['zhen'],
  township: ['xiang'],
  xiang: ['xiang'],
  district: ['qu'],
  county: ['xian'],
  city: ['shi'],
  government: ['renminzhengfu', 'zhengfu'],
};
const EN_OFFICE_WORD =
  /^(?:subdistrict|street|town|township|district|county|city|province|government|bureau|office|commission)$/i;
// "did haidian receive", "of haidian", "haidian's report": where a Latin name stands in a question.
const EN_NAME_SLOTS = [
  /\b(?:did|does|do|has|have|had|is|was)\s+([a-z]+)\s+(?:receive|get|handle|grant|have|has|report|deny|refuse|publish|disclose|file|face|charge)/gi,
  /\b(?:of|for|from|at|by|about)\s+([a-z]+)(?=\s*(?:[?.!,]|$|\bin\b|\d))/gi,
  /\b([a-z]+)'s\b/gi,
  /\bthe\s+([a-z]+)\s+(?:\d{4}\s+)?(?:report|office|annual report)/gi,
];

type Span = { start: number; end: number };

/** The offices byAlias holds for a name, as a list. */
const listOf = (held: OfficeRef | OfficeRef[]): OfficeRef[] => (Array.isArray(held) ? held : [held]);

export class OfficeIndex<T extends OfficeRef = OfficeRef> {
  /** Each name's offices; a name of one office (nearly all of ~49,000 at 100,000 reports) holds it bare, not in a list. */
  private readonly byAlias = new Map<string, OfficeRef | OfficeRef[]>();
  private readonly maxLen: number;
  private readonly regions = new Map<string, string>();
  private readonly byIdMap = new Map<number, T>();
  /** Longest region word, and each word's place in the map: a question is scanned for them, not the words for the question. */
  private readonly maxRegionLen: number;
  private readonly regionRank = new Map<string, number>();
  /** Each name's place in byAlias, made at the first nearest() (a start's first answer needs none: ~190,000 names at 100,000 reports). */
  private aliasRank: Map<string, number> | null = null;
  private byPinyin: Map<string, Set<OfficeRef>> | null = null;
  private regionPinyin: Map<string, string> | null = null;
  private byChar: Map<string, string[]> | null = null;
  private bySound: Map<string, { alias: string; offices: OfficeRef[] }[]> | null = null;

  constructor(readonly offices: T[]) {
    let max = 2;
    // Each region's last office, in the order the offices first name it: a store's offices share
    // few regions (~250 among 32,000 offices at 100,000 reports), whose words are set below.
    const lastOfRegion = new Map<string | null, number>();
    const names: string[] = [];
    for (let k = 0; k < offices.length; k++) {
      const o = offices[k];
      // 人民政府 is said 政府 inside longer names too (洪泽区政府办公室 for 洪泽区人民政府办公室).
      names.length = 0;
      names.push(squash(o.name));
      for (const a of o.aliases) names.push(squash(a));
      const given = names.length;
      for (let i = 0; i < given; i++)
        if (names[i].includes('人民政府')) names.push(names[i].replace('人民政府', '政府'));
      for (let i = 0; i < names.length; i++) {
        const alias = names[i];
        // Each name once, at its first place.
        if (alias.length < 2 || names.indexOf(alias) !== i) continue;
        const held = this.byAlias.get(alias);
        if (held === undefined) this.byAlias.set(alias, o);
        else if (Array.isArray(held)) {
          if (!held.some((x) => x.id === o.id)) held.push(o);
        } else if (held.id !== o.id) this.byAlias.set(alias, [held, o]);
        max = Math.max(max, alias.length);
      }
      lastOfRegion.set(o.region, k);
      this.byIdMap.set(o.id, o);
    }
    this.maxLen = max;
    // Region words in the order offices first give them, each of the last office's region that
    // gives it (as when set office by office): first placed, then set again by last office.
    const wordsOf = new Map<string | null, string[]>();
    for (const region of lastOfRegion.keys()) {
      const words = regionWordsOf(region);
      wordsOf.set(region, words);
      for (const w of words) if (!this.regions.has(w)) this.regions.set(w, region!);
    }
    const byLast = [...lastOfRegion].sort((a, b) => a[1] - b[1]);
    for (const [region] of byLast) for (const w of wordsOf.get(region)!) this.regions.set(w, region!);
    let maxRegion = 0;
    for (const w of this.regions.keys()) {
      this.regionRank.set(w, this.regionRank.size);
      maxRegion = Math.max(maxRegion, w.length);
    }
    this.maxRegionLen = maxRegion;
  }

  /** The office of this id (a map, not a scan: answers name offices by id). */
  byId(id: number): T | undefined {
    return this.byIdMap.get(id);
  }

  /**
   * The keys of `map` that occur in `text`, in the map's own order: found by looking up
   * each substring of the text (a question is short; the map grows with the store).
   */
  private wordsIn(
    text: string,
    map: ReadonlyMap<string, unknown>,
    maxLen: number,
    minLen: number,
    rank: ReadonlyMap<string, number>,
  ): string[] {
    const found = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      for (let len = minLen; len <= maxLen && i + len <= text.length; len++) {
        const w = text.slice(i, i + len);
        if (map.has(w)) found.add(w);
      }
    }
    return [...found].sort((a, b) => rank.get(a)! - rank.get(b)!);
  }

  /**
   * Builds the pinyin and sound-alike tables now rather than on the first question
   * that needs them (the engine calls it once per refresh, so no answer pays for it).
   */
  warm(): this {
    this.soundIndex();
    this.pinyinIndex();
    this.charIndex();
    this.regionPinyinIndex();
    splitPinyin('a');
    return this;
  }

  /** The offices whose name or alias is exactly these words. */
  byName(words: string): OfficeRef[] {
    const held = this.byAlias.get(squash(words));
    return held ? listOf(held) : [];
  }

  /** Is this a region word of some stored office (山东省, 洛阳, 芝罘区)? */
  isRegion(word: string): boolean {
    return this.regions.has(squash(word));
  }

  resolve(question: string): OfficeResolution {
    const q = squash(question);
    const mentions: OfficeMention[] = [];
    const unknownSpans: (Span & { text: string })[] = [];
    for (let i = 0; i < q.length; ) {
      let found = false;
      for (let len = Math.min(this.maxLen, q.length - i); len >= 2; len--) {
        const sub = q.slice(i, i + len);
        const held = this.byAlias.get(sub);
        if (!held) continue;
        const hit = listOf(held);
        // 只楚街道办理结果: 办 starts 办理 here, not the name's 街道办.
        if (/办$/.test(sub) && /^[理结件公]/.test(q.slice(i + len))) continue;
        // "城关乡" is not 城关镇, "某市人民政府办公厅" is not 某市人民政府: a name that
        // goes on into another office's ending names another office.
        const ext = SUFFIX.exec(q.slice(i + len));
        if (ext && !hit.some((o) => [o.name, ...o.aliases].some((a) => squash(a).startsWith(sub + ext[0])))) {
          let end = i + len + ext[0].length;
          for (let more = SUFFIX.exec(q.slice(end)); more; more = SUFFIX.exec(q.slice(end))) end += more[0].length;
          unknownSpans.push({ start: i, end, text: q.slice(i, end) });
          i = end;
          found = true;
          break;
        }
        mentions.push({ text: sub, start: i, candidates: hit });
        i += len;
        found = true;
        break;
      }
      if (!found) i++;
    }
    // "芝罘区的只楚街道", "宜阳的城关镇": a government's area said before another office
    // narrows that office; it is not a second office to compare with.
    for (let k = mentions.length - 2; k >= 0; k--) {
      const m = mentions[k];
      const next = mentions[k + 1];
      const between = q.slice(m.start + m.text.length, next.start);
      const governmentsOnly = m.candidates.every((o) => o.kind === '县级以上人民政府');
      if (governmentsOnly && this.regions.has(m.text) && /^的?$/.test(between)) mentions.splice(k, 1);
    }
    const covered: Span[] = [
      ...mentions.map((m) => ({ start: m.start, end: m.start + m.text.length })),
      ...unknownSpans,
    ];
    const regionHits = this.wordsIn(q, this.regions, this.maxRegionLen, 1, this.regionRank).filter(
      (w) => !mentions.some((m) => m.text === w),
    );
    const regionSpans: Span[] = [];
    for (const w of regionHits)
      for (let at = q.indexOf(w); at >= 0; at = q.indexOf(w, at + 1))
        regionSpans.push({ start: at, end: at + w.length });
    covered.push(...regionSpans);

    const resolved: ResolvedOffice[] = [];
    const ambiguous: OfficeMention[] = [];
    const addResolved = (r: ResolvedOffice) => {
      if (!resolved.some((x) => x.office.id === r.office.id)) resolved.push(r);
    };
    for (const m of mentions) {
      let cands = m.candidates;
      // A full name said in full means that office, even when it is another's short name.
      if (cands.length > 1) {
        const byFullName = cands.filter((o) => squash(o.name) === m.text);
        if (byFullName.length === 1) cands = byFullName;
      }
      if (cands.length > 1 && regionHits.length) {
        const narrowed = cands.filter((o) =>
          regionHits.some((w) => (o.region ?? '').includes(w) || o.name.includes(w)),
        );
        if (narrowed.length) cands = narrowed;
      }
      if (cands.length === 1) addResolved({ text: m.text, office: cands[0] });
      else ambiguous.push({ ...m, candidates: cands });
    }

    // Name-shaped words nothing above explains, and sound-alike corrections of them.
    const unknown: UnknownName[] = [];
    const spans = [...unknownSpans, ...this.nameSpans(q, covered, regionSpans)];
    for (const s of spans) {
      const fix = this.soundAlikeFix(s.text);
      if (fix) addResolved(fix);
      else unknown.push({ text: s.text, suggestions: this.nearest(s.text), place: PLACE.test(s.text) });
      covered.push(s);
    }
    // Short names with no ending (只初 for 只楚): sound-alike windows of the uncovered text.
    for (const fix of this.soundAlikeWindows(q, covered)) addResolved(fix);

    // Latin words: pinyin or English names.
    const latin = this.resolveLatin(question);
    for (const r of latin.resolved) addResolved(r);
    ambiguous.push(...latin.ambiguous);
    unknown.push(...latin.unknown);

    // A region word that is also the start of a resolved name is not a filter ("芝罘区只楚").
    const regionWordsLeft = [...regionHits, ...(resolved.length ? [] : this.latinRegions(question))].filter(
      (w) =>
        !resolved.some(
          (r) => (r.office.name.startsWith(w) && q.includes(r.office.name)) || officeInRegion(r.office, w),
        ),
    );
    return { resolved, ambiguous, unknown, regionWords: regionWordsLeft };
  }

  /** Spans of the uncovered text that end like an office or place name. */
  private nameSpans(q: string, covered: Span[], regions: Span[]): (Span & { text: string })[] {
    const isCovered = (i: number) => covered.some((c) => i >= c.start && i < c.end);
    const out: (Span & { text: string })[] = [];
    for (let i = 0; i < q.length; i++) {
      if (isCovered(i)) continue;
      const m = suffixAt(q, i);
      if (!m) continue;
      let end = i + m.length;
      if (covered.some((c) => c.start < end && c.end > i)) continue;
      // 洛阳市人民政府办公室: endings chain.
      for (let more = suffixAt(q, end); more && !isCovered(end); more = suffixAt(q, end)) end += more.length;
      // The name runs left until a particle, a question word or anything not Chinese.
      let start = i;
      while (
        start > 0 &&
        i - start < 8 &&
        !isCovered(start - 1) &&
        /[\u4e00-\u9fa5]/.test(q[start - 1]) &&
        !STOP.test(q[start - 1])
      )
        start--;
      // 和平街道, 新和乡: one stop character is taken back when the name would have a one-character core.
      if (
        i - start === 1 &&
        start > 0 &&
        /[\u4e00-\u9fa5]/.test(q[start - 1]) &&
        !isCovered(start - 1) &&
        !/[的在是了个年请问哪几多少什么怎各全所每该本我你他其此这那]/.test(q[start - 1])
      )
        start--;
      // 洛阳市人民政府办公厅 when 洛阳市 is a known region: the region is the name's start.
      const region = start === i ? regions.find((r) => r.end === start) : undefined;
      if (region) start = region.start;
      const text = q.slice(start, end);
      i = end - 1;
      // A core of fewer than two characters (全区, 社区, 乡镇) is a common word.
      const core = text.replace(SUFFIX_TAIL, '');
      if (core.length < 2 && !region) continue;
      if (NOT_AN_OFFICE.test(text)) continue;
      if (NOT_IN_A_NAME.test(core)) continue;
      if (WEAK.test(text) && /(?:工作|服务|管理|建设|办理|举报|投诉|信访)/.test(core)) continue;
      if (this.regions.has(text)) continue;
      // The region word inside it is not a filter any more: the span is one name.
      if (region) covered.push({ start, end });
      out.push({ start, end, text });
    }
    return out;
  }

  /** 只初街道 → 只楚街道: one character differs and sounds alike, and one office fits. */
  private soundAlikeFix(text: string): ResolvedOffice | null {
    const found = new Map<number, ResolvedOffice>();
    for (const { alias, offices } of this.soundIndex().get(soundKey(text)) ?? []) {
      if (alias.length !== text.length) continue;
      let diffs = 0;
      for (let k = 0; k < alias.length && diffs < 2; k++)
        if (alias[k] !== text[k]) diffs += soundAlike(alias[k], text[k]) ? 1 : 2;
      if (diffs !== 1) continue;
      for (const o of offices) if (!found.has(o.id)) found.set(o.id, { text, office: o, understoodAs: alias });
    }
    return found.size === 1 ? [...found.values()][0] : null;
  }

  private soundAlikeWindows(q: string, covered: Span[]): ResolvedOffice[] {
    const out: ResolvedOffice[] = [];
    const index = this.soundIndex();
    // Each free Chinese character's sound, once; a window is looked up only when its sound is an alias's.
    const free = [...q].map((ch, i) => /[\u4e00-\u9fa5]/.test(ch) && !covered.some((c) => i >= c.start && i < c.end));
    const sounds = [...q].map((ch, i) => (free[i] ? `${readings(ch)[0] ?? ch}|` : ''));
    for (let i = 0; i < q.length; i++) {
      if (!free[i]) continue;
      let key = '';
      const keys: string[] = [];
      for (let k = i; k < Math.min(q.length, i + 6) && free[k]; k++) keys.push((key += sounds[k]));
      for (let len = keys.length; len >= 2; len--) {
        if (!index.has(keys[len - 1])) continue;
        const fix = this.soundAlikeFix(q.slice(i, i + len));
        if (fix) {
          out.push(fix);
          covered.push({ start: i, end: i + len });
          for (let k = i; k < i + len; k++) free[k] = false;
          i += len - 1;
          break;
        }
      }
    }
    return out;
  }

  private charIndex(): Map<string, string[]> {
    if (!this.byChar) {
      this.byChar = new Map();
      for (const alias of this.byAlias.keys()) {
        for (const c of new Set(alias.replace(SUFFIX_TAIL, ''))) {
          const list = this.byChar.get(c) ?? [];
          list.push(alias);
          this.byChar.set(c, list);
        }
      }
    }
    return this.byChar;
  }

  private soundIndex(): Map<string, { alias: string; offices: OfficeRef[] }[]> {
    if (!this.bySound) {
      this.bySound = new Map();
      for (const [alias, held] of this.byAlias) {
        if (alias.length > 8) continue;
        const key = soundKey(alias);
        const list = this.bySound.get(key) ?? [];
        list.push({ alias, offices: listOf(held) });
        this.bySound.set(key, list);
      }
    }
    return this.bySound;
  }

  private pinyinIndex(): Map<string, Set<OfficeRef>> {
    if (!this.byPinyin) {
      this.byPinyin = new Map();
      for (const [alias, held] of this.byAlias) {
        if (alias.length > 8 || !/^[\u4e00-\u9fa5]+$/.test(alias)) continue;
        const offices = listOf(held);
        // 洪泽区 is also said Hongze in English.
        const bare = /^[\u4e00-\u9fa5]{2,}[区县市]$/.test(alias) ? [alias.slice(0, -1)] : [];
        for (const a of [alias, ...bare]) {
          const key = pinyinKey(a);
          const set = this.byPinyin.get(key) ?? new Set();
          for (const o of offices) set.add(o);
          this.byPinyin.set(key, set);
        }
      }
    }
    return this.byPinyin;
  }

  /** Pinyin and English names: "zhichu", "Zhichu Subdistrict", "chengguan town". */
  private resolveLatin(question: string): Pick<OfficeResolution, 'resolved' | 'ambiguous' | 'unknown'> {
    const out: Pick<OfficeResolution, 'resolved' | 'ambiguous' | 'unknown'> = {
      resolved: [],
      ambiguous: [],
      unknown: [],
    };
    const tokens = [...question.matchAll(/[A-Za-z]+/g)].map((m) => ({
      word: m[0],
      lower: m[0].toLowerCase(),
      at: m.index!,
    }));
    if (!tokens.length) return out;
    const index = this.pinyinIndex();
    const used = new Set<number>();
    for (let i = 0; i < tokens.length; i++) {
      let best: { n: number; offices: OfficeRef[] } | null = null;
      for (let n = Math.min(4, tokens.length - i); n >= 1 && !best; n--) {
        for (const key of latinKeys(tokens.slice(i, i + n).map((t) => t.lower))) {
          const hit = index.get(key);
          if (hit) {
            best = { n, offices: [...hit] };
            break;
          }
        }
      }
      if (!best) continue;
      let n = best.n;
      if (i + n < tokens.length && EN_SUFFIX[tokens[i + n].lower]) n++;
      const text = question.slice(tokens[i].at, tokens[i + n - 1].at + tokens[i + n - 1].word.length);
      for (let k = i; k < i + n; k++) used.add(k);
      if (best.offices.length === 1) out.resolved.push({ text, office: best.offices[0] });
      else out.ambiguous.push({ text, start: tokens[i].at, candidates: best.offices });
      i += n - 1;
    }
    // "Haidian District", "did haidian receive": a name in pinyin that no office has.
    const flagged = new Set<number>();
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (used.has(i) || used.has(i + 1) || !EN_OFFICE_WORD.test(tokens[i + 1].word)) continue;
      const syl = splitPinyin(tokens[i].lower);
      if (!syl || syl.length < 2 || EN_SUFFIX[tokens[i].lower]) continue;
      flagged.add(i);
      out.unknown.push({
        text: `${tokens[i].word} ${tokens[i + 1].word}`,
        suggestions: this.nearestLatin(tokens[i].lower),
        place: /district|county|city|province/i.test(tokens[i + 1].word),
      });
    }
    for (const slot of EN_NAME_SLOTS) {
      for (const m of question.matchAll(slot)) {
        const k = tokens.findIndex((t) => t.at === m.index! + m[0].indexOf(m[1]) && t.word === m[1]);
        if (k < 0 || used.has(k) || flagged.has(k)) continue;
        const syl = splitPinyin(tokens[k].lower);
        if (!syl || syl.length < 2 || EN_WORDS.has(tokens[k].lower)) continue;
        flagged.add(k);
        out.unknown.push({ text: tokens[k].word, suggestions: this.nearestLatin(tokens[k].lower), place: false });
      }
    }
    return out;
  }

  /** The stored offices nearest to unknown words, by edit distance over names and aliases. */
  nearest(text: string, n = 3): OfficeRef[] {
    const word = squash(text);
    // Near means sharing a character of the name itself, not only its ending (东风街道 is not near 洛北街道).
    const core = [...new Set(word.replace(SUFFIX_TAIL, ''))];
    const best = new Map<number, { o: OfficeRef; d: number }>();
    // Only names that share a character of the core are compared (an index by character).
    const candidates = new Set<string>();
    for (const c of core) for (const a of this.charIndex().get(c) ?? []) candidates.add(a);
    let seen = 0;
    for (const alias of candidates) {
      const offices = listOf(this.byAlias.get(alias)!);
      // Bounded: with many offices, only names of about the same length are compared.
      if (Math.abs(alias.length - word.length) > 2) continue;
      if (++seen > 5000) break;
      const d = editDistance(alias, word) / Math.max(alias.length, word.length);
      if (d > 0.67) continue;
      for (const o of offices) if (!best.has(o.id) || best.get(o.id)!.d > d) best.set(o.id, { o, d });
    }
    // 淮安市人民政府办公室 is nearest to 淮安市人民政府: a stored name inside the words comes first.
    if (!this.aliasRank) {
      this.aliasRank = new Map();
      for (const a of this.byAlias.keys()) this.aliasRank.set(a, this.aliasRank.size);
    }
    for (const alias of this.wordsIn(word, this.byAlias, this.maxLen, 3, this.aliasRank)) {
      for (const o of listOf(this.byAlias.get(alias)!)) best.set(o.id, { o, d: -alias.length });
    }
    return [...best.values()]
      .sort((a, b) => a.d - b.d)
      .slice(0, n)
      .map((x) => x.o);
  }

  /** Region words spelt in pinyin (Shandong, Luoyang), as the Chinese region words they stand for. */
  latinRegions(question: string): string[] {
    const out: string[] = [];
    // The table is built at the first Latin word: a question in Chinese alone never spells a name.
    for (const m of question.matchAll(/[A-Za-z]+/g)) {
      const w = this.regionPinyinIndex().get(m[0].toLowerCase());
      if (w && !out.includes(w)) out.push(w);
    }
    return out;
  }

  private regionPinyinIndex(): Map<string, string> {
    if (!this.regionPinyin) {
      this.regionPinyin = new Map();
      for (const w of this.regions.keys()) if (/^[\u4e00-\u9fa5]+$/.test(w)) this.regionPinyin.set(pinyinKey(w), w);
    }
    return this.regionPinyin;
  }

  private nearestLatin(word: string): OfficeRef[] {
    const best: { o: OfficeRef; d: number }[] = [];
    for (const [key, offices] of this.pinyinIndex()) {
      // Within half the length, or the distance cannot be within half either: no need to compute it.
      if (Math.abs(key.length - word.length) > Math.max(key.length, word.length) / 2) continue;
      const d = editDistance(key, word) / Math.max(key.length, word.length);
      if (d <= 0.5) for (const o of offices) best.push({ o, d });
    }
    best.sort((a, b) => a.d - b.d);
    return [...new Map(best.map((b) => [b.o.id, b.o])).values()].slice(0, 3);
  }
}

const SUFFIX_TAIL =
  /(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|街道办事处|街道办|街道|办事处|管理委员会|管委会|委员会|办公厅|办公室|政府|中心|[省市区县镇乡局委厅])+$/;

// Common English words that happen to spell pinyin syllables: never office names.
const EN_WORDS = new Set(
  'change changes among women china angle dune tune share sum one dance lane sense mean lean nine line mine shine anne long longer hang bang gang pan ban fan man can ran tan sang men hen pen ten then when die tie she he me we de le ne shed shine guide lead read reading banned zone gone done bone tone tense dense rain gain pain main again'.split(
    ' ',
  ),
);

/** Keys a run of Latin words may spell: joined, and with an English kind word as its pinyin. */
function latinKeys(words: string[]): string[] {
  const last = words[words.length - 1];
  const head = words.slice(0, -1).join('');
  const keys = [words.join('')];
  for (const p of EN_SUFFIX[last] ?? []) if (head) keys.push(head + p);
  return keys;
}

/** The sound of a name for the sound-alike index: each character's first reading. */
function soundKey(text: string): string {
  let key = '';
  for (const ch of text) key += `${/[\u4e00-\u9fa5]/.test(ch) ? (readings(ch)[0] ?? ch) : ch}|`;
  return key;
}

/** The region words of an office's region, with the province of its city when the region leaves it out. */
export function regionWordsOf(region: string | null): string[] {
  const province = provinceOf(region);
  return [...regionWords(region), ...(province ? regionWords(province) : [])];
}

/** Is the office in the place these words name (洛阳, 山东省, 芝罘区)? */
export function officeInRegion(o: Pick<OfficeRef, 'name' | 'region'>, words: string): boolean {
  return (o.region ?? '').includes(words) || o.name.includes(words) || regionWordsOf(o.region).includes(words);
}

/** "山东省烟台市芝罘区" → 山东省, 山东, 烟台市, 烟台, 芝罘区, 芝罘 (two characters at least). */
export function regionWords(region: string | null): string[] {
  if (!region) return [];
  const parts =
    region.match(/[\u4e00-\u9fa5]+?(?:自治区|自治州|自治县|特别行政区|省|市|州(?![市区县])|盟|地区|区|县|旗)/gu) ?? [];
  const out = new Set<string>();
  for (const p of parts) {
    out.add(p);
    const bare = p.replace(/(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|区|县|旗)$/, '');
    if (bare.length >= 2) out.add(bare);
    // 宁夏回族自治区 is said 宁夏; 延边朝鲜族自治州, 延边.
    const plain = bare.replace(
      /(?:回族|壮族|维吾尔|朝鲜族|藏族|蒙古族|土家族|苗族|彝族|哈萨克|傣族|白族|羌族|布依族|侗族|黎族|满族|瑶族)+$/,
      '',
    );
    if (plain.length >= 2) out.add(plain);
  }
  return [...out];
}

export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[B.length];
}
