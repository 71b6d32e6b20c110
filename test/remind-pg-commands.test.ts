// The reminders' reading side on PostgreSQL, as on SQLite: who has filed (storeFilings over
// either backend, the bundled corpus stored in both), `nianbao remind preview` / `status`
// with the store named by DATABASE_URL, and 暂停提醒 / 恢复提醒 / 提醒状态 said to one bot
// and seen by another bot on the same database at its next wake. The expected texts are the
// ones test/remind-store-cli.test.ts checks by hand against the corpus. Skips, saying why,
// when no PostgreSQL server answers.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { reminderCommands } from '../src/bot/reminders.js';
import { loadRemindConfig, runRemindPreview, runRemindStatus } from '../src/cli/remind-command.js';
import { ensureCorpus } from '../src/ingest/index.js';
import type { RemindConfig } from '../src/remind/config.js';
import { filingsForWakes, storeFilings } from '../src/remind/filings.js';
import type { Outbound } from '../src/remind/plan.js';
import { runReminders } from '../src/remind/scheduler.js';
import { openStore, type Store } from '../src/store/index.js';
import { openPgStore, type PgStore } from '../src/store/pg/index.js';
import { describeOnPostgres, postgresForTests, useTestDatabase } from './support/postgres.js';

const server = await postgresForTests();
const repoRoot = path.resolve(import.meta.dirname, '..');
const exampleConfig = path.join(repoRoot, 'examples/nianbao.yaml');
// 2022-01-24, Monday: report year 2021, nobody filed; 城关镇 overdue (its third notice), the 街道 at lead-7.
const AT = '2022-01-24T09:00:00+08:00';
const admin = { name: '管理员甲', isAdmin: true };

/** Runs a command, capturing what it prints. */
async function capture(run: () => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await run();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describeOnPostgres(server, 'the reminders read from PostgreSQL', () => {
  const db = useTestDatabase('remind_cmds');
  let tmp: string;
  let pg: PgStore;
  let sqlite: Store;
  let config: RemindConfig;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-remind-pg-'));
    pg = await db.open();
    sqlite = openStore(path.join(tmp, 'sqlite'));
    await ensureCorpus(pg);
    await ensureCorpus(sqlite);
    config = await loadRemindConfig(exampleConfig);
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('who has filed, and last year’s line, read the same from both backends', async () => {
    for (const store of [sqlite, pg]) {
      for (const filings of [
        await storeFilings(store, config.offices),
        await storeFilings(store, config.offices, { years: [2020, 2021] }),
      ]) {
        expect(filings.warnings).toEqual([]);
        for (const o of config.offices) {
          expect(filings.isFiled(o.name, 2020), o.name).toBe(true);
          expect(filings.isFiled(o.name, 2021), o.name).toBe(false);
        }
        expect(filings.lastYearLine!('芝罘区只楚街道办事处', 2021)).toBe(
          '上一年度（2020年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 180 余条。',
        );
        expect(filings.lastYearLine!('城关镇人民政府', 2021)).toContain('主动公开政府信息 1947 条');
      }
    }
    // A year that was not read is never answered "not filed".
    const one = await storeFilings(pg, config.offices, { years: [2021] });
    expect(() => one.isFiled('城关镇人民政府', 2022)).toThrow('报送情况未读取 2022 年度的数据');
  });

  it('nianbao remind preview and status over the database DATABASE_URL names print what they print over SQLite', async () => {
    const sqliteDir = path.join(tmp, 'sqlite');
    const overSqlite = await capture(() =>
      runRemindPreview({ at: AT, data: sqliteDir, config: exampleConfig, json: true }),
    );
    const statusSqlite = await capture(() => runRemindStatus('2020', { data: sqliteDir, config: exampleConfig }));
    vi.stubEnv('DATABASE_URL', db.url);
    // An empty data folder: the store is the database, not a file beside it.
    const empty = mkdtempSync(path.join(tmp, 'data-'));
    const overPg = await capture(() => runRemindPreview({ at: AT, data: empty, config: exampleConfig, json: true }));
    expect(overPg.code).toBe(0);
    expect(overPg.err).toBe('');
    const rows = JSON.parse(overPg.out) as { kind: string; office: string | null; step: string; text: string }[];
    expect(rows.map((r) => [r.kind, r.office, r.step])).toEqual([
      ['office', '西工区洛北街道办事处', 'lead-7'],
      ['office', '城郊街道', 'lead-7'],
      ['office', '城关镇人民政府', 'overdue-3'],
      ['office', '芝罘区只楚街道办事处', 'lead-7'],
      ['office', '银川市兴庆区胜利街街道办事处', 'lead-7'],
      ['escalation', null, 'escalate-2022-01-24'],
    ]);
    expect(rows[3].text).toContain(
      '上一年度（2020年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 180 余条。',
    );
    expect(overPg.out).toBe(overSqlite.out);

    const status = await capture(() => runRemindStatus('2020', { data: empty, config: exampleConfig }));
    expect(status.code).toBe(0);
    expect(status.out).toMatch(
      /^2020年度政府信息公开工作年度报告报送情况（截至.*）：共 5 家，已报送 5 家，未报送 0 家。/,
    );
    expect(status.out).toBe(statusSqlite.out);
  });

  it('a database that does not answer is said in Chinese, without the password, exit code 1', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://nianbao:s3cret-pw@127.0.0.1:1/nianbao');
    const r = await capture(() => runRemindStatus('2020', { data: tmp, config: exampleConfig }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('无法打开 PostgreSQL 数据库');
    expect(r.err).not.toContain('s3cret-pw');
  });

  it('暂停提醒 said to one bot stops the reminders another bot sends; 恢复提醒 there brings them back', async () => {
    const [a, b] = await Promise.all([openPgStore(db.url, { max: 3 }), openPgStore(db.url, { max: 3 })]);
    try {
      const now = () => new Date(AT);
      const commandsA = reminderCommands({ config, store: a, ledger: a.ledger(now), now });
      const commandsB = reminderCommands({ config, store: b, ledger: b.ledger(now), now });
      const wakeB = async () => {
        const sent: Outbound[] = [];
        await runReminders({
          config,
          filings: filingsForWakes(b, config),
          ledger: b.ledger(now),
          now,
          send: async (o) => void sent.push(o),
        });
        return sent;
      };

      expect(await commandsA.pause('城关镇 2021', { name: '某人', isAdmin: false })).toBe(
        '只有管理员可以暂停或恢复提醒。',
      );
      expect(await commandsA.pause('城关镇 2021', admin)).toBe(
        '已暂停 城关镇人民政府 的2021年度年报提醒（督办汇总中仍会列出）。发送“恢复提醒 城关镇人民政府”可恢复。',
      );
      expect(await commandsB.status('2021', admin)).toContain(
        '3. 城关镇人民政府：截止2022年1月15日，已逾期 9 天；已暂停提醒',
      );
      const paused = await wakeB();
      expect(paused.map((o) => o.office)).not.toContain('城关镇人民政府');
      // 城关镇 was the only overdue office of the county room: no escalation while it is paused.
      expect(paused.some((o) => o.kind === 'escalation')).toBe(false);
      expect(paused).toHaveLength(4);

      expect(await commandsB.resume('城关镇人民政府 2021', admin)).toBe('已恢复 城关镇人民政府 的2021年度年报提醒。');
      expect(await commandsA.resume('城关镇人民政府 2021', admin)).toBe(
        '城关镇人民政府 的2021年度年报提醒没有被暂停。',
      );
      const resumed = await wakeB();
      expect(resumed.map((o) => [o.kind, o.step])).toEqual([
        ['office', 'overdue-3'],
        ['escalation', 'escalate-2022-01-24'],
      ]);
      expect(resumed[0].office).toBe('城关镇人民政府');
      // 提醒状态 on the other bot shows the last reminder each office got, from the shared ledger.
      expect(await commandsA.status('2021', admin)).toContain(
        '3. 城关镇人民政府：截止2022年1月15日，已逾期 9 天；最近：第3次逾期提醒（2022-01-24）',
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
