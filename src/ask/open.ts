// Everything a question needs, opened from a data folder: the store (filled from
// the bundled corpus when empty), the retrieval index beside it (synced, not
// rebuilt), the optional language model, and the engine over them.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { ensureCorpus } from '../ingest/index.js';
import { openRetrieval, syncRetrieval } from '../ingest/sync-index.js';
import { bestSentences, type RetrievalIndex } from '../retrieval/index.js';
import { openStore, type Store } from '../store/index.js';
import { asLanguageModel, llmFromEnv } from '../llm/index.js';
import { createAsker, type Asker, type LanguageModel, type Retriever } from './engine.js';

export interface OpenedAsker {
  store: Store;
  asker: Asker;
  retrieval: RetrievalIndex | null;
  /** Sync the retrieval index and the office index after an ingest. */
  refresh(): Promise<void>;
  close(): void;
}

export interface OpenAskerOptions {
  data: string;
  config?: Config | null;
  env?: NodeJS.ProcessEnv;
  /** Where to say what first-run work is being done (default: stderr). */
  say?: (line: string) => void;
  /** A store already open (the bot shares one). */
  store?: Store;
  /** The language model; by default from OPENAI_BASE_URL + NIANBAO_CHAT_MODEL or the config's llm section, else none. */
  llm?: LanguageModel | null;
  /** false: never fill an empty store with the bundled samples (a deployment; see src/config/demo.ts). */
  demo?: boolean;
}

export async function openAsker(opts: OpenAskerOptions): Promise<OpenedAsker> {
  const say = opts.say ?? ((l: string) => process.stderr.write(`${l}\n`));
  const env = opts.env ?? process.env;
  const dataDir = path.resolve(opts.data);
  const store = opts.store ?? openStore(dataDir);
  if (opts.demo !== false && store.counts().reports === 0) {
    say('首次运行：正在导入自带的年报样本……');
    const results = await ensureCorpus(store);
    say(`已导入 ${results.filter((r) => r.status === 'added').length} 份年报。`);
  }
  const llmConfig = opts.config?.llm;
  let retrieval: RetrievalIndex | null = null;
  const openIndex = async () => {
    try {
      retrieval = await openRetrieval(dataDir, store, { env, llm: llmConfig, onDenseError: (err) => say(`向量检索暂不可用，改用关键词检索：${err.message}`) });
      const synced = await syncRetrieval(store, retrieval);
      if (synced.added > 20) say(`已为 ${synced.added} 份年报建立全文检索索引。`);
    } catch (err) {
      // Numbers do not need retrieval: answer them, and say why passages are off.
      say(`全文检索索引无法打开，只能回答表格数字：${err instanceof Error ? err.message : String(err)}`);
      retrieval = null;
    }
  };
  await openIndex();
  const retriever: Retriever = {
    search: async (q, o) => (retrieval ? retrieval.search(q, o) : []),
    quote: (hit, q) => bestSentences(hit, q, 2),
  };
  let llm = opts.llm;
  if (llm === undefined) {
    const client = llmFromEnv(env, { llm: llmConfig });
    llm = client ? asLanguageModel(client) : null;
  }
  const engine = createAsker({ store, retriever, llm });
  // Reports ingested by another process (`nianbao ingest` beside a running bot):
  // SQLite's data_version moves when another connection commits; then reload the
  // index it saved, and resync.
  const stamp = () => store.externalChanges();
  let seen = stamp();
  const refresh = async () => {
    await openIndex();
    engine.refresh();
    seen = stamp();
  };
  const asker: Asker = {
    async ask(question, context) {
      if (stamp() !== seen) await refresh();
      return engine.ask(question, context);
    },
    refresh: () => engine.refresh(),
  };
  return {
    store,
    asker,
    get retrieval() {
      return retrieval;
    },
    refresh,
    close() {
      if (!opts.store) store.close();
    },
  };
}
