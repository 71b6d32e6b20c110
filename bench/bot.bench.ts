// The bot without network: messages handled per second through the core (routing,
// commands, splitting, the log line), and reply latency p50/p99 with the real
// question engine over the bundled corpus. Also the whole path through flood guard
// and send queue, on a virtual clock so the WeChat rate limits cost no wall time.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { openAsker } from '../src/app/open-asker.js';
import { Bot } from '../src/bot/bot.js';
import { createBotCore, type CoreOptions } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { FloodGuard, VirtualClock } from '../src/bot/rate.js';
import { SendQueue } from '../src/bot/send-queue.js';
import type { Asker, Incoming } from '../src/bot/types.js';
import { parseConfig } from '../src/config/parse.js';
import { ensureCorpus } from '../src/ingest/index.js';
import { openStore } from '../src/store/index.js';
import { p50, p99, target, type BenchResult } from './lib.js';
import { runSoak } from '../test/bot-soak-run.js';

export const name = 'bot';

const ROUNDS = 20_000;
const ENGINE_QUESTIONS = 400;

/** Discards the log lines, but pino still formats every one of them. */
const nullSink = new Writable({ write: (_c, _e, cb) => cb() });

const room = (text: string, sender = 'u1'): Incoming => ({
  text,
  roomId: 'r1@chatroom',
  roomTopic: '年报工作群',
  senderId: sender,
  senderName: `成员${sender}`,
  mentionedSelf: text.startsWith('@'),
  isAdmin: false,
});

/** A group's traffic: most messages are not for the bot. */
const TRAFFIC = [
  room('大家下午好，明天开会别忘了'),
  room('@年报助手\u2005只楚街道2020年收到多少政府信息公开申请？'),
  room('收到'),
  room('年报 单位列表'),
  room('好的'),
  room('@年报助手\u2005核查 洛北街道'),
  room('这个表格怎么填？'),
  room('@年报助手\u2005帮助'),
  room('@年报助手\u2005全文'),
  room('年报 城关镇和洛北街道哪个予以公开的多？'),
];

const QUESTIONS = [
  '只楚街道2020年收到多少政府信息公开申请？',
  '2020年各单位一共收到多少申请？',
  '城关镇和洛北街道哪个予以公开的多？',
  '胜利街街道2020年行政复议有几件？',
  '城郊街道2020年予以公开多少件？',
  '洛北街道存在什么问题',
  'How many requests did Zhichu receive in 2020?',
  '哪个单位收到的申请最多？',
];

/** Answers at once: what the core itself costs, apart from the engine. */
const instantAsker: Asker = {
  async ask(q) {
    if (q === '全文')
      return {
        answer: Array.from({ length: 200 }, (_, i) => `第 ${i + 1} 行：${'政府信息公开'.repeat(4)}`).join('\n'),
        kind: 'passage',
      };
    return { answer: '芝罘区只楚街道办事处 2020 年度新收政府信息公开申请：4件。', kind: 'fact' };
  },
};

export async function run(): Promise<BenchResult[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-bot-'));
  const store = openStore(':memory:');
  try {
    await ensureCorpus(store);
    const config = parseConfig({}, { env: {} }).bot;
    const logger = createLogger({ destination: nullSink, level: 'info' });
    const base: CoreOptions = { ...config, asker: instantAsker, offices: store, logger };
    const results: BenchResult[] = [];

    // 1. The core alone: routing, commands (单位列表 and 核查 read the store), splitting, logging.
    const core = createBotCore(base);
    for (const m of TRAFFIC) await core.handle(m);
    let t0 = performance.now();
    let replies = 0;
    for (let i = 0; i < ROUNDS; i++) if (await core.handle(TRAFFIC[i % TRAFFIC.length])) replies += 1;
    let ms = performance.now() - t0;
    results.push({
      bench: name,
      metric: 'core: group messages handled',
      value: (ROUNDS / ms) * 1000,
      unit: 'msg/s',
      target: target((ROUNDS / ms) * 1000, '>=', 5000),
      note: `${ROUNDS} messages, ${replies} answered; instant engine`,
    });

    // 2. Reply latency with the real question engine (rules, store, offline retrieval).
    const opened = await openAsker({ data: tmp, store, env: {}, say: () => {} });
    const real = createBotCore({ ...base, asker: opened.asker });
    for (const q of QUESTIONS) await real.handle(room(`@年报助手\u2005${q}`));
    const latencies: number[] = [];
    for (let i = 0; i < ENGINE_QUESTIONS; i++) {
      const msg = room(`@年报助手\u2005${QUESTIONS[i % QUESTIONS.length]}`);
      const s = performance.now();
      await real.handle(msg);
      latencies.push(performance.now() - s);
    }
    const total = latencies.reduce((a, b) => a + b, 0);
    results.push(
      {
        bench: name,
        metric: 'reply latency p50 (real engine)',
        value: p50(latencies),
        unit: 'ms',
        note: `${ENGINE_QUESTIONS} questions, ${QUESTIONS.length} kinds, no network`,
      },
      {
        bench: name,
        metric: 'reply latency p99 (real engine)',
        value: p99(latencies),
        unit: 'ms',
        target: target(p99(latencies), '<=', 100),
      },
      {
        bench: name,
        metric: 'questions answered (real engine)',
        value: (ENGINE_QUESTIONS / total) * 1000,
        unit: 'msg/s',
      },
    );

    // 3. The whole bot: flood guard, core, split parts through the send queue (virtual clock).
    const clock = new VirtualClock();
    const queue = new SendQueue({ rate: config.rate, retry: config.retry, clock, logger });
    const bot = new Bot({
      core,
      queue,
      flood: new FloodGuard(config.flood.maxQuestions, config.flood.windowSeconds * 1000),
      clock,
      logger,
    });
    let sent = 0;
    const conv = { key: 'r1@chatroom', say: async () => void (sent += 1) };
    t0 = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      const m = TRAFFIC[i % TRAFFIC.length];
      // Many askers, so the flood guard lets them through.
      await bot.onMessage({ ...m, senderId: `u${i % 500}` }, conv);
    }
    ms = performance.now() - t0;
    results.push({
      bench: name,
      metric: 'bot + send queue: messages handled',
      value: (ROUNDS / ms) * 1000,
      unit: 'msg/s',
      note: `${sent} sends; queue rate limits on virtual time`,
    });
    queue.stop();
    opened.close();

    // 4. Soak with faults: wechaty + mock puppet, 200 rooms, send failures, blips, re-logins.
    const soak = await runSoak({
      messages: 10_000,
      rooms: 200,
      failRate: 0.05,
      blipEvery: 1_000,
      reloginEvery: 2_000,
      inFlight: 200,
    });
    const growth = (soak.rssLastMB / soak.rssFirstMB - 1) * 100;
    results.push(
      {
        bench: name,
        metric: 'soak: messages through wechaty (mock puppet)',
        value: soak.messagesPerSecond,
        unit: 'msg/s',
        note: `${soak.messages} messages, 200 rooms, ${soak.relogins} re-logins, ${soak.retried} retried sends, ${soak.crashes} crashes`,
      },
      {
        bench: name,
        metric: 'soak: answers lost without a log line',
        value: soak.unaccounted,
        unit: 'answers',
        target: target(soak.unaccounted, '<=', 0),
        note: `${soak.delivered} delivered, ${soak.lostLogged} given up and logged, ${soak.duplicates} sent twice`,
      },
      {
        bench: name,
        metric: 'soak: RSS growth, first → last thousand',
        value: growth,
        unit: '%',
        target: target(growth, '<=', 20),
        note: `${soak.rssFirstMB.toFixed(0)} MB → ${soak.rssLastMB.toFixed(0)} MB (after a full GC; counts pages the allocator keeps)`,
      },
      {
        bench: name,
        metric: 'soak: JS heap growth, first → last thousand',
        value: (soak.heapLastMB / soak.heapFirstMB - 1) * 100,
        unit: '%',
        target: target((soak.heapLastMB / soak.heapFirstMB - 1) * 100, '<=', 20),
        note: `${soak.heapFirstMB.toFixed(0)} MB → ${soak.heapLastMB.toFixed(0)} MB in use after a full GC: what the bot retains`,
      },
    );
    return results;
  } finally {
    store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
