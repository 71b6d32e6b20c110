// Fully glued reports with known truth: facts chosen so that the digit runs split
// uniquely ('unique') or not ('ambiguous'), rendered in the glued layouts. What a parse
// must give back: every fact of `truth`, except the `ambiguous` ids, which stay null.
import type { FactId, ReportFormat } from '../../src/catalogue/facts.js';
import { gluedFacts, type GluedSplit } from './glued.js';
import { GLUED_LAYOUTS, type GluedLayout } from './layouts.js';
import { randomOffice } from './office.js';
import type { ReportTruth } from './prose.js';
import { renderReport } from './render.js';
import { mulberry32 } from './rng.js';

export interface GluedReport {
  name: string;
  text: string;
  layout: GluedLayout;
  truth: ReportTruth;
  /** Ids the template's sums cannot split uniquely: the parse must leave them null. */
  ambiguous: FactId[];
}

export interface GluedCorpusOptions {
  split: GluedSplit;
  layouts?: readonly GluedLayout[];
}

/** `n` glued reports, alternating formats, a quarter of them busy offices. */
export function* generateGluedCorpus(n: number, seed: number, opts: GluedCorpusOptions): Generator<GluedReport> {
  const rng = mulberry32(seed);
  const layouts = opts.layouts ?? GLUED_LAYOUTS;
  for (let i = 0; i < n; i++) {
    const layout = layouts[i % layouts.length];
    const format: ReportFormat = i % 2 === 0 ? '2019' : '2021';
    const office = randomOffice(rng);
    const year = format === '2021' ? rng.int(2021, 2024) : rng.int(2019, 2020);
    const { facts, ambiguous } = gluedFacts(rng, {
      format,
      profile: rng.chance(0.25) ? 'busy' : 'quiet',
      split: opts.split,
    });
    const truth: ReportTruth = { office: office.name, region: office.region, kind: office.kind, year, format, facts };
    const text = renderReport(truth, layout, rng.fork());
    yield { name: `${String(i).padStart(5, '0')}_${office.short}-${year}.txt`, text, layout, truth, ambiguous };
  }
}
