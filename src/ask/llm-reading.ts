// A language model's reading of a question, checked before it is used: the shape,
// metric, offices and year it names must all be ones the engine knows, or the rules'
// own reading stands. The model never supplies a number (src/llm words passages only).
import type { OfficeIndex } from '../offices/index.js';
import { allMetrics, metricByKey } from './metrics.js';
import type { LanguageModel } from './engine.js';
import type { Query, Understanding, YearSpec } from './types.js';

/** The model's reading as a Query, or null when it names anything the store or the catalogue does not hold. */
export async function readWithLlm(
  q: string,
  rules: Understanding,
  llm: LanguageModel,
  index: OfficeIndex,
  years: number[],
  now: Date,
): Promise<Understanding | null> {
  const reading = await llm.understand(q, {
    offices: index.offices,
    metrics: allMetrics().map((m) => ({ key: m.key, zh: m.label.zh, en: m.label.en })),
    years,
    now,
  });
  if (!reading || reading.shape === 'unknown') return null;
  const metric = reading.metricKey ? metricByKey(reading.metricKey) : null;
  if (reading.metricKey && !metric) return null;
  const known = new Set(index.offices.map((o) => o.id));
  if (reading.officeIds.some((id) => !known.has(id))) return null;
  const year: YearSpec = reading.year
    ? { kind: 'explicit', year: reading.year }
    : reading.relativeYear !== null
      ? { kind: 'relative', offset: reading.relativeYear }
      : { kind: 'latest' };
  const lang = rules.ok ? rules.query.lang : rules.lang;
  const query: Query = {
    lang: reading.lang ?? lang,
    shape: reading.shape,
    officeIds: reading.officeIds,
    metric,
    year,
    text: q,
  };
  return { ok: true, query: { ...query, ...(reading.rank ? { rank: reading.rank } : {}) } };
}
