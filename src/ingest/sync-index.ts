// Keeps the retrieval index in step with the store: chunks for every current
// report, none for replaced ones, and a moved report's chunks under its new office.
// Cheap when nothing changed (a set compare), so it runs after every ingest and at
// every start without rebuilding. On SQLite the chunks are cut from the report texts
// here; on a store that keeps search chunks (PostgreSQL) they are loaded with their
// vectors as the ingesting instance saved them, and embedded here only when none were
// saved (then saved, once, for the other instances).
import {
  chunkReport,
  embeddingsFromEnv,
  RetrievalIndex,
  type Chunk,
  type NamedEmbeddings,
} from '../retrieval/index.js';
import type { ReportOffices, ReportStore, ReportSummary } from '../store/index.js';
import { chunkOfStored, saveReportChunks, type StoredChunk } from './stored-chunks.js';

export interface OpenIndexOptions {
  env?: NodeJS.ProcessEnv;
  /** The configuration file's llm section (embedding model, endpoint). */
  llm?: { embeddingModel?: string; baseURL?: string } | null;
  onDenseError?: (err: Error) => void;
  /** The embeddings themselves (tests, benchmarks); default: from the environment and `llm`. */
  embeddings?: NamedEmbeddings;
}

/** The embeddings the search index uses, from the environment and the configuration (ingest saves chunks with them). */
export function indexEmbeddings(opts: Pick<OpenIndexOptions, 'env' | 'llm' | 'embeddings'> = {}): NamedEmbeddings {
  if (opts.embeddings) return opts.embeddings;
  return embeddingsFromEnv(opts.env ?? process.env, { model: opts.llm?.embeddingModel, baseURL: opts.llm?.baseURL });
}

/**
 * The search index of a data folder, opened the same way by ingest, ask and the
 * bot (same embeddings, office names taught to the tokenizer). An index built with
 * other embeddings (the model was changed) is embedded again from its stored chunks.
 * Each instance keeps its own, in its own data folder, whichever store it reads.
 */
export async function openRetrieval(
  dataDir: string,
  store: Pick<ReportStore, 'listOffices'>,
  opts: OpenIndexOptions = {},
): Promise<RetrievalIndex> {
  const embeddings = indexEmbeddings(opts);
  return RetrievalIndex.open(dataDir, embeddings, {
    userWords: (await store.listOffices()).flatMap((o) => o.aliases),
    onEmbeddingMismatch: 'reembed',
    ...(opts.onDenseError ? { onDenseError: opts.onDenseError } : {}),
  });
}

/** Reports whose chunks are embedded in one call (~11 chunks each). */
export const EMBED_BATCH = 32;
/** Reports whose stored chunks are read in one query (with their vectors, ~11 each). */
export const LOAD_BATCH = 500;

export interface SyncResult {
  added: number;
  removed: number;
  /** Of `added`: reports whose stored vectors were loaded, not embedded here (shared stores). */
  loaded?: number;
  /** Current reports left out for now: stored without chunks moments ago, by an instance still embedding them. */
  waiting?: number[];
}

export interface SyncOptions {
  /**
   * Shared stores: a current report stored without chunks is embedded here (and its chunks
   * saved) only when it was stored at least this long ago; younger ones are left to the
   * instance that stored it, whose saved chunks arrive with the next change notice.
   * Default 0: embed every one now (ingest, and a bot that filed the report itself).
   */
  embedMissingAfterMs?: number;
  /** The clock for that (tests). */
  now?: () => Date;
  /**
   * false: leave saving to the caller (a running bot saves now and then, not at every
   * notice: writing the index out costs more than a few new reports). Default true.
   */
  save?: boolean;
}

type SyncStore = Pick<
  ReportStore,
  'currentReports' | 'currentReportOffices' | 'listOffices' | 'reportText' | 'chunks' | 'saveChunks'
>;

/**
 * `stale`: reports whose chunks must be made again though they are current (moved to
 * another office by `nianbao assign`: chunks carry the office they were filed under;
 * a report whose office differs from its indexed chunks' is found stale by itself).
 */
export function syncRetrieval(
  store: SyncStore,
  index: RetrievalIndex,
  onProgress?: (done: number, total: number) => void,
  stale: Iterable<number> = [],
  opts: SyncOptions = {},
): Promise<SyncResult> {
  // One sync of an index at a time (a filed report's sync and a change notice's may meet):
  // each compares the index with the store, so one started after another finds its work done.
  const before = running.get(index) ?? Promise.resolve();
  const mine = before.then(
    () => syncOnce(store, index, onProgress, [...stale], opts),
    () => syncOnce(store, index, onProgress, [...stale], opts),
  );
  const settled = mine.then(
    () => {},
    () => {},
  );
  running.set(index, settled);
  void settled.then(() => {
    if (running.get(index) === settled) running.delete(index);
  });
  return mine;
}

const running = new WeakMap<RetrievalIndex, Promise<void>>();

async function syncOnce(
  store: SyncStore,
  index: RetrievalIndex,
  onProgress: ((done: number, total: number) => void) | undefined,
  stale: number[],
  opts: SyncOptions,
): Promise<SyncResult> {
  // Ids and offices alone (no summary a report: ~0.9 s of CPU at 100,000 reports); the
  // summaries are read only when some report is to be indexed.
  const current = await store.currentReportOffices();
  const wanted = officesById(current);
  for (const id of stale) wanted.delete(id);
  let removed = 0;
  for (const id of index.reportIds()) {
    const office = wanted.get(id);
    if (office === undefined || index.officeOf(id) !== office) {
      index.removeReport(id);
      removed++;
    }
  }
  const missing = await unindexed(store, index, current.reportIds);
  if (missing.length) {
    const words = new Set<string>();
    for (const o of await store.listOffices()) for (const a of o.aliases) words.add(a);
    index.addUserWords(words);
  }
  const { error, ...result }: Omit<SyncResult, 'removed'> & { error?: Error } = store.chunks
    ? await loadStored(store, index, missing, onProgress, opts)
    : await embedTexts(store, index, missing, onProgress);
  if ((result.added || removed) && opts.save !== false) await index.save();
  // Embedding failed for some reports: what could be indexed is, and saved; the rest is said.
  if (error) throw error;
  return { ...result, removed };
}

/** Each report's office by its id: a table indexed by id where ids are dense (a store's are), else a Map. */
function officesById({ reportIds, officeIds }: ReportOffices): Pick<Map<number, number>, 'get' | 'delete'> {
  let max = 0;
  for (let i = 0; i < reportIds.length; i++) max = Math.max(max, reportIds[i]);
  if (max > 4 * reportIds.length + 1024) return new Map(Array.from(reportIds, (id, i) => [id, officeIds[i]]));
  // -1: not a current report (office ids are never negative).
  const table = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < reportIds.length; i++) table[reportIds[i]] = officeIds[i];
  return {
    get: (id) => (Number.isInteger(id) && id >= 0 && id <= max && table[id] !== -1 ? table[id] : undefined),
    delete: (id) => {
      const held = Number.isInteger(id) && id >= 0 && id <= max && table[id] !== -1;
      if (held) table[id] = -1;
      return held;
    },
  };
}

/** The current reports the index lacks, as currentReports() lists them (none read when it lacks none). */
async function unindexed(
  store: Pick<ReportStore, 'currentReports'>,
  index: RetrievalIndex,
  reportIds: Int32Array,
): Promise<ReportSummary[]> {
  const lacking = new Set<number>();
  for (let i = 0; i < reportIds.length; i++) if (!index.hasReport(reportIds[i])) lacking.add(reportIds[i]);
  if (!lacking.size) return [];
  return (await store.currentReports()).filter((r) => lacking.has(r.id));
}

/** SQLite: each missing report's text cut into chunks and embedded, in batches (one embedding call each). */
async function embedTexts(
  store: Pick<ReportStore, 'reportText' | 'reportTexts'>,
  index: RetrievalIndex,
  missing: ReportSummary[],
  onProgress?: (done: number, total: number) => void,
): Promise<Omit<SyncResult, 'removed'>> {
  let done = 0;
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = [];
    const reports = missing.slice(i, i + EMBED_BATCH);
    const texts = await batchTexts(store, reports);
    for (let k = 0; k < reports.length; k++) {
      const r = reports[k];
      const text = texts[k];
      if (text === null) continue;
      batch.push({
        reportId: r.id,
        chunks: chunkReport(text, { reportId: r.id, officeId: r.officeId, office: r.officeName, year: r.year }),
      });
    }
    await index.addReports(batch);
    for (let j = i; j < Math.min(i + EMBED_BATCH, missing.length); j++) onProgress?.(++done, missing.length);
  }
  return { added: missing.length };
}

/** The reports' texts in their order: in one read where the store has one (SQLite), else one a report. */
async function batchTexts(
  store: Pick<ReportStore, 'reportText' | 'reportTexts'>,
  reports: readonly ReportSummary[],
): Promise<(string | null)[]> {
  if (store.reportTexts) return store.reportTexts(reports.map((r) => r.id));
  const texts: (string | null)[] = [];
  for (const r of reports) texts.push(await store.reportText(r.id));
  return texts;
}

/**
 * A shared store: the missing reports' stored chunks loaded, their vectors reused when
 * made by the same embeddings (else embedded here, for this index only); reports with no
 * stored chunks cut and embedded here and saved for the others (or, when stored moments
 * ago, left to the instance that stored them).
 */
async function loadStored(
  store: SyncStore,
  index: RetrievalIndex,
  missing: ReportSummary[],
  onProgress: ((done: number, total: number) => void) | undefined,
  opts: SyncOptions,
): Promise<Omit<SyncResult, 'removed'> & { error?: Error }> {
  const now = (opts.now ?? (() => new Date()))().getTime();
  const grace = opts.embedMissingAfterMs ?? 0;
  let done = 0;
  let added = 0;
  let loaded = 0;
  const waiting: number[] = [];
  let error: Error | undefined;
  for (let i = 0; i < missing.length; i += LOAD_BATCH) {
    const some = missing.slice(i, i + LOAD_BATCH);
    const byReport = new Map<number, StoredChunk[]>();
    for (const c of await store.chunks!({ reportIds: some.map((r) => r.id) })) {
      const list = byReport.get(c.reportId);
      if (list) list.push(c);
      else byReport.set(c.reportId, [c]);
    }
    const ready: { reportId: number; chunks: Chunk[]; vectors: number[][] }[] = [];
    const reembed: { reportId: number; chunks: Chunk[] }[] = [];
    const unchunked: ReportSummary[] = [];
    for (const r of some) {
      const stored = byReport.get(r.id);
      if (!stored) {
        if (grace > 0 && now - Date.parse(r.ingestedAt) < grace) waiting.push(r.id);
        else unchunked.push(r);
        continue;
      }
      const chunks = stored.map(chunkOfStored);
      if (stored.every((c) => c.vector && c.model === index.embeddings.embeddingId))
        ready.push({ reportId: r.id, chunks, vectors: stored.map((c) => c.vector!) });
      else reembed.push({ reportId: r.id, chunks });
    }
    await index.addEmbedded(ready);
    loaded += ready.length;
    added += ready.length;
    // Embedding here may fail (a model service down): the stored vectors loaded stay, and so do later pages.
    for (let j = 0; j < reembed.length; j += EMBED_BATCH) {
      const some = reembed.slice(j, j + EMBED_BATCH);
      await index.addReports(some).then(
        () => (added += some.length),
        (err) => (error ??= asError(err)),
      );
    }
    for (let j = 0; j < unchunked.length; j += EMBED_BATCH) {
      const some = unchunked.slice(j, j + EMBED_BATCH);
      await embedAndSave(store, index, some).then(
        () => (added += some.length),
        (err) => (error ??= asError(err)),
      );
    }
    done += some.length;
    onProgress?.(done, missing.length);
  }
  return { added, loaded, ...(waiting.length ? { waiting } : {}), ...(error ? { error } : {}) };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Reports stored without chunks: cut, embedded once, saved for every instance, and indexed here. */
async function embedAndSave(store: SyncStore, index: RetrievalIndex, reports: ReportSummary[]): Promise<void> {
  const inputs = [];
  for (const r of reports) {
    const text = await store.reportText(r.id);
    if (text !== null)
      inputs.push({ meta: { reportId: r.id, officeId: r.officeId, office: r.officeName, year: r.year }, text });
  }
  const { chunks, error } = await saveReportChunks(store, index.embeddings, inputs);
  // What was saved is indexed, whatever failed beside it.
  await index.addEmbedded([...chunks].map(([reportId, c]) => ({ reportId, ...c })));
  if (error) throw error;
}
