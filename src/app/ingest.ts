// Storing reports, as `nianbao ingest` does it, into the store the configuration names
// (the SQLite database in the data folder, or PostgreSQL): the files read and stored
// (src/ingest), old reports' prose facts read (the explicit step of prepare-store.ts),
// and this data folder's search index brought up to date here, on ingest, so that the
// bot never rebuilds it at start. On PostgreSQL each report's search chunks and vectors
// are saved with it, once, for every instance. Words nothing: the command prints the results.
import type { Config, LlmConfig } from '../config/schema.js';
import { ingestPaths, type IngestOptions, type IngestProgress, type IngestResult } from '../ingest/index.js';
import { indexEmbeddings, openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { openReportStore } from './open-store.js';
import { backfillProseFacts } from './prepare-store.js';

export interface IngestIntoOptions extends Omit<IngestOptions, 'store' | 'embeddings' | 'onChunkError'> {
  /** The configuration's llm section (its embedding model indexes the new reports). */
  llm?: LlmConfig;
  /** The configuration's store (`store:` / DATABASE_URL); absent: SQLite in the data folder. */
  store?: Config['store'];
  /** Progress of the search index update (done of total reports). */
  onIndexProgress?: (p: IngestProgress) => void;
}

export interface IngestRun {
  results: IngestResult[];
  /** Why the search index could not be updated (numbers are not affected), or null. */
  indexError: string | null;
}

/**
 * Ingests `paths` into the configured store and the search index of `dataDir`; never
 * throws for one bad file (throws StoreOpenError when the database cannot be opened).
 */
export async function ingestIntoData(dataDir: string, paths: string[], opts: IngestIntoOptions): Promise<IngestRun> {
  const { llm, onIndexProgress, store: storeConfig, ...ingest } = opts;
  const store = await openReportStore({ store: storeConfig }, dataDir);
  try {
    let indexError: string | null = null;
    // A shared store keeps the chunks: they are embedded here, once, and saved with their reports.
    const embeddings = store.saveChunks ? indexEmbeddings({ llm }) : undefined;
    const onChunkError = (err: Error) => {
      indexError = err.message;
    };
    const results = await ingestPaths(paths, { ...ingest, store, ...(embeddings ? { embeddings, onChunkError } : {}) });
    await backfillProseFacts(store);
    const moved = results.flatMap((r) => r.assigned?.moved ?? []);
    if (
      moved.length ||
      results.some((r) => r.status === 'added' || r.status === 'replaced' || r.status === 'conflict')
    ) {
      try {
        const index = await openRetrieval(dataDir, store, { llm });
        await syncRetrieval(
          store,
          index,
          (done, total) => onIndexProgress?.({ done, total, file: '' } as IngestProgress),
          moved,
        );
        indexError = null; // what the batches could not embed, the sync did
      } catch (err) {
        indexError = err instanceof Error ? err.message : String(err);
      }
    }
    return { results, indexError };
  } finally {
    await store.close();
  }
}
