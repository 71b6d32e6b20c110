// WeChat as a channel, through wechaty. The only file that loads wechaty (about 2 s,
// so it is imported only when a puppet is configured). It turns wechaty messages into
// Incoming, replies in the room @-ing the asker, draws the login QR code, keeps the
// login in an atomically written memory card under the data folder, and reconnects
// with a capped backoff: one plain Chinese line on screen per state, details in the log.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Contact, Message, Room, Wechaty } from 'wechaty';
import { SERVICE_PUPPET, type BotConfig } from '../config/schema.js';
import { writeFileAtomic } from '../io/index.js';
import type { Bot, Conversation } from './bot.js';
import { isAdminSender } from './intent.js';
import { loginMemory, MEMORY_NAME } from './login-memory.js';
import {
  type Attachment,
  type Delivery,
  FileTooLargeError,
  type Incoming,
  type Logger,
  type OutgoingFile,
  type Reply,
} from './types.js';

export const QR_FILE = 'login-qr.png';
export { MEMORY_NAME };

export interface WechatyChannelOptions {
  bot: Bot;
  config: BotConfig;
  dataDir: string;
  logger: Logger;
  /** A puppet instance (tests pass wechaty-puppet-mock); default: config.puppet by name. */
  puppet?: unknown;
  /** Draw the login QR code in the terminal (stderr). Default true. */
  qrInTerminal?: boolean;
  /** Backoff of reconnection attempts after a logout or a dropped connection. */
  reconnect?: { baseMs: number; maxMs: number };
  /** Messages older than this (replayed history after a login) are ignored. */
  maxAgeSeconds?: number;
  /** Called after each message has been dealt with (tests, metrics). */
  onHandled?: (msg: Incoming | null, reply: Reply | null) => void;
  /** One plain Chinese line per connection state, for the operator's screen. Default: none. */
  onStatus?: (line: string) => void;
  /** Send wechaty's own log lines (brolog) to `logger` rather than the console. Default true. */
  routeWechatyLog?: boolean;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

export interface WechatyChannel {
  readonly wechaty: Wechaty;
  /** A reminder: to a room (topic or id), @-ing the named members, through the send queue. */
  deliver(d: Delivery): Promise<boolean>;
  /** A private message to each configured admin. */
  notifyAdmins(text: string): Promise<boolean>;
  stop(): Promise<void>;
}

export const rescanNotice = (name: string) =>
  `${name}掉线了，需要管理员重新扫码登录（二维码也保存在数据目录的 ${QR_FILE}）。`;
export const relogNotice = (name: string) => `${name}刚才掉线，需要重新扫码；现已重新登录，恢复服务。`;
export const downNotice = (name: string, minutes: number, since: Date) =>
  `${name}与微信服务的连接中断了 ${minutes} 分钟（自 ${shanghaiTime(since)} 起），期间的消息可能没有回复；现已恢复。`;

/** What the operator sees, one line per state. */
export const statusText = {
  connecting: (puppet: string) => `正在连接微信服务（${puppetLabel(puppet)}）……`,
  retry: (seconds: number, attempt: number) => `无法连接微信服务，${seconds} 秒后重试（第 ${attempt} 次）`,
  scan: (file: string) => `请用微信扫描二维码登录（二维码图片也保存在 ${file}）`,
  loggedIn: (name: string) => `已登录微信（${name}），开始服务。`,
  loggedOut: () => '微信已退出登录，正在重新连接……',
  longDown: (minutes: number) => `微信连接已中断 ${minutes} 分钟，仍在重试；恢复后会告诉管理员。`,
};

function puppetLabel(puppet: string): string {
  if (puppet === SERVICE_PUPPET) return 'puppet-service：PadLocal／企业微信等';
  if (puppet === 'wechaty-puppet-wechat4u') return '个人微信网页版 wechat4u';
  return puppet;
}

function shanghaiTime(d: Date): string {
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** The puppet's options: the token, and for puppet-service an endpoint or where to look the token up. */
export function puppetOptions(config: BotConfig): Record<string, string> {
  const o: Record<string, string> = {};
  if (config.puppetToken) o.token = config.puppetToken;
  if (config.endpoint) o.endpoint = config.endpoint;
  if (config.puppetAuthority) o.authority = config.puppetAuthority;
  return o;
}

export async function startWechatyChannel(opts: WechatyChannelOptions): Promise<WechatyChannel> {
  const { bot, config, logger } = opts;
  const wechatyModule = await import('wechaty');
  const { WechatyBuilder, ScanStatus } = wechatyModule;
  if (opts.routeWechatyLog !== false) {
    // wechaty's logger and brolog's global one (wechaty-token, memory-card) are two instances.
    const { log: globalBrolog } = await import('brolog');
    for (const l of [wechatyModule.log, globalBrolog]) routeWechatyLog(l as never, logger);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const backoff = opts.reconnect ?? { baseMs: 5_000, maxMs: 5 * 60_000 };
  const maxAge = opts.maxAgeSeconds ?? 120;
  const clockNow = opts.now ?? Date.now;
  const status = (line: string) => {
    logger.info({ status: line }, 'connection state');
    opts.onStatus?.(line);
  };
  const memory = loginMemory(opts.dataDir, (problem) => {
    logger.warn({}, problem);
    opts.onStatus?.(problem);
  });
  const puppetName = opts.puppet ? 'mock' : (config.puppet ?? 'wechaty-puppet-wechat4u');
  // wechaty loads only a memory card it made itself; the puppet's part is cut from this one.
  await memory.load();

  const wechaty: Wechaty = opts.puppet
    ? WechatyBuilder.build({ name: MEMORY_NAME, memory: memory as never, puppet: opts.puppet as never })
    : WechatyBuilder.build({
        name: MEMORY_NAME,
        memory: memory as never,
        puppet: puppetName as never,
        puppetOptions: puppetOptions(config),
      });

  let stopping = false;
  let hadLoggedIn = false;
  let waitingForScan = false;
  // Admins hear once per lost login; if that message could not go out (logged out),
  // they hear it after the next login instead.
  let rescanNoticeSent: boolean | null = null;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  // Since when WeChat has been out of reach (null while logged in or waiting for a scan).
  let downSince: number | null = null;
  let longDownShown = false;
  const downMinutes = config.downNoticeMinutes ?? 10;
  const downCheck = setInterval(checkLongDown, Math.min(60_000, downMinutes * 60_000)).unref();

  // 导出 / 图表 send their file as a wechaty FileBox (file-box is wechaty's own file type).
  const fileBox = async (file: OutgoingFile) => (await import('file-box')).FileBox.fromBuffer(file.data, file.name);
  const conversationFor = (room: Room | undefined, talker: Contact): Conversation =>
    room
      ? {
          key: room.id,
          say: async (text, mention) => {
            await (mention ? room.say(text, talker) : room.say(text));
          },
          sendFile: async (file) => void (await room.say(await fileBox(file))),
        }
      : {
          key: talker.id,
          say: async (text) => void (await talker.say(text)),
          sendFile: async (file) => void (await talker.say(await fileBox(file))),
        };

  const handle = async (m: Message): Promise<[Incoming | null, Reply | null]> => {
    // Our own replies come back as messages too.
    if (m.self()) return [null, null];
    const type = m.type();
    // Files are reports being filed; puppets mark some documents (.docx) Unknown, so those are tried too.
    const maybeFile = type === wechaty.Message.Type.Attachment || type === wechaty.Message.Type.Unknown;
    if (type !== wechaty.Message.Type.Text && !maybeFile) return [null, null];
    if (m.age() > maxAge) return [null, null];
    const talker = m.talker();
    const room = m.room();
    let mentionedSelf = false;
    let roomTopic: string | undefined;
    if (room) {
      // Some puppets report mentions unreliably; the core also matches "@<name>".
      mentionedSelf = await m.mentionSelf().catch(() => false);
      roomTopic = await room.topic().catch(() => undefined);
    }
    const senderName = talker.name();
    const attachment = maybeFile ? await attachmentOf(m, logger) : undefined;
    if (maybeFile && !attachment) return [null, null];
    // An Unknown message is a file only when its name says document (not a system notice or a sticker).
    if (type === wechaty.Message.Type.Unknown && !DOCUMENT_NAME.test(attachment!.name)) return [null, null];
    const incoming: Incoming = {
      ...(attachment ? { attachment } : {}),
      text: attachment ? '' : m.text(),
      roomId: room?.id,
      roomTopic,
      senderId: talker.id,
      senderName,
      mentionedSelf,
      isAdmin: isAdminSender(config.admins, talker.id, senderName),
    };
    return [incoming, await bot.onMessage(incoming, conversationFor(room, talker))];
  };

  wechaty.on('message', (m: Message) => {
    handle(m)
      .catch((err: unknown): [null, null] => {
        logger.error({ err }, 'message handling failed');
        return [null, null];
      })
      .then(([msg, reply]) => opts.onHandled?.(msg, reply))
      .catch((err: unknown) => logger.error({ err }, 'onHandled failed'));
  });

  wechaty.on('scan', (qrcode: string, scanStatus: number) => {
    if (scanStatus !== ScanStatus.Waiting && scanStatus !== ScanStatus.Timeout) return;
    if (!waitingForScan) status(statusText.scan(path.join(opts.dataDir, QR_FILE)));
    waitingForScan = true;
    downSince = null;
    void showQr(qrcode, opts, logger);
    if (hadLoggedIn && rescanNoticeSent === null) {
      rescanNoticeSent = false;
      void notifyAdmins(rescanNotice(config.name)).then((ok) => {
        rescanNoticeSent = ok;
      });
    }
  });

  wechaty.on('login', (user: Contact) => {
    logger.info({ user: user.name() }, 'logged in');
    status(statusText.loggedIn(user.name()));
    hadLoggedIn = true;
    waitingForScan = false;
    attempt = 0;
    clearTimeout(timer);
    timer = undefined;
    if (rescanNoticeSent === false) void notifyAdmins(relogNotice(config.name));
    rescanNoticeSent = null;
    // Down long enough to matter: the admins hear it once, now that a message can reach them.
    if (downSince !== null && clockNow() - downSince >= downMinutes * 60_000) {
      void notifyAdmins(downNotice(config.name, Math.round((clockNow() - downSince) / 60_000), new Date(downSince)));
    }
    downSince = null;
    longDownShown = false;
  });

  wechaty.on('logout', (user: Contact, reason?: string) => {
    logger.warn({ user: user?.name?.(), reason }, 'logged out');
    if (stopping) return;
    status(statusText.loggedOut());
    downSince ??= clockNow();
    scheduleReconnect();
  });

  // A puppet that cannot reach its server repeats the same error every few hundred
  // milliseconds: log each distinct message once a minute, with how often it recurred.
  const recentErrors = new Map<string, { at: number; repeated: number }>();
  wechaty.on('error', (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const now = Date.now();
    const seen = recentErrors.get(message);
    if (seen && now - seen.at < 60_000) {
      seen.repeated += 1;
    } else {
      logger.error(seen ? { error: message, repeatedSinceLast: seen.repeated } : { err }, 'wechaty error');
      recentErrors.set(message, { at: now, repeated: 0 });
      if (recentErrors.size > 100) recentErrors.clear();
    }
    // Not logged in and no QR code up: the service is out of reach. Stop the puppet
    // (some retry on their own, hundreds of times a minute) and try again later.
    if (!wechaty.isLoggedIn && !waitingForScan) {
      downSince ??= clockNow();
      scheduleReconnect(true);
    }
  });

  /** Next attempt after a capped, doubling delay; `halt` stops the puppet meanwhile. */
  function scheduleReconnect(halt = false): void {
    if (stopping || timer) return;
    const delay = Math.min(backoff.baseMs * 2 ** attempt, backoff.maxMs);
    attempt += 1;
    logger.info({ inMs: delay, attempt }, 'will reconnect');
    if (!hadLoggedIn || halt) status(statusText.retry(Math.max(1, Math.round(delay / 1000)), attempt));
    checkLongDown();
    if (halt) void wechaty.stop().catch((err: unknown) => logger.warn({ err }, 'stop after an error failed'));
    timer = setTimeout(() => {
      timer = undefined;
      void reconnect();
    }, delay);
  }

  async function reconnect(): Promise<void> {
    // Logged in again, or a QR code is up: now it is a person's turn, not ours.
    if (stopping || wechaty.isLoggedIn || waitingForScan) return;
    try {
      logger.info({ attempt }, 'reconnecting');
      await wechaty.stop();
      await wechaty.start();
    } catch (err) {
      logger.error({ err }, 'reconnect failed');
      downSince ??= clockNow();
      scheduleReconnect(true);
    }
    // A puppet that starts but cannot connect says so by an 'error' event, which schedules the next try.
  }

  function checkLongDown(): void {
    if (downSince === null || longDownShown || stopping) return;
    if (clockNow() - downSince < downMinutes * 60_000) return;
    longDownShown = true;
    logger.error({ downSince: new Date(downSince).toISOString(), minutes: downMinutes }, 'wechat unreachable for long');
    opts.onStatus?.(statusText.longDown(downMinutes));
  }

  async function findContact(who: string): Promise<Contact | undefined> {
    return (
      (await wechaty.Contact.find({ id: who }).catch(() => undefined)) ??
      (await wechaty.Contact.find({ name: who }).catch(() => undefined))
    );
  }

  async function notifyAdmins(text: string): Promise<boolean> {
    let ok = config.admins.length > 0;
    for (const who of config.admins) {
      try {
        const contact = await findContact(who);
        if (!contact) {
          logger.warn({ admin: who }, 'admin not found among contacts');
          ok = false;
          continue;
        }
        ok = (await bot.deliver({ key: contact.id, say: async (t) => void (await contact.say(t)) }, text)) && ok;
      } catch (err) {
        logger.error({ err, admin: who }, 'admin notice failed');
        ok = false;
      }
    }
    return ok;
  }

  async function deliver(d: Delivery): Promise<boolean> {
    try {
      const room = (await wechaty.Room.find({ id: d.room })) ?? (await wechaty.Room.find({ topic: d.room }));
      if (!room) {
        logger.warn({ room: d.room }, 'reminder room not found');
        return false;
      }
      const members: Contact[] = [];
      for (const name of d.mentions ?? []) {
        const c = (await room.member({ name })) ?? (await room.member({ roomAlias: name }));
        if (c) members.push(c);
        else logger.warn({ room: d.room, member: name }, 'reminder mention not in room');
      }
      const conv: Conversation = {
        key: room.id,
        say: async (text, mention) => {
          await (mention && members.length ? room.say(text, ...members) : room.say(text));
        },
      };
      const reserve = members.reduce((n, c) => n + c.name().length + 2, 0);
      return await bot.deliver(conv, d.text, members.length > 0, reserve);
    } catch (err) {
      logger.error({ err, room: d.room }, 'reminder delivery failed');
      return false;
    }
  }

  status(statusText.connecting(puppetName));
  try {
    await wechaty.start();
  } catch (err) {
    // Out of reach at start (no network, service down): keep trying, with the same backoff.
    logger.error({ err }, 'wechat start failed');
    downSince ??= clockNow();
    scheduleReconnect(true);
  }
  return {
    wechaty,
    deliver,
    notifyAdmins,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      clearInterval(downCheck);
      await wechaty.stop();
    },
  };
}

/** Names of documents someone may send as a report (the reader refuses the ones it cannot read, saying why). */
const DOCUMENT_NAME = /\.(?:pdf|docx?|wps|ofd|html?|txt|rtf|xlsx?|zip|rar)$/i;

/**
 * A file message as an Attachment: its name and size now, the bytes only when the
 * bot asks, streamed and cut off past the limit (so an oversize file is never held
 * whole in memory). Undefined when the message carries no file.
 */
async function attachmentOf(m: Message, logger: Logger): Promise<Attachment | undefined> {
  let box: Awaited<ReturnType<Message['toFileBox']>>;
  try {
    box = await m.toFileBox();
  } catch (err) {
    logger.debug({ err }, 'message without a file');
    return undefined;
  }
  const size = Number.isFinite(box.size) && box.size >= 0 ? box.size : null;
  return {
    name: box.name,
    size,
    async read(limit) {
      const chunks: Buffer[] = [];
      let total = 0;
      const stream = await box.toStream();
      for await (const chunk of stream) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        total += buf.length;
        if (total > limit) {
          stream.destroy();
          throw new FileTooLargeError(box.name, limit);
        }
        chunks.push(buf);
      }
      return Buffer.concat(chunks);
    },
  };
}

const BROLOG_LEVELS: Record<string, 'error' | 'warn' | 'info' | 'debug'> = { ERR: 'error', WARN: 'warn', INFO: 'info' };

/** A brolog logger (wechaty's own) into ours: to the log file, through its secret scrubber, never the screen. */
export function routeWechatyLog(
  log: { enableLogging(fn: (level: string, text: string) => void): unknown },
  logger: Logger,
): void {
  log.enableLogging((level, text) => {
    const method = BROLOG_LEVELS[level] ?? 'debug';
    logger[method]({ from: 'wechaty' }, text);
  });
}

async function showQr(qrcode: string, opts: WechatyChannelOptions, logger: Logger): Promise<void> {
  const file = path.join(opts.dataDir, QR_FILE);
  try {
    if (opts.qrInTerminal !== false) {
      const { default: qrTerminal } = await import('qrcode-terminal');
      qrTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`请用微信扫码登录：\n${art}\n`));
    }
    const { default: QRCode } = await import('qrcode');
    await writeFileAtomic(file, await QRCode.toBuffer(qrcode, { type: 'png', margin: 2, width: 360 }));
    logger.warn({ png: file }, 'waiting for a scan: the login QR code is in the terminal and in the PNG');
  } catch (err) {
    logger.error({ err }, 'could not draw the login QR code');
  }
}
