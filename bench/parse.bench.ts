// Parse throughput on a synthetic corpus, beside a reference: one plain pass over
// the same bytes (split into lines, one regex per line). Generation and HTML
// extraction happen before any timing.
import { extractBuffer } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import { gluedRowFor, solveGlued, templateRules } from '../src/parse/glued.js';
import { LAYOUTS, generateCorpus, gluedRuns, type CorpusTruth, type Layout } from '../tools/synth/index.js';
import { measure, p50, p99, target, type BenchResult } from './lib.js';

export const name = 'parse';

const REPORTS = 2000;
const SEED = 20210131;
const MB = 1e6;

/** The reference: the least any parser must do — look at every line once. */
function referencePass(texts: readonly string[]): number {
  const heading = /^\s*[一二三四五六七八九十]+、/;
  let hits = 0;
  for (const t of texts) for (const line of t.split('\n')) if (heading.test(line)) hits++;
  return hits;
}

export async function run(): Promise<BenchResult[]> {
  const texts: string[] = [];
  const layoutOf: Layout[] = [];
  const truths: CorpusTruth[] = [];
  for (const item of generateCorpus(REPORTS, SEED)) {
    truths.push(item.truth);
    // HTML pages reach the parser as extracted text, as in ingest.
    texts.push(
      item.layout === 'html' ? (await extractBuffer(Buffer.from(item.text, 'utf8'), item.name)).text : item.text,
    );
    layoutOf.push(item.layout);
  }
  const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);

  let sink = 0;
  const parse = await measure(
    () => {
      for (const t of texts) sink += Object.keys(parseReport(t).facts).length;
    },
    { warmup: 1, repeats: 5 },
  );
  const reference = await measure(
    () => {
      sink += referencePass(texts);
    },
    { warmup: 2, repeats: 9 },
  );
  // Per-report latency, one more pass.
  const each: number[] = [];
  const byLayout = new Map<Layout, number[]>();
  texts.forEach((t, i) => {
    const t0 = performance.now();
    sink += parseReport(t).findings.length;
    const ms = performance.now() - t0;
    each.push(ms);
    byLayout.set(layoutOf[i], [...(byLayout.get(layoutOf[i]) ?? []), ms]);
  });
  // The glued-cell solver alone, on every report's tables A, B and C printed with no
  // separator at all (the worst case: every row glued); a unique split that is not the truth is wrong.
  const glued = truths.map((t) => ({ t, runs: gluedRuns(t.facts, t.format), rules: templateRules(t.format) }));
  let unique = 0;
  let wrongSplits = 0;
  const solver = await measure(
    () => {
      unique = wrongSplits = 0;
      for (const { t, runs, rules } of glued) {
        const out = solveGlued(
          runs.map((r) => gluedRowFor(r.key, r.digits, t.format)),
          rules,
          () => undefined,
        );
        for (const r of runs) {
          const s = out.get(r.key)!;
          if (s.kind !== 'unique') continue;
          unique++;
          if (s.values.some((v, k) => v !== t.facts[r.ids[k]])) wrongSplits++;
        }
      }
    },
    { warmup: 1, repeats: 3 },
  );
  if (sink < 0) console.error(sink); // keep the work observable

  const parseS = parse.p50 / 1000;
  const refS = reference.p50 / 1000;
  const perSecond = texts.length / parseS;
  const ratio = parse.p50 / reference.p50;
  const corpus = `${texts.length} reports, ${(bytes / MB).toFixed(1)} MB, ${LAYOUTS.length} layouts`;
  return [
    {
      bench: name,
      metric: 'parse throughput',
      value: perSecond,
      unit: 'reports/s',
      target: target(perSecond, '>=', 2000),
      note: corpus,
    },
    { bench: name, metric: 'parse throughput', value: bytes / MB / parseS, unit: 'MB/s' },
    { bench: name, metric: 'reference pass (split + 1 regex/line)', value: bytes / MB / refS, unit: 'MB/s' },
    { bench: name, metric: 'parse / reference time', value: ratio, unit: '×', target: target(ratio, '<=', 10) },
    { bench: name, metric: 'parse latency p50', value: p50(each), unit: 'ms/report' },
    { bench: name, metric: 'parse latency p99', value: p99(each), unit: 'ms/report' },
    {
      bench: name,
      metric: 'parse pass p99 over repeats',
      value: parse.p99,
      unit: 'ms/pass',
      note: `${parse.samples.length} timed passes after 1 warm-up`,
    },
    {
      bench: name,
      metric: 'glued-cell solver, every row glued',
      value: solver.p50 / glued.length,
      unit: 'ms/report',
      note: `${unique} rows split uniquely, ${wrongSplits} wrong; ${glued.length} reports in ${solver.p50.toFixed(0)} ms`,
    },
    ...LAYOUTS.map((l): BenchResult => {
      const ms = byLayout.get(l) ?? [];
      return {
        bench: name,
        metric: `latency p50 / p99, ${l}`,
        value: p50(ms),
        unit: 'ms/report',
        note: `p99 ${p99(ms).toFixed(2)} ms, ${ms.length} reports`,
      };
    }),
  ];
}
