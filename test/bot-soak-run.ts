// The soak run shared by test/bot-soak.test.ts and `npm run bench -- bot`: messages from
// many rooms through wechaty and the mock puppet into the real core, flood guard and
// send queue (on a virtual clock, so WeChat's rate limits cost no wall time), with send
// failures, network blips and logout/re-login cycles injected. It counts what was
// answered, delivered, retried and given up (logged), any answer delivered twice, and
// the process's memory over the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { Bot } from '../src/bot/bot.js';
import { createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { FloodGuard, VirtualClock } from '../src/bot/rate.js';
import { SendQueue } from '../src/bot/send-queue.js';
import type { Asker, Incoming, Reply } from '../src/bot/types.js';
import { startWechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import { openStore } from '../src/store/index.js';

export interface SoakOptions {
  messages: number;
  rooms: number;
  /** Share of sends that fail at random (each is retried). */
  failRate: number;
  /** Every this many messages: a blip during which every send fails (answers may be lost). */
  blipEvery: number;
  /** Every this many messages: the account is logged out and logs in again. */
  reloginEvery: number;
  /** Messages in flight at once (one per room at most). */
  inFlight: number;
  seed?: number;
}

export interface SoakResult {
  messages: number;
  answered: number;
  delivered: number;
  /** Gave up after every retry, each logged as such. */
  lostLogged: number;
  /** Answers neither delivered nor logged as lost: must be 0. */
  unaccounted: number;
  /** Answers delivered more than once: must be 0. */
  duplicates: number;
  retried: number;
  relogins: number;
  crashes: number;
  /** Resident memory after the first thousand messages and after the last thousand (MB). */
  rssFirstMB: number;
  rssLastMB: number;
  /** JS heap in use after a full collection: what the bot retains. */
  heapFirstMB: number;
  heapLastMB: number;
  seconds: number;
  messagesPerSecond: number;
}

/** A small deterministic random source, so a failing run can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Counts log lines by message without keeping them. */
class CountingSink extends Writable {
  readonly counts = new Map<string, number>();
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    const m = /"msg":"([^"]*)"/.exec(chunk.toString());
    if (m) this.counts.set(m[1], (this.counts.get(m[1]) ?? 0) + 1);
    cb();
  }
}

const ID = /#(\d+)/;

/** A full collection before a memory sample, so the figure is what is kept, not what awaits collection. */
function settledMemory(): { rss: number; heap: number } {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const random = rng(o.seed ?? 7);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-soak-'));
  const store = openStore(':memory:');
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const clock = new VirtualClock(1_000_000);
  const sink = new CountingSink();
  const logger = createLogger({ destination: sink, level: 'info' });

  // Sends: a random share fails, every send fails during a blip or while logged out.
  let blip = 0;
  let loggedOut = false;
  const deliveries = new Map<number, number>();
  const original = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (to: string, text: string) => {
    if (loggedOut) throw new Error('not logged in');
    if (blip > 0) {
      blip -= 1;
      throw new Error('network blip');
    }
    if (random() < o.failRate) throw new Error('send failed');
    const id = ID.exec(text);
    if (id) deliveries.set(Number(id[1]), (deliveries.get(Number(id[1])) ?? 0) + 1);
    return original(to, text);
  };

  const self = mocker.createContact({ name: '年报助手' });
  const rooms: { room: mock.RoomMock; members: mock.ContactMock[] }[] = [];
  for (let r = 0; r < o.rooms; r++) {
    const members = [0, 1, 2].map((i) => mocker.createContact({ name: `成员${r}-${i}` }));
    const room = mocker.createRoom({ topic: `政务公开群${r}`, memberIdList: [self.id, ...members.map((m) => m.id)] });
    rooms.push({ room, members });
  }

  // An instant engine that echoes the question's number, so each answer is traceable.
  const asker: Asker = {
    async ask(q) {
      const id = ID.exec(q)?.[1] ?? '?';
      return { answer: `答复#${id}：芝罘区只楚街道办事处 2020 年度新收政府信息公开申请 4 件。`, kind: 'fact' };
    },
  };
  const config = parseConfig(
    { bot: { flood: { maxQuestions: 1000, windowSeconds: 60 }, retry: { attempts: 3, baseDelayMs: 1000 } } },
    { env: {} },
  ).bot;
  const queue = new SendQueue({ rate: config.rate, retry: config.retry, clock, logger });
  const core = createBotCore({ ...config, asker, offices: store, logger });
  const bot = new Bot({
    core,
    queue,
    flood: new FloodGuard(config.flood.maxQuestions, config.flood.windowSeconds * 1000),
    clock,
    logger,
  });

  let handled = 0;
  let answered = 0;
  let crashes = 0;
  const waiters = new Set<() => void>();
  const channel = await startWechatyChannel({
    bot,
    config,
    dataDir: tmp,
    logger,
    puppet,
    qrInTerminal: false,
    reconnect: { baseMs: 5, maxMs: 20 },
    onHandled: (msg: Incoming | null, reply: Reply | null) => {
      if (!msg) return; // the bot's own replies come back as messages too
      handled += 1;
      if (reply) answered += 1;
      for (const w of waiters) w();
    },
  });
  const onError = () => void (crashes += 1);
  process.on('uncaughtException', onError);
  const login = async () => {
    const done = new Promise((r) => channel.wechaty.once('login', r));
    mocker.login(self);
    await done;
    loggedOut = false;
  };
  await login();

  const waitHandled = async (n: number) => {
    while (handled < n)
      await new Promise<void>((resolve) => {
        const w = () => {
          waiters.delete(w);
          resolve();
        };
        waiters.add(w);
        setTimeout(w, 50);
      });
  };

  let relogins = 0;
  let rssFirst = 0;
  let heapFirst = 0;
  const started = performance.now();
  for (let n = 0; n < o.messages; ) {
    const batch = Math.min(o.inFlight, o.messages - n);
    for (let i = 0; i < batch; i++, n++) {
      const { room, members } = rooms[n % rooms.length];
      members[Math.floor(n / rooms.length) % members.length].say(`年报 只楚街道收到多少申请 #${n}`).to(room);
      if (n > 0 && n % o.blipEvery === 0) blip = 5;
    }
    await waitHandled(n);
    await queue.idle();
    // The mock puppet keeps every message it ever carried (a real one does not): drop
    // the handled ones, so what is measured is the bot's memory, not the harness's.
    mocker.cacheMessagePayload.clear();
    (mocker.MessageMock as unknown as { pool: Map<string, unknown> }).pool.clear();
    // The first thousand messages after warm-up (JIT, allocator arenas): the highest of
    // their samples, so one early low reading cannot make a flat process look growing.
    if (n >= 1000 && n < 2000) {
      const m = settledMemory();
      rssFirst = Math.max(rssFirst, m.rss);
      heapFirst = Math.max(heapFirst, m.heap);
    }
    if (n < o.messages && n % o.reloginEvery < batch) {
      // A dropped login: wechaty logs out, the channel restarts the puppet, the account logs in again.
      loggedOut = true;
      const out = new Promise((r) => channel.wechaty.once('logout', r));
      await puppet.logout();
      await out;
      await new Promise((r) => setTimeout(r, 40));
      await login();
      relogins += 1;
    }
  }
  await queue.idle();
  const { rss: rssLast, heap: heapLast } = settledMemory();
  const seconds = (performance.now() - started) / 1000;
  process.off('uncaughtException', onError);
  queue.stop();
  await channel.stop();
  store.close();
  fs.rmSync(tmp, { recursive: true, force: true });

  const delivered = deliveries.size;
  const lostLogged = sink.counts.get('answer not delivered') ?? 0;
  return {
    messages: o.messages,
    answered,
    delivered,
    lostLogged,
    unaccounted: answered - delivered - lostLogged,
    duplicates: [...deliveries.values()].filter((c) => c > 1).length,
    retried: sink.counts.get('send failed, will retry') ?? 0,
    relogins,
    crashes,
    rssFirstMB: rssFirst / 2 ** 20,
    rssLastMB: rssLast / 2 ** 20,
    heapFirstMB: heapFirst / 2 ** 20,
    heapLastMB: heapLast / 2 ** 20,
    seconds,
    messagesPerSecond: o.messages / seconds,
  };
}
