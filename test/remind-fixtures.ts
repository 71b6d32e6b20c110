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
    {
      name: LUOBEI,
      region: '河南省洛阳市西工区',
      kind: '街道',
      aliases: ['洛北街道'],
      room: '洛北群',
      mention: ['李明'],
      supervisorRoom: COUNTY_ROOM,
    },
    { name: CHENGJIAO, kind: '街道', room: '城郊群', mention: ['王芳', '赵强'], supervisorRoom: COUNTY_ROOM },
    {
      name: CHENGGUAN,
      region: '河南省洛阳市',
      kind: '乡镇',
      aliases: ['城关镇'],
      room: '城关群',
      mention: ['张伟'],
      supervisorRoom: COUNTY_ROOM,
    },
    {
      name: ZHICHU,
      region: '山东省烟台市芝罘区',
      kind: '街道',
      room: '只楚群',
      mention: ['刘洋'],
      supervisorRoom: DISTRICT_ROOM,
    },
    {
      name: SHENGLIJIE,
      region: '宁夏回族自治区银川市兴庆区',
      kind: '街道',
      room: '胜利街群',
      mention: ['马丽'],
      supervisorRoom: DISTRICT_ROOM,
    },
    {
      name: COUNTY,
      region: '河南省洛阳市',
      kind: '县级以上人民政府',
      room: '县政府办公室群',
      supervisorRoom: COUNTY_ROOM,
    },
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

export const CHENGJIAO_LAST_YEAR = lastYearLine(2025, { 'apply.received.total': 4, 'active.items': 180 }, [
  'active.items',
])!;

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

// The whole 2026 season as read by hand from the rules (every day at 09:00, the filings of
// FILED_ON), `day office step`: the truth of the season and race tests.
// 2027 (no holiday data in chinese-days 1.5.7: weekends plus the fixed statutory days —
// 元旦 1月1日 Fri, 春节 除夕 2月5日 to 初三 2月8日). Deadlines: 01-31 (Sun) for 街道,
// 01-15 (Fri) for the county's 乡镇, 03-31 (Wed) for the 县政府.
// Lead steps move back to the previous workday, overdue steps forward to the next one,
// each overdue 3 days after the previous notice.
export const LUOBEI_OVERDUE = [
  '2027-02-01',
  '2027-02-04',
  '2027-02-09',
  '2027-02-12',
  '2027-02-15',
  '2027-02-18',
  '2027-02-22',
  '2027-02-25',
  '2027-03-01',
  '2027-03-04',
  '2027-03-08',
  '2027-03-11',
  '2027-03-15',
  '2027-03-18',
  '2027-03-22',
  '2027-03-25',
  '2027-03-29',
  '2027-04-01',
  '2027-04-05',
  '2027-04-08',
  '2027-04-12',
  '2027-04-15',
  '2027-04-19',
  '2027-04-22',
  '2027-04-26',
  '2027-04-29',
];

export const EXPECTED_2026_SEASON = [
  `2026-12-16 ${CHENGGUAN} lead-30`,
  // lead-30 of 01-31 is 1月1日 (元旦) and lead-14 of 01-15 too: both move to Thursday 12-31.
  `2026-12-31 ${LUOBEI} lead-30`,
  `2026-12-31 ${CHENGJIAO} lead-30`,
  `2026-12-31 ${CHENGGUAN} lead-14`,
  `2026-12-31 ${ZHICHU} lead-30`,
  `2026-12-31 ${SHENGLIJIE} lead-30`,
  `2027-01-08 ${CHENGGUAN} lead-7`,
  `2027-01-12 ${CHENGGUAN} lead-3`,
  `2027-01-14 ${CHENGGUAN} lead-1`,
  // lead-14 of 01-31 is Sunday 01-17 → Friday 01-15.
  `2027-01-15 ${LUOBEI} lead-14`,
  `2027-01-15 ${CHENGJIAO} lead-14`,
  `2027-01-15 ${CHENGGUAN} due`,
  `2027-01-15 ${ZHICHU} lead-14`,
  `2027-01-15 ${SHENGLIJIE} lead-14`,
  // 01-16 is a Saturday: the first overdue notice waits for Monday. 城关镇 files on 01-19.
  `2027-01-18 ${CHENGGUAN} overdue-1`,
  `2027-01-18 supervisor:${COUNTY_ROOM} escalate-2027-01-18`,
  // 只楚 filed on 01-20: no more reminders for it.
  `2027-01-22 ${LUOBEI} lead-7`,
  `2027-01-22 ${CHENGJIAO} lead-7`,
  `2027-01-22 ${SHENGLIJIE} lead-7`,
  `2027-01-28 ${LUOBEI} lead-3`,
  `2027-01-28 ${CHENGJIAO} lead-3`,
  `2027-01-28 ${SHENGLIJIE} lead-3`,
  // lead-1 (Sat 01-30) and due (Sun 01-31) both fall to Friday 01-29: only `due` is sent.
  // 胜利街 filed that morning.
  `2027-01-29 ${LUOBEI} due`,
  `2027-01-29 ${CHENGJIAO} due`,
  ...LUOBEI_OVERDUE.flatMap((d, i) => [
    `${d} ${LUOBEI} overdue-${i + 1}`,
    ...(d <= '2027-02-09' ? [`${d} ${CHENGJIAO} overdue-${i + 1}`] : []), // 城郊 files 02-10
    ...(d === '2027-03-01' ? [`${d} ${COUNTY} lead-30`] : []),
    ...(d === '2027-04-01' ? [`${d} ${COUNTY} overdue-1`] : []),
    ...(d === '2027-04-05' ? [`${d} ${COUNTY} overdue-2`] : []), // Sun 04-04 → Mon; files 04-06
    `${d} supervisor:${COUNTY_ROOM} escalate-${d}`,
  ]),
  `2027-03-17 ${COUNTY} lead-14`,
  `2027-03-24 ${COUNTY} lead-7`,
  `2027-03-26 ${COUNTY} lead-3`, // Sun 03-28 → Fri
  `2027-03-30 ${COUNTY} lead-1`,
  `2027-03-31 ${COUNTY} due`,
];
