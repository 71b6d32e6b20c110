// WeChat as a channel, through wechaty. The only file that loads wechaty (about 2 s,
// so it is imported only when a puppet is configured). It turns wechaty messages into
// Incoming, replies in the room @-ing the asker, draws the login QR code, keeps the
// login in a memory card under the data folder, and reconnects after a logout.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Contact, Message, Room, Wechaty } from 'wechaty';
import type { BotConfig } from '../config/schema.js';
import type { Bot, Conversation } from './bot.js';
import { isAdminSender } from './intent.js';
import type { Delivery, Incoming, Logger, Reply } from './types.js';

export const QR_FILE = 'login-qr.png';
export const MEMORY_NAME = 'nianbao-bot';

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

export async function startWechatyChannel(opts: WechatyChannelOptions): Promise<WechatyChannel> {
  const { bot, config, logger } = opts;
  const { WechatyBuilder, ScanStatus } = await import('wechaty');
  mkdirSync(opts.dataDir, { recursive: true });
  const backoff = opts.reconnect ?? { baseMs: 5_000, maxMs: 5 * 60_000 };
  const maxAge = opts.maxAgeSeconds ?? 120;

  const wechaty: Wechaty = opts.puppet
    ? WechatyBuilder.build({
        name: path.resolve(opts.dataDir, MEMORY_NAME),
        puppet: opts.puppet as never,
      })
    : WechatyBuilder.build({
        name: path.resolve(opts.dataDir, MEMORY_NAME),
        puppet: (config.puppet ?? 'wechaty-puppet-wechat4u') as never,
        puppetOptions: config.puppetToken ? { token: config.puppetToken } : {},
      });

  let stopping = false;
  let hadLoggedIn = false;
  let waitingForScan = false;
  // Admins hear once per lost login; if that message could not go out (logged out),
  // they hear it after the next login instead.
  let rescanNoticeSent: boolean | null = null;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;

  const conversationFor = (room: Room | undefined, talker: Contact): Conversation =>
    room
      ? {
          key: room.id,
          say: async (text, mention) => {
            await (mention ? room.say(text, talker) : room.say(text));
          },
        }
      : { key: talker.id, say: async (text) => void (await talker.say(text)) };

  const handle = async (m: Message): Promise<[Incoming | null, Reply | null]> => {
    // Our own replies come back as messages too.
    if (m.self()) return [null, null];
    if (m.type() !== wechaty.Message.Type.Text) return [null, null];
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
    const incoming: Incoming = {
      text: m.text(),
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

  wechaty.on('scan', (qrcode: string, status: number) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    waitingForScan = true;
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
    hadLoggedIn = true;
    waitingForScan = false;
    attempt = 0;
    clearTimeout(timer);
    timer = undefined;
    if (rescanNoticeSent === false) void notifyAdmins(relogNotice(config.name));
    rescanNoticeSent = null;
  });

  wechaty.on('logout', (user: Contact, reason?: string) => {
    logger.warn({ user: user?.name?.(), reason }, 'logged out');
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
    if (hadLoggedIn && !wechaty.isLoggedIn) scheduleReconnect();
  });

  function scheduleReconnect(): void {
    if (stopping || timer) return;
    const delay = Math.min(backoff.baseMs * 2 ** attempt, backoff.maxMs);
    attempt += 1;
    logger.info({ inMs: delay, attempt }, 'will reconnect');
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
    }
    if (!stopping && !wechaty.isLoggedIn && !waitingForScan) scheduleReconnect();
  }

  async function findContact(who: string): Promise<Contact | undefined> {
    return (await wechaty.Contact.find({ id: who }).catch(() => undefined)) ?? (await wechaty.Contact.find({ name: who }).catch(() => undefined));
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

  await wechaty.start();
  return {
    wechaty,
    deliver,
    notifyAdmins,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await wechaty.stop();
    },
  };
}

async function showQr(qrcode: string, opts: WechatyChannelOptions, logger: Logger): Promise<void> {
  const file = path.join(opts.dataDir, QR_FILE);
  try {
    if (opts.qrInTerminal !== false) {
      const { default: qrTerminal } = await import('qrcode-terminal');
      qrTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`请用微信扫码登录：\n${art}\n`));
    }
    const { default: QRCode } = await import('qrcode');
    await QRCode.toFile(file, qrcode, { type: 'png', margin: 2, width: 360 });
    logger.warn({ png: file }, 'waiting for a scan: the login QR code is in the terminal and in the PNG');
  } catch (err) {
    logger.error({ err }, 'could not draw the login QR code');
  }
}
