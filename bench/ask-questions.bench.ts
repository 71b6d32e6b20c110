// The project's own question set (test/questions/questions.yaml) through the bot
// core, as in test/questions.test.ts: how many answers are right, refused, asked
// back, missed, and — the figure that must stay 0 — wrong numbers. Named ask-… so
// that `npm run bench -- ask` runs it beside the synthetic ask benchmark.
// Aims (issue 9): ≥ 95% right, 0 wrong numbers.
import { formatMisses, formatSummary, runQuestions } from '../test/questions/run.js';
import { p50, p99, target, type BenchResult } from './lib.js';

export const name = 'ask-questions';

const RIGHT_AIM = 95;

export async function run(): Promise<BenchResult[]> {
  const { results, summary } = await runQuestions();
  console.error(formatSummary(summary));
  const wrong = formatMisses(results, ['wrong_number']);
  if (wrong) console.error(`wrong numbers:\n${wrong}`);
  const pct = (n: number) => (summary.asked ? (100 * n) / summary.asked : 0);
  const ms = results.filter((r) => r.outcome !== 'skipped').map((r) => r.ms);
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchResult> = {}): BenchResult => ({
    bench: name,
    metric,
    value,
    unit,
    ...extra,
  });
  const skipped = summary.skippedReason ? { note: summary.skippedReason } : {};
  return [
    row('questions asked', summary.asked, 'questions', {
      note: `${summary.skipped} skipped of ${summary.total}`,
      ...skipped,
    }),
    row('right', pct(summary.counts.right), '%', {
      target: target(pct(summary.counts.right), '>=', RIGHT_AIM),
      note: `${summary.counts.right} answers`,
    }),
    row('refused', pct(summary.counts.refused), '%', { note: `${summary.counts.refused} answers` }),
    row('asked back', pct(summary.counts.asked_back), '%', { note: `${summary.counts.asked_back} answers` }),
    row('missed', pct(summary.counts.missed), '%', {
      note: `${summary.counts.missed} answers: no number, or not what was asked`,
    }),
    row('wrong number', summary.counts.wrong_number, 'answers', {
      target: target(summary.counts.wrong_number, '<=', 0),
    }),
    row('answer latency p50', p50(ms), 'ms'),
    row('answer latency p99', p99(ms), 'ms'),
  ];
}
