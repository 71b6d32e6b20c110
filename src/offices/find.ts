// Which office(s) a command's words name (核查 只楚, 暂停提醒 芝罘区的只楚, 确认 城关镇 2020):
// the same resolver the questions use (OfficeIndex.resolve), with what a command adds
// because its words are a name and nothing else. Pure. In order:
//   1. the words are exactly a name or alias (folded as the store folds them);
//   2. the question resolver: a short name, region words before a name (芝罘区的只楚),
//      a pinyin name, a one-character sound-alike slip (said in `understoodAs`); a
//      name-shaped word that fits nothing is refused with its nearest names;
//   3. region words alone (核查 洛阳): the offices of that region;
//   4. words inside names (核查 街道): every office holding them, to choose from;
//   5. nothing: the nearest names.
// Never another office for a name the index does not hold (城东街道 is not 城郊街道).
import { foldText } from '../store/identity.js';
import type { OfficeIndex, OfficeRef } from './resolver.js';

export interface FoundOffices<T extends OfficeRef = OfficeRef> {
  /** One office: the one meant. Several: ask which. None: see `nearest`. */
  offices: T[];
  /** The name the words were corrected to (只初 → 只楚), to be said in the reply. */
  understoodAs?: string;
  /** When nothing fits: the nearest names (may be empty). */
  nearest: T[];
}

export function findOffices<T extends OfficeRef>(index: OfficeIndex<T>, words: string): FoundOffices<T> {
  const q = foldText(words);
  if (!q) return { offices: [], nearest: [] };
  const names = (o: T) => [o.name, ...o.aliases].map(foldText);
  const exact = index.offices.filter((o) => names(o).includes(q));
  if (exact.length) return { offices: exact, nearest: [] };
  const r = index.resolve(words);
  if (r.unknown.length) return { offices: [], nearest: r.unknown[0].suggestions as T[] };
  if (r.ambiguous.length) return { offices: r.ambiguous[0].candidates as T[], nearest: [] };
  if (r.resolved.length === 1) {
    const [one] = r.resolved;
    return { offices: [one.office as T], ...(one.understoodAs ? { understoodAs: one.understoodAs } : {}), nearest: [] };
  }
  if (r.resolved.length > 1) return { offices: r.resolved.map((x) => x.office as T), nearest: [] };
  if (r.regionWords.length) {
    const inRegion = index.offices.filter((o) => r.regionWords.some((w) => (o.region ?? '').includes(w)));
    if (inRegion.length) return { offices: inRegion, nearest: [] };
  }
  const holding = index.offices.filter((o) => names(o).some((n) => n.includes(q)));
  if (holding.length) return { offices: holding, nearest: [] };
  return { offices: [], nearest: index.nearest(words) as T[] };
}
