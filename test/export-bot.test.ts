// 导出, 图表 and 报送情况 in a WeChat room, end to end through wechaty-puppet-mock: the
// admin's 导出 puts an .xlsx into the room (read back: 只楚's 4 applications), 图表 a PNG,
// a member's 导出 is refused, and 报送情况 lists who has filed and who is overdue.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FileBoxInterface } from 'file-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { Bot } from '../src/bot/bot.js';
import { createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { VirtualClock } from '../src/bot/rate.js';
import { SendQueue } from '../src/bot/send-queue.js';
import type { Incoming, Reply } from '../src/bot/types.js';
import { startWechatyChannel, type WechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import { supervisorCommands } from '../src/bot/export-commands.js';
import { factHeader, SHEET_NAMES } from '../src/export/index.js';
import { remindSectionSchema, type RemindConfig } from '../src/remind/config.js';
import type { Store } from '../src/store/types.js';
import { seedStore, Sink, tinyAsker, waitFor } from './bot-helpers.js';

let tmp: string;
let store: Store;
let mocker: mock.Mocker;
let channel: WechatyChannel;
let queue: SendQueue;
const texts: { to: string; text: string }[] = [];
const files: { to: string; name: string; data: Buffer }[] = [];
const handled: { msg: Incoming; reply: Reply | null }[] = [];
const who = {} as Record<'self' | 'member' | 'chief', mock.ContactMock>;
let room: mock.RoomMock;

const config = parseConfig({ bot: { rooms: ['督办群'], admins: ['张主任'] } }, { env: {} }).bot;

// Registered offices: two of the bundled reports' offices, and one that never filed.
const remind: RemindConfig = {
  reminders: remindSectionSchema.parse({}),
  offices: [
    {
      name: '芝罘区只楚街道办事处',
      region: '山东省烟台市芝罘区',
      kind: '街道',
      room: 'r1',
      mention: [],
      aliases: [],
      paused: false,
    },
    { name: '城郊街道', kind: '街道', room: 'r2', mention: [], aliases: [], paused: false },
    {
      name: '前进街道办事处',
      region: '山东省烟台市芝罘区',
      kind: '街道',
      room: 'r3',
      mention: [],
      aliases: [],
      paused: false,
    },
  ] as RemindConfig['offices'],
};

async function say(from: mock.ContactMock, text: string) {
  const before = handled.length;
  from.say(text, [who.self]).to(room);
  await waitFor(() => handled.length > before, `the bot to handle “${text}”`, 20_000);
  await queue.idle();
  return handled[handled.length - 1].reply;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-bot-'));
  store = seedStore();
  mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const sendText = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (to: string, text: string) => {
    texts.push({ to, text });
    return sendText(to, text);
  };
  puppet.messageSendFile = async (to: string, file: FileBoxInterface) => {
    files.push({ to, name: file.name, data: await file.toBuffer() });
  };
  who.self = mocker.createContact({ name: '年报助手' });
  who.member = mocker.createContact({ name: '小王' });
  who.chief = mocker.createContact({ name: '张主任' });
  room = mocker.createRoom({ id: 'sup@chatroom', topic: '督办群', memberIdList: Object.values(who).map((c) => c.id) });

  const logger = createLogger({ destination: new Sink(), level: 'info', names: true });
  queue = new SendQueue({ rate: config.rate, retry: config.retry, clock: new VirtualClock(1_000_000), logger });
  const supervisor = supervisorCommands({
    store,
    remind: { config: remind },
    now: () => new Date('2021-02-03T09:00:00+08:00'),
  });
  const core = createBotCore({ ...config, asker: tinyAsker(store), offices: store, supervisor, logger });
  channel = await startWechatyChannel({
    bot: new Bot({ core, queue, logger }),
    config,
    dataDir: tmp,
    logger,
    puppet,
    qrInTerminal: false,
    onHandled: (msg, reply) => {
      if (msg) handled.push({ msg, reply });
    },
  });
  const loggedIn = new Promise((resolve) => channel.wechaty.once('login', resolve));
  mocker.login(who.self);
  await loggedIn;
});

afterAll(async () => {
  queue?.stop();
  await channel?.stop();
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('supervisors in a WeChat room (mock puppet)', () => {
  it("an admin's 导出 sends the workbook into the room, holding every office's figures", async () => {
    const reply = await say(who.chief, '@年报助手\u2005导出 2020');
    expect(reply?.kind).toBe('export');
    const sent = files.filter((f) => f.to === room.id);
    expect(sent).toHaveLength(1);
    expect(sent[0].name).toBe('年报汇总-2020-全部.xlsx');
    expect(texts.at(-1)!.text).toContain('已导出 2020 年度 5 个单位');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sent[0].data as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(SHEET_NAMES.facts)!;
    expect(sheet.rowCount).toBe(6);
    const head = (sheet.getRow(1).values as string[]).map(String);
    const col = head.indexOf(factHeader('apply.received.total'));
    const row = [2, 3, 4, 5, 6].map((n) => sheet.getRow(n)).find((r) => r.getCell(1).value === '芝罘区只楚街道办事处')!;
    // 只楚街道's report, table 三: 本年新收政府信息公开申请数量 总计 4.
    expect(row.getCell(col).value).toBe(4);
  });

  it("a member's 导出 is refused and sends no file", async () => {
    const before = files.length;
    const reply = await say(who.member, '@年报助手\u2005导出 2020');
    expect(reply?.text).toBe('抱歉，「导出」只有管理员可以使用。');
    expect(files.length).toBe(before);
  });

  it('图表 sends a PNG into the room', async () => {
    const before = files.length;
    const reply = await say(who.member, '@年报助手\u2005图表 收到申请 2020');
    expect(reply?.kind).toBe('chart');
    const png = files.slice(before);
    expect(png).toHaveLength(1);
    expect(png[0].name).toMatch(/\.png$/);
    expect(png[0].data.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('报送情况: who has filed and who is how many days overdue (1月31日 for 街道)', async () => {
    const reply = await say(who.member, '@年报助手\u2005报送情况 2020');
    expect(reply?.kind).toBe('filing');
    expect(reply?.text).toContain('应报送 3 家，已报送 2 家（67%），未报送 1 家，其中已逾期 1 家。');
    expect(reply?.text).toContain('· 前进街道办事处：截止1月31日，已逾期 3 天');
    expect(reply?.text).toContain('芝罘区只楚街道办事处、城郊街道');
  });
});
