// The composition root: from a configuration and a data folder, the whole app — the
// logger, the store (made ready: samples in a demo, old reports' prose facts read), the
// question engine over retrieval and the optional language model, reminders, the
// filing desk, and the bot core every channel runs. The commands in src/cli call this;
// nothing here reads argv. Returns null after a printed error, never throws for the
// user's mistakes (a wrong configuration, an unusable data folder).
import path from 'node:path';
import type { Writable } from 'node:stream';
import { loadConfigOrSay } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { decideDemo, demoNotice, emptyStoreNotice, isSampleFile, withoutSamples } from '../config/demo.js';
import { bundledCorpusDir } from '../ingest/index.js';
import { checkDataDir } from '../io/index.js';
import { createLogger, openLogFile, type Logger } from '../log/index.js';
import type { RemindConfig } from '../remind/config.js';
import { remindConfigOf } from '../config/remind.js';
import { filingsForWakes } from '../remind/filings.js';
import { startReminderScheduler, type ReminderScheduler } from '../remind/scheduler.js';
import type { AnyLedger, ReportStore } from '../store/index.js';
import { Bot } from '../bot/bot.js';
import { createBotCore } from '../bot/core.js';
import { createFilingDesk } from '../bot/filing-desk.js';
import type { FloodGuard } from '../bot/rate.js';
import { reminderCommands } from '../bot/reminders.js';
import { supervisorCommands } from '../bot/export-commands.js';
import type { SendQueue } from '../bot/send-queue.js';
import type { Delivery, ReminderCommands } from '../bot/types.js';
import { openAsker } from './open-asker.js';
import { openReportStore, StoreOpenError } from './open-store.js';
import { backfillProseFacts, importSamplesIfEmpty } from './prepare-store.js';

export interface AppOptions {
  /** The data folder (relative to `cwd`). */
  data: string;
  /** The configuration file; by default ./nianbao.yaml when present. */
  config?: string;
  /** `--demo` (true) / `--no-demo` (false): import the bundled samples into an empty store, or never. */
  demo?: boolean;
}

/** Where the app reads its environment and says what it is doing. */
export interface AppEnv {
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface App {
  config: Config;
  /** SQLite in the data folder, or the PostgreSQL database the configuration names (openReportStore). */
  store: ReportStore;
  logger: Logger;
  dataDir: string;
  /** The store as reminders see it: sample reports never count as filed outside demo mode. */
  filingsStore: ReportStore;
  /** A bot over the one core; a channel gives it its send queue and flood guard. */
  bot: (opts: { queue?: SendQueue; flood?: FloodGuard }) => Bot;
  remind: { config: RemindConfig; ledger: AnyLedger } | null;
  reminders?: ReminderCommands;
  /** Closes the store (a PostgreSQL pool ends) and writes out what the log file still buffers. */
  close(): Promise<void>;
}

/** Configuration, data folder, logger, store (made ready), engine, reminders, core; null after a printed error. */
export async function openApp(opts: AppOptions, io: AppEnv, logTo: 'stderr' | 'file'): Promise<App | null> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const config = await loadConfigOrSay({ configPath: opts.config, cwd: io.cwd, env: io.env }, say);
  if (!config) return null;
  const dataDir = path.resolve(io.cwd, opts.data);
  // Refused at once, by name: the bot writes its database, ledger, login and logs here.
  const problem = checkDataDir(dataDir, 'write');
  if (problem) {
    say(problem);
    return null;
  }
  const { logger, flushLog } = await openLog(config, dataDir, io, logTo);
  let store: ReportStore;
  try {
    store = await openReportStore(config, dataDir);
  } catch (err) {
    // An unreachable database is the operator's to fix: said in Chinese, without the password.
    if (!(err instanceof StoreOpenError)) throw err;
    say(err.message);
    flushLog();
    return null;
  }
  // Which store this instance runs on (a PostgreSQL store's path carries no password).
  logger.info({ store: store.path }, 'store opened');
  const demo = await readyStore(store, { flag: opts.demo, config, dataDir, say });
  const filingsStore = demo ? store : withoutSamples(store, bundledCorpusDir());
  // The question engine opens the retrieval index beside the store.
  // The office index's pinyin tables a moment after the first answer, not before it.
  const opened = await openAsker({ data: dataDir, config, env: io.env, store, say, warm: 'after-answer' });
  const { asker } = opened;

  // Reminders exist once offices to remind are registered.
  const remind = config.offices?.length ? { config: remindConfigOf(config), ledger: store.ledger() } : null;
  const reminders = remind
    ? reminderCommands({ config: remind.config, store: filingsStore, ledger: remind.ledger })
    : undefined;
  // 导出 / 图表 / 报送情况; their files are also kept in data/exports (the terminal prints the path).
  const supervisor = supervisorCommands({
    store,
    filings: filingsStore,
    remind,
    saveDir: path.join(dataDir, 'exports'),
  });
  // Reports sent in the chat: stored like `ingest`, then searchable and answerable at once.
  const filingDesk = createFilingDesk({
    store,
    // A shared store keeps search chunks: a filed report's are saved in the transaction that stores it.
    embeddings: store.saveChunks
      ? (await import('../ingest/sync-index.js')).indexEmbeddings({ env: io.env, llm: config.llm })
      : undefined,
    dataDir,
    registry: config.offices ?? [],
    filing: config.bot.filing,
    served: config.bot,
    logger,
    onStored: async () => {
      // Loaded here: the search index is opened lazily, at the first search.
      if (opened.retrieval) await (await import('../ingest/sync-index.js')).syncRetrieval(store, opened.retrieval);
      asker.refresh?.();
    },
  });
  const core = createBotCore({ ...config.bot, asker, offices: store, reminders, supervisor, filingDesk, logger });
  return {
    config,
    store,
    filingsStore,
    dataDir,
    logger,
    remind,
    reminders,
    bot: ({ queue, flood }) => new Bot({ core, queue, flood, logger }),
    async close() {
      await store.close();
      flushLog();
    },
  };
}

/** The logger: a rotating file under the data folder, or stderr (scripts, tests). */
async function openLog(config: Config, dataDir: string, io: AppEnv, logTo: 'stderr' | 'file') {
  const file =
    logTo === 'file' ? await openLogFile(dataDir, { maxSizeMB: config.log.maxSizeMB, keep: config.log.keep }) : null;
  const logger = createLogger({
    secrets: [config.bot.puppetToken, config.llm.apiKey],
    names: config.log.names,
    level: io.env.NIANBAO_LOG_LEVEL ?? config.log.level,
    destination: file ?? io.stderr,
  });
  const flushLog = () => {
    try {
      file?.flushSync();
    } catch {
      // nothing buffered, or the file is gone: nothing to save
    }
  };
  return { logger, flushLog };
}

/**
 * The store made ready before the bot answers from it, saying what was done: the
 * samples in demo mode (src/config/demo.ts), or why an empty store stays empty; a note
 * when samples left from a demo sit beside a registry; old reports' prose facts read.
 * Returns whether this is the demo.
 */
async function readyStore(
  store: ReportStore,
  o: { flag?: boolean; config: Config; dataDir: string; say: (line: string) => void },
): Promise<boolean> {
  const empty = (await store.counts()).reports === 0;
  const demo = decideDemo({ flag: o.flag, config: o.config, empty }).demo;
  if (demo && empty) o.say(demoNotice((await importSamplesIfEmpty(store)) ?? 0));
  else if (empty) o.say(emptyStoreNotice(o.dataDir));
  // Counted only where the note can be said: every current report's summary (~0.3 s at 100,000).
  if (!demo && o.config.offices?.length) {
    const corpusDir = bundledCorpusDir();
    const samples = (await store.currentReports()).filter((r) => isSampleFile(r.sourceFile, corpusDir)).length;
    if (samples > 0)
      o.say(`注意：数据目录中有 ${samples} 份自带的样本年报（演示时导入），报送提醒不把它们算作已报送。`);
  }
  await backfillProseFacts(store);
  return demo;
}

/** The reminder scheduler over a channel's delivery, when offices are registered and reminders are on. */
export function startReminders(app: App, deliver: (d: Delivery) => Promise<boolean>): ReminderScheduler | null {
  if (!app.remind?.config.reminders.enabled) return null;
  const { logger } = app;
  const { config, ledger } = app.remind;
  return startReminderScheduler({
    config,
    filings: filingsForWakes(app.filingsStore, config),
    ledger,
    send: async (m) => {
      if (!(await deliver({ room: m.room, mentions: m.mentions, text: m.text })))
        throw new Error(`未能发送到“${m.room}”`);
    },
    log: {
      info: (msg) => logger.info({}, msg),
      warn: (msg) => logger.warn({}, msg),
      error: (msg) => logger.error({}, msg),
    },
  });
}
