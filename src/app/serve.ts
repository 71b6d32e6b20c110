// Running an opened app on a channel until it ends: the terminal (until its input
// ends) or WeChat (until SIGINT/SIGTERM), with reminders when asked, and everything
// closed in order afterwards. wechaty is loaded only when WeChat is served.
import path from 'node:path';
import { format } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../config/load.js';
import { LOG_DIR, secretScrubber, type Logger } from '../log/index.js';
import { startConsole } from '../bot/console-channel.js';
import { FloodGuard } from '../bot/rate.js';
import { SendQueue } from '../bot/send-queue.js';
import { startReminders, type App, type AppEnv, type AppOptions } from './app.js';

/** The terminal as the app sees it. */
export interface ServeIO extends AppEnv {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
}

/** Whether stdin and stdout are a person at a terminal (then logs go to a file). */
export const isInteractive = (io: ServeIO): boolean => Boolean(io.stdin.isTTY && io.stdout.isTTY);

/** The terminal channel until its input ends; `withReminders` also prints reminders when due. */
export async function serveConsole(app: App, io: ServeIO, withReminders: boolean): Promise<number> {
  const interactive = isInteractive(io);
  const counts = await app.store.counts();
  if (interactive) io.stderr.write(`日志写在 ${path.join(app.dataDir, LOG_DIR)}\n`);
  const channel = startConsole({
    bot: app.bot({}),
    input: io.stdin,
    output: io.stdout,
    interactive,
    status: `已收录 ${counts.offices} 个单位的 ${counts.current} 份年报`,
  });
  const scheduler = withReminders ? startReminders(app, channel.deliver) : null;
  try {
    await channel.done;
  } finally {
    await scheduler?.stop();
    await app.close();
  }
  return 0;
}

/** WeChat through the configured puppet, with reminders, until SIGINT or SIGTERM. */
export async function serveWechat(app: App, io: AppEnv): Promise<number> {
  const { startWechatyChannel } = await import('../bot/wechaty-channel.js');
  const { bot: botConfig } = app.config;
  const queue = new SendQueue({
    rate: botConfig.rate,
    retry: botConfig.retry,
    logger: app.logger,
    sendTimeoutMs: 30_000,
  });
  const flood = new FloodGuard(botConfig.flood.maxQuestions, botConfig.flood.windowSeconds * 1000);
  app.logger.info(
    { puppet: botConfig.puppet, rooms: botConfig.rooms, admins: botConfig.admins },
    'starting wechat bot',
  );
  io.stderr.write(`日志写在 ${path.join(app.dataDir, LOG_DIR)}，微信登录信息保存在 ${app.dataDir}\n`);
  // The screen gets one plain line per state; what libraries print goes to the log file.
  const restoreConsole = consoleToLog(app.logger);
  const onFault = (err: unknown) => app.logger.error({ err }, 'unhandled rejection');
  process.on('unhandledRejection', onFault);
  let channel;
  try {
    channel = await startWechatyChannel({
      bot: app.bot({ queue, flood }),
      config: botConfig,
      dataDir: app.dataDir,
      logger: app.logger,
      onStatus: (line) => io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    app.logger.error({ err }, 'wechat bot failed to start');
    const scrub = secretScrubber([app.config.bot.puppetToken, app.config.llm.apiKey]);
    io.stderr.write(`微信机器人启动失败：${scrub(err instanceof Error ? err.message : String(err))}\n`);
    restoreConsole();
    process.off('unhandledRejection', onFault);
    await app.close();
    return 1;
  }
  const scheduler = startReminders(app, channel.deliver);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  app.logger.info({}, 'stopping');
  await scheduler?.stop();
  // Answers already queued get a few seconds to go out; what is left is logged as lost.
  await Promise.race([queue.idle(), new Promise((r) => setTimeout(r, 5_000).unref())]);
  queue.stop();
  await channel.stop();
  restoreConsole();
  process.off('unhandledRejection', onFault);
  await app.close();
  return 0;
}

/** console.* into the logger (libraries print errors and tokens there); returns the undo. */
function consoleToLog(logger: Logger): () => void {
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
  };
  console.log = console.info = console.debug = (...a: unknown[]) => logger.debug({ from: 'console' }, format(...a));
  console.warn = (...a: unknown[]) => logger.warn({ from: 'console' }, format(...a));
  console.error = (...a: unknown[]) => logger.error({ from: 'console' }, format(...a));
  return () => Object.assign(console, saved);
}

/** Whether `start` will log into WeChat (decides where logs go before the logger exists). */
export async function willServeWechat(opts: AppOptions, io: AppEnv): Promise<boolean> {
  if (io.env.WECHATY_PUPPET?.trim()) return true;
  try {
    return Boolean((await loadConfig({ configPath: opts.config, cwd: io.cwd, env: io.env })).bot.puppet);
  } catch {
    return false; // openApp() reports the error
  }
}
