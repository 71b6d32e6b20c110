// Shared pieces of the benchmark harness: result shape, timing with warm-up and
// repeats, percentiles, targets, and the printed table.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

export interface Target {
  op: '>=' | '<=';
  value: number;
  met: boolean;
}

export interface BenchResult {
  /** The module that measured it (`parse`, `ingest`, …). */
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** A goal the figure is compared with; missing a target is reported, never fatal. */
  target?: Target;
  note?: string;
}

/** What every `bench/*.bench.ts` exports. */
export interface BenchModule {
  name: string;
  run(): Promise<BenchResult[]>;
}

export interface Timing {
  /** Milliseconds per run, in the order measured. */
  samples: number[];
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** The maker of one bench's rows at one corpus size: the size is said in every metric's name. */
export function rowsAt(
  bench: string,
  reports: number,
): (metric: string, value: number, unit: string, extra?: Partial<BenchResult>) => BenchResult {
  const tag = `${reports.toLocaleString('en-US')} reports`;
  return (metric, value, unit, extra = {}) => ({ bench, metric: `${metric} [${tag}]`, value, unit, ...extra });
}

/** The p-th percentile (0–100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const p50 = (samples: readonly number[]) => percentile(samples, 50);
export const p99 = (samples: readonly number[]) => percentile(samples, 99);

export function summarize(samples: readonly number[]): Timing {
  return {
    samples: [...samples],
    min: Math.min(...samples),
    p50: p50(samples),
    p99: p99(samples),
    max: Math.max(...samples),
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

export interface MeasureOptions {
  /** Runs thrown away first, so the JIT has compiled the hot paths (default 1). */
  warmup?: number;
  /** Timed runs (default 5). */
  repeats?: number;
}

/** Time `fn` over several runs; each sample is one whole call, in milliseconds. */
export async function measure(fn: () => unknown, opts: MeasureOptions = {}): Promise<Timing> {
  const { warmup = 1, repeats = 5 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export function target(value: number, op: '>=' | '<=', goal: number): Target {
  return { op, value: goal, met: op === '>=' ? value >= goal : value <= goal };
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Display width of a string: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const pad = (s: string, w: number, right = false) =>
  right ? ' '.repeat(Math.max(0, w - width(s))) + s : s + ' '.repeat(Math.max(0, w - width(s)));

/** A plain-text table of results, one row per figure. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.bench,
    r.metric,
    fmt(r.value),
    r.unit,
    r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.target.met ? 'met' : 'NOT MET'}` : '',
    r.note ?? '',
  ]);
  const head = ['bench', 'metric', 'value', 'unit', 'target', 'note'];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], i === 2))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Time `fn` once per item (after `warmup` untimed calls on the first items), so each
 * sample is one question, one query…: the per-call latency distribution.
 */
export async function timeEach<T, R>(
  items: readonly T[],
  fn: (item: T, i: number) => R | Promise<R>,
  warmup = 0,
): Promise<{ samples: number[]; results: R[] }> {
  for (let i = 0; i < Math.min(warmup, items.length); i++) await fn(items[i], i);
  const samples: number[] = [];
  const results: R[] = [];
  for (let i = 0; i < items.length; i++) {
    const t0 = performance.now();
    const r = await fn(items[i], i);
    samples.push(performance.now() - t0);
    results.push(r);
  }
  return { samples, results };
}

/** Bytes of the files under `dir`, recursively (0 when it does not exist). */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/**
 * Corpus sizes for a scale bench from its own environment variable ("1000,10000"), else
 * NIANBAO_BENCH_SIZES (every scale bench at once: 1000,10000,100000), else the default.
 */
export function sizesFromEnv(variable: string, fallback = '1000'): number[] {
  return (process.env[variable] ?? process.env.NIANBAO_BENCH_SIZES ?? fallback)
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
}

/** How a fact answer that gives another year than the truth's is classed (the ask bench). */
export type YearMismatch = 'said year missing' | 'latest known, year said' | 'other year';

/**
 * Classes a fact answer whose year is not the truth's, against the years the store
 * actually holds for the office the answer names (`held`: the current years of each
 * stored office of that name; one list in the usual case, several for namesakes).
 * - 'said year missing': the answer says the asked year has no report, that office truly
 *   holds none for it, and the year given instead is one it holds;
 * - 'latest known, year said': no year was asked, the year given is the latest that office
 *   holds, and the answer names it;
 * - anything else — a year the store does not hold for that office, or not its latest — is
 *   'other year': a wrong number. (Naming the year alone proves nothing: every answer names
 *   the year it gives.)
 */
export function classifyYearMismatch(input: {
  question: string;
  askedYear: number;
  answer: string;
  answeredYear: number;
  held: readonly (readonly number[])[];
}): YearMismatch {
  const { question, askedYear, answer, answeredYear } = input;
  const names = (year: number) => new RegExp(`(?<!\\d)${year}(?!\\d)`).test(answer);
  // Only the offices of that name that hold the year answered can be the one answered about.
  const candidates = input.held.filter((years) => years.includes(answeredYear));
  // "没有X 2021 年度的报告，以下是最新的 2023 年度：" says so before giving another year.
  const saysMissing = new RegExp(`没有.*${askedYear} 年度的报告|no ${askedYear} report`).test(answer);
  if (saysMissing && candidates.some((years) => !years.includes(askedYear))) return 'said year missing';
  const yearAsked = /(?<!\d)\d{4}(?!\d)/.test(question);
  if (!yearAsked && names(answeredYear) && candidates.some((years) => Math.max(...years) === answeredYear))
    return 'latest known, year said';
  return 'other year';
}
