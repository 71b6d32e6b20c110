// Filing a report in the chat, through the bot core and the filing desk (no WeChat):
// what is stored, held, refused, and what the reply says. The truth of every number is
// the report text of test/helpers/report-2021.ts (its figures written out by hand there).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotCore, type BotCore } from '../src/bot/core.js';
import { decideFiling, looksLikeReport, parseConfirmArg, registryEntryFor } from '../src/bot/filing.js';
import { createFilingDesk, FILED_DIR } from '../src/bot/filing-desk.js';
import { changeLines } from '../src/bot/filing-replies.js';
import { type Attachment, FileTooLargeError, type Incoming, silentLogger } from '../src/bot/types.js';
import { parseConfig } from '../src/config/parse.js';
import { openStore, type Store } from '../src/store/index.js';
import JSZip from 'jszip';
import { report2021 } from './helpers/report-2021.js';
import { reportPdf } from './bot-filing-files.js';
import { tinyAsker } from './bot-helpers.js';

const OFFICE = '某某县某某镇人民政府';
const ROOM = '某某镇政务公开群';
const config = parseConfig(
  {
    bot: { admins: ['张主任'], filing: { maxFileMB: 1 } },
    offices: [
      { name: OFFICE, kind: '乡镇', room: ROOM, mention: ['小王'], supervisorRoom: '县政务公开督办群' },
      { name: '某某县西山镇人民政府', kind: '乡镇', room: '西山镇政务公开群', supervisorRoom: '县政务公开督办群' },
    ],
  },
  { env: {} },
);
const registry = config.offices!;

/** The report with its new-applications total changed: 9 → 10 breaks two checks. */
const withReceived = (total: number) =>
  report2021().replace(
    '一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t9',
    `一、本年新收政府信息公开申请数量\t7\t2\t0\t0\t0\t0\t${total}`,
  );
const xishan = () => report2021().replaceAll(OFFICE, '某某县西山镇人民政府').replaceAll('某某镇', '西山镇');
const otherOffice = () => report2021().replaceAll(OFFICE, '某某县东山镇人民政府').replaceAll('某某镇', '东山镇');

const file = (name: string, content: string | Buffer): Attachment => {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    name,
    size: bytes.length,
    read: async (limit) => {
      if (bytes.length > limit) throw new FileTooLargeError(name, limit);
      return bytes;
    },
  };
};

let tmp: string;
let store: Store;
let core: BotCore;
let now: number;

const msg = (over: Partial<Incoming> = {}): Incoming => ({
  text: '',
  roomId: 'r1@chatroom',
  roomTopic: ROOM,
  senderId: 'wang',
  senderName: '小王',
  mentionedSelf: false,
  isAdmin: false,
  ...over,
});

/** Route and answer, as the Bot does; null when the bot stays silent. */
async function send(m: Incoming): Promise<{ kind: string; text: string } | null> {
  const q = core.route(m);
  if (q === null) return null;
  const r = await core.answer(m, q);
  return { kind: r.kind, text: r.text };
}

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-filing-'));
  store = openStore(tmp);
  now = Date.parse('2023-01-10T02:00:00Z');
  const desk = createFilingDesk({
    store,
    dataDir: tmp,
    registry,
    filing: config.bot.filing,
    served: { rooms: [], contacts: [] },
    logger: silentLogger,
    clock: () => now,
  });
  core = createBotCore({
    ...config.bot,
    asker: tinyAsker(store),
    offices: store,
    filingDesk: desk,
    logger: silentLogger,
  });
});

afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const filedFiles = () =>
  existsSync(path.join(tmp, FILED_DIR))
    ? readdirSync(path.join(tmp, FILED_DIR), { recursive: true }).filter((f) => String(f).includes('.'))
    : [];

describe('filing decisions (pure)', () => {
  const id = { format: '2021', office: OFFICE, year: 2022, region: '某某县', kind: '乡镇' as const };
  it('matches the report to its registry entry the way reminders do', () => {
    expect(registryEntryFor(registry, id)?.name).toBe(OFFICE);
    expect(registryEntryFor(registry, { ...id, office: '某某县东山镇人民政府' })).toBeNull();
  });
  it('stores the room’s own office, holds the rest, refuses what is not a report', () => {
    const ctx = { registry, roomId: 'r1', roomTopic: ROOM };
    expect(decideFiling(id, ctx)).toMatchObject({ action: 'store' });
    expect(decideFiling({ ...id, format: null }, ctx)).toEqual({ action: 'refuse' });
    expect(decideFiling({ ...id, year: null }, ctx)).toMatchObject({
      action: 'hold',
      reason: 'unclear',
      needsAdmin: false,
    });
    expect(decideFiling({ ...id, office: '某某县西山镇人民政府' }, ctx)).toMatchObject({
      action: 'hold',
      reason: 'other-office',
      needsAdmin: true,
    });
    // A room no office is registered to: a registered office is stored, an unknown one held.
    const general = { registry, roomId: 'r9', roomTopic: '闲聊群' };
    expect(decideFiling(id, general)).toMatchObject({ action: 'store' });
    expect(decideFiling({ ...id, office: '某某县东山镇人民政府' }, general)).toMatchObject({
      action: 'hold',
      reason: 'unregistered',
    });
    // No registry at all: nothing to hold a clear report against.
    expect(decideFiling({ ...id, office: '某某县东山镇人民政府' }, { registry: [] })).toMatchObject({
      action: 'store',
    });
  });
  it('tells a pasted report from a question', () => {
    expect(looksLikeReport(report2021())).toBe(true);
    expect(looksLikeReport('某某镇2022年政府信息公开工作年度报告里行政复议和行政诉讼各多少件？')).toBe(false);
  });
  it('reads 确认 arguments', () => {
    expect(parseConfirmArg(' 城郊街道 2024')).toEqual({ office: '城郊街道', year: 2024 });
    expect(parseConfirmArg('2024年度')).toEqual({ office: null, year: 2024 });
    expect(parseConfirmArg('')).toEqual({ office: null, year: null });
  });
  it('words a change as 申请数 3 → 4, blanks as 空', () => {
    expect(
      changeLines(
        { facts: { 'apply.received.total': 3, 'review.total': 1 } },
        { facts: { 'apply.received.total': 4, 'review.total': null } },
      ),
    ).toEqual(['· 申请数 3 → 4', '· 行政复议数 1 → 空']);
  });
});

describe('filing through the bot core', () => {
  it('stores a report sent to its own room and answers with its figures', async () => {
    const r = await send(msg({ attachment: file('某某镇2022年报.txt', report2021()) }));
    expect(r?.kind).toBe('file-added');
    // Figures from test/helpers/report-2021.ts: 9 received, 4 granted, review 2, lawsuits 1 and 0, 312 items.
    expect(r?.text).toContain(`已收到并登记：${OFFICE} 2022 年度政府信息公开工作年度报告`);
    expect(r?.text).toContain('· 收到申请（本年新收）：9件');
    expect(r?.text).toContain('· 予以公开：4件');
    expect(r?.text).toContain('· 行政复议：2件');
    expect(r?.text).toContain('· 行政诉讼（未经复议直接起诉）：1件');
    expect(r?.text).toContain('· 行政诉讼（复议后起诉）：0件');
    expect(r?.text).toContain('· 主动公开信息：312条');
    expect(r?.text).toContain('未发现问题');
    expect(r?.text).toContain(`${OFFICE} 2022 年度已记为已报送`);
    expect(store.currentReports()).toHaveLength(1);
    expect(filedFiles()).toHaveLength(1);
    // The same file again: nothing new.
    const again = await send(msg({ attachment: file('某某镇2022年报.txt', report2021()) }));
    expect(again?.kind).toBe('file-unchanged');
    expect(store.counts().reports).toBe(1);
  });

  it('says every failed check, and what a new version changed', async () => {
    await send(msg({ attachment: file('初稿.txt', report2021()) }));
    const r = await send(msg({ attachment: file('修改稿.txt', withReceived(10)) }));
    expect(r?.kind).toBe('file-replaced');
    expect(r?.text).toContain('核查发现 3 项未通过');
    // The checks speak of the cells the text changed: 10 received against 7 + 2 and the prose's 9.
    expect(r?.text).toMatch(/本年新收\(10\) \+ 上年结转\(1\) = 11/);
    expect(r?.text).toContain('总计为 10，但自然人与各类法人或其他组织之和为 9');
    expect(r?.text).toContain('已替换此前报送的版本，变化如下：');
    expect(r?.text).toContain('· 申请数 9 → 10');
    expect(store.currentReports()).toHaveLength(1);
    expect(store.counts().reports).toBe(2);
  });

  it('files a pasted report like a sent one, without an @', async () => {
    const r = await send(msg({ text: report2021() }));
    expect(r?.kind).toBe('file-added');
    expect(r?.text).toContain('· 收到申请（本年新收）：9件');
  });

  it('holds an unregistered office until 确认, storing nothing before', async () => {
    const r = await send(
      msg({ roomId: 'r9@chatroom', roomTopic: '闲聊群', attachment: file('东山镇.txt', otherOffice()) }),
    );
    expect(r?.kind).toBe('file-held');
    expect(r?.text).toContain('读到的是「某某县东山镇人民政府」2022 年度的年报');
    expect(r?.text).toContain('不在登记的报送名单中');
    expect(r?.text).toContain('「确认」');
    expect(store.counts().reports).toBe(0);
    expect(filedFiles()).toHaveLength(0);
    // Someone else in the room cannot confirm another's file; the sender can, without an @.
    expect(
      await send(msg({ roomId: 'r9@chatroom', roomTopic: '闲聊群', senderId: 'li', senderName: '老李', text: '确认' })),
    ).toBeNull();
    const ok = await send(msg({ roomId: 'r9@chatroom', roomTopic: '闲聊群', text: '确认' }));
    expect(ok?.kind).toBe('file-added');
    expect(ok?.text).toContain('某某县东山镇人民政府 2022 年度');
    expect(store.counts().reports).toBe(1);
  });

  it('needs an admin for another office than the room’s own', async () => {
    const r = await send(msg({ attachment: file('东山镇.txt', otherOffice()) }));
    expect(r?.kind).toBe('file-held');
    expect(r?.text).toContain(`本群登记的是「${OFFICE}」`);
    expect(r?.text).toContain('请管理员');
    const refused = await send(msg({ text: '确认' }));
    expect(refused?.text).toContain('需要管理员确认');
    expect(store.counts().reports).toBe(0);
    const ok = await send(msg({ senderId: 'zhang', senderName: '张主任', isAdmin: true, text: '确认' }));
    expect(ok?.kind).toBe('file-added');
    expect(store.counts().reports).toBe(1);
  });

  it('takes office and year from 确认 when the text lacks them', async () => {
    const noYear = report2021()
      .replace(/2022年/g, '本年')
      .replace('2023年1月18日', '');
    const r = await send(msg({ attachment: file('年报.txt', noYear) }));
    expect(r?.kind).toBe('file-held');
    expect(r?.text).toContain('没有找到报告年度');
    expect((await send(msg({ text: '确认' })))?.text).toContain('请写明单位和年度');
    const ok = await send(msg({ text: `确认 ${OFFICE} 2022` }));
    expect(ok?.kind).toBe('file-added');
    expect(ok?.text).toContain(`${OFFICE} 2022 年度`);
    expect(store.currentReports({ year: 2022 })).toHaveLength(1);
  });

  it('holds a report whose office only its file name gives, and files it under that name once confirmed', async () => {
    const nameless = report2021().replaceAll(OFFICE, '').replaceAll('某某镇', '我镇');
    const r = await send(msg({ attachment: file(`${OFFICE}-2022.txt`, nameless) }));
    expect(r?.kind).toBe('file-held');
    expect(r?.text).toContain(`按文件名推测是「${OFFICE}」2022 年度的年报`);
    expect(store.counts().reports).toBe(0);
    // The kept copy's name starts with a hash: the office confirmed is supplied, not read again from it.
    const ok = await send(msg({ text: '确认' }));
    expect(ok?.kind).toBe('file-added');
    expect(store.currentReports().map((x) => x.officeName)).toEqual([OFFICE]);
    expect(ok?.text).toContain(`${OFFICE} 2022 年度已记为已报送`);
  });

  it('forgets a held file after 24 hours, and on 取消', async () => {
    const place = { roomId: 'r9@chatroom', roomTopic: '闲聊群' };
    await send(msg({ ...place, attachment: file('东山镇.txt', otherOffice()) }));
    now += 24 * 3600 * 1000 + 1;
    // Nothing held any more: a bare 确认 without @ is not for the bot.
    expect(await send(msg({ ...place, text: '确认' }))).toBeNull();
    await send(msg({ ...place, attachment: file('东山镇.txt', otherOffice()) }));
    expect((await send(msg({ ...place, text: '取消' })))?.text).toContain('已取消');
    expect((await send(msg({ ...place, text: '@年报助手 确认' })))?.text).toContain('没有等待确认的年报文件');
    expect(store.counts().reports).toBe(0);
  });

  it('refuses an oversize, unreadable or non-report file with a reason, storing nothing', async () => {
    const big = await send(msg({ attachment: file('大文件.pdf', Buffer.alloc(2 * 1024 * 1024, 32)) }));
    expect(big?.kind).toBe('file-refused');
    expect(big?.text).toContain('超过 1.0 MB 的上限');
    const doc = await send(
      msg({
        attachment: file(
          '年报.doc',
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(600).fill(0)]),
        ),
      }),
    );
    expect(doc?.kind).toBe('file-refused');
    expect(doc?.text).toContain('「年报.doc」');
    expect(doc?.text).toContain('.docx');
    const ofdZip = new JSZip();
    ofdZip.file('OFD.xml', '<ofd:OFD/>');
    const ofd = await send(msg({ attachment: file('年报.ofd', await ofdZip.generateAsync({ type: 'nodebuffer' })) }));
    expect(ofd?.text).toContain('另存为 PDF');
    // A PDF of pages with no text on them: a scan, as far as the reader can tell.
    const scan = await send(msg({ attachment: file('扫描件.pdf', reportPdf('\n\n', 2)) }));
    expect(scan?.kind).toBe('file-refused');
    expect(scan?.text).toContain('扫描件');
    const notes = await send(
      msg({ attachment: file('会议纪要.txt', '关于做好政务公开工作的会议纪要\n一、会议要求各单位按时报送。') }),
    );
    expect(notes?.kind).toBe('file-refused');
    expect(notes?.text).toContain('不像政府信息公开工作年度报告');
    expect(store.counts().reports).toBe(0);
    expect(filedFiles()).toHaveLength(0);
  });

  it('files two reports sent at the same moment, one after the other', async () => {
    const [a, b] = await Promise.all([
      send(msg({ attachment: file('某某镇.txt', report2021()) })),
      send(
        msg({
          roomId: 'r2@chatroom',
          roomTopic: '西山镇政务公开群',
          senderId: 'li',
          senderName: '小李',
          attachment: file('西山镇.txt', xishan()),
        }),
      ),
    ]);
    expect([a?.kind, b?.kind]).toEqual(['file-added', 'file-added']);
    expect(
      store
        .currentReports()
        .map((r) => r.officeName)
        .sort(),
    ).toEqual(['某某县西山镇人民政府', OFFICE].sort());
  });

  it('keeps 确认… with nothing held a question, not a confirmation', async () => {
    const r = await send(msg({ text: '@年报助手 确认一下某某镇收到多少申请' }));
    expect(r?.kind).not.toMatch(/^file/);
    expect(r?.text).not.toContain('没有等待确认');
  });

  it('ignores files from rooms and contacts that may not file', async () => {
    const desk = createFilingDesk({
      store,
      dataDir: tmp,
      registry,
      filing: { ...config.bot.filing, rooms: [ROOM], contacts: ['小王'] },
      served: { rooms: [], contacts: [] },
      logger: silentLogger,
    });
    core = createBotCore({
      ...config.bot,
      asker: tinyAsker(store),
      offices: store,
      filingDesk: desk,
      logger: silentLogger,
    });
    expect(
      await send(msg({ roomId: 'x@chatroom', roomTopic: '闲聊群', attachment: file('a.txt', report2021()) })),
    ).toBeNull();
    expect(
      await send(
        msg({
          roomId: undefined,
          roomTopic: undefined,
          senderId: 'li',
          senderName: '老李',
          attachment: file('a.txt', report2021()),
        }),
      ),
    ).toBeNull();
    expect(store.counts().reports).toBe(0);
    // An admin may always file privately.
    const r = await send(
      msg({
        roomId: undefined,
        roomTopic: undefined,
        senderId: 'zhang',
        senderName: '张主任',
        isAdmin: true,
        attachment: file('a.txt', report2021()),
      }),
    );
    expect(r?.kind).toBe('file-added');
  });
});
