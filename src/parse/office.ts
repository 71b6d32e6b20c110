// Who wrote the report and for which year: title, office, region, kind,
// the short names people use, and the report's own date (落款).
import { fold, squash } from './cells.js';
import type { Line } from './lines.js';
import type { OfficeKind } from './types.js';

export interface TitleInfo {
  office: string | null;
  year: number | null;
  /** Line where the title starts. */
  line: number | null;
}

const TITLE_TAIL = /(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)/;
const OFFICE_TAIL = /(?:人民政府|政府办公室|办公室|办事处|街道|镇|乡|局|委员会|委|厅|署|中心|院|所|队|站|办|管委会|管理委员会)$/;
const YEAR_IN_TITLE = /(19|20)\d{2}\s*年度?/;

/**
 * The title is the first short line that names a year and 信息公开…报告; it may
 * be broken over two lines ("城郊街道2020年度政府信息" / "公开工作报告") and may sit
 * under page furniture (site banners, 打印/字体 links).
 */
export function findTitle(lines: Line[]): TitleInfo {
  const candidates = lines.slice(0, 80).filter((l) => l.text.trim() !== '');
  for (let i = 0; i < candidates.length; i++) {
    const one = squash(candidates[i].text);
    if (one.length > 80 || !YEAR_IN_TITLE.test(one)) continue;
    for (const text of [one, one + squash(candidates[i + 1]?.text ?? '')]) {
      if (text.length > 90) continue;
      const m = /^(.*?)((?:19|20)\d{2})年度?(.*)$/.exec(text);
      if (!m || !TITLE_TAIL.test(m[3])) continue;
      let office = cleanOfficeName(m[1]);
      // "淮安市人民政府" / "2024 年政府信息公开工作年度报告": the name is the line above.
      const above = i > 0 ? squash(candidates[i - 1].text) : '';
      if (!office && above.length >= 2 && above.length <= 30 && OFFICE_TAIL.test(above) && !/[，。：；]/.test(above)) office = cleanOfficeName(above);
      return { office: office || null, year: Number(m[2]), line: candidates[i].no };
    }
  }
  return { office: null, year: null, line: null };
}

function cleanOfficeName(s: string): string {
  return s
    .replace(/^[《“"'「【\[(（]+/, '')
    .replace(/^关于/, '')
    .replace(/[：:，,、\-—_]+$/, '')
    .trim();
}

/** A later fallback for the year: the statistics period "自2020年1月1日起至2020年12月31日止". */
export function yearFromPeriod(text: string): number | null {
  const m = /至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日/.exec(text);
  return m ? Number(m[1]) : null;
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
    const m = new RegExp(`^[\\u4e00-\\u9fa5]{1,7}?${ADMIN_UNIT}`, 'u').exec(rest);
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
export function findRegion(officeName: string | null, text: string): string | null {
  // parseReport passes text it has already folded; fold() is then a no-op scan.
  const folded = fold(text).replace(/\s+/g, '');
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
    const back = folded.slice(Math.max(0, at - 16), at);
    const run = /[\u4e00-\u9fa5]*$/u.exec(back)![0];
    for (let k = 0; k < run.length; k++) {
      const tail = run.slice(k);
      const before = k > 0 ? run[k - 1] : '';
      if (before && !FUNCTION_CHARS.has(before)) continue;
      if (FUNCTION_CHARS.has(tail[0]) || !endsWith.test(tail) || !validChain(tail)) continue;
      if (!best || tail.length > best.length) best = tail;
      break;
    }
  }
  return best;
}

// Governments a report cites: "洛阳市人民政府办公室", "兴庆区政务服务…". Found by the
// marker words and read backwards, which is far cheaper than a regex over the text.
const GOVERNMENT_MARKERS = ['人民政府', '政府办公室', '政务'];
const CITED_UNIT = /(?:省|自治区|市|县|区)$/;

function citedGovernments(folded: string): string[] {
  const out: string[] = [];
  for (const marker of GOVERNMENT_MARKERS) {
    for (let at = folded.indexOf(marker); at >= 0; at = folded.indexOf(marker, at + marker.length)) {
      const run = /[\u4e00-\u9fa5]*$/u.exec(folded.slice(Math.max(0, at - 12), at))![0];
      for (let k = 0; k < run.length - 1; k++) {
        const tail = run.slice(k);
        const before = k > 0 ? run[k - 1] : '';
        if (before && !FUNCTION_CHARS.has(before)) continue;
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
  return parts.join('') === s && parts.every((p) => p.length >= 2 && (p.length <= 5 || /自治[区州县旗]$|特别行政区$|地区$/.test(p)) && p.length <= 9);
}


// ---------- aliases ----------

/**
 * Short names people use: "芝罘区只楚街道办事处" → 只楚街道办事处, 只楚街道办, 只楚街道,
 * 只楚; "城关镇人民政府" → 城关镇, 城关. The full name is always first.
 */
export function officeAliases(name: string): string[] {
  const out = new Set<string>([name]);
  const gov = /^(.*[省市区县旗州盟])?([^省市区县旗州盟]{1,7}[省市区县旗州盟])人民政府$/.exec(name);
  const prefix = gov ? gov[1] ?? '' : regionPrefix(name);
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
 * ("2022年政府信息公开工作年度报告" under a site banner): a short line among the last
 * few that ends like an office's name.
 */
export function findSignatureOffice(lines: Line[]): string | null {
  const tail = lines.filter((l) => l.text.trim() !== '').slice(-6).reverse();
  for (const l of tail) {
    const s = squash(l.text);
    if (s.length < 3 || s.length > 30 || /[，。；：:,;、]/.test(s) || /\d/.test(s)) continue;
    if (OFFICE_TAIL.test(s)) return cleanOfficeName(s);
  }
  return null;
}

// ---------- the report's own date ----------

const DATE_RE = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;

/** The 落款 date: a short line with a full date among the last lines of the text. */
export function findReportDate(lines: Line[]): { date: string; line: number } | null {
  const tail = lines.filter((l) => l.text.trim() !== '').slice(-8).reverse();
  for (const l of tail) {
    const s = squash(l.text);
    if (s.length > 24) continue;
    const m = DATE_RE.exec(s);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, line: l.no };
  }
  return null;
}
