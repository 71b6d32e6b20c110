// Everything a question needs, opened from a data folder: the store, the retrieval
// index beside it (synced, not rebuilt; opened at the first passage search, since a
// number needs none of it), the optional language model, and the engine over them.
// Opening writes nothing into the store: filling an empty store with the samples and
// reading old reports' prose facts is src/app/prepare-store.ts, run by the commands.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Hit, RetrievalIndex } from '../retrieval/index.js';
import type { LiveRetrieval } from '../ingest/live-index.js';
import type { ReportStore } from '../store/index.js';
import { openReportStore } from './open-store.js';
// Not the folder's face: whether a model is configured is asked without loading the
// model's modules (zod, pino), which load only when one is (issue 13, cold start).
import { llmSettings } from '../llm/settings.js';
import type { Asker, LanguageModel, Retriever } from '../ask/engine.js';
import { createAsker } from '../render/asker.js';

export interface OpenedAsker {
  store: ReportStore;
  asker: Asker;
  /** The search index once a search has opened it (null before, or when it cannot be opened). */
  retrieval: RetrievalIndex | null;
  /** Opens the search index now (a bot warming up, a benchmark) rather than at the first search. */
  openRetrieval(): Promise<RetrievalIndex | null>;
  /** Sync the retrieval index and the office index after an ingest. */
  refresh(): Promise<void>;
  close(): void;
}

export interface OpenAskerOptions {
  data: string;
  config?: Config | null;
  env?: NodeJS.ProcessEnv;
  /** Where to say what the search index is doing (default: stderr). */
  say?: (line: string) => void;
  /** A store already open (the bot shares one): either backend. */
  store?: ReportStore;
  /** The language model; by default from OPENAI_BASE_URL + NIANBAO_CHAT_MODEL or the config's llm section, else none. */
  llm?: LanguageModel | null;
  /**
   * When the office index's pinyin tables are built (AskerOptions.warm): at open (default),
   * 'after-answer' (a start: its first answer waits for nothing it may not need), or false
   * (`nianbao ask`: one question and done, built only if it needs them).
   */
  warm?: boolean | 'after-answer';
}

/** Opens the engine over a data folder (or a store already open); never writes into the store. */
export async function openAsker(opts: OpenAskerOptions): Promise<OpenedAsker> {
  const say = opts.say ?? ((l: string) => process.stderr.write(`${l}\n`));
  const env = opts.env ?? process.env;
  const dataDir = path.resolve(opts.data);
  // Without a store: the one the configuration names (SQLite in the folder, or PostgreSQL).
  const store: ReportStore = opts.store ?? (await openReportStore(opts.config, dataDir));
  const llmConfig = opts.config?.llm;
  let retrieval: RetrievalIndex | null = null;
  let quote: ((hit: Hit, q: string) => string[]) | null = null;
  // The search index (jieba, hnswlib, every saved chunk) loads at the first search,
  // not at start: `ask` about a number answers without it (issue 13, cold start).
  let opening: Promise<void> | null = null;
  // A store shared by several instances (PostgreSQL): this instance's index follows the
  // stored chunks by itself (told of new reports; src/ingest/live-index.ts), never reopened.
  let live: LiveRetrieval | null = null;
  const openIndex = async () => {
    try {
      const { openRetrieval, syncRetrieval } = await import('../ingest/sync-index.js');
      const { bestSentences } = await import('../retrieval/index.js');
      quote = (hit, q) => bestSentences(hit, q, 2);
      if ((store as ReportStore).chunks) {
        const { openLiveRetrieval } = await import('../ingest/live-index.js');
        const onDenseError = (err: Error) => say(`向量检索暂不可用，改用关键词检索：${err.message}`);
        live = await openLiveRetrieval(dataDir, store, {
          env,
          llm: llmConfig,
          onDenseError,
          onError: (err) => say(`全文检索索引未能更新：${err.message}`),
        });
        retrieval = live.index;
        return;
      }
      retrieval = await openRetrieval(dataDir, store, {
        env,
        llm: llmConfig,
        onDenseError: (err) => say(`向量检索暂不可用，改用关键词检索：${err.message}`),
      });
      const synced = await syncRetrieval(store, retrieval);
      if (synced.added > 20) say(`已为 ${synced.added} 份年报建立全文检索索引。`);
      // An index saved by an older version lacks the dictionary lookup: written once, here.
      retrieval.keepLexicon();
    } catch (err) {
      // Numbers do not need retrieval: answer them, and say why passages are off.
      say(`全文检索索引无法打开，只能回答表格数字：${err instanceof Error ? err.message : String(err)}`);
      retrieval = null;
    }
  };
  const ensureIndex = () => (opening ??= openIndex());
  const retriever: Retriever = {
    search: async (q, o) => {
      await ensureIndex();
      if (live) return live.search(q, o);
      return retrieval ? retrieval.search(q, o) : [];
    },
    quote: (hit, q) => (quote ? quote(hit, q) : [hit.chunk.text]),
  };
  let llm = opts.llm;
  if (llm === undefined) {
    llm = null;
    if (llmSettings(env, { llm: llmConfig })) {
      const { asLanguageModel, llmFromEnv } = await import('../llm/index.js');
      const client = llmFromEnv(env, { llm: llmConfig });
      llm = client ? asLanguageModel(client) : null;
    }
  }
  const engine = createAsker({ store, retriever, llm, ...(opts.warm !== undefined ? { warm: opts.warm } : {}) });
  // Reports ingested by another process (`nianbao ingest` beside a running bot):
  // SQLite's data_version moves when another connection commits; then reload the
  // index it saved, and resync.
  // Awaited: on PostgreSQL the counter is a round trip (a Promise never equals the last one).
  const stamp = async () => store.externalChanges();
  let seen = await stamp();
  const refresh = async () => {
    // Reloaded from what the other process saved, at the next search (a live index follows by itself).
    if (!live) {
      opening = null;
      retrieval = null;
    }
    seen = await stamp();
    await engine.refresh();
  };
  const asker: Asker = {
    async ask(question, context) {
      // The counter and the answer side by side: on PostgreSQL one round trip's wait, not two.
      // When another process wrote meanwhile, that answer is dropped and made again after the
      // refresh, as if the refresh had come first.
      const [stamped, answered] = await Promise.allSettled([stamp(), engine.ask(question, context)]);
      if (stamped.status === 'rejected') throw stamped.reason;
      if (stamped.value !== seen) {
        await refresh();
        return engine.ask(question, context);
      }
      if (answered.status === 'rejected') throw answered.reason;
      return answered.value;
    },
    refresh: () => engine.refresh(),
  };
  return {
    store,
    asker,
    get retrieval() {
      return live ? live.index : retrieval;
    },
    async openRetrieval() {
      await ensureIndex();
      return live ? live.index : retrieval;
    },
    refresh,
    close() {
      // Stops listening and saves the index; not awaited, since close() is synchronous.
      void live?.close();
      if (!opts.store) store.close();
    },
  };
}
