// Every outgoing message goes through one queue: WeChat blocks accounts that send
// too fast ("发送消息过于频繁"). One token bucket per room (or private chat) and one
// for the whole account; messages to one room keep their order, a slow room does not
// hold up the others. A failed send is retried with exponential backoff, then logged.
import type { RateConfig, RetryConfig } from '../config/schema.js';
import { type Clock, realClock, TokenBucket } from './rate.js';
import { type Logger, silentLogger } from './types.js';

export interface SendQueueOptions {
  rate: RateConfig;
  retry: RetryConfig;
  clock?: Clock;
  logger?: Logger;
  /** A send that takes longer counts as failed (real milliseconds; 0 = no limit). */
  sendTimeoutMs?: number;
}

interface Job {
  seq: number;
  key: string;
  send: () => Promise<void>;
  label: string;
  attempts: number;
  notBefore: number;
  resolve: (sent: boolean) => void;
}

export class SendQueue {
  private readonly jobs: Job[] = [];
  private readonly rooms = new Map<string, TokenBucket>();
  private readonly global: TokenBucket;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private seq = 0;
  private pumping: Promise<void> | null = null;
  private stopped = false;
  /** Sends that succeeded / were given up, since start. */
  readonly stats = { sent: 0, failed: 0, retried: 0 };

  constructor(private readonly opts: SendQueueOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
    this.global = new TokenBucket(opts.rate.globalBurst, opts.rate.globalPerMinute / 60_000, this.clock.now());
  }

  get pending(): number {
    return this.jobs.length;
  }

  /**
   * Queues one message for `key` (a room or contact id). Resolves true once sent,
   * false when every attempt failed or the queue was stopped; never rejects.
   */
  enqueue(key: string, send: () => Promise<void>, label = ''): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.jobs.push({ seq: this.seq++, key, send, label, attempts: 0, notBefore: 0, resolve });
      this.kick();
    });
  }

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = this.pump()
      .catch((err: unknown) => this.logger.error({ err }, 'send queue stopped unexpectedly'))
      .finally(() => {
        this.pumping = null;
        // A job queued after the loop's last check but before this ran.
        if (this.jobs.length) this.kick();
      });
  }

  /** Resolves when nothing is queued. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Drops what is queued (each resolves false) and accepts nothing more. */
  stop(): void {
    this.stopped = true;
    for (const job of this.jobs.splice(0)) job.resolve(false);
  }

  private bucket(key: string): TokenBucket {
    let b = this.rooms.get(key);
    if (!b) {
      b = new TokenBucket(this.opts.rate.roomBurst, this.opts.rate.roomPerSecond / 1000, this.clock.now());
      this.rooms.set(key, b);
    }
    return b;
  }

  private async pump(): Promise<void> {
    while (this.jobs.length && !this.stopped) {
      const now = this.clock.now();
      // Only the oldest job of each room may go, so a room's messages stay in order.
      const heads = new Set<string>();
      let next: Job | undefined;
      let wait = Infinity;
      for (const job of this.jobs) {
        if (heads.has(job.key)) continue;
        heads.add(job.key);
        const w = Math.max(job.notBefore - now, this.bucket(job.key).waitMs(now));
        if (w <= 0) {
          next = job;
          break;
        }
        wait = Math.min(wait, w);
      }
      const globalWait = this.global.waitMs(now);
      if (!next || globalWait > 0) {
        await this.clock.sleep(Math.max(1, next ? globalWait : Math.max(wait, globalWait)));
        continue;
      }
      this.bucket(next.key).take(now);
      this.global.take(now);
      this.jobs.splice(this.jobs.indexOf(next), 1);
      await this.attempt(next);
      if (this.rooms.size > 1000) this.forgetIdleRooms();
    }
  }

  private async attempt(job: Job): Promise<void> {
    job.attempts += 1;
    try {
      await this.withTimeout(job.send());
      this.stats.sent += 1;
      job.resolve(true);
    } catch (err) {
      const { attempts, baseDelayMs } = this.opts.retry;
      if (job.attempts >= attempts || this.stopped) {
        this.stats.failed += 1;
        this.logger.error({ err, to: job.key, what: job.label, attempts: job.attempts }, 'send failed, giving up');
        job.resolve(false);
        return;
      }
      const delay = baseDelayMs * 2 ** (job.attempts - 1);
      this.stats.retried += 1;
      this.logger.warn(
        { err, to: job.key, what: job.label, attempt: job.attempts, retryInMs: delay },
        'send failed, will retry',
      );
      job.notBefore = this.clock.now() + delay;
      // Back in its place, ahead of later messages to the same room.
      const at = this.jobs.findIndex((j) => j.seq > job.seq);
      this.jobs.splice(at < 0 ? this.jobs.length : at, 0, job);
    }
  }

  private withTimeout(p: Promise<void>): Promise<void> {
    const ms = this.opts.sendTimeoutMs ?? 0;
    if (!ms) return p;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`发送超时（${ms} 毫秒）`)), ms);
      timer.unref();
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  private forgetIdleRooms(): void {
    const now = this.clock.now();
    const busy = new Set(this.jobs.map((j) => j.key));
    for (const [key, b] of this.rooms) if (!busy.has(key) && b.isFull(now)) this.rooms.delete(key);
  }
}
