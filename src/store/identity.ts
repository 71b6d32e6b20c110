// Office identity, as pure functions: when do two reports come from the same body?
// Names are compared after normalization (width, spaces, the region written in
// front of the name, 街道办事处 ≡ 街道, 镇人民政府 ≡ 镇), regions likewise.

/** Width-fold and drop whitespace, so 'Ｘ 镇' and 'X镇' compare equal. */
export function foldText(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

// One administrative unit: 山东省 | 烟台市 | 芝罘区 | 宁夏回族自治区 | 某某县 …
// 州 ends a unit only when no 市/区/县 follows: 徐州市 is one unit, not 徐州 + 市….
const UNIT = /^[\u4e00-\u9fa5]+?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|区|县|旗|州(?![市区县])|盟)/u;

/** Splits a region such as 山东省烟台市芝罘区 into its units. Text that is not a unit ends the split. */
export function regionUnits(region: string): string[] {
  const units: string[] = [];
  let rest = foldText(region);
  for (;;) {
    const m = UNIT.exec(rest);
    if (!m) break;
    units.push(m[0]);
    rest = rest.slice(m[0].length);
  }
  return units;
}

/**
 * Leading units of `name` that belong to the body itself (兴庆区人民政府, 兴庆区人民法院)
 * must stay; 人民路街道 after 荷塘区 is a street's name, and the unit in front of it is
 * its region (treating every 人民… as the body split one street office in two).
 */
function canStrip(rest: string): boolean {
  return rest.length >= 2 && !/^(?:人民)?(?:政府|法院|检察院|代表大会)/.test(rest);
}

function canonicalSuffix(name: string): string {
  return name.replace(/街道办事处$/, '街道').replace(/([镇乡]|街道)人民政府$/, '$1');
}

/**
 * The identity name of an office: folded, with the units of its region that the
 * name repeats at its start removed (银川市兴庆区胜利街街道办事处 in 银川市兴庆区 →
 * 胜利街街道), and the suffix made canonical.
 */
export function normalizeOfficeName(name: string, region: string | null): string {
  // A falsy region ('' or null) normalizes alike: one entry.
  const r = region || '';
  let byName = normalizedByRegion.get(r);
  const known = byName?.get(name);
  if (known !== undefined) return known;
  if (normalizedCount >= NORMALIZED_MAX) {
    normalizedByRegion.clear();
    normalizedCount = 0;
    byName = undefined;
  }
  if (!byName) normalizedByRegion.set(r, (byName = new Map()));
  const value = normalizeAnew(name, r || null);
  byName.set(name, value);
  normalizedCount++;
  return value;
}

// normalizeOfficeName is pure and costs ~8 µs (NFKC, the unit regex at each step), asked
// three times a save and again for each report of an office (issue 13): remembered, by
// region then name — the strings' own hashes, kept in them, where a joined key was a new
// string to hash at every call. Past NORMALIZED_MAX names the memo starts over.
const NORMALIZED_MAX = 20_000;
const normalizedByRegion = new Map<string, Map<string, string>>();
let normalizedCount = 0;

function normalizeAnew(name: string, region: string | null): string {
  let n = foldText(name);
  if (region) {
    const units = new Set(regionUnits(region));
    for (;;) {
      const m = UNIT.exec(n);
      if (!m || !units.has(m[0]) || !canStrip(n.slice(m[0].length))) break;
      n = n.slice(m[0].length);
    }
  }
  return canonicalSuffix(n);
}

/** Removes every leading administrative unit, whatever region; returns the units removed too. */
export function stripLeadingUnits(name: string): { units: string[]; rest: string } {
  let n = foldText(name);
  const units: string[] = [];
  for (;;) {
    const m = UNIT.exec(n);
    if (!m || !canStrip(n.slice(m[0].length))) break;
    units.push(m[0]);
    n = n.slice(m[0].length);
  }
  return { units, rest: canonicalSuffix(n) };
}

/**
 * Does a region tell namesakes of this kind apart? A township or a subdistrict lies
 * within a county: 洛阳市 alone holds several 城关镇, so only a region that reaches a
 * county-level unit (…区, …县, …旗, a city within a city) says which one it is.
 */
export function regionTellsApart(region: string | null, kind: string): boolean {
  if (!region) return false;
  if (kind !== '乡镇' && kind !== '街道') return true;
  const units = regionUnits(region);
  return (
    units.some((u) => /(?:区|县|旗)$/.test(u) && !/(?:自治区|地区)$/.test(u)) ||
    units.filter((u) => u.endsWith('市')).length >= 2
  );
}

/** The comparison key of a region; '' when unknown. */
export function regionKey(region: string | null): string {
  return region ? foldText(region) : '';
}

/** Alias lookup key: folded text. */
export function aliasKey(alias: string): string {
  return foldText(alias);
}

export interface OfficeCandidate {
  id: number;
  normName: string;
  regionKey: string;
  /**
   * 0 for the office itself; 1, 2 … for a further office of the same name and region,
   * kept apart because its report for a year conflicted with the first's (see fileReport).
   */
  namesake?: number;
}

export type OfficeMatch = { kind: 'existing'; id: number } | { kind: 'new' };

/**
 * The stored offices a report is the same office as, by name and region: the office
 * and its namesakes kept apart, the office itself first. Empty when it is a new office.
 * - same normalized name and same region → that office; a region written more
 *   fully with the same ending (山东省烟台市芝罘区 / 烟台市芝罘区) counts as the same;
 * - region unknown → the office of that name whose region is unknown too (or,
 *   when the name carries its region in front, 芝罘区只楚街道办事处 → the one 只楚街道
 *   in a region containing 芝罘区);
 * - a known region never joins an office of unknown region, nor the reverse: two
 *   namesakes are kept apart and the question engine asks which one is meant;
 * - otherwise a new office (城关镇 exists in hundreds of counties).
 * `sameName` must hold every stored office whose norm_name is `normName` or
 * `stripLeadingUnits(name).rest`.
 */
export function officeGroup(name: string, region: string | null, sameName: OfficeCandidate[]): OfficeCandidate[] {
  const normName = normalizeOfficeName(name, region);
  const key = regionKey(region);
  const ordered = (list: OfficeCandidate[]) =>
    list.slice().sort((a, b) => (a.namesake ?? 0) - (b.namesake ?? 0) || a.id - b.id);
  const exact = sameName.filter((c) => c.normName === normName && c.regionKey === key);
  if (exact.length) return ordered(exact);
  // The same region written more or less fully (山东省烟台市芝罘区 / 烟台市芝罘区) is the same place.
  if (key) {
    const nested = sameName.filter(
      (c) => c.normName === normName && c.regionKey && (c.regionKey.endsWith(key) || key.endsWith(c.regionKey)),
    );
    return new Set(nested.map((c) => c.regionKey)).size === 1 ? ordered(nested) : [];
  }
  // Region unknown: a region-less report never joins a namesake somewhere else
  // (城关镇 is in hundreds of counties); only a name that carries its units does.
  if (sameName.some((c) => c.normName === normName)) return [];
  const { units, rest } = stripLeadingUnits(name);
  if (units.length === 0) return [];
  const within = sameName.filter((c) => c.normName === rest && units.every((u) => c.regionKey.includes(u)));
  return new Set(within.map((c) => `${c.normName}|${c.regionKey}`)).size === 1 ? ordered(within) : [];
}

/** Which stored office a report belongs to by name and region alone: the office itself, or a new one. */
export function matchOffice(name: string, region: string | null, sameName: OfficeCandidate[]): OfficeMatch {
  const group = officeGroup(name, region, sameName);
  return group.length ? { kind: 'existing', id: group[0].id } : { kind: 'new' };
}

/** An office of the group, with its current report of the year being filed, if any. */
export interface GroupMember extends OfficeCandidate {
  held: { reportId: number; sourceFile: string; regionStated: boolean } | null;
}

export interface Filing {
  sourceFile: string;
  /**
   * The report's region says which body it is: read in its text or stated for it
   * (--region, a folder, a manifest, an assignment) and precise enough for its kind
   * (regionTellsApart). A region claimed by the registry on the name alone, or no
   * region, does not.
   */
  regionStated: boolean;
}

export type FilingDecision =
  /** Into this office: a year it does not hold yet, or a new version of the report it holds. */
  | { kind: 'existing'; id: number; replaces: number | null }
  /** A new office (namesake 0), or a namesake kept apart for a conflicting report. */
  | { kind: 'new'; namesake: number; conflictWith: number | null };

/**
 * Where a report of a year goes within its office group. Nothing is replaced on a
 * guess: a report replaces the one held only when it is the same file re-issued, or
 * when both regions say which body each is (same name, same stated region). Two
 * reports of one year under a name whose region tells nothing are a conflict: the new
 * one goes to a namesake office of its own, both stay current and answerable.
 */
export function fileReport(group: GroupMember[], filing: Filing): FilingDecision {
  if (group.length === 0) return { kind: 'new', namesake: 0, conflictWith: null };
  const reissued = group.find((c) => c.held?.sourceFile === filing.sourceFile);
  if (reissued) return { kind: 'existing', id: reissued.id, replaces: reissued.held!.reportId };
  const holders = group.filter((c) => c.held);
  if (holders.length === 0) return { kind: 'existing', id: group[0].id, replaces: null };
  const stated = filing.regionStated ? holders.find((c) => c.held!.regionStated) : undefined;
  if (stated) return { kind: 'existing', id: stated.id, replaces: stated.held!.reportId };
  // Which of the namesakes' series it continues would be a guess too: an office of its own.
  const namesake = Math.max(...group.map((c) => c.namesake ?? 0)) + 1;
  return { kind: 'new', namesake, conflictWith: holders[0].held!.reportId };
}

/** Where assignRegion moves a report: its own office, another's (replacing what that one holds), or a new one. */
export type AssignDestination =
  | { kind: 'stay' }
  | { kind: 'join'; officeId: number; supersedes: number | null }
  | { kind: 'new' };

/**
 * Where a report of office `from` goes when someone says it is in `region`. It stays when
 * that region is already its office's and no namesake shares the name; else it joins the
 * office of that name in that region (`others`: the group a report stating the region
 * would be filed into, less `from`), preferring one that holds no report of the year, and
 * replacing the report the joined office holds; with no such office, a new one.
 */
export function assignDestination(
  from: { regionKey: string; namesake: number },
  region: string,
  others: readonly GroupMember[],
): AssignDestination {
  if (regionKey(region) === from.regionKey && from.namesake === 0) return { kind: 'stay' };
  if (!others.length) return { kind: 'new' };
  const into = others.find((m) => !m.held) ?? others[0];
  return { kind: 'join', officeId: into.id, supersedes: into.held?.reportId ?? null };
}
