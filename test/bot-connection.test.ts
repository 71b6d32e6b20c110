// WeChat out of reach, as with the default puppet and no network: the puppet reports
// an error hundreds of times a minute on its own. The channel stops it between
// attempts, retries on a doubling delay up to a ceiling, shows one plain Chinese line
// per attempt, keeps the details in the log, says once on screen when the outage has
// lasted N minutes, and tells the admins once when it is back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { Bot } from '../src/bot/bot.js';
import { createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { downNotice, startWechatyChannel, statusText, type WechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import type { Store } from '../src/store/types.js';
import { seedStore, Sink, tinyAsker, waitFor } from './bot-helpers.js';

/** A puppet whose service is unreachable while `offline`: it errors every few ms until stopped, like wechat4u. */
class OfflinePuppet extends PuppetMock {
  offline = true;
  starts = 0;
  errorsWhileStopped = 0;
  private loop?: NodeJS.Timeout;
  private running = false;
  override async onStart(): Promise<void> {
    await super.onStart();
    this.starts += 1;
    this.running = true;
    if (this.offline) {
      this.loop = setInterval(() => {
        if (!this.running) this.errorsWhileStopped += 1;
        this.emit('error', { data: 'getaddrinfo ENOTFOUND login.wx.qq.com' });
      }, 3);
    }
  }
  override async onStop(): Promise<void> {
    this.running = false;
    clearInterval(this.loop);
    await super.onStop();
  }
}

let tmp: string;
let store: Store;
let channel: WechatyChannel;
let puppet: OfflinePuppet;
let mocker: mock.Mocker;
let chief: mock.ContactMock;
let self: mock.ContactMock;
const logs = new Sink();
const statuses: string[] = [];
const sent: { to: string; text: string }[] = [];
let fakeNow = Date.parse('2026-12-01T09:00:00+08:00');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-conn-'));
  store = seedStore();
  mocker = new mock.Mocker();
  puppet = new OfflinePuppet({ mocker });
  const original = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (to: string, text: string) => {
    sent.push({ to, text });
    return original(to, text);
  };
  self = mocker.createContact({ name: '年报助手' });
  chief = mocker.createContact({ name: '张主任' });
  const config = parseConfig({ bot: { admins: ['张主任'], downNoticeMinutes: 10 } }, { env: {} }).bot;
  const logger = createLogger({ destination: logs, level: 'info' });
  const core = createBotCore({ ...config, asker: tinyAsker(store), offices: store, logger });
  channel = await startWechatyChannel({
    bot: new Bot({ core, logger }),
    config,
    dataDir: tmp,
    logger,
    puppet,
    qrInTerminal: false,
    reconnect: { baseMs: 20, maxMs: 100 },
    onStatus: (l) => statuses.push(l),
    now: () => fakeNow,
  });
}, 30_000);

afterAll(async () => {
  await channel?.stop();
  store?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('WeChat out of reach', () => {
  it('retries on a doubling delay up to a ceiling, one plain line per attempt, the puppet halted in between', async () => {
    await waitFor(() => statuses.filter((s) => s.startsWith('无法连接')).length >= 6, 'six retries', 10_000);
    const retries = statuses.filter((s) => s.startsWith('无法连接'));
    expect(statuses[0]).toBe(statusText.connecting('mock'));
    retries.forEach((line, i) => expect(line).toBe(statusText.retry(1, i + 1)));
    const delays = logs
      .lines()
      .filter((l) => l.msg === 'will reconnect')
      .map((l) => l.inMs);
    expect(delays.slice(0, 6)).toEqual([20, 40, 80, 100, 100, 100]);
    // The puppet's own error loop does not run while we wait: it is stopped.
    expect(puppet.errorsWhileStopped).toBe(0);
    expect(puppet.starts).toBeLessThanOrEqual(retries.length + 1);
    // The screen has words; the log keeps each distinct error once a minute, not every repeat.
    expect(statuses.every((s) => !s.includes('{') && !s.includes('Error'))).toBe(true);
    const errorLines = logs.lines().filter((l) => l.msg === 'wechaty error');
    expect(errorLines.length).toBeLessThanOrEqual(2);
  }, 20_000);

  it('says once on screen when the outage has lasted N minutes, and tells the admins once it is back', async () => {
    fakeNow += 11 * 60_000;
    await waitFor(() => statuses.includes(statusText.longDown(10)), 'the long-outage line', 5_000);
    const before = statuses.filter((s) => s === statusText.longDown(10)).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses.filter((s) => s === statusText.longDown(10)).length).toBe(before);
    expect(before).toBe(1);

    // The network is back: the next attempt starts cleanly and the account logs in.
    puppet.offline = false;
    await waitFor(
      () =>
        puppet.starts > 0 && channel.wechaty.isLoggedIn === false && logs.lines().some((l) => l.msg === 'reconnecting'),
      'a clean attempt',
      5_000,
    );
    await new Promise((r) => setTimeout(r, 250));
    const loggedIn = new Promise((resolve) => channel.wechaty.once('login', resolve));
    mocker.login(self);
    await loggedIn;
    await waitFor(() => sent.some((s) => s.to === chief.id), 'the admin notice', 5_000);
    const notices = sent.filter((s) => s.to === chief.id);
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toMatch(
      /^年报助手与微信服务的连接中断了 1[01] 分钟（自 .* 起），期间的消息可能没有回复；现已恢复。$/,
    );
    expect(notices[0].text.startsWith(downNotice('年报助手', 11, new Date(0)).slice(0, 16))).toBe(true);
    expect(statuses.at(-1)).toBe(statusText.loggedIn('年报助手'));
  }, 20_000);
});
