// Keeps the retrieval index in step with the store: chunks for every current
// report, none for replaced ones. Cheap when nothing changed (a set compare),
// so it runs after every ingest and at every start without rebuilding.
import { chunkReport, embeddingsFromEnv, RetrievalIndex } from '../retrieval/index.js';
import type { Store } from '../store/index.js';

export interface OpenIndexOptions {
  env?: NodeJS.ProcessEnv;
  /** The configuration file's llm section (embedding model, endpoint). */
  llm?: { embeddingModel?: string; baseURL?: string } | null;
  onDenseError?: (err: Error) => void;
}

/**
 * The search index of a data folder, opened the same way by ingest, ask and the
 * bot (same embeddings, office names taught to the tokenizer). An index built with
 * other embeddings (the model was changed) is embedded again from its stored chunks.
 */
export async function openRetrieval(dataDir: string, store: Store, opts: OpenIndexOptions = {}): Promise<RetrievalIndex> {
  const embeddings = embeddingsFromEnv(opts.env ?? process.env, { model: opts.llm?.embeddingModel, baseURL: opts.llm?.baseURL });
  return RetrievalIndex.open(dataDir, embeddings, {
    userWords: store.listOffices().flatMap((o) => o.aliases),
    onEmbeddingMismatch: 'reembed',
    ...(opts.onDenseError ? { onDenseError: opts.onDenseError } : {}),
  });
}

/** Reports whose chunks are embedded in one call (~11 chunks each). */
export const EMBED_BATCH = 32;

export interface SyncResult {
  added: number;
  removed: number;
}

/**
 * `stale`: reports whose chunks must be made again though they are current (moved to
 * another office by `nianbao assign`: chunks carry the office they were filed under).
 */
export async function syncRetrieval(
  store: Store,
  index: RetrievalIndex,
  onProgress?: (done: number, total: number) => void,
  stale: Iterable<number> = [],
): Promise<SyncResult> {
  const current = store.currentReports();
  const wanted = new Set(current.map((r) => r.id));
  for (const id of stale) wanted.delete(id);
  let removed = 0;
  for (const id of index.reportIds()) {
    if (!wanted.has(id)) {
      index.removeReport(id);
      removed++;
    }
  }
  const missing = current.filter((r) => !index.hasReport(r.id));
  if (missing.length) {
    const words = new Set<string>();
    for (const o of store.listOffices()) for (const a of o.aliases) words.add(a);
    index.addUserWords(words);
  }
  // Embedded in batches of reports: one call to the embedding model per batch.
  let done = 0;
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = [];
    for (const r of missing.slice(i, i + EMBED_BATCH)) {
      const text = store.reportText(r.id);
      if (text === null) continue;
      batch.push({ reportId: r.id, chunks: chunkReport(text, { reportId: r.id, officeId: r.officeId, office: r.officeName, year: r.year }) });
    }
    await index.addReports(batch);
    for (let j = i; j < Math.min(i + EMBED_BATCH, missing.length); j++) onProgress?.(++done, missing.length);
  }
  if (missing.length || removed) await index.save();
  return { added: missing.length, removed };
}
