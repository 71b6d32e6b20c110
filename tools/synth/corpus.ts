// A synthetic corpus: many reports with known truth, spread over layouts, formats
// and years 2019–2024, with the same office reporting several years and the same
// short name (城关镇) turning up in different regions.
import type { ReportFormat } from '../../src/catalogue/facts.js';
import { randomFacts, type Profile } from './facts.js';
import { LAYOUTS, type Layout } from './layouts.js';
import { officeKey, randomOffice, type SynthOffice } from './office.js';
import type { ReportTruth } from './prose.js';
import { renderReport, type ReportSpec } from './render.js';
import { mulberry32 } from './rng.js';

export type CorpusTruth = ReportTruth;

export interface CorpusItem {
  /** A unique file name: `00042_城关镇-2021.txt` (`.html` for the html layout). */
  name: string;
  text: string;
  layout: Layout;
  profile: Profile;
  truth: CorpusTruth;
  /** The office as drawn: its names and its identity (officeKey) known by construction. */
  office: SynthOffice;
}

export interface CorpusOptions {
  layouts?: readonly Layout[];
  /** Report years to draw from (default 2019–2024). */
  years?: readonly number[];
  /** Force one profile; default a mix, about a quarter busy. */
  profile?: Profile;
}

/** The format an office would use for a year: 2019's before 2021, mostly 2021's after. */
function formatFor(year: number, late2019: boolean): ReportFormat {
  return year <= 2020 || late2019 ? '2019' : '2021';
}

export function* generateCorpus(n: number, seed: number, opts: CorpusOptions = {}): Generator<CorpusItem> {
  const rng = mulberry32(seed);
  const layouts = opts.layouts ?? LAYOUTS;
  const years = opts.years ?? [2019, 2020, 2021, 2022, 2023, 2024];
  // About three reports per office; a quarter of new offices share the short name of an
  // earlier one. Drawn item by item, so a corpus of n is a prefix of a corpus of n + k.
  const pool: SynthOffice[] = [];
  const used = new Set<string>();
  let order: Layout[] = [];
  for (let i = 0; i < n; i++) {
    if (order.length === 0) order = rng.shuffle(layouts);
    const layout = order.pop()!;
    const fresh = () => {
      const o = pool.length > 0 && rng.chance(0.25) ? randomOffice(rng, rng.pick(pool)) : randomOffice(rng);
      pool.push(o);
      return o;
    };
    // One new office for every three reports, so each reports about three years.
    let office = pool.length * 3 < i + 1 ? fresh() : rng.pick(pool);
    let year = rng.pick(years);
    // Never the same office twice in one year: another year, else a new office.
    // One body, one report a year: 涧西区人民政府 and 洛阳市涧西区人民政府 in one region are one
    // body, by construction (officeKey), whatever name its title gives.
    const key = () => `${officeKey(office)}|${year}`;
    for (let tries = 0; used.has(key()); tries++) {
      if (tries < 8) year = rng.pick(years);
      else office = fresh();
    }
    used.add(key());
    const format = formatFor(year, rng.chance(0.1));
    const profile: Profile = opts.profile ?? (rng.chance(0.25) ? 'busy' : 'quiet');
    const facts = randomFacts(rng, { format, profile });
    const truth: CorpusTruth = { office: office.name, region: office.region, kind: office.kind, year, format, facts };
    const text = renderReport(truth, layout, rng.fork());
    const name = `${String(i).padStart(5, '0')}_${office.short}-${year}.${layout === 'html' ? 'html' : 'txt'}`;
    yield { name, text, layout, profile, truth, office };
  }
}

/**
 * One report drawn from a seed: an office, a year that fits the format, and facts of the
 * profile (default quiet). The same seed always gives the same report (for files printed
 * to PDF or Word by tests and benchmarks, one report at a time).
 */
export function randomReport(seed: number, format: ReportFormat, profile?: Profile): ReportSpec {
  const rng = mulberry32(seed);
  const office = randomOffice(rng);
  const year = format === '2021' ? rng.int(2021, 2024) : rng.int(2019, 2020);
  const facts = randomFacts(rng, { format, ...(profile ? { profile } : {}) });
  return { office: office.name, region: office.region, kind: office.kind, year, format, facts };
}
