// Glue between a channel and the core: flood control on askers, then the reply's
// parts through the send queue. Channels call onMessage for each message and
// deliver() for reminders; both never reject.
import type { BotCore } from './core.js';
import { type Clock, type FloodGuard, realClock } from './rate.js';
import type { SendQueue } from './send-queue.js';
import { splitMessage } from './split.js';
import type { Incoming, Logger, OutgoingFile, Reply } from './types.js';

/** Where a reply goes: a room or a private chat, as the channel knows it. */
export interface Conversation {
  /** The send queue's key: the room id, or the contact id for a private chat. */
  key: string;
  /** Sends one message; `mention` = @ the asker (rooms only). */
  say(text: string, mention: boolean): Promise<void>;
  /** Sends a file (导出's workbook, 图表's PNG); absent where the channel cannot (the terminal). */
  sendFile?(file: OutgoingFile): Promise<void>;
}

export interface BotOptions {
  core: BotCore;
  /** Absent: parts are sent directly, in order (the console). */
  queue?: SendQueue;
  /** Absent: no flood control (the console). */
  flood?: FloodGuard;
  clock?: Clock;
  logger: Logger;
}

export function floodNotice(windowMs: number): string {
  const minutes = Math.max(1, Math.round(windowMs / 60_000));
  return `您问得有点快，我先歇一会儿，请 ${minutes} 分钟后再问。`;
}

export class Bot {
  readonly core: BotCore;
  private readonly clock: Clock;

  constructor(private readonly opts: BotOptions) {
    this.core = opts.core;
    this.clock = opts.clock ?? realClock;
  }

  /** Handles one incoming message; resolves once its reply has been sent (or given up). */
  async onMessage(msg: Incoming, conv: Conversation): Promise<Reply | null> {
    const question = this.core.route(msg);
    if (question === null) return null;
    const { flood, logger } = this.opts;
    if (flood) {
      const verdict = flood.admit(msg.senderId, this.clock.now());
      if (verdict !== 'ok') {
        logger.info({ room: msg.roomTopic ?? msg.roomId ?? null, asker: msg.senderName, verdict }, 'flood');
        if (verdict === 'drop') return null;
        const text = floodNotice(flood.windowMs);
        const reply: Reply = {
          command: 'ask',
          kind: 'flood',
          text,
          parts: [text],
          mention: msg.roomId !== undefined,
          failed: false,
        };
        await this.send(conv, reply.parts, reply.mention, 'flood notice');
        return reply;
      }
    }
    const reply = await this.core.answer(msg, question);
    await this.send(conv, reply.parts, reply.mention, reply.kind);
    if (reply.files?.length) await this.sendFiles(conv, reply.files);
    return reply;
  }

  /** Files after the text, through the same queue; a file not sent is logged (the text says where it is kept). */
  private async sendFiles(conv: Conversation, files: OutgoingFile[]): Promise<void> {
    const { queue, logger } = this.opts;
    const sendFile = conv.sendFile?.bind(conv);
    if (!sendFile) return;
    for (const file of files) {
      const attempt = () => sendFile(file);
      let ok = true;
      if (queue) ok = await queue.enqueue(conv.key, attempt, 'file');
      else
        await attempt().catch((err: unknown) => {
          ok = false;
          logger.error({ err, to: conv.key, file: file.name }, 'file send failed');
        });
      if (!ok) logger.error({ to: conv.key, file: file.name, bytes: file.data.length }, 'file not delivered');
    }
  }

  /** Sends a text not asked for (a reminder, a notice to admins), split like any reply. */
  async deliver(conv: Conversation, text: string, mentionFirst = false, reserve = 0): Promise<boolean> {
    // `reserve`: room for the "@name " prefixes the channel adds to the first part.
    const parts = splitMessage(text, Math.max(this.core.options.maxMessageLength - reserve, 100));
    return this.send(conv, parts, mentionFirst, 'delivery');
  }

  private async send(conv: Conversation, parts: string[], mention: boolean, label: string): Promise<boolean> {
    const { queue, logger } = this.opts;
    if (queue) {
      const sent = await Promise.all(
        parts.map((p, i) => queue.enqueue(conv.key, () => conv.say(p, mention && i === 0), label)),
      );
      // Given up after its retries, or dropped at shutdown: a lost answer is always in the log.
      sent.forEach((ok, i) => {
        if (!ok) logger.error({ to: conv.key, what: label, part: i + 1, of: parts.length }, 'answer not delivered');
      });
      return sent.every(Boolean);
    }
    let ok = true;
    for (const [i, p] of parts.entries()) {
      try {
        await conv.say(p, mention && i === 0);
      } catch (err) {
        ok = false;
        logger.error({ err, to: conv.key, what: label }, 'send failed');
      }
    }
    return ok;
  }
}
