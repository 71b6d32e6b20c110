// Which registered offices have filed: the registry matched against the store's offices
// (by name and alias, with the store's own name normalization), and the store's current
// reports. An entry that matches no office, or several, is a start-up warning.
// The store may be either backend (src/store/report-store.ts): storeFilings reads what it
// needs once, awaited, and returns Filings the pure planner and status ask synchronously.
import type { FactId } from '../catalogue/facts.js';
import type { Office, ReportStore } from '../store/index.js';
import { foldText, normalizeOfficeName, regionUnits, stripLeadingUnits } from '../store/identity.js';
import { localDate } from './calendar.js';
import type { OfficeEntry, RemindConfig, Registry } from './config.js';
import { LAST_YEAR_FACTS, lastYearLine } from './messages.js';
import { candidateYears, officeKey, type Filings } from './plan.js';

export type StoreOffice = Pick<Office, 'id' | 'name' | 'region' | 'kind' | 'aliases'>;

export interface RegistryMatch {
  /** Registry name → the store offices it matches (one when all is well). */
  byKey: Map<string, StoreOffice[]>;
  /** Chinese, one line per problem, naming the entry. */
  warnings: string[];
}

function entryForms(e: OfficeEntry): Set<string> {
  const forms = new Set<string>();
  for (const n of [e.name, ...e.aliases]) {
    forms.add(foldText(n));
    forms.add(normalizeOfficeName(n, e.region ?? null));
    forms.add(stripLeadingUnits(n).rest);
  }
  return forms;
}

function officeForms(o: StoreOffice): Set<string> {
  return new Set([...o.aliases.map(foldText), foldText(o.name), normalizeOfficeName(o.name, o.region)]);
}

/** Two regions can be one place unless both are known and one is not inside the other. */
function regionsCompatible(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return true;
  const ua = regionUnits(a);
  const ub = regionUnits(b);
  const [short, long] = ua.length <= ub.length ? [ua, ub] : [ub, ua];
  if (short.length === 0) return foldText(a).includes(foldText(b)) || foldText(b).includes(foldText(a));
  return short.every((u) => long.includes(u));
}

const describe = (o: StoreOffice) => `${o.name}${o.region ? `（${o.region}）` : ''}`;

export function matchRegistry(registry: Registry, offices: readonly StoreOffice[]): RegistryMatch {
  const byKey = new Map<string, StoreOffice[]>();
  const warnings: string[] = [];
  const claimedBy = new Map<number, number[]>();
  const forms = offices.map((o) => ({ office: o, forms: officeForms(o) }));

  registry.forEach((entry, i) => {
    const mine = entryForms(entry);
    const found = forms
      .filter(
        ({ office, forms: f }) => [...mine].some((x) => f.has(x)) && regionsCompatible(entry.region, office.region),
      )
      .map(({ office }) => office);
    byKey.set(officeKey(entry), found);
    for (const o of found) claimedBy.set(o.id, [...(claimedBy.get(o.id) ?? []), i]);
    if (found.length === 0) {
      warnings.push(
        `offices[${i}]（${entry.name}）在数据库中没有对应的单位：导入它的年报之前一直按未报送提醒。` +
          `如果数据库里的名称不同，请在 aliases 中补上。`,
      );
    } else if (found.length > 1) {
      warnings.push(
        `offices[${i}]（${entry.name}）同时对应数据库中的 ${found.length} 个单位：${found.map(describe).join('、')}；` +
          `无法判断是否已报送，暂按未报送提醒。请在 region 中写明所属地区，或写出完整名称。`,
      );
    }
  });
  for (const [id, entries] of claimedBy) {
    if (entries.length < 2) continue;
    const office = offices.find((o) => o.id === id)!;
    warnings.push(
      `数据库中的单位 ${describe(office)} 同时对应配置中的 ${entries.map((i) => `offices[${i}]（${registry[i].name}）`).join('、')}。`,
    );
  }
  return { byKey, warnings };
}

export type FilingsStore = Pick<ReportStore, 'listOffices' | 'currentReports' | 'factValues'>;

export interface StoreFilings extends Filings {
  match: RegistryMatch;
}

/** The facts the last-year line quotes, read for every report of a year at once (no report read one by one). */
const LINE_FACTS: readonly FactId[] = LAST_YEAR_FACTS.map((f) => f.id);

/** One year's current reports: office id → report id. */
type YearReports = Map<number, number>;

/**
 * Filings read from the store. Filed = exactly one matched office and the store holds a
 * current report of it for the year. (An ambiguous match counts as not filed: a wrong
 * "filed" would silently stop the reminders; a wrong "missing" is visible and fixable.)
 *
 * `years`: the report years that will be asked (a wake: planner's candidateYears; 提醒状态:
 * its year); their reports and the year before each (for the last-year line) are read, and
 * nothing else. Without it every year is read. Asking a year that was not read throws:
 * answering "not filed" from data never read would send a reminder to an office that filed.
 */
export async function storeFilings(
  store: FilingsStore,
  registry: Registry,
  options: { years?: readonly number[] } = {},
): Promise<StoreFilings> {
  const match = matchRegistry(registry, await store.listOffices());
  const byYear = new Map<number, YearReports>();
  const add = (year: number, officeId: number, reportId: number) => {
    let m = byYear.get(year);
    if (!m) byYear.set(year, (m = new Map()));
    m.set(officeId, reportId);
  };
  // Facts of last year's reports, by report id (only current reports have rows).
  const lineFacts = new Map<number, { facts: Partial<Record<FactId, number | null>>; approximate: FactId[] }>();
  const addFacts = (rows: readonly { reportId: number; value: number | null; approximate: boolean }[], id: FactId) => {
    for (const r of rows) {
      let f = lineFacts.get(r.reportId);
      if (!f) lineFacts.set(r.reportId, (f = { facts: {}, approximate: [] }));
      f.facts[id] = r.value;
      if (r.approximate) f.approximate.push(id);
    }
  };
  // Every year, or the years asked and the year before each (whose reports give the last-year line).
  const asked = options.years ? new Set(options.years) : null;
  if (asked) {
    const read = [...new Set([...asked].flatMap((y) => [y, y - 1]))];
    const reports = await Promise.all(read.map((year) => store.currentReports({ year })));
    read.forEach((year, i) => reports[i].forEach((r) => add(year, r.officeId, r.id)));
  } else {
    for (const r of await store.currentReports()) add(r.year, r.officeId, r.id);
  }
  const lineYears = asked ? [...asked].map((y): number | undefined => y - 1) : [undefined];
  const factReads = lineYears.flatMap((year) => LINE_FACTS.map((id) => ({ id, year })));
  const factRows = await Promise.all(factReads.map((r) => store.factValues(r.id, r.year)));
  factReads.forEach((r, i) => addFacts(factRows[i], r.id));
  const loaded = (year: number) => asked === null || asked.has(year);
  const need = (year: number) => {
    if (!loaded(year)) throw new Error(`报送情况未读取 ${year} 年度的数据（storeFilings 的 years 未包含该年度）`);
  };
  const single = (key: string): StoreOffice | null => {
    const found = match.byKey.get(key);
    return found && found.length === 1 ? found[0] : null;
  };
  return {
    match,
    warnings: match.warnings,
    isFiled(key, year) {
      need(year);
      const o = single(key);
      return o !== null && byYear.get(year)?.get(o.id) !== undefined;
    },
    lastYearLine(key, year) {
      need(year);
      const o = single(key);
      const id = o ? byYear.get(year - 1)?.get(o.id) : undefined;
      const f = id === undefined ? undefined : lineFacts.get(id);
      return f ? lastYearLine(year - 1, f.facts as Record<FactId, number | null>, f.approximate) : null;
    },
  };
}

/** The scheduler's filings at each wake: read from the store, for the report years in season at that instant. */
export function filingsForWakes(store: FilingsStore, config: RemindConfig): (now: Date) => Promise<StoreFilings> {
  const { timezone } = config.reminders;
  return (now) => storeFilings(store, config.offices, { years: candidateYears(localDate(now, timezone)) });
}

/** Filings when there is no store yet: nobody has filed. */
export const noFilings: Filings = { isFiled: () => false, lastYearLine: () => null };
