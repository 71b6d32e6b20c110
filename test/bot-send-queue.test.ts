// The send queue and the flood guard, on a virtual clock: the assertions are about
// which message goes when, in virtual milliseconds, never about wall time.
import { describe, expect, it } from 'vitest';
import { FloodGuard, VirtualClock } from '../src/bot/rate.js';
import { SendQueue } from '../src/bot/send-queue.js';
import type { RateConfig, RetryConfig } from '../src/config/schema.js';
import { createLogger } from '../src/log/index.js';
import { Sink } from './bot-helpers.js';

const RATE: RateConfig = { roomPerSecond: 1, roomBurst: 1, globalPerMinute: 20, globalBurst: 5 };
const RETRY: RetryConfig = { attempts: 4, baseDelayMs: 1000 };

function setup(rate: Partial<RateConfig> = {}, retry: Partial<RetryConfig> = {}) {
  const clock = new VirtualClock(0);
  const logs = new Sink();
  const queue = new SendQueue({
    rate: { ...RATE, ...rate },
    retry: { ...RETRY, ...retry },
    clock,
    logger: createLogger({ destination: logs }),
  });
  const sent: { room: string; text: string; at: number }[] = [];
  const send = (room: string, text: string, fail?: () => boolean) =>
    queue.enqueue(room, async () => {
      if (fail?.()) throw new Error('发送消息过于频繁');
      sent.push({ room, text, at: clock.now() });
    });
  return { clock, queue, sent, send, logs };
}

describe('SendQueue', () => {
  it('sends into one room at most once a second, in order', async () => {
    const { sent, send } = setup();
    const results = await Promise.all(['一', '二', '三', '四'].map((t) => send('A', t)));
    expect(results).toEqual([true, true, true, true]);
    expect(sent.map((s) => s.text)).toEqual(['一', '二', '三', '四']);
    expect(sent.map((s) => s.at)).toEqual([0, 1000, 2000, 3000]);
  });

  it('keeps to the global rate across rooms, after a burst', async () => {
    const { sent, send } = setup({ roomPerSecond: 10, globalPerMinute: 20, globalBurst: 5 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => send(`room${i}`, `m${i}`)));
    expect(sent).toHaveLength(30);
    const times = sent.map((s) => s.at);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    for (let i = 6; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(3000);
    // No minute holds more than the burst plus a minute's rate.
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(25);
  });

  it('does not hold a quiet room behind a busy one', async () => {
    const { sent, send } = setup();
    const busy = ['A1', 'A2', 'A3'].map((t) => send('A', t));
    const quiet = send('B', 'B1');
    await Promise.all([...busy, quiet]);
    expect(sent.map((s) => s.text)).toEqual(['A1', 'B1', 'A2', 'A3']);
    expect(sent.find((s) => s.text === 'B1')!.at).toBe(0);
  });

  it('retries a failed send with doubling waits, keeping the room’s order', async () => {
    const { sent, send, clock } = setup({ roomPerSecond: 100, roomBurst: 10, globalPerMinute: 6000, globalBurst: 100 });
    let failures = 2;
    const attempts: number[] = [];
    const first = send('A', '先', () => {
      attempts.push(clock.now());
      return failures-- > 0;
    });
    const second = send('A', '后');
    const other = send('B', '别的群');
    expect(await Promise.all([first, second, other])).toEqual([true, true, true]);
    expect(attempts).toEqual([0, 1000, 3000]);
    expect(sent.filter((s) => s.room === 'A').map((s) => s.text)).toEqual(['先', '后']);
    expect(sent.find((s) => s.room === 'B')!.at).toBe(0);
  });

  it('gives up after the last attempt, logs it, and goes on', async () => {
    const { sent, send, logs, queue } = setup({}, { attempts: 3, baseDelayMs: 500 });
    const lost = send('A', '发不出去', () => true);
    const next = send('A', '下一条');
    expect(await lost).toBe(false);
    expect(await next).toBe(true);
    expect(sent.map((s) => s.text)).toEqual(['下一条']);
    const lines = logs.lines();
    expect(lines.filter((l) => l.msg === 'send failed, will retry').map((l) => l.retryInMs)).toEqual([500, 1000]);
    expect(lines.filter((l) => l.msg === 'send failed, giving up')).toEqual([
      expect.objectContaining({ to: 'A', attempts: 3 }),
    ]);
    expect(queue.stats).toEqual({ sent: 1, failed: 1, retried: 2 });
  });

  it('drops what is queued when stopped (the send in flight completes)', async () => {
    const { send, queue, sent } = setup();
    const a = send('A', '1');
    const b = send('A', '2');
    queue.stop();
    expect(await Promise.all([a, b])).toEqual([true, false]);
    expect(await send('A', '3')).toBe(false);
    expect(sent.map((s) => s.text)).toEqual(['1']);
  });
});

describe('FloodGuard', () => {
  it('admits up to the limit, notices once, then drops until a window has passed', () => {
    const guard = new FloodGuard(3, 60_000);
    const verdicts = [0, 1000, 2000, 3000, 4000, 5000].map((t) => guard.admit('u1', t));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'notice', 'drop', 'drop']);
    // Others are not affected.
    expect(guard.admit('u2', 5000)).toBe('ok');
    expect(guard.admit('u1', 62_999)).toBe('drop');
    expect(guard.admit('u1', 63_000)).toBe('ok');
  });

  it('lets a steady asker through forever', () => {
    const guard = new FloodGuard(3, 60_000);
    for (let t = 0; t < 3_600_000; t += 20_001) expect(guard.admit('u1', t)).toBe('ok');
  });
});
