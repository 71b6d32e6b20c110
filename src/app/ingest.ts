// Storing reports into a data folder, as `nianbao ingest` does it: the files read and
// stored (src/ingest), old reports' prose facts read (the explicit step of
// prepare-store.ts), and the search index brought up to date here, on ingest, so that
// the bot never rebuilds it at start. Words nothing: the command prints the results.
import type { LlmConfig } from '../config/schema.js';
import { ingestPaths, type IngestOptions, type IngestProgress, type IngestResult } from '../ingest/index.js';
import { openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { openStore } from '../store/index.js';
import { backfillProseFacts } from './prepare-store.js';

export interface IngestIntoOptions extends Omit<IngestOptions, 'store'> {
  /** The configuration's llm section (its embedding model indexes the new reports). */
  llm?: LlmConfig;
  /** Progress of the search index update (done of total reports). */
  onIndexProgress?: (p: IngestProgress) => void;
}

export interface IngestRun {
  results: IngestResult[];
  /** Why the search index could not be updated (numbers are not affected), or null. */
  indexError: string | null;
}

/** Ingests `paths` into the data folder `dataDir`; never throws for one bad file. */
export async function ingestIntoData(dataDir: string, paths: string[], opts: IngestIntoOptions): Promise<IngestRun> {
  const { llm, onIndexProgress, ...ingest } = opts;
  const store = openStore(dataDir);
  try {
    const results = await ingestPaths(paths, { ...ingest, store });
    await backfillProseFacts(store);
    let indexError: string | null = null;
    const moved = results.flatMap((r) => r.assigned?.moved ?? []);
    if (moved.length || results.some((r) => r.status === 'added' || r.status === 'replaced' || r.status === 'conflict')) {
      try {
        const index = await openRetrieval(dataDir, store, { llm });
        await syncRetrieval(store, index, (done, total) => onIndexProgress?.({ done, total, file: '' } as IngestProgress), moved);
      } catch (err) {
        indexError = err instanceof Error ? err.message : String(err);
      }
    }
    return { results, indexError };
  } finally {
    store.close();
  }
}
