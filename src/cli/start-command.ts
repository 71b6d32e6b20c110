// `nianbao chat` and `nianbao start`: configuration, a data folder checked before use,
// the store (with the bundled samples only in demo mode, see src/config/demo.ts), logs
// (a rotating file, or stderr for scripts), question engine, reminders, and a channel —
// WeChat when a puppet is configured, else the terminal. Both channels run the same core.
import path from 'node:path';
import { format } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import { loadConfig, loadConfigOrSay } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { decideDemo, demoNotice, emptyStoreNotice, isSampleFile, withoutSamples } from '../config/demo.js';
import { bundledCorpusDir, ensureCorpus } from '../ingest/index.js';
import { checkDataDir, userCwd } from '../io/index.js';
import { openAsker } from '../app/open-asker.js';
import { remindSectionSchema, type RemindConfig } from '../remind/config.js';
import type { SentLedger } from '../remind/ledger.js';
import { storeFilings } from '../remind/filings.js';
import { startReminderScheduler, type ReminderScheduler } from '../remind/scheduler.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { Bot } from '../bot/bot.js';
import { startConsole } from '../bot/console-channel.js';
import { createBotCore } from '../bot/core.js';
import { createFilingDesk } from '../bot/filing-desk.js';
import { createLogger, LOG_DIR, openLogFile, secretScrubber } from '../log/index.js';
import { FloodGuard } from '../bot/rate.js';
import { reminderCommands } from '../bot/reminders.js';
import { supervisorCommands } from '../bot/export-commands.js';
import { SendQueue } from '../bot/send-queue.js';
import type { Delivery, Logger, ReminderCommands } from '../bot/types.js';

export interface RunOptions {
  data: string;
  config?: string;
  /** `--demo` (true) / `--no-demo` (false): import the bundled samples into an empty store, or never. */
  demo?: boolean;
}

export interface CommandIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIO = (): CommandIO => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // `npm start` runs in the project folder: relative paths mean the user's folder.
  cwd: userCwd(process.env, process.cwd()),
});

interface Prepared {
  /** Writes out what the log file still buffers (before the process ends). */
  flushLog(): void;
  config: Config;
  store: Store;
  logger: Logger;
  dataDir: string;
  /** The store as reminders see it: sample reports never count as filed outside demo mode. */
  filingsStore: Store;
  bot: (opts: { queue?: SendQueue; flood?: FloodGuard }) => Bot;
  remind: { config: RemindConfig; ledger: SentLedger } | null;
  reminders?: ReminderCommands;
}

/** Config, data folder, logger, store (samples in demo mode only), core; null after a printed error. */
async function prepare(opts: RunOptions, io: CommandIO, logTo: 'stderr' | 'file'): Promise<Prepared | null> {
  const config = await loadConfigOrSay({ configPath: opts.config, cwd: io.cwd, env: io.env }, (m) => io.stderr.write(`${m}\n`));
  if (!config) return null;
  const dataDir = path.resolve(io.cwd, opts.data);
  // Refused at once, by name: the bot writes its database, ledger, login and logs here.
  const problem = checkDataDir(dataDir, 'write');
  if (problem) {
    io.stderr.write(`${problem}\n`);
    return null;
  }
  const logOptions = {
    secrets: [config.bot.puppetToken, config.llm.apiKey],
    names: config.log.names,
    level: io.env.NIANBAO_LOG_LEVEL ?? config.log.level,
  };
  const file = logTo === 'file' ? await openLogFile(dataDir, { maxSizeMB: config.log.maxSizeMB, keep: config.log.keep }) : null;
  const logger = createLogger({ ...logOptions, destination: file ?? io.stderr });
  const flushLog = () => {
    try {
      file?.flushSync();
    } catch {
      // nothing buffered, or the file is gone: nothing to save
    }
  };
  const store = openStore(dataDir);
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const demo = decideDemo({ flag: opts.demo, config, empty: store.counts().reports === 0 });
  if (demo.demo && store.counts().reports === 0) {
    const results = await ensureCorpus(store);
    say(demoNotice(results.filter((r) => r.status === 'added').length));
  } else if (store.counts().reports === 0) {
    say(emptyStoreNotice(dataDir));
  }
  const samples = store.currentReports().filter((r) => isSampleFile(r.sourceFile, bundledCorpusDir())).length;
  if (!demo.demo && samples > 0 && config.offices?.length) {
    say(`注意：数据目录中有 ${samples} 份自带的样本年报（演示时导入），报送提醒不把它们算作已报送。`);
  }
  const filingsStore = demo.demo ? store : withoutSamples(store, bundledCorpusDir());
  // The question engine opens the retrieval index beside the store.
  const opened = await openAsker({ data: dataDir, config, env: io.env, store, say, demo: false });
  const { asker } = opened;

  // Reminders exist once offices to remind are registered.
  const remind = config.offices?.length
    ? {
        config: { reminders: config.reminders ?? remindSectionSchema.parse({}), offices: config.offices },
        ledger: store.ledger(),
      }
    : null;
  const reminders = remind ? reminderCommands({ config: remind.config, store: filingsStore, ledger: remind.ledger }) : undefined;
  // 导出 / 图表 / 报送情况; their files are also kept in data/exports (the terminal prints the path).
  const supervisor = supervisorCommands({ store, filings: filingsStore, remind, saveDir: path.join(dataDir, 'exports') });
  // Reports sent in the chat: stored like `ingest`, then searchable and answerable at once.
  const filingDesk = createFilingDesk({
    store,
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
    flushLog,
    dataDir,
    logger,
    remind,
    reminders,
    bot: ({ queue, flood }) => new Bot({ core, queue, flood, logger }),
  };
}

function startReminders(p: Prepared, deliver: (d: Delivery) => Promise<boolean>): ReminderScheduler | null {
  if (!p.remind || !p.remind.config.reminders.enabled) return null;
  const { logger } = p;
  const { config, ledger } = p.remind;
  return startReminderScheduler({
    config,
    filings: () => storeFilings(p.filingsStore, config.offices),
    ledger,
    send: async (m) => {
      if (!(await deliver({ room: m.room, mentions: m.mentions, text: m.text }))) throw new Error(`未能发送到“${m.room}”`);
    },
    log: {
      info: (msg) => logger.info({}, msg),
      warn: (msg) => logger.warn({}, msg),
      error: (msg) => logger.error({}, msg),
    },
  });
}

/** The terminal channel; `withReminders` also prints reminders when due. */
async function runConsole(p: Prepared, io: CommandIO, withReminders: boolean): Promise<number> {
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const counts = p.store.counts();
  if (interactive) io.stderr.write(`日志写在 ${path.join(p.dataDir, LOG_DIR)}\n`);
  const channel = startConsole({
    bot: p.bot({}),
    input: io.stdin,
    output: io.stdout,
    interactive,
    status: `已收录 ${counts.offices} 个单位的 ${counts.current} 份年报`,
  });
  const scheduler = withReminders ? startReminders(p, channel.deliver) : null;
  try {
    await channel.done;
  } finally {
    await scheduler?.stop();
    p.store.close();
    p.flushLog();
  }
  return 0;
}

/** `nianbao chat`: the terminal, always. Reminders are left to `start`. */
export async function runChat(opts: RunOptions, io: CommandIO = processIO()): Promise<number> {
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const p = await prepare(opts, io, interactive ? 'file' : 'stderr');
  if (!p) return 2;
  return runConsole(p, io, false);
}

/** `nianbao start` (`npm start`): WeChat when a puppet is configured, else the terminal. */
export async function runStart(opts: RunOptions, io: CommandIO = processIO()): Promise<number> {
  const wechat = await peekPuppet(opts, io);
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  // WeChat: the screen gets one plain line per state, structured logs go to the file only.
  const p = await prepare(opts, io, wechat || interactive ? 'file' : 'stderr');
  if (!p) return 2;
  if (!p.config.bot.puppet) return runConsole(p, io, true);

  const { startWechatyChannel } = await import('../bot/wechaty-channel.js');
  const { bot: botConfig } = p.config;
  const queue = new SendQueue({ rate: botConfig.rate, retry: botConfig.retry, logger: p.logger, sendTimeoutMs: 30_000 });
  const flood = new FloodGuard(botConfig.flood.maxQuestions, botConfig.flood.windowSeconds * 1000);
  p.logger.info({ puppet: botConfig.puppet, rooms: botConfig.rooms, admins: botConfig.admins }, 'starting wechat bot');
  io.stderr.write(`日志写在 ${path.join(p.dataDir, LOG_DIR)}，微信登录信息保存在 ${p.dataDir}\n`);
  // The screen gets one plain line per state; what libraries print goes to the log file.
  const restoreConsole = consoleToLog(p.logger);
  const onFault = (err: unknown) => p.logger.error({ err }, 'unhandled rejection');
  process.on('unhandledRejection', onFault);
  let channel;
  try {
    channel = await startWechatyChannel({
      bot: p.bot({ queue, flood }),
      config: botConfig,
      dataDir: p.dataDir,
      logger: p.logger,
      onStatus: (line) => io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    p.logger.error({ err }, 'wechat bot failed to start');
    const scrub = secretScrubber([p.config.bot.puppetToken, p.config.llm.apiKey]);
    io.stderr.write(`微信机器人启动失败：${scrub(err instanceof Error ? err.message : String(err))}\n`);
    restoreConsole();
    process.off('unhandledRejection', onFault);
    p.store.close();
    p.flushLog();
    return 1;
  }
  const scheduler = startReminders(p, channel.deliver);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  p.logger.info({}, 'stopping');
  await scheduler?.stop();
  // Answers already queued get a few seconds to go out; what is left is logged as lost.
  await Promise.race([queue.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
  queue.stop();
  await channel.stop();
  restoreConsole();
  process.off('unhandledRejection', onFault);
  p.store.close();
  p.flushLog();
  return 0;
}

/** console.* into the logger (libraries print errors and tokens there); returns the undo. */
function consoleToLog(logger: Logger): () => void {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  console.log = console.info = console.debug = (...a: unknown[]) => logger.debug({ from: 'console' }, format(...a));
  console.warn = (...a: unknown[]) => logger.warn({ from: 'console' }, format(...a));
  console.error = (...a: unknown[]) => logger.error({ from: 'console' }, format(...a));
  return () => Object.assign(console, saved);
}

/** Whether `start` will log into WeChat (decides where logs go before the logger exists). */
async function peekPuppet(opts: RunOptions, io: CommandIO): Promise<boolean> {
  if (io.env.WECHATY_PUPPET?.trim()) return true;
  try {
    return Boolean((await loadConfig({ configPath: opts.config, cwd: io.cwd, env: io.env })).bot.puppet);
  } catch {
    return false; // prepare() reports the error
  }
}
