// Filing through WeChat end to end (wechaty-puppet-mock): a PDF and a .docx made in
// this test are sent into a room as files, downloaded, read, stored and answered with
// their figures and checks; the reminders then count the office as filed. The figures
// asserted are those written into test/helpers/report-2021.ts by hand.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileBox } from 'file-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { Bot } from '../src/bot/bot.js';
import { createBotCore } from '../src/bot/core.js';
import { createFilingDesk, FILED_DIR } from '../src/bot/filing-desk.js';
import { silentLogger, type Incoming, type Reply } from '../src/bot/types.js';
import { startWechatyChannel, type WechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import { remindSectionSchema } from '../src/remind/config.js';
import { storeFilings } from '../src/remind/filings.js';
import { planReminders } from '../src/remind/plan.js';
import { runReminders } from '../src/remind/scheduler.js';
import { zonedInstant } from '../src/remind/calendar.js';
import { openStore, type Store } from '../src/store/index.js';
import { reportDocx, reportPdf } from './bot-filing-files.js';
import { tinyAsker, waitFor } from './bot-helpers.js';
import { report2021 } from './helpers/report-2021.js';

const OFFICE = '某某县某某镇人民政府';
const XISHAN = '某某县西山镇人民政府';
const ROOM = '某某镇政务公开群';
const XISHAN_ROOM = '西山镇政务公开群';
const config = parseConfig(
  {
    bot: {
      rooms: [ROOM, XISHAN_ROOM, '综合群'],
      admins: ['张主任'],
      filing: { maxFileMB: 1, rooms: [ROOM, XISHAN_ROOM, '综合群'] },
      retry: { attempts: 1, baseDelayMs: 10 },
    },
    offices: [
      { name: OFFICE, kind: '乡镇', room: ROOM, mention: ['小王'], supervisorRoom: '县政务公开督办群' },
      { name: XISHAN, kind: '乡镇', room: XISHAN_ROOM, mention: ['小李'], supervisorRoom: '县政务公开督办群' },
    ],
  },
  { env: {} },
);
const registry = config.offices!;
const rules = remindSectionSchema.parse({});
const remindConfig = { reminders: rules, offices: registry };

/** The 西山镇 version of the report, its 2022 new-applications total written 10 where its parts add to 9. */
const xishanWithError = () =>
  report2021()
    .replaceAll(OFFICE, XISHAN)
    .replaceAll('某某镇', '西山镇')
    .replace(
      '一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t9',
      '一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t10',
    );

let tmp: string;
let store: Store;
let mocker: mock.Mocker;
let channel: WechatyChannel;
const sent: { to: string; text: string }[] = [];
const handled: { msg: Incoming; reply: Reply | null }[] = [];
let self: mock.ContactMock, wang: mock.ContactMock, li: mock.ContactMock, chief: mock.ContactMock;
let room: mock.RoomMock, xishanRoom: mock.RoomMock, general: mock.RoomMock, chat: mock.RoomMock;

/** Sends `what` as `who` into `to`; resolves with the reply once the bot has dealt with it. */
async function say(who: mock.ContactMock, what: string | FileBox, to: mock.RoomMock) {
  const before = handled.length;
  who.say(what as never).to(to);
  await waitFor(() => handled.length > before, 'the bot to handle the message', 20_000);
  return handled[handled.length - 1];
}
const fileBox = (buf: Buffer, name: string) => FileBox.fromBase64(buf.toString('base64'), name);
const textsTo = (r: mock.RoomMock) => sent.filter((s) => s.to === r.id).map((s) => s.text);
const filedCount = () =>
  existsSync(path.join(tmp, FILED_DIR))
    ? readdirSync(path.join(tmp, FILED_DIR), { recursive: true }).filter((f) => String(f).includes('.')).length
    : 0;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-filing-wechaty-'));
  store = openStore(tmp);
  mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const original = puppet.messageSendText.bind(puppet);
  puppet.messageSendText = async (conversationId: string, text: string) => {
    sent.push({ to: conversationId, text });
    return original(conversationId, text);
  };
  self = mocker.createContact({ name: '年报助手' });
  wang = mocker.createContact({ name: '小王' });
  li = mocker.createContact({ name: '小李' });
  chief = mocker.createContact({ name: '张主任' });
  const members = [self, wang, li, chief].map((c) => c.id);
  room = mocker.createRoom({ topic: ROOM, memberIdList: members });
  xishanRoom = mocker.createRoom({ topic: XISHAN_ROOM, memberIdList: members });
  general = mocker.createRoom({ topic: '综合群', memberIdList: members });
  chat = mocker.createRoom({ topic: '闲聊群', memberIdList: members });

  const desk = createFilingDesk({
    store,
    dataDir: tmp,
    registry,
    filing: config.bot.filing,
    served: config.bot,
    logger: silentLogger,
  });
  const core = createBotCore({
    ...config.bot,
    asker: tinyAsker(store),
    offices: store,
    filingDesk: desk,
    logger: silentLogger,
  });
  channel = await startWechatyChannel({
    bot: new Bot({ core, logger: silentLogger }),
    config: config.bot,
    dataDir: tmp,
    logger: silentLogger,
    puppet,
    qrInTerminal: false,
    routeWechatyLog: false,
    onHandled: (msg, reply) => {
      if (msg) handled.push({ msg, reply });
    },
  });
  const loggedIn = new Promise((resolve) => channel.wechaty.once('login', resolve));
  mocker.login(self);
  await loggedIn;
}, 30_000);

afterAll(async () => {
  await channel?.stop();
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('filing a report by sending it in the group (wechaty mock puppet)', () => {
  it('a 6-page PDF sent to the office’s room is stored and answered with its figures; its reminder stops', async () => {
    const at = zonedInstant('2023-01-30', '09:00', 'Asia/Shanghai');
    // Before: the office is due a reminder that day (one day before its 01-31 deadline).
    const before = planReminders({
      now: at,
      registry,
      rules,
      filings: await storeFilings(store, registry),
      sent: { has: () => false },
    });
    expect(before.map((o) => o.office)).toContain(OFFICE);

    const { msg, reply } = await say(
      wang,
      fileBox(reportPdf(report2021(), 6), '某某镇2022年政府信息公开工作年度报告.pdf'),
      room,
    );
    expect(msg.attachment?.name).toBe('某某镇2022年政府信息公开工作年度报告.pdf');
    expect(reply?.kind).toBe('file-added');
    const text = textsTo(room).at(-1)!;
    expect(text).toContain(`已收到并登记：${OFFICE} 2022 年度政府信息公开工作年度报告`);
    expect(text).toContain('· 收到申请（本年新收）：9件');
    expect(text).toContain('· 予以公开：4件');
    expect(text).toContain('· 行政复议：2件');
    expect(text).toContain('· 行政诉讼（未经复议直接起诉）：1件');
    expect(text).toContain('· 主动公开信息：312条');
    expect(text).toContain('未发现问题');
    expect(store.currentReports({ year: 2022 }).map((r) => r.officeName)).toEqual([OFFICE]);
    expect(filedCount()).toBe(1);

    // The next wake of the reminders sees the filing: nothing goes to the office's room.
    const delivered: string[] = [];
    const wake = await runReminders({
      config: remindConfig,
      filings: () => storeFilings(store, registry),
      ledger: store.ledger(),
      now: () => at,
      send: async (m) => void delivered.push(m.room),
    });
    expect(wake.planned.map((o) => o.office)).not.toContain(OFFICE);
    expect(delivered).not.toContain(ROOM);
    expect(delivered).toContain(XISHAN_ROOM);
  }, 30_000);

  it('a .docx sent to its room is stored and answered with every failed check', async () => {
    const { reply } = await say(
      li,
      fileBox(await reportDocx(xishanWithError()), '西山镇年报（修改稿）.docx'),
      xishanRoom,
    );
    expect(reply?.kind).toBe('file-added');
    const text = textsTo(xishanRoom).at(-1)!;
    expect(text).toContain(`${XISHAN} 2022 年度`);
    expect(text).toContain('· 收到申请（本年新收）：10件');
    expect(text).toContain('核查发现 3 项未通过');
    expect(text).toContain('本年新收(10) + 上年结转(1) = 11');
    expect(text).toContain('总计为 10，但自然人与各类法人或其他组织之和为 9');
    expect(store.currentReports({ year: 2022 })).toHaveLength(2);
  }, 30_000);

  it('an unregistered office waits for 确认, and nothing is stored until then', async () => {
    const dongshan = report2021().replaceAll(OFFICE, '某某县东山镇人民政府').replaceAll('某某镇', '东山镇');
    const { reply } = await say(wang, fileBox(await reportDocx(dongshan), '东山镇年报.docx'), general);
    expect(reply?.kind).toBe('file-held');
    expect(textsTo(general).at(-1)).toContain('不在登记的报送名单中');
    expect(store.currentReports({ year: 2022 })).toHaveLength(2);
    const ok = await say(wang, '确认', general);
    expect(ok.reply?.kind).toBe('file-added');
    expect(textsTo(general).at(-1)).toContain('某某县东山镇人民政府 2022 年度');
    expect(store.currentReports({ year: 2022 })).toHaveLength(3);
  }, 30_000);

  it('an oversize or unreadable file is refused with a reason, and nothing is stored', async () => {
    const reports = store.counts().reports;
    const files = filedCount();
    const big = await say(wang, fileBox(Buffer.alloc(1024 * 1024 + 10, 32), '年报扫描件.pdf'), room);
    expect(big.reply?.kind).toBe('file-refused');
    expect(textsTo(room).at(-1)).toContain('超过 1.0 MB 的上限');
    const doc = await say(
      wang,
      fileBox(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(600).fill(0)]), '年报.doc'),
      room,
    );
    expect(doc.reply?.kind).toBe('file-refused');
    expect(textsTo(room).at(-1)).toMatch(/「年报\.doc」.*\.docx/s);
    expect(store.counts().reports).toBe(reports);
    expect(filedCount()).toBe(files);
  }, 30_000);

  it('a file from a room that may not file is ignored', async () => {
    const before = sent.length;
    const { reply } = await say(wang, fileBox(reportPdf(report2021(), 2), '年报.pdf'), chat).catch(() => ({
      reply: 'none' as const,
    }));
    // Not handled at all (the channel's onHandled sees no message), or handled with no reply.
    expect(reply === 'none' || reply === null).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(sent.slice(before).filter((s) => s.to === chat.id)).toEqual([]);
  }, 30_000);
});
