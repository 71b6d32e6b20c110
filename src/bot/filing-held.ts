// Files held for 确认: kept in memory (never in the store) per conversation, for
// 24 hours at most, found again by their sender or an admin. Time comes from the
// caller, so expiry is tested without waiting.
import type { FiledIdentity, HoldReason } from './filing.js';
import type { Incoming } from './types.js';

export const HOLD_MS = 24 * 60 * 60 * 1000;
/** Held files kept at most over all conversations (the oldest is dropped first): bounds memory. */
const MAX_HELD = 20;

export interface HeldFile {
  conversation: string;
  senderId: string;
  senderName: string;
  /** The file's name as sent. */
  name: string;
  bytes: Buffer;
  identity: FiledIdentity;
  reason: HoldReason;
  needsAdmin: boolean;
  /** When it was held (ms since the epoch). */
  at: number;
}

/** A room, or a private chat with one person. */
export const conversationOf = (msg: Pick<Incoming, 'roomId' | 'senderId'>): string =>
  msg.roomId ?? `private:${msg.senderId}`;

export class HeldFiles {
  private held: HeldFile[] = [];

  constructor(private readonly ttlMs = HOLD_MS) {}

  put(file: HeldFile, now: number): void {
    this.prune(now);
    // One held file per sender and conversation: a new one replaces the last.
    this.held = this.held.filter((h) => !(h.conversation === file.conversation && h.senderId === file.senderId));
    this.held.push(file);
    if (this.held.length > MAX_HELD) this.held.shift();
  }

  /** The sender's own held file here, or for an admin the latest held here. */
  find(msg: Pick<Incoming, 'roomId' | 'senderId' | 'isAdmin'>, now: number): HeldFile | null {
    this.prune(now);
    const here = this.held.filter((h) => h.conversation === conversationOf(msg));
    const own = here.filter((h) => h.senderId === msg.senderId).at(-1);
    return own ?? (msg.isAdmin ? (here.at(-1) ?? null) : null);
  }

  remove(file: HeldFile): void {
    this.held = this.held.filter((h) => h !== file);
  }

  get size(): number {
    return this.held.length;
  }

  private prune(now: number): void {
    this.held = this.held.filter((h) => now - h.at < this.ttlMs);
  }
}
