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

/** Leading units of `name` that belong to the governing body itself (兴庆区人民政府) must stay. */
function canStrip(rest: string): boolean {
  return rest.length >= 2 && !/^(人民政府|政府|人民)/.test(rest);
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
}

export type OfficeMatch =
  | { kind: 'existing'; id: number }
  | { kind: 'new' };

/**
 * Decides which stored office a report belongs to.
 * - same normalized name and same region → that office; a region written more
 *   fully with the same ending (山东省烟台市芝罘区 / 烟台市芝罘区) counts as the same;
 * - region unknown → the one office of that name whose region is unknown too (or,
 *   when the name carries its region in front, 芝罘区只楚街道办事处 → the one 只楚街道
 *   in a region containing 芝罘区);
 * - a known region never joins an office of unknown region, nor the reverse: two
 *   namesakes are kept apart and the question engine asks which one is meant;
 * - otherwise a new office (城关镇 exists in hundreds of counties).
 * `sameName` must hold every stored office whose norm_name is `normName` or
 * `stripLeadingUnits(name).rest`.
 */
export function matchOffice(
  name: string,
  region: string | null,
  sameName: OfficeCandidate[],
): OfficeMatch {
  const normName = normalizeOfficeName(name, region);
  const key = regionKey(region);
  const exact = sameName.find((c) => c.normName === normName && c.regionKey === key);
  if (exact) return { kind: 'existing', id: exact.id };
  // The same region written more or less fully (山东省烟台市芝罘区 / 烟台市芝罘区) is the same place.
  const nested = key ? sameName.filter((c) => c.normName === normName && c.regionKey && (c.regionKey.endsWith(key) || key.endsWith(c.regionKey))) : [];
  if (nested.length === 1) return { kind: 'existing', id: nested[0].id };

  const byName = sameName.filter((c) => c.normName === normName);
  if (!region) {
    // Only an office whose region is unknown too: a region-less report must never
    // replace the report of a namesake somewhere else (城关镇 is in hundreds of counties).
    const unknown = byName.filter((c) => c.regionKey === '');
    if (unknown.length === 1) return { kind: 'existing', id: unknown[0].id };
    if (byName.length === 0) {
      const { units, rest } = stripLeadingUnits(name);
      if (units.length > 0) {
        const within = sameName.filter((c) => c.normName === rest && units.every((u) => c.regionKey.includes(u)));
        if (within.length === 1) return { kind: 'existing', id: within[0].id };
      }
    }
    return { kind: 'new' };
  }
  return { kind: 'new' };
}
