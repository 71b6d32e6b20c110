// The reminders over the real store (the bundled corpus ingested), the CLI commands
// `remind status` / `remind preview`, the bot's 提醒状态/暂停提醒/恢复提醒, and the cron wake.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureCorpus } from '../src/ingest/index.js';
import { parseRemindCommand, runRemindCommand } from '../src/bot/remind-commands.js';
import { runRemindPreview, runRemindStatus, loadRemindConfig } from '../src/cli/remind-command.js';
import { parseRemindConfig, type RemindConfig } from '../src/remind/config.js';
import { matchRegistry, storeFilings } from '../src/remind/filings.js';
import { MemoryLedger } from '../src/remind/ledger.js';
import { planReminders, type Outbound } from '../src/remind/plan.js';
import { startReminderScheduler } from '../src/remind/scheduler.js';
import { openStore, type Store } from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const exampleConfig = path.join(repoRoot, 'examples/nianbao.yaml');

let dataDir: string;
let store: Store;
let config: RemindConfig;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-remind-cli-'));
  store = openStore(dataDir);
  await ensureCorpus(store);
  config = await loadRemindConfig(exampleConfig);
});
afterAll(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

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

describe('registry ↔ store', () => {
  it('matches the five registered offices to the five stored ones, without warnings', async () => {
    const filings = await storeFilings(store, config.offices);
    expect(filings.match.warnings).toEqual([]);
    for (const o of config.offices) {
      expect(filings.match.byKey.get(o.name)?.length, o.name).toBe(1);
      expect(filings.isFiled(o.name, 2020), o.name).toBe(true);
      expect(filings.isFiled(o.name, 2021), o.name).toBe(false);
    }
  });

  it("quotes last year's report in this year's reminder", async () => {
    const filings = await storeFilings(store, config.offices);
    expect(filings.lastYearLine!('芝罘区只楚街道办事处', 2021)).toBe(
      '上一年度（2020年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 180 余条。',
    );
    expect(filings.lastYearLine!('城关镇人民政府', 2021)).toContain('主动公开政府信息 1947 条');
    expect(filings.lastYearLine!('城关镇人民政府', 2022)).toBeNull();
  });

  it('warns, naming the entry, about an entry that matches nothing, one that matches two offices, and two entries on one office', () => {
    const registry = parseRemindConfig({
      offices: [
        { name: '城关镇', kind: '乡镇', room: 'a' },
        { name: '东风街道', kind: '街道', room: 'b' },
        { name: '只楚街道', kind: '街道', room: 'c' },
        { name: '芝罘区只楚街道办事处', kind: '街道', room: 'd' },
        { name: '城关镇人民政府', region: '河南省洛阳市', kind: '乡镇', room: 'e', aliases: ['洛阳城关镇'] },
      ],
    }).offices;
    const offices = [
      { id: 1, name: '城关镇人民政府', region: '洛阳市', kind: '乡镇' as const, aliases: ['城关镇', '城关镇人民政府'] },
      {
        id: 2,
        name: '城关镇人民政府',
        region: '甘肃省兰州市永登县',
        kind: '乡镇' as const,
        aliases: ['城关镇', '城关镇人民政府'],
      },
      {
        id: 3,
        name: '芝罘区只楚街道办事处',
        region: '烟台市芝罘区',
        kind: '街道' as const,
        aliases: ['只楚街道', '芝罘区只楚街道办事处'],
      },
    ];
    const m = matchRegistry(registry, offices);
    expect(m.byKey.get('城关镇人民政府')!.map((o) => o.id)).toEqual([1]); // the region tells the two apart
    expect(m.warnings).toEqual([
      'offices[0]（城关镇）同时对应数据库中的 2 个单位：城关镇人民政府（洛阳市）、城关镇人民政府（甘肃省兰州市永登县）；无法判断是否已报送，暂按未报送提醒。请在 region 中写明所属地区，或写出完整名称。',
      'offices[1]（东风街道）在数据库中没有对应的单位：导入它的年报之前一直按未报送提醒。如果数据库里的名称不同，请在 aliases 中补上。',
      '数据库中的单位 城关镇人民政府（洛阳市） 同时对应配置中的 offices[0]（城关镇）、offices[4]（城关镇人民政府）。',
      '数据库中的单位 芝罘区只楚街道办事处（烟台市芝罘区） 同时对应配置中的 offices[2]（只楚街道）、offices[3]（芝罘区只楚街道办事处）。',
    ]);
  });
});

// 2022-01-24, Monday. Report year 2021: nobody filed. 街道 deadline Monday 01-31 (春节):
// lead-7 today. 城关镇 (洛阳市 townships: 01-15, a Saturday): overdue since, its third
// notice today (01-17, 01-20, 01-24).
const AT = '2022-01-24T09:00:00+08:00';

describe('nianbao remind preview', () => {
  it('--json prints every message with office, room, the people @-ed, step and text', async () => {
    const { code, out, err } = await capture(() =>
      runRemindPreview({ at: AT, data: dataDir, config: exampleConfig, json: true }),
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    const rows = JSON.parse(out) as {
      kind: string;
      office: string | null;
      room: string;
      mentions: string[];
      step: string;
      text: string;
    }[];
    expect(rows.map((r) => [r.kind, r.office, r.room, r.mentions, r.step])).toEqual([
      ['office', '西工区洛北街道办事处', '洛北街道政务公开工作群', ['洛北街道-李明'], 'lead-7'],
      ['office', '城郊街道', '城郊街道信息公开联络群', ['城郊街道-王芳', '城郊街道-赵强'], 'lead-7'],
      ['office', '城关镇人民政府', '城关镇政务公开工作群', ['城关镇-张伟'], 'overdue-3'],
      ['office', '芝罘区只楚街道办事处', '只楚街道政务公开群', ['只楚街道-刘洋'], 'lead-7'],
      ['office', '银川市兴庆区胜利街街道办事处', '胜利街街道政务公开群', ['胜利街街道-马丽'], 'lead-7'],
      ['escalation', null, '县政务公开督办群', [], 'escalate-2022-01-24'],
    ]);
    expect(rows[3].text).toBe(
      [
        '【年报报送提醒】芝罘区只楚街道办事处',
        '2021年度政府信息公开工作年度报告截止日期为2022年1月31日（星期一），距截止还有 7 天（截止日适逢春节假期，请提前报送）。',
        '请在截止日期前向县（区）政府信息公开工作主管部门报送本单位2021年度政府信息公开工作年度报告，并在政府网站向社会公布。',
        '依据《中华人民共和国政府信息公开条例》第四十九条，街道办事处的年度报告按县级人民政府确定的时限报送；未另行规定的，参照每年1月31日前报送并向社会公布。',
        '上一年度（2020年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 180 余条。',
        '报告导入年报助手后，本提醒自动停止。',
      ].join('\n'),
    );
    expect(rows[2].text).toContain('截止日期为2022年1月15日（星期六），已逾期 9 天。');
    expect(rows[5].text).toContain(
      '逾期未报：\n1. 城关镇人民政府（截止2022年1月15日，已逾期 9 天）\n未到截止日期：\n1. 城郊街道（截止2022年1月31日）',
    );
  });

  it('prints the messages for people, the @s in front', async () => {
    const { code, out } = await capture(() => runRemindPreview({ at: AT, data: dataDir, config: exampleConfig }));
    expect(code).toBe(0);
    expect(out).toContain('2022-01-24 09:00:00（Asia/Shanghai） 将发送 6 条提醒（预览，不发送）：');
    expect(out).toContain(
      '── 群：城郊街道信息公开联络群 · 城郊街道 · lead-7 ──\n@城郊街道-王芳 @城郊街道-赵强\n【年报报送提醒】城郊街道',
    );
    expect(out).toContain('── 群：县政务公开督办群 · 督办汇总 · escalate-2022-01-24 ──\n【年报报送督办】');
  });

  it('on a Sunday sends nothing and says why; about 2027 it warns that the calendar data ends in 2026', async () => {
    const { code, out, err } = await capture(() =>
      runRemindPreview({ at: '2027-01-24T09:00:00+08:00', data: dataDir, config: exampleConfig }),
    );
    expect(code).toBe(0);
    expect(out).toContain('没有要发送的提醒（非工作日不发送提醒');
    expect(err).toContain('注意：节假日数据（chinese-days）只收录到 2026 年');
  });

  it('refuses a bad --at and a configuration without offices', async () => {
    expect((await capture(() => runRemindPreview({ at: '明天', data: dataDir, config: exampleConfig }))).code).toBe(2);
    const bare = path.join(repoRoot, 'package.json'); // not YAML offices: the loader refuses it
    const r = await capture(() => runRemindPreview({ at: AT, data: dataDir, config: bare }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/配置文件 .* 有误/);
  });

  it('runs the same from the real command line (npm run -s nianbao -- remind preview … --json)', async () => {
    const inProcess = JSON.parse(
      (await capture(() => runRemindPreview({ at: AT, data: dataDir, config: exampleConfig, json: true }))).out,
    );
    // A plain promise around execFile: wechaty-puppet-service's typings re-declare util.promisify.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/index.ts',
          'remind',
          'preview',
          '--config',
          exampleConfig,
          '--at',
          AT,
          '--data',
          dataDir,
          '--json',
        ],
        { cwd: repoRoot },
        (err, out) => (err ? reject(err) : resolve(out)),
      ),
    );
    expect(JSON.parse(stdout)).toEqual(inProcess);
  });
});

describe('nianbao remind status', () => {
  it('lists filed and missing offices with their deadlines', async () => {
    const filed = await capture(() => runRemindStatus('2020', { data: dataDir, config: exampleConfig }));
    expect(filed.code).toBe(0);
    expect(filed.out).toMatch(
      /^2020年度政府信息公开工作年度报告报送情况（截至.*）：共 5 家，已报送 5 家，未报送 0 家。/,
    );
    expect(filed.out).toContain('3. 城关镇人民政府（截止2021年1月15日）');

    const missing = await capture(() => runRemindStatus('2021', { data: dataDir, config: exampleConfig, json: true }));
    const s = JSON.parse(missing.out) as {
      year: number;
      offices: { office: string; filed: boolean; deadline: string }[];
    };
    expect(s.year).toBe(2021);
    expect(s.offices.map((o) => [o.office, o.filed, o.deadline])).toEqual([
      ['西工区洛北街道办事处', false, '2022-01-31'],
      ['城郊街道', false, '2022-01-31'],
      ['城关镇人民政府', false, '2022-01-15'],
      ['芝罘区只楚街道办事处', false, '2022-01-31'],
      ['银川市兴庆区胜利街街道办事处', false, '2022-01-31'],
    ]);
    expect((await capture(() => runRemindStatus('二〇二一', { data: dataDir, config: exampleConfig }))).code).toBe(2);
  });

  it('without a database says so and counts every office as missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'nianbao-remind-empty-'));
    try {
      const r = await capture(() => runRemindStatus('2020', { data: empty, config: exampleConfig }));
      expect(r.code).toBe(0);
      expect(r.err).toContain('中还没有数据库：所有单位按未报送处理。');
      expect(r.out).toContain('已报送 0 家，未报送 5 家');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('bot commands 提醒状态 / 暂停提醒 / 恢复提醒', () => {
  it('parses the commands', () => {
    expect(parseRemindCommand('提醒状态')).toEqual({ kind: 'status', year: null });
    expect(parseRemindCommand('提醒状态 2021年度')).toEqual({ kind: 'status', year: 2021 });
    expect(parseRemindCommand('暂停提醒 城郊街道 2021')).toEqual({ kind: 'pause', office: '城郊街道', year: 2021 });
    expect(parseRemindCommand('恢复提醒　城关镇')).toEqual({ kind: 'resume', office: '城关镇', year: null });
    expect(parseRemindCommand('暂停提醒')).toBeNull();
    expect(parseRemindCommand('城郊街道去年收到多少申请')).toBeNull();
  });

  it('an admin pauses an office: the planner skips it and the escalation lists it as paused; resume brings it back', async () => {
    const ledger = new MemoryLedger();
    const now = new Date(AT);
    const filings = await storeFilings(store, config.offices);
    const ctx = { now, config, filings, ledger, isAdmin: true, by: '管理员甲' };
    const plan = () =>
      planReminders({ now, registry: config.offices, rules: config.reminders, filings, sent: ledger, paused: ledger });

    expect(await runRemindCommand({ kind: 'pause', office: '城关镇', year: 2021 }, { ...ctx, isAdmin: false })).toBe(
      '只有管理员可以暂停或恢复提醒。',
    );
    expect(await runRemindCommand({ kind: 'pause', office: '城关镇', year: 2021 }, ctx)).toBe(
      '已暂停 城关镇人民政府 的2021年度年报提醒（督办汇总中仍会列出）。发送“恢复提醒 城关镇人民政府”可恢复。',
    );
    expect(ledger.pausedRows()).toMatchObject([{ officeKey: '城关镇人民政府', year: 2021, by: '管理员甲' }]);
    const paused = plan();
    expect(paused.map((o) => o.office)).not.toContain('城关镇人民政府');
    // 城关镇 was the only overdue office of the county room: no escalation while it is paused.
    expect(paused.some((o) => o.kind === 'escalation')).toBe(false);

    expect(await runRemindCommand({ kind: 'resume', office: '城关镇人民政府', year: 2021 }, ctx)).toBe(
      '已恢复 城关镇人民政府 的2021年度年报提醒。',
    );
    expect(plan().map((o) => o.step)).toContain('overdue-3');
    expect(await runRemindCommand({ kind: 'resume', office: '城关镇人民政府', year: 2021 }, ctx)).toBe(
      '城关镇人民政府 的2021年度年报提醒没有被暂停。',
    );
    expect(await runRemindCommand({ kind: 'pause', office: '街道', year: 2021 }, ctx)).toMatch(/^“街道”对应多个单位：/);
    expect(await runRemindCommand({ kind: 'pause', office: '东风街道', year: 2021 }, ctx)).toBe(
      '没有找到单位“东风街道”，请使用配置中登记的名称。',
    );
  });

  it('提醒状态 [年份] lists filed and missing offices; without a year, the year due this calendar year', async () => {
    const ledger = new MemoryLedger();
    const ctx = {
      now: new Date(AT),
      config,
      filings: await storeFilings(store, config.offices),
      ledger,
      isAdmin: false,
      by: '某人',
    };
    const status = (text: string) => runRemindCommand(parseRemindCommand(text)!, ctx);
    const text = await status('提醒状态 2021');
    expect(text).toContain(
      '2021年度政府信息公开工作年度报告报送情况（截至2022年1月24日）：共 5 家，已报送 0 家，未报送 5 家。',
    );
    expect(text).toContain('3. 城关镇人民政府：截止2022年1月15日，已逾期 9 天');
    expect(text).toContain('1. 西工区洛北街道办事处：截止2022年1月31日，还剩 7 天');
    expect(await status('提醒状态')).toBe(text);
    expect(await status('提醒状态 2020')).toContain('已报送 5 家，未报送 0 家。');
  });
});

describe('the scheduler', () => {
  it('says at start-up which registry entries match no stored office', async () => {
    const warnings: string[] = [];
    const odd = parseRemindConfig({
      reminders: { enabled: false },
      offices: [{ name: '东风街道', kind: '街道', room: '东风群' }],
    });
    const s = startReminderScheduler({
      config: odd,
      filings: () => storeFilings(store, odd.offices),
      ledger: new MemoryLedger(),
      send: async () => true,
      now: () => new Date('2027-01-25T01:00:00Z'),
      log: { info() {}, warn: (m) => void warnings.push(m), error() {} },
    });
    await s.ready;
    await s.stop();
    expect(warnings).toEqual([
      'offices[0]（东风街道）在数据库中没有对应的单位：导入它的年报之前一直按未报送提醒。如果数据库里的名称不同，请在 aliases 中补上。',
    ]);
    expect(s.nextRun()).toBeNull(); // disabled: no daily wake
  });

  it('wakes at start-up, then every day at the configured time in Asia/Shanghai', async () => {
    vi.useFakeTimers({
      now: new Date('2022-01-23T12:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const db = connectionOf(store);
    const ledger = store.ledger();
    const sent: Outbound[] = [];
    const s = startReminderScheduler({
      config,
      filings: () => storeFilings(store, config.offices),
      ledger,
      send: async (o) => {
        sent.push(o);
        return true;
      },
    });
    try {
      // Start-up on Sunday evening (20:00 in Shanghai): a day off, nothing goes out.
      expect((await s.ready).sent).toEqual([]);
      expect(s.nextRun()?.toISOString()).toBe('2022-01-24T01:00:00.000Z');
      await vi.advanceTimersByTimeAsync(13 * 3600_000 + 1000);
      await vi.waitFor(() => expect(sent).toHaveLength(6));
      expect(sent.map((o) => o.step)).toEqual([
        'lead-7',
        'lead-7',
        'overdue-3',
        'lead-7',
        'lead-7',
        'escalate-2022-01-24',
      ]);
      expect(ledger.rows({ year: 2021 }).every((r) => r.status === 'sent')).toBe(true);
      expect(s.nextRun()?.toISOString()).toBe('2022-01-25T01:00:00.000Z');
      // A wake later the same day sends nothing again.
      expect((await s.wake()).sent).toEqual([]);
    } finally {
      await s.stop();
      vi.useRealTimers();
      db.exec('DELETE FROM reminder_sent');
    }
  });
});
