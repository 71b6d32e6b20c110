// Rate primitives with an injected clock, so tests and benchmarks can run them on
// virtual time: a token bucket for send rates and a flood guard for askers.

/** Milliseconds and a way to wait; real time by default, virtual in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock whose sleep moves time forward at once: tests see the waits, not the wall. */
export class VirtualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** `ratePerMs` tokens accrue per millisecond, up to `capacity`; starts full. */
  constructor(
    readonly capacity: number,
    readonly ratePerMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
  }

  /** Milliseconds until one token is available (0 = now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.ratePerMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** Full again: nothing to remember about this key. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}

export type FloodVerdict = 'ok' | 'notice' | 'drop';

/**
 * Per sender: up to `max` questions in any `windowMs`. The one over gets 'notice'
 * (answer with a polite note), then everything is dropped for a window.
 */
export class FloodGuard {
  private readonly seen = new Map<string, { times: number[]; silentUntil: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  admit(sender: string, now: number): FloodVerdict {
    let s = this.seen.get(sender);
    if (!s) {
      s = { times: [], silentUntil: 0 };
      this.seen.set(sender, s);
    }
    if (now < s.silentUntil) return 'drop';
    s.times = s.times.filter((t) => t > now - this.windowMs);
    if (s.times.length >= this.max) {
      s.silentUntil = now + this.windowMs;
      s.times = [];
      return 'notice';
    }
    s.times.push(now);
    if (this.seen.size > 10_000) this.prune(now);
    return 'ok';
  }

  private prune(now: number): void {
    for (const [k, s] of this.seen) {
      if (s.silentUntil <= now && s.times.every((t) => t <= now - this.windowMs)) this.seen.delete(k);
    }
  }
}
