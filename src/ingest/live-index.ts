// The search index of a running instance, kept in step with a store other instances
// write to. On a store that keeps search chunks (PostgreSQL): told of every committed
// write (store.onChange, LISTEN/NOTIFY), with a poll of the change counter as the
// fallback when notices are lost, and checked once more before each search, so a search
// never misses a report another instance stored more than a moment ago; new reports'
// chunks are loaded with their stored vectors (src/ingest/sync-index.ts), never embedded
// again. On SQLite it does what the app did before: when another process has committed
// and saved its index files, the index is opened again from them at the next search.
// Never throws from the background: errors go to onError, and the index answers as it is.
import type { Hit, RetrievalIndex, SearchOptions } from '../retrieval/index.js';
import type { ReportStore } from '../store/index.js';
import { openRetrieval, syncRetrieval, type OpenIndexOptions, type SyncResult } from './sync-index.js';

export interface LiveRetrievalOptions extends OpenIndexOptions {
  /** How often the change counter is read when no notice came (ms; default 5,000). */
  pollMs?: number;
  /** A notice starts a sync after this quiet time, so a batch's notices make one sync (ms; default 100). */
  debounceMs?: number;
  /**
   * A report stored without chunks is embedded here only once it is this old (ms; default
   * 60,000): before that, the instance that stored it is still saving them.
   */
  embedMissingAfterMs?: number;
  /** The index is written to the data folder at most this often while running, and on close (ms; default 60,000). */
  saveEveryMs?: number;
  /** After each sync that changed the index (the asker forgets what it cached). */
  onSynced?: (result: SyncResult) => void;
  /** A sync or save that failed (the index keeps answering from what it holds). */
  onError?: (err: Error) => void;
}

export interface LiveRetrieval {
  /** The index as it is now (on SQLite, replaced when another process saved a newer one). */
  readonly index: RetrievalIndex;
  /** Brings the index up to date when the store changed since the last sync (one counter read when it did not). */
  fresh(): Promise<void>;
  /** fresh(), then the index's search. */
  search(query: string, opts?: SearchOptions): Promise<Hit[]>;
  /** Stops listening and polling; saves what is unsaved. */
  close(): Promise<void>;
}

type LiveStore = Pick<
  ReportStore,
  | 'currentReports'
  | 'currentReportOffices'
  | 'listOffices'
  | 'reportText'
  | 'chunks'
  | 'saveChunks'
  | 'onChange'
  | 'externalChanges'
>;

/** Opens `dataDir`'s index over `store` and keeps it in step (see the header). */
export async function openLiveRetrieval(
  dataDir: string,
  store: LiveStore,
  opts: LiveRetrievalOptions = {},
): Promise<LiveRetrieval> {
  const shared = Boolean(store.chunks);
  const onError = (err: unknown) => opts.onError?.(err instanceof Error ? err : new Error(String(err)));
  const syncOpts = { embedMissingAfterMs: opts.embedMissingAfterMs ?? 60_000, save: false };
  let index = await openRetrieval(dataDir, store, opts);
  // The counter is read before each sync: a write landing during the sync moves it again.
  let seen = await store.externalChanges();
  let waiting = false;
  let lastSave = Date.now();

  const saveIfDue = async (force: boolean) => {
    if (!index.unsaved || (!force && Date.now() - lastSave < (opts.saveEveryMs ?? 60_000))) return;
    lastSave = Date.now();
    await index.save();
  };

  const syncNow = async () => {
    seen = await store.externalChanges();
    if (!shared) {
      // SQLite: the writer saved its index files; open them rather than embedding again.
      if (index.changedOnDisk()) index = await openRetrieval(dataDir, store, opts);
      const r = await syncRetrieval(store, index, undefined, [], { save: false });
      if (r.added || r.removed) opts.onSynced?.(r);
      return;
    }
    const r = await syncRetrieval(store, index, undefined, [], syncOpts);
    waiting = Boolean(r.waiting?.length);
    if (r.added || r.removed) opts.onSynced?.(r);
    await saveIfDue(false);
  };

  // One sync at a time; a request while one runs makes exactly one more after it.
  let running: Promise<void> | null = null;
  let again = false;
  const sync = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await syncNow();
        } while (again);
      } catch (err) {
        onError(err);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  await sync();
  // What the first sync built is written at once: the next start (a one-shot `ask` too) opens it.
  await saveIfDue(true).catch(onError);

  let closed = false;
  const stops: (() => Promise<void>)[] = [];
  let debounce: NodeJS.Timeout | null = null;
  if (shared && store.onChange) {
    try {
      stops.push(
        await store.onChange(() => {
          if (closed) return;
          if (debounce) clearTimeout(debounce);
          debounce = setTimeout(() => void sync(), opts.debounceMs ?? 100);
          debounce.unref?.();
        }),
      );
    } catch (err) {
      onError(err); // no notices: the poll below still finds every change
    }
  }
  const changed = async () => waiting || (await store.externalChanges()) !== seen;
  const poll = setInterval(() => {
    if (closed || running) return;
    changed().then(
      (yes) => (yes ? sync() : saveIfDue(false)),
      (err) => onError(err),
    );
  }, opts.pollMs ?? 5_000);
  poll.unref?.();

  const fresh = async () => {
    if (running) await running;
    if (await changed()) await sync();
  };
  return {
    get index() {
      return index;
    },
    fresh,
    async search(query, searchOpts) {
      await fresh();
      return index.search(query, searchOpts);
    },
    async close() {
      closed = true;
      clearInterval(poll);
      if (debounce) clearTimeout(debounce);
      for (const stop of stops) await stop().catch(onError);
      if (running) await running;
      await saveIfDue(true).catch(onError);
    },
  };
}
