// Follow-ups: what a question carried over or corrected, said with its answer, and
// the context it leaves for the next question of the same person (那部分公开呢, 城郊呢,
// 去年呢, "and 洛北?"). The engine is pure: the caller keeps the context.
import type { Env } from './read.js';
import type { Outcome, Result } from './results.js';
import type { AskContext, Query } from './types.js';

/** A follow-up that only swaps the one office of the last question (and 洛北?), which named no table row. */
export function isOfficeSwap(query: Query, context: AskContext | null | undefined, q: string): boolean {
  if (!context?.question || context.officeWords?.length !== 1) return false;
  return query.officeWords?.length === 1 && !query.metric && query.shape === 'passage' && isBareFollowUp(q);
}

/** A follow-up that names an office and little else: 城郊呢, and 洛北?, what about 只楚? */
function isBareFollowUp(q: string): boolean {
  const rest = q.replace(/[?？。.!！\s]+$/g, '');
  return (/呢$|^(?:and|what about|how about)\b/i.test(rest) && rest.length <= 24) || rest.length <= 6;
}

/** Says what was corrected or carried over, and leaves the context for a follow-up. */
export function finish(result: Result, query: Query, env: Env): Outcome {
  const name = (id: number) => env.index.byId(id)?.name ?? String(id);
  const carried = query.carried ?? [];
  const said = {
    ...(carried.includes('office') ? { offices: query.officeIds.map(name) } : {}),
    ...(carried.includes('metric') && query.metric ? { metric: query.metric } : {}),
    ...(carried.includes('year') && query.year.kind === 'explicit' ? { year: query.year.year } : {}),
    ...(carried.includes('question') ? { question: query.text } : {}),
  };
  // The year as asked carries over; the year the answer was about (the latest, when
  // none was asked) is what 去年呢 counts back from.
  const answeredYears = [...new Set(result.facts.map((f) => f.year))];
  const answeredYear =
    answeredYears.length === 1
      ? { answeredYear: answeredYears[0] }
      : query.year.kind === 'explicit'
        ? { answeredYear: query.year.year }
        : {};
  const context: AskContext = {
    officeIds: query.officeIds,
    metricKey: query.metric?.key ?? null,
    year: query.year,
    ...answeredYear,
    lang: query.lang,
    ...(query.shape === 'each' ? { shape: 'each' as const } : {}),
    ...(query.officeWords?.length ? { question: query.text, officeWords: query.officeWords } : {}),
  };
  return {
    lang: query.lang,
    result,
    understood: query.understood ?? [],
    carried: carried.length ? said : null,
    context,
  };
}
