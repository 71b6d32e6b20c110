// The bot's non-question commands on the PostgreSQL store answer exactly as on SQLite:
// the bundled reports (corpus/) stored through both backends, and the same messages put
// to a bot core over each — 核查 只楚, 单位列表, 图表, 导出 (every sheet of the workbook read
// back), 报送情况 (with a pause and a reminder in the ledger), 指定地区 for a namesake, and a
// corrected report filed in the chat (stored, on PostgreSQL with its search chunks). The
// SQLite answers are the reference (their truths are hand-checked in test/bot-core,
// export-workbook, chart-png and bot-filing); the anchors here come from the report text
// of corpus/2020/只楚街道-2020.txt: 4 applications received, 3 granted (table 三).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBotCore, type BotCore } from '../src/bot/core.js';
import { supervisorCommands } from '../src/bot/export-commands.js';
import { createFilingDesk } from '../src/bot/filing-desk.js';
import { type Attachment, type Incoming, type Reply, silentLogger } from '../src/bot/types.js';
import { parseConfig } from '../src/config/parse.js';
import { factHeader, planChart, SHEET_NAMES } from '../src/export/index.js';
import { bundledCorpusDir, ensureCorpus } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { remindSectionSchema, type RemindConfig } from '../src/remind/config.js';
import { officeKey } from '../src/remind/plan.js';
import { HashedNgramEmbeddings } from '../src/retrieval/index.js';
import { openStore, type ReportStore } from '../src/store/index.js';
import type { PgLedger } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';
import { workbookRows as sheets } from './support/workbook-rows.js';

const server = await postgresForTests();

const NOW = new Date('2021-02-03T09:00:00+08:00');
const clock = () => NOW;
const CORPUS_FILE = (name: string) => path.join(bundledCorpusDir(), '2020', name);
const ZHICHU = '芝罘区只楚街道办事处';

const config = parseConfig({ bot: { admins: ['张主任'] } }, { env: {} });
// Two of the bundled reports' offices and one that never filed (前进街道: 3 days overdue on NOW).
const remind: RemindConfig = {
  reminders: remindSectionSchema.parse({}),
  offices: [
    {
      name: ZHICHU,
      region: '山东省烟台市芝罘区',
      kind: '街道',
      room: '只楚街道政务公开群',
      mention: [],
      aliases: [],
      paused: false,
    },
    { name: '城郊街道', kind: '街道', room: '城郊街道信息公开联络群', mention: [], aliases: [], paused: false },
    {
      name: '前进街道办事处',
      region: '山东省烟台市芝罘区',
      kind: '街道',
      room: '前进街道群',
      mention: [],
      aliases: [],
      paused: false,
    },
  ] as RemindConfig['offices'],
};

/** 只楚's report with 5 applications received instead of 4: a corrected version, sent in its room. */
const corrected = () =>
  readFileSync(CORPUS_FILE('只楚街道-2020.txt'), 'utf8').replace(
    '一、本年新收政府信息公开申请数量\t4\t0\t0\t0\t0\t0\t4',
    '一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5',
  );

const file = (name: string, text: string): Attachment => {
  const bytes = Buffer.from(text, 'utf8');
  return { name, size: bytes.length, read: async () => bytes };
};

interface Side {
  store: ReportStore;
  ledger: ReturnType<ReportStore['ledger']>;
  core: BotCore;
  dataDir: string;
}

/** A bot core over one store: the commands, the supervisors' commands and the filing desk. */
function sideOver(store: ReportStore): Side {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-bot-pg-'));
  const ledger = store.ledger(clock);
  const supervisor = supervisorCommands({ store, remind: { config: remind, ledger }, now: clock });
  const filingDesk = createFilingDesk({
    store,
    dataDir,
    registry: remind.offices,
    filing: config.bot.filing,
    served: { rooms: [], contacts: [] },
    logger: silentLogger,
    clock: () => NOW.getTime(),
    embeddings: new HashedNgramEmbeddings(),
  });
  const asker = { ask: async () => ({ answer: '（问答不在本测试中）', kind: 'unknown' }) };
  const core = createBotCore({ ...config.bot, asker, offices: store, supervisor, filingDesk, logger: silentLogger });
  return { store, ledger, core, dataDir };
}

const msg = (text: string, over: Partial<Incoming> = {}): Incoming => ({
  text,
  roomId: 'r1@chatroom',
  roomTopic: '只楚街道政务公开群',
  senderId: 'zhang',
  senderName: '张主任',
  mentionedSelf: false,
  isAdmin: true,
  ...over,
});

async function send(side: Side, m: Incoming): Promise<Reply> {
  const reply = await side.core.handle(m);
  expect(reply, m.text).not.toBeNull();
  expect(reply!.failed, reply!.text).toBe(false);
  return reply!;
}

/** The same message to both bots: the replies, and their text asserted equal. */
async function both(m: Incoming): Promise<[Reply, Reply]> {
  const a = await send(sqlite, m);
  const b = await send(pg, m);
  expect(b.text).toBe(a.text);
  expect(b.kind).toBe(a.kind);
  return [a, b];
}

let db: SuiteDatabase;
let sqlite: Side;
let pg: Side;

describeOnPostgres(
  server,
  'the bot on PostgreSQL answers as on SQLite (核查, 单位列表, 导出, 图表, 报送情况, 指定地区, a filed report)',
  () => {
    db = useTestDatabase('bot');

    beforeAll(async () => {
      sqlite = sideOver(openStore(':memory:', { now: clock }));
      pg = sideOver(await db.open({ now: clock }));
      for (const side of [sqlite, pg]) {
        expect((await ensureCorpus(side.store)).map((r) => r.status)).toEqual([
          'added',
          'added',
          'added',
          'added',
          'added',
        ]);
        // another county's 城关镇 (its own file, no region in its text that tells it apart): a namesake kept apart
        const text = `${readFileSync(CORPUS_FILE('城关镇-2020.txt'), 'utf8')}\n`;
        const saved = await side.store.saveReport({
          parsed: parseReport(text),
          text,
          sourceFile: 'other-county/城关镇-2020.txt',
        });
        expect(saved.outcome).toBe('conflict');
        // the ledger: 前进街道's reminders paused, after one reminder to it was reserved and sent
        await side.ledger.pause(officeKey(remind.offices[2]), 2020, '张主任');
        const key = '前进街道办事处|2020|due-7';
        await side.ledger.reserve([
          { key, office: '前进街道办事处', year: 2020, step: 'due-7', room: '前进街道群', text: '提醒' },
        ]);
        await side.ledger.markAttempt(key);
        await side.ledger.markSent(key);
      }
    }, 60_000);

    afterAll(async () => {
      for (const side of [sqlite, pg]) {
        await (side?.ledger as PgLedger | undefined)?.close?.();
        await side?.store.close();
        if (side) rmSync(side.dataDir, { recursive: true, force: true });
      }
    });

    it('核查 只楚: the same findings, of 芝罘区只楚街道办事处 2020', async () => {
      const [a] = await both(msg('年报 核查 只楚'));
      expect(a.text).toContain(ZHICHU);
      expect(a.text).toContain('2020');
      await both(msg('年报 核查 只初 2020'));
      await both(msg('年报 核查 桃花源街道'));
    });

    it('单位列表: the same offices, regions and years, the namesake 城关镇 twice', async () => {
      const [a] = await both(msg('年报 单位列表'));
      expect(a.text).toContain('芝罘区只楚街道办事处');
      expect(a.text.match(/城关镇人民政府/g)?.length).toBeGreaterThanOrEqual(2);
    });

    it('图表: the same plan (只楚 at 4 applications) and the same picture', async () => {
      const planA = await planChart(sqlite.store, '收到申请 2020');
      expect(await planChart(pg.store, '收到申请 2020')).toEqual(planA);
      if ('error' in planA) throw new Error(planA.error);
      expect(planA.bars.find((b) => b.label === ZHICHU)?.value).toBe(4);
      expect(await planChart(pg.store, '只楚 予以公开')).toEqual(await planChart(sqlite.store, '只楚 予以公开'));
      const [a, b] = await both(msg('年报 图表 收到申请 2020'));
      expect(b.files![0].name).toBe(a.files![0].name);
      expect(b.files![0].data.equals(a.files![0].data)).toBe(true);
    });

    it('导出: every sheet of the workbook holds the same cells (只楚: 4 received, 3 granted)', async () => {
      const [a, b] = await both(msg('年报 导出 2020'));
      const sheetsA = await sheets(a.files![0].data);
      expect(Object.keys(sheetsA)).toEqual(Object.values(SHEET_NAMES));
      expect(await sheets(b.files![0].data)).toEqual(sheetsA);
      const facts = sheetsA[SHEET_NAMES.facts];
      const head = facts[0].map(String);
      const zhichu = facts.find((row) => row[0] === ZHICHU)!;
      expect(zhichu[head.indexOf(factHeader('apply.received.total'))]).toBe(4);
      expect(zhichu[head.indexOf(factHeader('apply.granted.total'))]).toBe(3);
    });

    it('报送情况: the same filed, overdue and paused offices, from the store and the ledger', async () => {
      const [a] = await both(msg('年报 报送情况 2020'));
      expect(a.text).toContain('应报送 3 家，已报送 2 家');
      expect(a.text).toMatch(/· 前进街道办事处：截止1月31日，已逾期 3 天（已暂停提醒）/);
      await both(msg('年报 报送情况 2020 芝罘区'));
    });

    it('指定地区: the namesake moved the same way, and the lists follow', async () => {
      const [a] = await both(msg('年报 指定地区 other-county/城关镇-2020.txt 河南省洛阳市嵩县'));
      expect(a.text).toContain('已指定地区');
      expect(await pg.store.conflicts()).toEqual([]);
      await both(msg('年报 单位列表'));
    });

    it('a corrected report filed in the room: the same receipt (申请数 4 → 5), then the same 核查; on PostgreSQL its search chunks are stored with it', async () => {
      const sent = (side: Side) => send(side, msg('', { attachment: file('只楚街道2020年报.txt', corrected()) }));
      const a = await sent(sqlite);
      const b = await sent(pg);
      expect(b.text).toBe(a.text);
      expect(a.kind).toBe('file-replaced');
      expect(a.text).toMatch(/4 → 5/);
      const [current] = await pg.store.currentReports({
        year: 2020,
        officeId: (await pg.store.officesByAlias(ZHICHU))[0].id,
      });
      expect(current.sourceFile).toContain('只楚街道2020年报.txt');
      expect((await pg.store.chunks!({ reportIds: [current.id] })).length).toBeGreaterThan(0);
      await both(msg('年报 核查 只楚'));
      const [exported] = await both(msg('年报 导出 2020'));
      const facts = (await sheets(exported.files![0].data))[SHEET_NAMES.facts];
      const head = facts[0].map(String);
      expect(facts.find((row) => row[0] === ZHICHU)![head.indexOf(factHeader('apply.received.total'))]).toBe(5);
    });
  },
);
