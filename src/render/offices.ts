// The one office list (单位列表 / "list the offices"), in Chinese and English: the bot's
// command and the engine's offices answer word it here. Pure. What to pass:
//   `renderOfficeList({ year, offices: [{ name, region, years }] }, lang)` — `year` the
//   year asked for (null: every year), `years` the office's stored years (any order).
// Offices are grouped by region, regions and names in Chinese order, offices with no
// region last; a region's own list (某地区有哪些单位) is phrases' regionOffices.
import type { Lang } from '../ask/types.js';

export interface ListedOffice {
  name: string;
  region: string | null;
  /** The office's stored years; empty when it holds none yet. */
  years: readonly number[];
}

export interface OfficeList {
  /** The year asked for; null when the list is of every year. */
  year: number | null;
  offices: readonly ListedOffice[];
}

const NO_REGION = { zh: '未注明地区', en: 'region not stated' } as const;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function renderOfficeList(list: OfficeList, lang: Lang): string {
  return lang === 'en' ? officeListEn(list) : officeListZh(list);
}

/** The offices by region, in the order shown; the region-less last. */
function byRegion(offices: readonly ListedOffice[]): [string | null, ListedOffice[]][] {
  const groups = new Map<string | null, ListedOffice[]>();
  for (const o of offices) groups.set(o.region, [...(groups.get(o.region) ?? []), o]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-CN')))
    .map(([region, list]) => [region, [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))]);
}

const sorted = (ys: readonly number[]) => [...ys].sort((a, b) => a - b);

function officeListZh(list: OfficeList): string {
  if (list.offices.length === 0) {
    return list.year === null ? '还没有收录任何单位的年报。' : `还没有收录任何单位 ${list.year} 年度的年报。`;
  }
  const n = list.offices.length;
  const lines = [
    list.year === null ? `已收录 ${n} 个单位（按地区）：` : `${list.year} 年度已收录 ${n} 个单位的报告（按地区）：`,
  ];
  for (const [region, offices] of byRegion(list.offices)) {
    lines.push(`【${region ?? NO_REGION.zh}】`);
    for (const o of offices) lines.push(`· ${o.name}${o.years.length ? `（${sorted(o.years).join('、')}）` : ''}`);
  }
  return lines.join('\n');
}

function officeListEn(list: OfficeList): string {
  if (list.offices.length === 0) {
    return list.year === null ? 'I have no reports yet.' : `I have no ${list.year} reports yet.`;
  }
  const n = list.offices.length;
  const lines = [
    list.year === null
      ? `I have reports from ${plural(n, 'office')} (years in brackets):`
      : `${plural(n, 'office')} ${n === 1 ? 'has' : 'have'} filed a ${list.year} report:`,
  ];
  for (const [region, offices] of byRegion(list.offices)) {
    lines.push(`${region ?? `(${NO_REGION.en})`}:`);
    for (const o of offices) lines.push(`  · ${o.name}${o.years.length ? ` (${sorted(o.years).join(', ')})` : ''}`);
  }
  return lines.join('\n');
}
