// The channel-independent core: addressing, commands, splitting, errors, log lines.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY, createBotCore, REMINDERS_OFF, type CoreOptions } from '../src/bot/core.js';
import { addressedQuestion, type Addressing, isAdminSender, parseCommand } from '../src/bot/intent.js';
import { createLogger } from '../src/log/index.js';
import { reminderCommands } from '../src/bot/reminders.js';
import { parseCheckArg } from '../src/bot/replies.js';
import { splitMessage } from '../src/bot/split.js';
import type { Incoming } from '../src/bot/types.js';
import { parseConfig } from '../src/config/parse.js';
import { MemoryLedger } from '../src/remind/ledger.js';
import type { Store } from '../src/store/types.js';
import { seedStore, Sink, tinyAsker } from './bot-helpers.js';

const addressing: Addressing = { name: '年报助手', prefix: '年报', rooms: [], contacts: [] };
const inRoom = (text: string, over: Partial<Incoming> = {}): Incoming => ({
  text,
  roomId: 'r1@chatroom',
  roomTopic: '年报工作群',
  senderId: 'u1',
  senderName: '小王',
  mentionedSelf: false,
  isAdmin: false,
  ...over,
});
const privately = (text: string, over: Partial<Incoming> = {}): Incoming => ({
  text,
  senderId: 'u2',
  senderName: '老李',
  mentionedSelf: false,
  isAdmin: false,
  ...over,
});

describe('splitMessage', () => {
  it('keeps a short text whole and splits a long one on line boundaries', () => {
    expect(splitMessage('一行\n两行', 1800)).toEqual(['一行\n两行']);
    const lines = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(9));
    expect(splitMessage(lines.join('\n'), 25)).toEqual([
      `${lines[0]}\n${lines[1]}`,
      `${lines[2]}\n${lines[3]}`,
      `${lines[4]}\n${lines[5]}`,
      `${lines[6]}\n${lines[7]}`,
      `${lines[8]}\n${lines[9]}`,
    ]);
  });

  it('cuts a single over-long line hard, never inside a surrogate pair', () => {
    expect(splitMessage('甲乙丙丁戊己庚', 3)).toEqual(['甲乙丙', '丁戊己', '庚']);
    const parts = splitMessage('ab😀😀😀', 3);
    expect(parts.join('')).toBe('ab😀😀😀');
    for (const p of parts) expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('any text: every part within the limit, nothing lost or reordered', () => {
    const line = fc.string({ unit: fc.constantFrom('年', '报', 'a', ' ', '1', '😀'), maxLength: 60 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 4, max: 80 }), (lines, max) => {
        const text = lines.join('\n');
        const parts = splitMessage(text, max);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(max);
          expect(p.trim().length).toBeGreaterThan(0);
        }
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(squash(parts.join(''))).toBe(squash(text));
      }),
    );
  });
});

describe('addressedQuestion', () => {
  it('in a group: only an @ (reported or written) or the prefix addresses the bot', () => {
    expect(addressedQuestion(inRoom('只楚街道收到多少申请'), addressing)).toBeNull();
    expect(addressedQuestion(inRoom('@年报助手\u2005只楚街道收到多少申请'), addressing)).toBe('只楚街道收到多少申请');
    expect(addressedQuestion(inRoom('@年报助手 只楚街道收到多少申请'), addressing)).toBe('只楚街道收到多少申请');
    expect(addressedQuestion(inRoom('只楚街道收到多少申请 @年报助手'), addressing)).toBe('只楚街道收到多少申请');
    expect(addressedQuestion(inRoom('年报 核查 只楚'), addressing)).toBe('核查 只楚');
    expect(addressedQuestion(inRoom('年报：单位列表'), addressing)).toBe('单位列表');
    expect(addressedQuestion(inRoom('年报核查 只楚'), addressing)).toBe('核查 只楚');
    // Where the prefix is a word of the question, the question keeps it.
    expect(addressedQuestion(inRoom('年报什么时候截止？'), addressing)).toBe('年报什么时候截止？');
    // The bot's name without the @ addresses it too.
    expect(addressedQuestion(inRoom('年报助手，帮助'), addressing)).toBe('帮助');
    expect(addressedQuestion(inRoom('@年报助手只楚街道收到多少申请'), addressing)).toBe('只楚街道收到多少申请');
    // @ under a group nickname the bot does not know: the puppet's mention flag decides.
    expect(addressedQuestion(inRoom('@小助手\u2005帮助', { mentionedSelf: true }), addressing)).toBe('帮助');
    expect(addressedQuestion(inRoom('@小助手\u2005帮助'), addressing)).toBeNull();
    // Someone else @-ed: not for the bot.
    expect(addressedQuestion(inRoom('@小王\u2005只楚街道收到多少申请'), addressing)).toBeNull();
  });

  it('in private: every message; the prefix and @ are still stripped', () => {
    expect(addressedQuestion(privately('只楚街道收到多少申请'), addressing)).toBe('只楚街道收到多少申请');
    expect(addressedQuestion(privately('年报 帮助'), addressing)).toBe('帮助');
  });

  it('serves only the rooms and contacts on the allow lists (empty = all); admins always in private', () => {
    const limited = { ...addressing, rooms: ['年报工作群', 'other@chatroom'], contacts: ['老李'] };
    expect(addressedQuestion(inRoom('@年报助手 帮助'), limited)).toBe('帮助');
    expect(
      addressedQuestion(inRoom('@年报助手 帮助', { roomId: 'other@chatroom', roomTopic: '改了名' }), limited),
    ).toBe('帮助');
    expect(
      addressedQuestion(inRoom('@年报助手 帮助', { roomId: 'x@chatroom', roomTopic: '闲聊群' }), limited),
    ).toBeNull();
    expect(addressedQuestion(privately('帮助'), limited)).toBe('帮助');
    expect(addressedQuestion(privately('帮助', { senderId: 'u9', senderName: '陌生人' }), limited)).toBeNull();
    expect(addressedQuestion(privately('帮助', { senderId: 'u9', senderName: '陌生人', isAdmin: true }), limited)).toBe(
      '帮助',
    );
  });

  it('an empty prefix turns prefixes off', () => {
    expect(addressedQuestion(inRoom('年报 帮助'), { ...addressing, prefix: '' })).toBeNull();
  });

  it('names admins by name or id', () => {
    expect(isAdminSender(['张主任', 'wxid_9'], 'wxid_1', '张主任')).toBe(true);
    expect(isAdminSender(['张主任', 'wxid_9'], 'wxid_9', '别名')).toBe(true);
    expect(isAdminSender(['张主任'], 'wxid_1', '小王')).toBe(false);
  });
});

describe('parseCommand', () => {
  it('knows the Chinese words and their English aliases', () => {
    expect(parseCommand('帮助')).toEqual({ command: 'help', arg: '' });
    expect(parseCommand('help')).toEqual({ command: 'help', arg: '' });
    expect(parseCommand('帮助？')).toEqual({ command: 'help', arg: '' });
    expect(parseCommand('')).toEqual({ command: 'help', arg: '' });
    expect(parseCommand('单位列表')).toEqual({ command: 'offices', arg: '' });
    expect(parseCommand('offices')).toEqual({ command: 'offices', arg: '' });
    expect(parseCommand('核查 只楚街道')).toEqual({ command: 'check', arg: '只楚街道' });
    expect(parseCommand('核查只楚街道2020')).toEqual({ command: 'check', arg: '只楚街道2020' });
    expect(parseCommand('check Zhichu')).toEqual({ command: 'check', arg: 'Zhichu' });
    expect(parseCommand('提醒状态 2025')).toEqual({ command: 'status', arg: '2025' });
    expect(parseCommand('status')).toEqual({ command: 'status', arg: '' });
    expect(parseCommand('暂停提醒 城关镇')).toEqual({ command: 'pause', arg: '城关镇' });
    expect(parseCommand('resume 城关镇')).toEqual({ command: 'resume', arg: '城关镇' });
  });

  it('treats anything else as a question, whole', () => {
    expect(parseCommand('只楚街道收到多少申请？')).toEqual({ command: 'ask', arg: '只楚街道收到多少申请？' });
    expect(parseCommand('checking how many requests?')).toEqual({ command: 'ask', arg: 'checking how many requests?' });
    expect(parseCommand('帮助我查一下城关镇')).toEqual({ command: 'ask', arg: '帮助我查一下城关镇' });
  });

  it('takes who has not filed, asked in words, as 报送情况 with its year and place, and leaves questions the reports answer alone', () => {
    expect(parseCommand('谁还没报送？')).toEqual({ command: 'filings', arg: '' });
    expect(parseCommand('未报送的单位有哪些')).toEqual({ command: 'filings', arg: '' });
    expect(parseCommand('洛阳哪些单位还没交2020年的年报？')).toEqual({ command: 'filings', arg: '洛阳 2020年' });
    expect(parseCommand('哪些单位还没有报送2020年度政府信息公开工作年度报告')).toEqual({
      command: 'filings',
      arg: '2020年度',
    });
    expect(parseCommand("who hasn't filed yet?")).toEqual({ command: 'filings', arg: '' });
    expect(parseCommand('which offices have not filed for 2020')).toEqual({ command: 'filings', arg: '2020' });
    // Who has filed the reports say (a year's stored reports); 报送 and 交 inside other questions.
    for (const q of [
      '哪些单位交了2020年的年报',
      '2020年哪些单位已经报送了',
      'which offices have filed',
      '城郊街道报送信息多少条',
      '信息报送机制',
      '哪些单位交了信息处理费',
      '哪些单位没有公开预算',
      '谁收到的申请最多',
    ])
      expect(parseCommand(q)).toEqual({ command: 'ask', arg: q });
  });

  it('reads the office and the year of 核查', () => {
    expect(parseCheckArg('只楚街道 2020')).toEqual({ office: '只楚街道', year: 2020 });
    expect(parseCheckArg('只楚街道2020年度的年报')).toEqual({ office: '只楚街道', year: 2020 });
    expect(parseCheckArg('城关镇')).toEqual({ office: '城关镇', year: null });
  });
});

describe('the core over the five seed reports', () => {
  let store: Store;
  const logs = new Sink();
  let options: CoreOptions;

  beforeAll(() => {
    store = seedStore();
    options = {
      ...addressing,
      maxMessageLength: 1800,
      asker: tinyAsker(store),
      offices: store,
      logger: createLogger({ destination: logs, names: true }),
    };
  });
  afterAll(() => store.close());

  it('核查 lists the findings of the office’s report, from the store', async () => {
    const core = createBotCore(options);
    const reply = await core.handle(inRoom('@年报助手 核查 只楚'));
    expect(reply?.command).toBe('check');
    const report = store.getReport(store.currentReports().find((r) => r.officeName === '芝罘区只楚街道办事处')!.id)!;
    expect(report.findings.length).toBeGreaterThan(0);
    expect(reply?.text.split('\n')[0]).toBe('芝罘区只楚街道办事处 2020 年度报告（2019 版格式）核查结果：');
    for (const f of report.findings) expect(reply?.text).toContain(f.message);
  });

  it('核查 says when the office is unknown, ambiguous, or has no report of that year', async () => {
    const core = createBotCore(options);
    expect((await core.handle(privately('核查 不存在的镇')))?.text).toMatch(/^没有找到“不存在的镇”的年报/);
    const many = await core.handle(privately('核查 街道'));
    expect(many?.kind).toBe('clarify');
    expect(many?.text).toContain('城郊街道');
    expect((await core.handle(privately('核查 城关镇 2019')))?.text).toBe(
      '城关镇人民政府没有 2019 年度的年报（已有：2020）。',
    );
  });

  it('单位列表 lists every office under its region', async () => {
    const core = createBotCore(options);
    const reply = await core.handle(privately('单位列表'));
    const text = reply!.text;
    expect(text.split('\n')[0]).toBe('已收录 5 个单位（按地区）：');
    for (const o of store.listOffices()) {
      const heading = `【${o.region ?? '未注明地区'}】`;
      const at = text.indexOf(heading);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(`· ${o.name}（2020）`)).toBeGreaterThan(at);
    }
    expect(text.trimEnd().endsWith('· 城郊街道（2020）')).toBe(true);
  });

  it('passes questions to the asker with the @ and prefix stripped', async () => {
    const asker = tinyAsker(store);
    const core = createBotCore({ ...options, asker });
    const reply = await core.handle(inRoom('@年报助手\u2005洛北街道2020年收到多少申请？'));
    expect(asker.questions).toEqual(['洛北街道2020年收到多少申请？']);
    expect(reply).toMatchObject({ command: 'ask', kind: 'fact', mention: true, failed: false });
  });

  it('answers reminder commands with “not configured” until reminders exist', async () => {
    const core = createBotCore(options);
    expect((await core.handle(privately('提醒状态')))?.text).toBe(REMINDERS_OFF);
  });

  it('refuses admin commands to others, politely, and runs them for admins', async () => {
    const paused: string[] = [];
    const core = createBotCore({
      ...options,
      reminders: {
        status: () => '状态',
        pause: (arg, who) => {
          paused.push(`${arg}/${who.name}`);
          return '已暂停';
        },
        resume: () => '已恢复',
      },
    });
    const refused = await core.handle(inRoom('@年报助手 暂停提醒 城关镇'));
    expect(refused).toMatchObject({ kind: 'refused', text: '抱歉，「暂停提醒」只有管理员可以使用。' });
    expect(paused).toEqual([]);
    const done = await core.handle(inRoom('@年报助手 暂停提醒 城关镇', { senderName: '张主任', isAdmin: true }));
    expect(done?.text).toBe('已暂停');
    expect(paused).toEqual(['城关镇/张主任']);
  });

  it('turns an error into the apology, logged, and goes on', async () => {
    const core = createBotCore(options);
    const before = logs.lines().length;
    const bad = await core.handle(privately('炸'));
    expect(bad).toMatchObject({ failed: true, text: APOLOGY, parts: [APOLOGY], kind: 'error' });
    const err = logs
      .lines()
      .slice(before)
      .find((l) => l.msg === 'reply failed');
    expect(err).toMatchObject({ asker: '老李', question: '炸' });
    expect((err!.err as { message: string }).message).toBe('asker exploded');
    expect((await core.handle(privately('城郊街道收到多少申请')))?.failed).toBe(false);
  });

  it('splits long answers so that the @ prefix still fits the limit', async () => {
    const core = createBotCore({ ...options, maxMessageLength: 300 });
    const reply = await core.handle(inRoom('@年报助手 全文'));
    expect(reply!.parts.length).toBeGreaterThan(1);
    for (const p of reply!.parts) expect(`@小王 ${p}`.length).toBeLessThanOrEqual(300);
    expect(reply!.parts.join('\n')).toBe(reply!.text);
  });

  it('logs one line per question (room, asker, question, kind, latency) and no secrets', async () => {
    const sink = new Sink();
    const logger = createLogger({ destination: sink, names: true });
    const core = createBotCore({ ...options, logger });
    await core.handle(inRoom('@年报助手 只楚街道收到多少申请'));
    await core.handle(inRoom('今天天气不错'));
    await core.handle(privately('单位列表'));
    const lines = sink.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      msg: 'question',
      room: '年报工作群',
      asker: '小王',
      question: '只楚街道收到多少申请',
      kind: 'fact',
    });
    expect(lines[1]).toMatchObject({ msg: 'question', room: null, asker: '老李', question: '单位列表', kind: 'list' });
    for (const l of lines) expect(typeof l.latencyMs).toBe('number');
    // A configuration logged by mistake shows no secret.
    const config = parseConfig(
      {},
      {
        env: {
          OPENAI_API_KEY: 'sk-secret-1',
          WECHATY_PUPPET: 'wechaty-puppet-service',
          WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_secret_2',
        },
      },
    );
    logger.info({ config, token: 'puppet_secret_2' }, 'config');
    expect(sink.text).not.toContain('sk-secret-1');
    expect(sink.text).not.toContain('puppet_secret_2');
  });
});

describe('reminder commands through src/remind', () => {
  it('提醒状态 lists the registry; 暂停提醒 by an admin pauses an office', async () => {
    const store = seedStore();
    try {
      const config = parseConfig(
        {
          offices: [
            { name: '城关镇人民政府', kind: '乡镇', aliases: ['城关镇'], room: '城关镇年报群' },
            { name: '西工区洛北街道办事处', kind: '街道', aliases: ['洛北街道'], room: '洛北年报群' },
          ],
        },
        { env: {} },
      );
      const ledger = new MemoryLedger();
      const commands = reminderCommands({
        config: { reminders: parseConfig({ reminders: {} }, { env: {} }).reminders!, offices: config.offices! },
        store,
        ledger,
        now: () => new Date('2021-01-10T09:00:00+08:00'),
      });
      const core = createBotCore({
        ...addressing,
        maxMessageLength: 1800,
        asker: tinyAsker(store),
        offices: store,
        reminders: commands,
        logger: createLogger({ destination: new Sink() }),
      });
      const status = await core.handle(privately('提醒状态 2020'));
      expect(status?.text).toContain('城关镇人民政府');
      expect(status?.text).toContain('西工区洛北街道办事处');
      const paused = await core.handle(privately('暂停提醒 城关镇 2020', { isAdmin: true }));
      expect(paused?.text).toMatch(/^已暂停 城关镇人民政府 的2020年度年报提醒/);
      expect(ledger.isPaused('城关镇人民政府', 2020)).toBe(true);
      expect((await core.handle(privately('暂停提醒')))?.text).toMatch(/^抱歉，「暂停提醒」只有管理员可以使用/);
      expect((await core.handle(privately('暂停提醒', { isAdmin: true })))?.text).toBe(
        '用法：暂停提醒 单位名 [年度]，如「暂停提醒 城关镇」。',
      );
    } finally {
      store.close();
    }
  });
});
