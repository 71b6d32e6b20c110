// The bot core: an incoming message → the reply (or none), whatever the channel.
// It decides whether the message is for the bot, runs the command or asks the
// question engine, splits the answer into sendable parts, and logs one line per
// question. It never throws: an error becomes a short apology.
import { performance } from 'node:perf_hooks';
import { ADMIN_COMMANDS, addressedQuestion, type Addressing, COMMAND_WORDS, parseCommand } from './intent.js';
import { looksLikeReport, pastedAttachment } from './filing.js';
import { checkText, officesText } from './replies.js';
import { renderHelp } from '../render/help.js';
import { assignReply } from './assign.js';
import { splitMessage } from './split.js';
import type {
  Asker,
  CommandName,
  FilingDesk,
  Incoming,
  Logger,
  OfficeSource,
  OutgoingFile,
  ReminderCommands,
  Reply,
  SupervisorCommands,
} from './types.js';

export const APOLOGY = '抱歉，处理这条消息时出错了，请稍后再试，或换个说法。';
export const NOT_READY_OFFICES = '单位数据还没有准备好，请稍后再试。';
export const FILING_OFF = '没有等待确认的年报文件。';
export const REMINDERS_OFF =
  '报送提醒尚未配置：在配置文件的 offices: 一节登记需要提醒的单位即可启用（示例见 examples/nianbao.yaml）。';

export interface CoreOptions extends Addressing {
  maxMessageLength: number;
  asker: Asker;
  offices?: OfficeSource;
  reminders?: ReminderCommands;
  /** 导出, 图表, 报送情况 (src/export); absent = not available. */
  supervisor?: SupervisorCommands;
  /** Reports sent as files or pasted (src/bot/filing-desk.ts); absent = files are ignored. */
  filingDesk?: FilingDesk;
  logger: Logger;
  /** Milliseconds, for latency (performance.now by default). */
  now?: () => number;
  /** Wall-clock milliseconds, for how long a follow-up's context lasts (Date.now by default). */
  clock?: () => number;
}

/** How long the office, metric and year of a question carry over to the same person's next one. */
export const FOLLOW_UP_MS = 10 * 60 * 1000;
/** Conversations remembered at most (the oldest is forgotten first). */
const MAX_CONVERSATIONS = 5000;

export interface BotCore {
  /** The question a message puts to the bot; null when the bot should stay silent. */
  route(msg: Incoming): string | null;
  /** The reply to an addressed message. Never rejects. */
  answer(msg: Incoming, question: string): Promise<Reply>;
  /** route + answer. */
  handle(msg: Incoming): Promise<Reply | null>;
  readonly options: Readonly<CoreOptions>;
}

export function createBotCore(options: CoreOptions): BotCore {
  const now = options.now ?? (() => performance.now());
  const clock = options.clock ?? (() => Date.now());
  const { logger } = options;
  // Per (room, person): the context the last answer left, and when. The console is one person.
  const contexts = new Map<string, { context: unknown; at: number }>();
  const conversation = (msg: Incoming) => `${msg.roomId ?? ''}\u0000${msg.senderId}`;
  const freshContext = (msg: Incoming): unknown => {
    const kept = contexts.get(conversation(msg));
    if (!kept) return undefined;
    if (clock() - kept.at > FOLLOW_UP_MS) {
      contexts.delete(conversation(msg));
      return undefined;
    }
    return kept.context;
  };
  const keepContext = (msg: Incoming, context: unknown) => {
    const key = conversation(msg);
    contexts.delete(key);
    if (context === undefined) return;
    contexts.set(key, { context, at: clock() });
    if (contexts.size > MAX_CONVERSATIONS) contexts.delete(contexts.keys().next().value!);
  };

  const english = (question: string) => /^[a-z]/i.test(question.trim());
  const asEnglish = async (msg: Incoming, question: string) => {
    const answer = await options.asker.ask(question, freshContext(msg));
    return { text: answer.answer, kind: answer.kind };
  };

  type Ran = { text: string; kind: string; files?: OutgoingFile[] };
  const run = async (msg: Incoming, command: CommandName, arg: string, question: string): Promise<Ran> => {
    const inRoom = msg.roomId !== undefined;
    if (ADMIN_COMMANDS.has(command) && !msg.isAdmin) {
      return { text: `抱歉，「${COMMAND_WORDS[command]}」只有管理员可以使用。`, kind: 'refused' };
    }
    switch (command) {
      case 'help':
        // "help" in English gets the English help.
        return {
          text: renderHelp(/^[\x00-\x7f]*$/.test(question) && question.trim() !== '' ? 'en' : 'zh', {
            name: options.name,
            prefix: options.prefix,
            inRoom,
          }),
          kind: 'help',
        };
      case 'offices':
        // "offices" / "check X" in English: the engine words its answer in English.
        if (english(question)) return asEnglish(msg, 'list the offices');
        return options.offices
          ? { text: await officesText(options.offices), kind: 'list' }
          : { text: NOT_READY_OFFICES, kind: 'unknown' };
      case 'check':
        if (english(question) && arg) return asEnglish(msg, `what is wrong with the ${arg} report`);
        return options.offices ? checkText(options.offices, arg) : { text: NOT_READY_OFFICES, kind: 'unknown' };
      case 'assign': {
        const done = await assignReply(options.offices, arg);
        // The offices changed under the engine: it reads them again before the next question.
        if (done.changed) options.asker.refresh?.();
        return { text: done.text, kind: done.kind };
      }
      case 'status':
      case 'pause':
      case 'resume': {
        if (!options.reminders) return { text: REMINDERS_OFF, kind: 'reminders-off' };
        const text = await options.reminders[command](arg, { name: msg.senderName, isAdmin: msg.isAdmin });
        return { text, kind: command };
      }
      case 'export':
      case 'chart':
      case 'filings': {
        const sup = options.supervisor;
        if (!sup) return { text: NOT_READY_OFFICES, kind: 'unknown' };
        const who = { name: msg.senderName, isAdmin: msg.isAdmin };
        const r = await (command === 'export'
          ? sup.export(arg, who)
          : command === 'chart'
            ? sup.chart(arg, who)
            : sup.filing(arg, who));
        return { text: r.text, kind: r.kind, files: r.file ? [r.file] : undefined };
      }
      case 'file': {
        if (!options.filingDesk) return { text: FILING_OFF, kind: 'unknown' };
        return options.filingDesk.receive(msg, msg.attachment ?? pastedAttachment(msg.text));
      }
      case 'confirm':
        // "确认一下只楚收到多少申请" with no file held is a question, not a confirmation.
        if (arg && !options.filingDesk?.holds(msg)) return run(msg, 'ask', question, question);
        return options.filingDesk ? options.filingDesk.confirm(msg, arg) : { text: FILING_OFF, kind: 'unknown' };
      case 'cancel':
        return options.filingDesk ? options.filingDesk.cancel(msg) : { text: FILING_OFF, kind: 'unknown' };
      case 'ask': {
        const answer = await options.asker.ask(question, freshContext(msg));
        keepContext(msg, answer.context);
        return { text: answer.answer, kind: answer.kind };
      }
    }
  };

  const answer = async (msg: Incoming, question: string): Promise<Reply> => {
    const started = now();
    const { command, arg } = isFiling(msg) ? { command: 'file' as const, arg: '' } : parseCommand(question);
    const mention = msg.roomId !== undefined;
    let text: string;
    let kind: string;
    let failed = false;
    let files: OutgoingFile[] | undefined;
    try {
      ({ text, kind, files } = await run(msg, command, arg, question));
      if (!text?.trim()) ({ text, kind } = { text: '抱歉，没有找到答案。', kind: 'unknown' });
    } catch (err) {
      failed = true;
      text = APOLOGY;
      kind = 'error';
      logger.error({ err, room: roomLabel(msg), asker: msg.senderName, question, command }, 'reply failed');
    }
    // The channel prefixes "@name " in rooms; keep every part within the limit anyway.
    const reserve = mention ? msg.senderName.length + 2 : 0;
    const parts = splitMessage(text, Math.max(options.maxMessageLength - reserve, 100));
    logger.info(
      {
        room: roomLabel(msg),
        asker: msg.senderName,
        question,
        command,
        kind,
        parts: parts.length,
        // 导出 / 图表: which file went with the reply (names only, never the bytes).
        ...(files?.length ? { files: files.map((f) => f.name) } : {}),
        latencyMs: Math.round((now() - started) * 10) / 10,
      },
      'question',
    );
    return { command, kind, text, parts, mention, failed, ...(files?.length ? { files } : {}) };
  };

  // A file, or a pasted text that is clearly a report, is a filing: no @ needed, but
  // only from rooms and contacts that may file (others' files are ignored).
  const isFiling = (msg: Incoming) =>
    msg.attachment !== undefined || (options.filingDesk !== undefined && looksLikeReport(msg.text));
  const route = (msg: Incoming): string | null => {
    const filing = options.filingDesk;
    if (isFiling(msg)) return filing?.allows(msg) ? `〔文件〕${msg.attachment?.name ?? '粘贴的年报'}` : null;
    const question = addressedQuestion(msg, options);
    if (question !== null || !filing) return question;
    // 确认 / 取消 answer a held file without the @, from whoever may answer it here.
    const text = msg.text.trim();
    return /^(?:确认|取消)/.test(text) && filing.allows(msg) && filing.holds(msg) ? text : null;
  };

  return {
    options,
    route,
    answer,
    async handle(msg) {
      let question: string | null;
      try {
        question = route(msg);
      } catch (err) {
        logger.error({ err, room: roomLabel(msg), asker: msg.senderName }, 'routing failed');
        return null;
      }
      return question === null ? null : answer(msg, question);
    },
  };
}

function roomLabel(msg: Incoming): string | null {
  if (msg.roomId === undefined) return null;
  return msg.roomTopic || msg.roomId;
}
