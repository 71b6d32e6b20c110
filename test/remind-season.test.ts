// Whole seasons with an injected clock: every day at 09:00 Shanghai, every message and its day.
import { describe, expect, it } from 'vitest';
import { parseRemindConfig } from '../src/remind/config.js';
import { officeSchedule, planReminders, planWarnings, calendarFor, type Outbound } from '../src/remind/plan.js';
import {
  at9,
  CHENGGUAN,
  CHENGJIAO,
  CHENGJIAO_LAST_YEAR,
  COUNTY,
  COUNTY_ROOM,
  DISTRICT_ROOM,
  days,
  EXPECTED_2026_SEASON,
  filingsAt,
  LUOBEI,
  seasonConfig,
  SHENGLIJIE,
  ZHICHU,
} from './remind-fixtures.js';

/** Walks every day at 09:00, sending (recording) whatever the planner plans. */
function walk(from: string, to: string, config = seasonConfig(), filings = filingsAt) {
  const sent = new Set<string>();
  const log: (Outbound & { day: string })[] = [];
  for (const day of days(from, to)) {
    const now = at9(day);
    for (const o of planReminders({
      now,
      registry: config.offices,
      rules: config.reminders,
      filings: filings(now),
      sent,
    })) {
      expect(sent.has(o.key)).toBe(false);
      sent.add(o.key);
      log.push({ ...o, day });
    }
  }
  return log;
}

const line = (o: { day: string; office: string; step: string }) => `${o.day} ${o.office} ${o.step}`;

describe('the 2026 reporting season, 2026-10-01 … 2027-04-30', () => {
  const log = walk('2026-10-01', '2027-04-30');

  it('sends exactly the expected messages on the expected days', () => {
    const order = (s: string) => s.slice(0, 10);
    expect(log.map(line).sort()).toEqual([...EXPECTED_2026_SEASON].sort());
    // …and on those days in walking order (days ascending).
    expect(log.map((o) => o.day)).toEqual(log.map(line).map(order).sort());
  });

  it('sends nothing before the first lead step and nothing to a room with no overdue office', () => {
    expect(log[0].day).toBe('2026-12-16');
    expect(log.filter((o) => o.room === DISTRICT_ROOM)).toEqual([]);
    expect(log.every((o) => o.year === 2026)).toBe(true);
  });

  it('never sends on a weekend or a statutory day off', () => {
    const cal = calendarFor(seasonConfig().reminders);
    expect(log.filter((o) => !cal.isWorkday(o.day)).map(line)).toEqual([]);
  });

  it('stops reminding an office the day its report is in the store', () => {
    const sentFrom = (office: string, day: string) => log.filter((o) => o.office === office && o.day >= day);
    expect(sentFrom(CHENGGUAN, '2027-01-19')).toEqual([]);
    expect(sentFrom(ZHICHU, '2027-01-20')).toEqual([]);
    expect(sentFrom(SHENGLIJIE, '2027-01-29')).toEqual([]);
    expect(sentFrom(CHENGJIAO, '2027-02-10')).toEqual([]);
    expect(sentFrom(COUNTY, '2027-04-06')).toEqual([]);
  });

  it('writes each reminder in Chinese with office, year, deadline, days left, basis, task and @s', () => {
    const due = log.find((o) => o.day === '2027-01-29' && o.office === CHENGJIAO)!;
    expect(due.room).toBe('城郊群');
    expect(due.mentions).toEqual(['王芳', '赵强']);
    expect(due.text).toBe(
      [
        '【年报报送提醒】城郊街道',
        '2026年度政府信息公开工作年度报告截止日期为2027年1月31日（星期日），距截止还有 2 天（截止日适逢休息日，请提前报送）。',
        '请在截止日期前向县（区）政府信息公开工作主管部门报送本单位2026年度政府信息公开工作年度报告，并在政府网站向社会公布。',
        '依据《中华人民共和国政府信息公开条例》第四十九条，街道办事处的年度报告按县级人民政府确定的时限报送；未另行规定的，参照每年1月31日前报送并向社会公布。',
        '上一年度（2025年度）年报显示：全年新收政府信息公开申请 4 件，主动公开政府信息 180 余条。',
        '报告导入年报助手后，本提醒自动停止。',
      ].join('\n'),
    );
    expect(CHENGJIAO_LAST_YEAR).toContain('4 件');

    const countyDue = log.find((o) => o.office === COUNTY && o.step === 'due')!;
    expect(countyDue.text).toContain('截止日期为2027年3月31日（星期三），今天是截止日。');
    expect(countyDue.text).toContain(
      '第四十九条第二款：县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前',
    );
    expect(countyDue.text).toContain(
      '请政府信息公开工作主管部门在截止日期前编制完成本级政府2026年度政府信息公开工作年度报告',
    );
    expect(countyDue.mentions).toEqual([]);

    const townLead = log.find((o) => o.office === CHENGGUAN && o.step === 'lead-30')!;
    expect(townLead.text).toContain('截止日期为2027年1月15日（星期五），距截止还有 30 天。');
    expect(townLead.text).toContain('河南省洛阳市要求乡镇于每年1月15日前报送。');
    // No line about last year when the store has no report of 2025.
    expect(townLead.text).not.toContain('上一年度');
  });

  it('counts days overdue in overdue notices', () => {
    const o = log.find((x) => x.office === LUOBEI && x.step === 'overdue-3')!;
    expect(o.day).toBe('2027-02-09');
    expect(o.text.split('\n')[0]).toBe(`【年报逾期提醒】${LUOBEI}`);
    expect(o.text).toContain('截止日期为2027年1月31日（星期日），已逾期 9 天。');
    expect(o.text).toContain('请尽快向县（区）政府信息公开工作主管部门报送本单位2026年度');
    expect(o.mentions).toEqual(['李明']);
  });

  it("escalates to the supervisor's room, listing every office still missing and counting the filed", () => {
    const first = log.find((o) => o.kind === 'escalation')!;
    expect(first.day).toBe('2027-01-18');
    expect(first.room).toBe(COUNTY_ROOM);
    expect(first.offices).toEqual([CHENGGUAN]);
    expect(first.text).toBe(
      [
        '【年报报送督办】2026年度政府信息公开工作年度报告报送情况（截至2027年1月18日）',
        '本群督办的 4 家单位中：已报送 0 家，逾期未报 1 家，未到截止日期 3 家。',
        '逾期未报：',
        '1. 城关镇人民政府（截止2027年1月15日，已逾期 3 天）',
        '未到截止日期：',
        `1. ${LUOBEI}（截止2027年1月31日）`,
        '2. 城郊街道（截止2027年1月31日）',
        `3. ${COUNTY}（截止2027年3月31日）`,
        '依据《中华人民共和国政府信息公开条例》第四十九条。请督促逾期单位尽快报送并向社会公布。',
      ].join('\n'),
    );
    const feb9 = log.find((o) => o.kind === 'escalation' && o.day === '2027-02-09')!;
    expect(feb9.offices).toEqual([LUOBEI, CHENGJIAO]);
    expect(feb9.text).toContain('已报送 1 家，逾期未报 2 家，未到截止日期 1 家。');
    expect(feb9.text).toContain(`1. ${LUOBEI}（截止2027年1月31日，已逾期 9 天）`);
    expect(feb9.text).toContain('已报送：城关镇人民政府');
    const apr5 = log.find((o) => o.kind === 'escalation' && o.day === '2027-04-05')!;
    expect(apr5.offices).toEqual([LUOBEI, COUNTY]);
    expect(apr5.text).toContain('已报送 2 家，逾期未报 2 家。');
    expect(apr5.text).toContain(`2. ${COUNTY}（截止2027年3月31日，已逾期 5 天）`);
    const apr8 = log.find((o) => o.kind === 'escalation' && o.day === '2027-04-08')!;
    expect(apr8.offices).toEqual([LUOBEI]);
    expect(apr8.text).toContain(`已报送：城郊街道、城关镇人民政府、${COUNTY}`);
  });

  it('warns that 2027 is beyond the calendar data, from October on', () => {
    const { reminders } = seasonConfig();
    const [w] = planWarnings(at9('2026-10-01'), reminders);
    expect(w).toContain('只收录到 2026 年；2027 年的法定节假日和调休安排尚未收录');
    expect(planWarnings(at9('2026-06-01'), reminders)).toEqual([]);
  });

  it('lets the configuration add the holidays the package lacks (清明 2027-04-05)', () => {
    const config = seasonConfig({ reminders: { calendar: { holidays: ['2027-04-05'], workdays: [] } } });
    const moved = walk('2027-04-01', '2027-04-10', config).filter((o) => o.office === LUOBEI);
    expect(moved.map((o) => `${o.day} ${o.step}`)).toEqual([
      '2027-04-01 overdue-18',
      '2027-04-06 overdue-19',
      '2027-04-09 overdue-20',
    ]);
    expect(planWarnings(at9('2027-02-01'), config.reminders)).toEqual([]);
  });
});

describe('seasons whose deadline falls in the Spring Festival (real chinese-days data)', () => {
  const one = (kind: string) =>
    parseRemindConfig({ offices: [{ name: '某区财政局', kind, room: '财政群', supervisorRoom: '督办群' }] });

  it('2024 season: 2025-01-31 is in the 春节 holiday (01-28 … 02-04), so `due` goes out Monday 01-27', () => {
    const log = walk('2024-10-01', '2025-02-12', one('部门'), () => ({ isFiled: () => false }));
    expect(log.filter((o) => o.kind === 'office').map((o) => `${o.day} ${o.step}`)).toEqual([
      '2024-12-31 lead-30', // 2025-01-01 元旦
      '2025-01-17 lead-14',
      '2025-01-24 lead-7',
      // lead-3 (01-28), lead-1 (01-30) and due (01-31) are all holidays: one message, `due`, on 01-27.
      '2025-01-27 due',
      '2025-02-05 overdue-1', // first workday after the holiday
      '2025-02-08 overdue-2', // a Saturday, but a 调休 working day
      '2025-02-11 overdue-3',
    ]);
    const due = log.find((o) => o.step === 'due')!;
    expect(due.text).toContain(
      '截止日期为2025年1月31日（星期五），距截止还有 4 天（截止日适逢春节假期，请提前报送）。',
    );
    expect(due.text).toContain('第四十九条第一款：县级以上人民政府部门应当在每年1月31日前');
    expect(planWarnings(at9('2024-11-01'), one('部门').reminders)).toEqual([]);
  });

  it('2021 season: 2022-01-31 is 春节 and Sunday 01-30 a 调休 working day, so `due` goes out on that Sunday', () => {
    const log = walk('2022-01-20', '2022-02-10', one('街道'), () => ({ isFiled: () => false }));
    expect(log.filter((o) => o.kind === 'office').map((o) => `${o.day} ${o.step}`)).toEqual([
      '2022-01-20 lead-14', // the walk starts after lead-14 (Mon 01-17): one catch-up at the first wake
      '2022-01-24 lead-7',
      '2022-01-28 lead-3',
      '2022-01-30 due', // lead-1 (01-30) and due (01-31 春节) share the Sunday
      '2022-02-07 overdue-1', // 02-01 … 02-06 are the holiday
      '2022-02-10 overdue-2',
    ]);
  });

  it('collapses the lead steps a long holiday pulls back onto one workday, keeping the latest', () => {
    // 2025 国庆+中秋: 10-01 … 10-08 off. With a 10-09 deadline, lead-7 (10-02) falls back to 09-30,
    // lead-3 and lead-1 likewise; lead-14 (09-25) stays.
    const config = parseRemindConfig({ offices: [{ name: '甲局', kind: '部门', deadline: '10-09', room: 'r' }] });
    const cal = calendarFor(config.reminders);
    const s = officeSchedule(config.offices[0], 2024, config.reminders, cal);
    expect(s.steps.filter((x) => x.stage !== 'overdue').map((x) => `${x.date} ${x.step}`)).toEqual([
      '2025-09-09 lead-30',
      '2025-09-25 lead-14',
      '2025-09-30 lead-1',
      '2025-10-09 due',
    ]);
  });
});
