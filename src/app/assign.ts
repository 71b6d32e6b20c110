// Saying where a report's office is (`nianbao assign`, the bot's 指定地区 has its own
// path through the core): the report moved to the office of that name in the region
// (src/ingest/conflicts.ts), and the search index brought along, since its chunks carry
// the office they were filed under. Words nothing beyond the outcome's own text.
import type { LlmConfig } from '../config/schema.js';
import { assignRegion } from '../ingest/conflicts.js';
import { openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { openStore } from '../store/index.js';

export type AssignOutcome = ReturnType<typeof assignRegion>;

export interface AssignRun {
  outcome: AssignOutcome;
  /** Why the search index could not follow (numbers are not affected), or null. */
  indexError: string | null;
}

export async function assignInData(dataDir: string, file: string, region: string, opts: { llm?: () => Promise<LlmConfig | undefined> } = {}): Promise<AssignRun> {
  const store = openStore(dataDir);
  try {
    const outcome = assignRegion(store, file, region);
    let indexError: string | null = null;
    if (outcome.moved.length) {
      try {
        const index = await openRetrieval(dataDir, store, { llm: await opts.llm?.() });
        await syncRetrieval(store, index, undefined, outcome.moved);
      } catch (err) {
        indexError = err instanceof Error ? err.message : String(err);
      }
    }
    return { outcome, indexError };
  } finally {
    store.close();
  }
}
