// `nianbao chat` and `nianbao start`: the app (src/app) on a channel — WeChat when a
// puppet is configured, else the terminal. Both channels run the same core. Logs go to
// a rotating file when a person is at the terminal or WeChat is served, else stderr.
import {
  isInteractive,
  openApp,
  serveConsole,
  serveWechat,
  willServeWechat,
  type AppOptions,
  type ServeIO,
} from '../app/index.js';
import { userCwd } from '../io/index.js';

export type RunOptions = AppOptions;

/** Standard input and output, the environment and the user's folder (tests give their own). */
export type CommandIO = ServeIO;

const processIO = (): CommandIO => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // `npm start` runs in the project folder: relative paths mean the user's folder.
  cwd: userCwd(process.env, process.cwd()),
});

/** `nianbao chat`: the terminal, always. Reminders are left to `start`. */
export async function runChat(opts: RunOptions, io: CommandIO = processIO()): Promise<number> {
  const app = await openApp(opts, io, isInteractive(io) ? 'file' : 'stderr');
  if (!app) return 2;
  return serveConsole(app, io, false);
}

/** `nianbao start` (`npm start`): WeChat when a puppet is configured, else the terminal. */
export async function runStart(opts: RunOptions, io: CommandIO = processIO()): Promise<number> {
  const wechat = await willServeWechat(opts, io);
  // WeChat: the screen gets one plain line per state, structured logs go to the file only.
  const app = await openApp(opts, io, wechat || isInteractive(io) ? 'file' : 'stderr');
  if (!app) return 2;
  if (!app.config.bot.puppet) return serveConsole(app, io, true);
  return serveWechat(app, io);
}
