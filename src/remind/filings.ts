// Which registered offices have filed: the registry matched against the store's offices
// (by name and alias, with the store's own name normalization), and the store's current
// reports. An entry that matches no office, or several, is a start-up warning.
import type { Office, Store } from '../store/index.js';
import { foldText, normalizeOfficeName, regionUnits, stripLeadingUnits } from '../store/identity.js';
import type { OfficeEntry, Registry } from './config.js';
import { lastYearLine } from './messages.js';
import { officeKey, type Filings } from './plan.js';

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
      .filter(({ office, forms: f }) => [...mine].some((x) => f.has(x)) && regionsCompatible(entry.region, office.region))
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

export type FilingsStore = Pick<Store, 'listOffices' | 'currentReports' | 'getReport'>;

export interface StoreFilings extends Filings {
  match: RegistryMatch;
}

/**
 * Filings read from the store. Filed = exactly one matched office and the store holds a
 * current report of it for the year. (An ambiguous match counts as not filed: a wrong
 * "filed" would silently stop the reminders; a wrong "missing" is visible and fixable.)
 */
export function storeFilings(store: FilingsStore, registry: Registry): StoreFilings {
  const match = matchRegistry(registry, store.listOffices());
  const yearCache = new Map<number, Map<number, number>>();
  const reportOf = (officeId: number, year: number): number | undefined => {
    let m = yearCache.get(year);
    if (!m) {
      m = new Map(store.currentReports({ year }).map((r) => [r.officeId, r.id]));
      yearCache.set(year, m);
    }
    return m.get(officeId);
  };
  const single = (key: string): StoreOffice | null => {
    const found = match.byKey.get(key);
    return found && found.length === 1 ? found[0] : null;
  };
  return {
    match,
    warnings: match.warnings,
    isFiled(key, year) {
      const o = single(key);
      return o !== null && reportOf(o.id, year) !== undefined;
    },
    lastYearLine(key, year) {
      const o = single(key);
      const id = o ? reportOf(o.id, year - 1) : undefined;
      if (id === undefined) return null;
      const report = store.getReport(id);
      return report ? lastYearLine(year - 1, report.facts, report.approximate) : null;
    },
  };
}

/** Filings when there is no store yet: nobody has filed. */
export const noFilings: Filings = { isFiled: () => false, lastYearLine: () => null };
