// `nianbao chat` and `nianbao start`: configuration, store (with the bundled corpus on
// first run), question engine, reminders, and a channel — WeChat when a puppet is
// configured, else the terminal. Both channels run the same core.
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { openAsker } from '../ask/open.js';
import { remindSectionSchema, type RemindConfig } from '../remind/config.js';
import { SqliteLedger } from '../remind/ledger.js';
import { storeFilings } from '../remind/filings.js';
import { startReminderScheduler, type ReminderScheduler } from '../remind/scheduler.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { Bot } from './bot.js';
import { startConsole } from './console-channel.js';
import { createBotCore } from './core.js';
import { createLogger } from './log.js';
import { FloodGuard } from './rate.js';
import { reminderCommands } from './reminders.js';
import { SendQueue } from './send-queue.js';
import type { Delivery, Logger, ReminderCommands } from './types.js';

export interface RunOptions {
  data: string;
  config?: string;
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
  cwd: process.cwd(),
});

interface Prepared {
  config: Config;
  store: Store;
  logger: Logger;
  bot: (opts: { queue?: SendQueue; flood?: FloodGuard }) => Bot;
  remind: { config: RemindConfig; ledger: SqliteLedger } | null;
  reminders?: ReminderCommands;
}

/** Config, logger, store (filled from the bundled corpus when empty), core; null after a printed error. */
async function prepare(opts: RunOptions, io: CommandIO, logTo: 'stderr' | 'file'): Promise<Prepared | null> {
  let config: Config;
  try {
    config = await loadConfig({ configPath: opts.config, cwd: io.cwd, env: io.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return null;
    }
    throw err;
  }
  const dataDir = path.resolve(io.cwd, opts.data);
  const logger = createLogger({ destination: logTo === 'file' ? await logFile(dataDir) : io.stderr });
  const store = openStore(dataDir);
  // The question engine fills an empty store from the bundled corpus and opens the
  // retrieval index beside it.
  const { asker } = await openAsker({ data: dataDir, config, env: io.env, store, say: (line) => io.stderr.write(`${line}\n`) });

  // Reminders exist once offices to remind are registered.
  const remind = config.offices?.length
    ? {
        config: { reminders: config.reminders ?? remindSectionSchema.parse({}), offices: config.offices },
        ledger: new SqliteLedger(store.db),
      }
    : null;
  const reminders = remind ? reminderCommands({ config: remind.config, store, ledger: remind.ledger }) : undefined;
  const core = createBotCore({ ...config.bot, asker, offices: store, reminders, logger });
  return {
    config,
    store,
    logger,
    remind,
    reminders,
    bot: ({ queue, flood }) => new Bot({ core, queue, flood, logger }),
  };
}

async function logFile(dataDir: string): Promise<NodeJS.WritableStream> {
  const { mkdirSync, createWriteStream } = await import('node:fs');
  mkdirSync(dataDir, { recursive: true });
  return createWriteStream(path.join(dataDir, 'nianbao.log'), { flags: 'a' });
}

function startReminders(p: Prepared, deliver: (d: Delivery) => Promise<boolean>): ReminderScheduler | null {
  if (!p.remind || !p.remind.config.reminders.enabled) return null;
  const { logger } = p;
  const { config, ledger } = p.remind;
  return startReminderScheduler({
    config,
    filings: () => storeFilings(p.store, config.offices),
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
  const p = await prepare(opts, io, !wechat && interactive ? 'file' : 'stderr');
  if (!p) return 2;
  if (!p.config.bot.puppet) return runConsole(p, io, true);

  const { startWechatyChannel } = await import('./wechaty-channel.js');
  const { bot: botConfig } = p.config;
  const queue = new SendQueue({ rate: botConfig.rate, retry: botConfig.retry, logger: p.logger, sendTimeoutMs: 30_000 });
  const flood = new FloodGuard(botConfig.flood.maxQuestions, botConfig.flood.windowSeconds * 1000);
  p.logger.info({ puppet: botConfig.puppet, rooms: botConfig.rooms, admins: botConfig.admins }, 'starting wechat bot');
  let channel;
  try {
    channel = await startWechatyChannel({
      bot: p.bot({ queue, flood }),
      config: botConfig,
      dataDir: path.resolve(io.cwd, opts.data),
      logger: p.logger,
    });
  } catch (err) {
    p.logger.error({ err }, 'wechat bot failed to start');
    io.stderr.write(`微信机器人启动失败：${err instanceof Error ? err.message : String(err)}\n`);
    p.store.close();
    return 1;
  }
  const scheduler = startReminders(p, channel.deliver);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  p.logger.info({}, 'stopping');
  await scheduler?.stop();
  queue.stop();
  await channel.stop();
  p.store.close();
  return 0;
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
