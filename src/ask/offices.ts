// Which office(s) a question names: full names, short names and aliases, with
// region words to tell apart offices that share a short name (城关镇 is in
// hundreds of counties), and a typo-tolerant guess when nothing matches exactly.
import { squash } from '../parse/cells.js';

export interface OfficeRef {
  id: number;
  name: string;
  region: string | null;
  kind: string;
  aliases: string[];
}

export interface OfficeMention {
  /** The words of the question that named it. */
  text: string;
  start: number;
  candidates: OfficeRef[];
}

export interface OfficeResolution {
  /** Mentions resolved to exactly one office, in question order. */
  resolved: { text: string; office: OfficeRef }[];
  /** Mentions that fit several offices: ask which one. */
  ambiguous: OfficeMention[];
  /** Words that look like an office name but match none, with the closest offices. */
  unknown: { text: string; suggestions: OfficeRef[] }[];
  /** Region words found in the question (芝罘区, 洛阳), for narrowing. */
  regionWords: string[];
}

const NAME_SHAPE = /[\u4e00-\u9fa5]{2,10}?(?:街道办事处|街道办|街道|办事处|人民政府|镇|乡|局|委员会|办公室)/g;
// Words that end in 镇/乡/局… but are never an office name in a question.
const NOT_A_NAME = /^(?:哪些|哪个|哪几个|所有|各个?|全部|这个|那个|每个|有几个|多少个?|几个)/;

export class OfficeIndex {
  private readonly byAlias = new Map<string, OfficeRef[]>();
  private readonly maxLen: number;
  private readonly regions = new Map<string, string>();

  constructor(readonly offices: OfficeRef[]) {
    let max = 2;
    for (const o of offices) {
      for (const alias of new Set([o.name, ...o.aliases].map(squash))) {
        if (alias.length < 2) continue;
        const list = this.byAlias.get(alias) ?? [];
        if (!list.some((x) => x.id === o.id)) list.push(o);
        this.byAlias.set(alias, list);
        max = Math.max(max, alias.length);
      }
      for (const w of regionWords(o.region)) this.regions.set(w, o.region!);
    }
    this.maxLen = max;
  }

  resolve(question: string): OfficeResolution {
    const q = squash(question);
    const mentions: OfficeMention[] = [];
    for (let i = 0; i < q.length; ) {
      let found = false;
      for (let len = Math.min(this.maxLen, q.length - i); len >= 2; len--) {
        const sub = q.slice(i, i + len);
        const hit = this.byAlias.get(sub);
        if (hit) {
          mentions.push({ text: sub, start: i, candidates: hit });
          i += len;
          found = true;
          break;
        }
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
    const regionHits = [...this.regions.keys()].filter((w) => q.includes(w) && !mentions.some((m) => m.text === w));
    const resolved: OfficeResolution['resolved'] = [];
    const ambiguous: OfficeMention[] = [];
    for (const m of mentions) {
      let cands = m.candidates;
      // A full name said in full means that office, even when it is another's short name.
      if (cands.length > 1) {
        const byFullName = cands.filter((o) => squash(o.name) === m.text);
        if (byFullName.length === 1) cands = byFullName;
      }
      if (cands.length > 1 && regionHits.length) {
        const narrowed = cands.filter((o) => regionHits.some((w) => (o.region ?? '').includes(w) || o.name.includes(w)));
        if (narrowed.length) cands = narrowed;
      }
      if (cands.length === 1) {
        if (!resolved.some((r) => r.office.id === cands[0].id)) resolved.push({ text: m.text, office: cands[0] });
      } else ambiguous.push({ ...m, candidates: cands });
    }
    // A region word that is also the start of a resolved name is not a filter ("芝罘区只楚").
    const regionWordsLeft = regionHits.filter((w) => !resolved.some((r) => r.office.name.startsWith(w) && q.includes(r.office.name)));
    const unknown = mentions.length ? [] : this.guess(q);
    // A confident single typo match is treated as resolved.
    if (unknown.length === 1 && unknown[0].suggestions.length === 1 && (unknown[0] as { exactish?: boolean }).exactish) {
      return { resolved: [{ text: unknown[0].text, office: unknown[0].suggestions[0] }], ambiguous, unknown: [], regionWords: regionWordsLeft };
    }
    return { resolved, ambiguous, unknown, regionWords: regionWordsLeft };
  }

  /** Name-shaped words of the question that match nothing: the closest offices, a typo corrected when one is clear. */
  private guess(q: string): (OfficeResolution['unknown'][number] & { exactish?: boolean })[] {
    const out: (OfficeResolution['unknown'][number] & { exactish?: boolean })[] = [];
    // A few name-shaped words at most: each is compared with every alias.
    for (const m of [...q.matchAll(NAME_SHAPE)].slice(0, 3)) {
      let word = m[0];
      const lead = NOT_A_NAME.exec(word);
      if (lead) word = word.slice(lead[0].length);
      if (word.length < 3 || /^(?:街道|乡镇|部门|单位)/.test(word)) continue;
      const scored: { o: OfficeRef; d: number }[] = [];
      for (const [alias, offices] of this.byAlias) {
        if (Math.abs(alias.length - word.length) > 2) continue;
        const d = editDistance(alias, word);
        if (d <= Math.max(1, Math.floor(word.length / 3))) for (const o of offices) scored.push({ o, d });
      }
      scored.sort((a, b) => a.d - b.d);
      const best = new Map<number, { o: OfficeRef; d: number }>();
      for (const s of scored) if (!best.has(s.o.id)) best.set(s.o.id, s);
      const list = [...best.values()].slice(0, 3);
      const exactish = list.length > 0 && list[0].d === 1 && word.length >= 3 && (list.length === 1 || list[1].d > 1);
      out.push({ text: word, suggestions: exactish ? [list[0].o] : list.map((s) => s.o), exactish });
    }
    return out;
  }
}

/** "山东省烟台市芝罘区" → 山东省, 山东, 烟台市, 烟台, 芝罘区, 芝罘 (two characters at least). */
export function regionWords(region: string | null): string[] {
  if (!region) return [];
  const parts = region.match(/[\u4e00-\u9fa5]+?(?:自治区|自治州|自治县|特别行政区|省|市|州(?![市区县])|盟|地区|区|县|旗)/gu) ?? [];
  const out = new Set<string>();
  for (const p of parts) {
    out.add(p);
    const bare = p.replace(/(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|地区|区|县|旗)$/, '');
    if (bare.length >= 2) out.add(bare);
    // 宁夏回族自治区 is said 宁夏; 延边朝鲜族自治州, 延边.
    const plain = bare.replace(/(?:回族|壮族|维吾尔|朝鲜族|藏族|蒙古族|土家族|苗族|彝族|哈萨克|傣族|白族|羌族|布依族|侗族|黎族|满族|瑶族)+$/, '');
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
