// The reminders' configuration sections, deadlines by the 条例, and the workday calendar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/parse.js';
import {
  addDays,
  localDate,
  packageCoverage,
  statutoryDaysOff,
  WorkCalendar,
  zonedInstant,
} from '../src/remind/calendar.js';
import { parseRemindConfig, RemindConfigError, registrySchema, remindSectionSchema } from '../src/remind/config.js';
import { deadlineFor } from '../src/remind/deadline.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

function problems(doc: unknown): string[] {
  try {
    parseRemindConfig(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(RemindConfigError);
    return (err as RemindConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration sections', () => {
  it('defaults: 09:00 Asia/Shanghai, leads 30/14/7/3/1/0, overdue every 3 days', () => {
    expect(remindSectionSchema.parse({})).toEqual({
      enabled: true,
      timezone: 'Asia/Shanghai',
      time: '09:00',
      leadDays: [30, 14, 7, 3, 1, 0],
      overdueEveryDays: 3,
      overdueForDays: 90,
      deadlines: { byKind: {}, byRegion: [] },
      calendar: { holidays: [], workdays: [] },
    });
    expect(registrySchema.parse([{ name: '某局', kind: '部门', room: '群' }])).toEqual([
      { name: '某局', kind: '部门', aliases: [], room: '群', mention: [], paused: false },
    ]);
  });

  it('a registry with errors fails with messages that name the entry and the office', () => {
    expect(
      problems({
        offices: [
          { name: '西工区洛北街道办事处', kind: '街道', room: '洛北群' },
          { name: '城郊街道', kind: '街道道', room: '城郊群', deadline: '1月31日' },
          { name: '城关镇人民政府', kind: '乡镇', mentions: ['张伟'] },
          { kind: '部门', room: '群' },
          { name: '洛北街道', kind: '街道', room: '群' },
        ],
      }),
    ).toEqual([
      'offices[1].kind：应为 部门 / 乡镇 / 街道 / 县级以上人民政府 / 其他 之一（收到 "街道道"）（单位：城郊街道）',
      'offices[1].deadline：应为“月-日”格式的日期，如 "01-31"（收到 "1月31日"；不支持 02-29）（单位：城郊街道）',
      'offices[2].room：必填（单位：城关镇人民政府）',
      'offices[2]：未知的配置项 “mentions”（是否拼错了？）（单位：城关镇人民政府）',
      'offices[3].name：必填',
    ]);
  });

  it('names and aliases must be unique across entries', () => {
    expect(
      problems({
        offices: [
          { name: '西工区洛北街道办事处', aliases: ['洛北街道'], kind: '街道', room: 'a' },
          { name: '洛北 街道', kind: '街道', room: 'b' },
        ],
      }),
    ).toEqual(['offices[1].name：“洛北 街道”与 offices[0]（西工区洛北街道办事处）的名称或别名重复（单位：洛北 街道）']);
  });

  it('rules errors name the key', () => {
    expect(
      problems({
        reminders: {
          time: '9点',
          leadDays: [30, -1],
          timezone: 'Asia/Beijing',
          deadlines: { byRegion: [{ region: '某县', deadline: '13-01' }] },
          lead: 1,
        },
      }),
    ).toEqual([
      'reminders.timezone：不是有效的时区名称："Asia/Beijing"（如 "Asia/Shanghai"）',
      'reminders.time：应为“时:分”格式的时间，如 "09:00"',
      'reminders.leadDays[1]：不能小于 0',
      'reminders.deadlines.byRegion[0].deadline：应为“月-日”格式的日期，如 "01-31"（收到 "13-01"；不支持 02-29）',
      'reminders：未知的配置项 “lead”（是否拼错了？）',
    ]);
  });

  it('the whole-file loader (src/config) reports registry errors with the office named too', () => {
    expect(() => parseConfig({ offices: [{ name: '城关镇人民政府', kind: '乡镇' }] })).toThrow(
      /offices\[0\]\.room 必填（单位：城关镇人民政府）/,
    );
  });

  it('examples/nianbao.yaml registers the five offices of the bundled corpus', () => {
    const doc = parseYaml(readFileSync(path.join(repoRoot, 'examples/nianbao.yaml'), 'utf8'));
    const config = parseRemindConfig(doc);
    const corpus = JSON.parse(readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as {
      office: string;
      kind: string;
    }[];
    expect(config.offices.map((o) => [o.name, o.kind]).sort()).toEqual(corpus.map((c) => [c.office, c.kind]).sort());
    expect(config.offices.every((o) => o.room && o.mention.length > 0 && o.supervisorRoom)).toBe(true);
  });
});

describe('deadlines', () => {
  const rules = remindSectionSchema.parse({
    deadlines: {
      byKind: { 街道: '01-20' },
      byRegion: [
        { region: '河南省洛阳市', kind: '乡镇', deadline: '01-15' },
        { region: '河南省洛阳市西工区', deadline: '01-10' },
        { region: '河南省', deadline: '01-25' },
      ],
    },
  });
  const plain = remindSectionSchema.parse({});

  it('by the 条例: 部门, 乡镇, 街道 and other on 1月31日, 县级以上人民政府 on 3月31日, of year Y+1', () => {
    expect(deadlineFor({ kind: '部门' }, plain, 2026)).toMatchObject({ date: '2027-01-31', source: 'law' });
    expect(deadlineFor({ kind: '乡镇' }, plain, 2026).date).toBe('2027-01-31');
    expect(deadlineFor({ kind: '街道' }, plain, 2026).date).toBe('2027-01-31');
    expect(deadlineFor({ kind: '其他' }, plain, 2026).date).toBe('2027-01-31');
    const gov = deadlineFor({ kind: '县级以上人民政府' }, plain, 2026);
    expect(gov.date).toBe('2027-03-31');
    expect(gov.basis).toBe(
      '依据《中华人民共和国政府信息公开条例》第四十九条第二款：县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。',
    );
    expect(deadlineFor({ kind: '部门' }, plain, 2026).basis).toContain(
      '第四十九条第一款：县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。',
    );
  });

  it('office > most specific region (a kind-specific one first) > kind > 条例', () => {
    expect(deadlineFor({ kind: '乡镇', region: '河南省洛阳市', deadline: '01-05' }, rules, 2026)).toMatchObject({
      date: '2027-01-05',
      source: 'office',
    });
    expect(deadlineFor({ kind: '乡镇', region: '河南省洛阳市某县' }, rules, 2026)).toMatchObject({
      date: '2027-01-15',
      source: 'region',
    });
    expect(deadlineFor({ kind: '街道', region: '河南省洛阳市西工区' }, rules, 2026)).toMatchObject({
      date: '2027-01-10',
      source: 'region',
    });
    expect(deadlineFor({ kind: '街道', region: '河南省郑州市' }, rules, 2026)).toMatchObject({
      date: '2027-01-25',
      source: 'region',
    });
    expect(deadlineFor({ kind: '街道', region: '山东省烟台市' }, rules, 2026)).toMatchObject({
      date: '2027-01-20',
      source: 'kind',
    });
    expect(deadlineFor({ kind: '街道' }, rules, 2026)).toMatchObject({ date: '2027-01-20', source: 'kind' });
    expect(deadlineFor({ kind: '部门' }, rules, 2026)).toMatchObject({ date: '2027-01-31', source: 'law' });
    expect(deadlineFor({ kind: '乡镇', region: '河南省洛阳市某县' }, rules, 2026).basis).toContain(
      '河南省洛阳市要求乡镇于每年1月15日前报送。',
    );
  });
});

describe('workday calendar (chinese-days 1.5.7)', () => {
  const cal = new WorkCalendar();

  it('has holiday data from 2004 to 2026 and nothing for 2027', () => {
    expect(packageCoverage()).toEqual({ first: 2004, last: 2026 });
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
    expect(cal.warningsFor([2026])).toEqual([]);
    expect(cal.warningsFor([2026, 2027])[0]).toMatch(
      /^节假日数据（chinese-days）只收录到 2026 年；2027 年的法定节假日和调休安排尚未收录/,
    );
    cal.isWorkday('2027-03-01');
    expect(cal.uncoveredYears.has(2027)).toBe(true);
  });

  it('knows holidays and 调休 working days', () => {
    expect(cal.isWorkday('2025-01-28')).toBe(false); // 除夕
    expect(cal.holidayName('2025-01-31')).toBe('春节');
    expect(cal.isWorkday('2025-01-26')).toBe(true); // a Sunday, 调休上班
    expect(cal.makeupWorkdayOf('2025-01-26')).toBe('春节');
    expect(cal.onOrBefore('2025-01-31')).toBe('2025-01-27');
    expect(cal.onOrAfter('2025-02-01')).toBe('2025-02-05');
    expect(cal.onOrBefore('2022-01-31')).toBe('2022-01-30'); // Sunday 调休
    expect(cal.onOrBefore('2026-01-31')).toBe('2026-01-30'); // a plain Saturday
  });

  it('beyond the data: weekends and the fixed statutory days of 《全国年节及纪念日放假办法》', () => {
    // 2027: 春节 is 2月6日 (正月初一), so 除夕 2月5日 … 初三 2月8日.
    expect([...statutoryDaysOff(2027).entries()].filter(([, n]) => n === '春节').map(([d]) => d)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
    ]);
    expect(statutoryDaysOff(2027).get('2027-01-01')).toBe('元旦');
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    expect(cal.isWorkday('2027-02-05')).toBe(false);
    expect(cal.isWorkday('2027-02-09')).toBe(true);
    expect(cal.onOrBefore('2027-01-31')).toBe('2027-01-29');
    // The rule agrees with the package where both exist (2025: 1月28日 除夕 … 1月31日 初三).
    expect([...statutoryDaysOff(2025).entries()].filter(([, n]) => n === '春节').map(([d]) => d)).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    for (const d of statutoryDaysOff(2025).keys()) expect(cal.isWorkday(d), d).toBe(false);
  });

  it('configured days override and count as coverage', () => {
    const c = new WorkCalendar({ holidays: ['2027-02-09'], workdays: ['2027-02-20'] });
    expect(c.isWorkday('2027-02-09')).toBe(false);
    expect(c.isWorkday('2027-02-20')).toBe(true);
    expect(c.covers(2027)).toBe(true);
  });

  describe('on a machine west of UTC', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it('names the same days', () => {
      process.env.TZ = 'America/Los_Angeles';
      expect(new Date(2025, 0, 27).getTimezoneOffset()).toBe(480);
      const c = new WorkCalendar();
      expect(c.isWorkday('2025-01-27')).toBe(true);
      expect(c.isWorkday('2025-01-28')).toBe(false);
      expect([...statutoryDaysOff(2031).keys()].slice(1, 5)).toEqual([
        '2031-01-22',
        '2031-01-23',
        '2031-01-24',
        '2031-01-25',
      ]);
      expect(localDate(new Date('2027-01-24T00:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-24');
      expect(zonedInstant('2027-01-24', '09:00', 'Asia/Shanghai').toISOString()).toBe('2027-01-24T01:00:00.000Z');
    });
  });

  it('time zones: 09:00 in Shanghai is 01:00 UTC; the Shanghai day begins at 16:00 UTC', () => {
    expect(zonedInstant('2027-01-24', '09:00', 'Asia/Shanghai').toISOString()).toBe('2027-01-24T01:00:00.000Z');
    expect(localDate(new Date('2027-01-23T15:59:00Z'), 'Asia/Shanghai')).toBe('2027-01-23');
    expect(localDate(new Date('2027-01-23T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-24');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });
});
