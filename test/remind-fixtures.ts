// Shared fixtures of the reminder tests: the season registry (the bundled corpus's five
// offices, a 县级以上人民政府, a county that wants its townships' reports by 01-15),
// filings that appear on given days, and a clock at 09:00 Shanghai.
import { addDays, localDate, zonedInstant, type IsoDate } from '../src/remind/calendar.js';
import { parseRemindConfig, type RemindConfig } from '../src/remind/config.js';
import { lastYearLine } from '../src/remind/messages.js';
import type { Filings } from '../src/remind/plan.js';

export const LUOBEI = '西工区洛北街道办事处';
export const CHENGJIAO = '城郊街道';
export const CHENGGUAN = '城关镇人民政府';
export const ZHICHU = '芝罘区只楚街道办事处';
export const SHENGLIJIE = '银川市兴庆区胜利街街道办事处';
export const COUNTY = '洛阳市某县人民政府';
export const COUNTY_ROOM = '县政务公开督办群';
export const DISTRICT_ROOM = '区政务公开督办群';

export const seasonDoc = {
  reminders: {
    deadlines: { byRegion: [{ region: '河南省洛阳市', kind: '乡镇', deadline: '01-15' }] },
  },
  offices: [
    { name: LUOBEI, region: '河南省洛阳市西工区', kind: '街道', aliases: ['洛北街道'], room: '洛北群', mention: ['李明'], supervisorRoom: COUNTY_ROOM },
    { name: CHENGJIAO, kind: '街道', room: '城郊群', mention: ['王芳', '赵强'], supervisorRoom: COUNTY_ROOM },
    { name: CHENGGUAN, region: '河南省洛阳市', kind: '乡镇', aliases: ['城关镇'], room: '城关群', mention: ['张伟'], supervisorRoom: COUNTY_ROOM },
    { name: ZHICHU, region: '山东省烟台市芝罘区', kind: '街道', room: '只楚群', mention: ['刘洋'], supervisorRoom: DISTRICT_ROOM },
    { name: SHENGLIJIE, region: '宁夏回族自治区银川市兴庆区', kind: '街道', room: '胜利街群', mention: ['马丽'], supervisorRoom: DISTRICT_ROOM },
    { name: COUNTY, region: '河南省洛阳市', kind: '县级以上人民政府', room: '县政府办公室群', supervisorRoom: COUNTY_ROOM },
  ],
};

export function seasonConfig(overrides: { reminders?: object } = {}): RemindConfig {
  return parseRemindConfig({ ...seasonDoc, reminders: { ...seasonDoc.reminders, ...overrides.reminders } });
}

/** The day each office's report for 2026 reaches the store (from 00:00 that day). */
export const FILED_ON: Record<string, IsoDate> = {
  [CHENGGUAN]: '2027-01-19',
  [ZHICHU]: '2027-01-20',
  [SHENGLIJIE]: '2027-01-29',
  [CHENGJIAO]: '2027-02-10',
  [COUNTY]: '2027-04-06',
};

export const CHENGJIAO_LAST_YEAR = lastYearLine(2025, { 'apply.received.total': 4, 'active.items': 180 }, ['active.items'])!;

/** Filings as the store would answer at `now`. */
export function filingsAt(now: Date, filedOn: Record<string, IsoDate> = FILED_ON, year = 2026): Filings {
  const today = localDate(now, 'Asia/Shanghai');
  return {
    isFiled: (key, y) => y === year && filedOn[key] !== undefined && filedOn[key] <= today,
    lastYearLine: (key, y) => (key === CHENGJIAO && y === year ? CHENGJIAO_LAST_YEAR : null),
  };
}

export const at9 = (d: IsoDate, time = '09:00') => zonedInstant(d, time, 'Asia/Shanghai');

export function* days(from: IsoDate, to: IsoDate): Generator<IsoDate> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}
