// Saying where a report's office is (`nianbao assign`, the bot's 指定地区 has its own
// path through the core): the report moved to the office of that name in the region
// (src/ingest/conflicts.ts), in the store the configuration names (SQLite in the data
// folder, or PostgreSQL), and the search index brought along, since its chunks carry the
// office they were filed under. Words nothing beyond the outcome's own text.
import type { Config } from '../config/schema.js';
import { assignRegion } from '../ingest/conflicts.js';
import { openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { openReportStore } from './open-store.js';

export type AssignOutcome = Awaited<ReturnType<typeof assignRegion>>;

export interface AssignRun {
  outcome: AssignOutcome;
  /** Why the search index could not follow (numbers are not affected), or null. */
  indexError: string | null;
}

/** Throws StoreOpenError (Chinese, no password) when the configured database cannot be opened. */
export async function assignInData(
  dataDir: string,
  file: string,
  region: string,
  config: Pick<Config, 'store' | 'llm'>,
): Promise<AssignRun> {
  const store = await openReportStore(config, dataDir);
  try {
    const outcome = await assignRegion(store, file, region);
    let indexError: string | null = null;
    if (outcome.moved.length) {
      try {
        const index = await openRetrieval(dataDir, store, { llm: config.llm });
        await syncRetrieval(store, index, undefined, outcome.moved);
      } catch (err) {
        indexError = err instanceof Error ? err.message : String(err);
      }
    }
    return { outcome, indexError };
  } finally {
    await store.close();
  }
}
