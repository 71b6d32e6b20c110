// The wechaty channel end to end through wechaty-puppet-mock: real wechaty, real
// core, real send queue (on a virtual clock, so rate waits cost no wall time).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { Bot } from '../src/bot/bot.js';
import { APOLOGY, createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { FloodGuard, VirtualClock } from '../src/bot/rate.js';
import { SendQueue } from '../src/bot/send-queue.js';
import type { Incoming, Reply } from '../src/bot/types.js';
import { QR_FILE, relogNotice, startWechatyChannel, type WechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import type { Store } from '../src/store/types.js';
import { seedStore, Sink, tinyAsker, waitFor } from './bot-helpers.js';

interface Sent {
  to: string;
  text: string;
  mentions: string[];
  /** Virtual time of the send. */
  at: number;
}

let tmp: string;
let store: Store;
let mocker: mock.Mocker;
let puppet: PuppetMock;
let channel: WechatyChannel;
let queue: SendQueue;
const clock = new VirtualClock(1_000_000);
const logs = new Sink();
const sent: Sent[] = [];
const handled: { msg: Incoming; reply: Reply | null }[] = [];
let failSends = false;

const contacts = {} as Record<'self' | 'alice' | 'bob' | 'carol' | 'dave' | 'eve' | 'chief', mock.ContactMock>;
let room: mock.RoomMock;
let otherRoom: mock.RoomMock;

const config = parseConfig(
  {
    bot: {
      rooms: ['年报工作群'],
      admins: ['张主任'],
      flood: { maxQuestions: 4, windowSeconds: 60 },
      retry: { attempts: 2, baseDelayMs: 500 },
    },
  },
  { env: {} },
).bot;

/** Says `text` as `who` into `to`, and resolves once the bot has dealt with it. */
async function say(
  who: mock.ContactMock,
  text: string,
  to: mock.RoomMock | mock.ContactMock,
  mentions: mock.ContactMock[] = [],
) {
  const before = handled.length;
  who.say(text, mentions).to(to);
  await waitFor(() => handled.length > before, `the bot to handle “${text}”`);
  return handled[handled.length - 1];
}

const sentTo = (id: string) => sent.filter((s) => s.to === id);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-wechaty-'));
  store = seedStore();
  mocker = new mock.Mocker();
  puppet = new PuppetMock({ mocker });
  const original = puppet.messageSendText.bind(puppet);
  // wechaty passes the @-ed contacts' ids as a third argument the mock's type omits.
  const record = async (conversationId: string, text: string, mentionIdList?: string[]) => {
    if (failSends) throw new Error('network down');
    sent.push({ to: conversationId, text, mentions: mentionIdList ?? [], at: clock.now() });
    return original(conversationId, text);
  };
  puppet.messageSendText = record;

  contacts.self = mocker.createContact({ name: '年报助手' });
  contacts.alice = mocker.createContact({ name: '小王' });
  contacts.bob = mocker.createContact({ name: '老李' });
  contacts.carol = mocker.createContact({ name: '小陈' });
  contacts.dave = mocker.createContact({ name: '小赵' });
  contacts.eve = mocker.createContact({ name: '小周' });
  contacts.chief = mocker.createContact({ name: '张主任' });
  const members = Object.values(contacts).map((c) => c.id);
  room = mocker.createRoom({ id: 'served@chatroom', topic: '年报工作群', memberIdList: members });
  otherRoom = mocker.createRoom({ id: 'other@chatroom', topic: '闲聊群', memberIdList: members });

  const logger = createLogger({ destination: logs, level: 'info', names: true });
  queue = new SendQueue({ rate: config.rate, retry: config.retry, clock, logger });
  const core = createBotCore({
    ...config,
    asker: tinyAsker(store),
    offices: store,
    reminders: {
      status: () => '2020 年度：5 个单位均已报送。',
      pause: (arg) => `已暂停${arg || '全部'}提醒。`,
      resume: (arg) => `已恢复${arg || '全部'}提醒。`,
    },
    logger,
  });
  const bot = new Bot({
    core,
    queue,
    flood: new FloodGuard(config.flood.maxQuestions, config.flood.windowSeconds * 1000),
    clock,
    logger,
  });
  channel = await startWechatyChannel({
    bot,
    config,
    dataDir: tmp,
    logger,
    puppet,
    qrInTerminal: false,
    reconnect: { baseMs: 20, maxMs: 200 },
    onHandled: (msg, reply) => {
      if (msg) handled.push({ msg, reply });
    },
  });
  const loggedIn = new Promise((resolve) => channel.wechaty.once('login', resolve));
  // bot.ready() never resolves with the mock puppet: wait for the login event instead.
  mocker.login(contacts.self);
  await loggedIn;
});

afterAll(async () => {
  queue?.stop();
  await channel?.stop();
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('wechaty channel over the mock puppet', () => {
  it('answers an @ question in the room, @-ing the asker', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.alice, '@年报助手\u2005只楚街道2020年收到多少申请？', room, [contacts.self]);
    expect(reply?.kind).toBe('fact');
    const out = sent.slice(before);
    expect(out).toHaveLength(1);
    expect(out[0].to).toBe(room.id);
    expect(out[0].mentions).toEqual([contacts.alice.id]);
    expect(out[0].text).toBe('@小王 芝罘区只楚街道办事处 2020 年新收政府信息公开申请 4 件。');
  });

  it('answers when the text says @name though the puppet reported no mention', async () => {
    const before = sent.length;
    const { msg, reply } = await say(contacts.alice, '@年报助手 洛北街道收到多少申请', room);
    expect(msg.mentionedSelf).toBe(false);
    expect(reply?.text).toContain('西工区洛北街道办事处');
    expect(sent.slice(before).map((s) => s.mentions)).toEqual([[contacts.alice.id]]);
  });

  it('answers a message that starts with the prefix, without any @', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.bob, '年报 城关镇收到多少申请', room);
    expect(reply?.text).toBe('城关镇人民政府 2020 年新收政府信息公开申请 0 件。');
    expect(sent.slice(before)).toHaveLength(1);
  });

  it('stays silent on a group message with neither @ nor prefix', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.bob, '只楚街道收到多少申请？', room);
    expect(reply).toBeNull();
    await queue.idle();
    expect(sent.length).toBe(before);
  });

  it('stays silent in a room that is not on the allow list, even when @-ed', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.alice, '@年报助手\u2005只楚街道收到多少申请', otherRoom, [contacts.self]);
    expect(reply).toBeNull();
    await queue.idle();
    expect(sent.length).toBe(before);
  });

  it('answers every private message, without @', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.bob, '胜利街收到多少申请', contacts.self);
    expect(reply?.mention).toBe(false);
    const out = sent.slice(before);
    expect(out).toEqual([
      expect.objectContaining({
        to: contacts.bob.id,
        text: '银川市兴庆区胜利街街道办事处 2020 年新收政府信息公开申请 0 件。',
      }),
    ]);
  });

  it('sends a long answer as several messages within the limit, in order, @-ing once', async () => {
    const before = sent.length;
    const { reply } = await say(contacts.eve, '年报 全文', room);
    await queue.idle();
    const out = sent.slice(before);
    expect(reply!.parts.length).toBeGreaterThan(2);
    expect(out).toHaveLength(reply!.parts.length);
    for (const s of out) expect(s.text.length).toBeLessThanOrEqual(1800);
    expect(out[0].text.startsWith('@小周 第 1 行')).toBe(true);
    expect(out.map((s) => s.mentions.length)).toEqual(out.map((_, i) => (i === 0 ? 1 : 0)));
    const lines = out
      .map((s, i) => (i === 0 ? s.text.slice('@小周 '.length) : s.text))
      .join('\n')
      .split('\n');
    expect(lines).toHaveLength(150);
    expect(lines[149]).toMatch(/^第 150 行/);
    // The room's rate: no two messages into one room less than a second apart.
    const times = sentTo(room.id).map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('rate-limits a flood: a few answers, one polite notice, then silence', async () => {
    const before = sent.length;
    for (let i = 0; i < 8; i++) await say(contacts.carol, `@年报助手 只楚街道收到多少申请 ${i}`, room);
    await queue.idle();
    const out = sent.slice(before);
    expect(out).toHaveLength(5);
    expect(out.slice(0, 4).every((s) => s.text.includes('4 件'))).toBe(true);
    expect(out[4].text).toMatch(/^@小陈 您问得有点快/);
    expect(handled.slice(-3).every((h) => h.reply === null)).toBe(true);
  });

  it('refuses an admin command from a non-admin, and obeys the admin', async () => {
    const before = sent.length;
    const refused = await say(contacts.alice, '@年报助手 暂停提醒', room);
    expect(refused.reply?.kind).toBe('refused');
    const obeyed = await say(contacts.chief, '@年报助手 暂停提醒 城关镇', room);
    expect(obeyed.msg.isAdmin).toBe(true);
    await queue.idle();
    expect(sent.slice(before).map((s) => s.text)).toEqual([
      '@小王 抱歉，「暂停提醒」只有管理员可以使用。',
      '@张主任 已暂停城关镇提醒。',
    ]);
  });

  it('answers a reply that throws with the apology and keeps serving', async () => {
    const before = sent.length;
    const bad = await say(contacts.dave, '@年报助手 这个问题会炸', room);
    expect(bad.reply?.failed).toBe(true);
    const good = await say(contacts.dave, '@年报助手 城郊街道收到多少申请', room);
    await queue.idle();
    expect(sent.slice(before).map((s) => s.text)).toEqual([
      `@小赵 ${APOLOGY}`,
      '@小赵 城郊街道 2020 年新收政府信息公开申请 0 件。',
    ]);
    expect(good.reply?.failed).toBe(false);
    const errors = logs.lines().filter((l) => l.msg === 'reply failed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ asker: '小赵', question: '这个问题会炸' });
  });

  it('delivers a reminder to a room by topic, @-ing the named members', async () => {
    const before = sent.length;
    const ok = await channel.deliver({
      room: '年报工作群',
      mentions: ['老李', '小王'],
      text: '请于 1 月 31 日前报送 2025 年度报告。',
    });
    expect(ok).toBe(true);
    const out = sent.slice(before);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ to: room.id, mentions: [contacts.bob.id, contacts.alice.id] });
    expect(out[0].text).toContain('请于 1 月 31 日前报送');
    expect(await channel.deliver({ room: '不存在的群', text: 'x' })).toBe(false);
  });

  it('logs one line per question, with room, asker, question, kind and latency', () => {
    const questions = logs.lines().filter((l) => l.msg === 'question');
    // Every addressed, admitted message above; none of the silent or flooded ones.
    expect(questions.length).toBe(handled.filter((h) => h.reply && h.reply.kind !== 'flood').length);
    expect(questions[0]).toMatchObject({
      room: '年报工作群',
      asker: '小王',
      question: '只楚街道2020年收到多少申请？',
      kind: 'fact',
    });
    expect(typeof questions[0].latencyMs).toBe('number');
  });

  it('after a logout, reconnects, shows the QR code, and tells the admin once', async () => {
    failSends = true;
    const before = sent.length;
    const loggedOut = new Promise((resolve) => channel.wechaty.once('logout', resolve));
    await puppet.logout();
    await loggedOut;
    // A restart by the reconnect loop; then the puppet asks for a scan.
    await waitFor(() => logs.lines().some((l) => l.msg === 'reconnecting'), 'a reconnection attempt');
    mocker.scan('https://login.weixin.qq.com/l/mock', 2);
    await waitFor(() => existsSync(path.join(tmp, QR_FILE)), 'the QR code PNG');
    // The notice could not go out while logged out; it follows the next login instead.
    const undeliverable = ['admin not found among contacts', 'send failed, giving up'];
    await waitFor(() => logs.lines().some((l) => undeliverable.includes(String(l.msg))), 'the failed notice');
    failSends = false;
    const loggedIn = new Promise((resolve) => channel.wechaty.once('login', resolve));
    mocker.login(contacts.self);
    await loggedIn;
    await waitFor(() => sentTo(contacts.chief.id).length > 0, 'the admin notice');
    await queue.idle();
    expect(sent.slice(before)).toEqual([
      expect.objectContaining({ to: contacts.chief.id, text: relogNotice('年报助手') }),
    ]);
    // And it still answers.
    const { reply } = await say(contacts.alice, '@年报助手 只楚街道收到多少申请', room);
    expect(reply?.kind).toBe('fact');
  });
});
