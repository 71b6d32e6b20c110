// Dates as plain `YYYY-MM-DD` strings (a calendar day where the offices are, never an
// instant), and China's workdays from the `chinese-days` package.
//
// Why strings: the machine may run in UTC while the offices live in Asia/Shanghai; a
// `Date` carries an instant, and 09:00 in Shanghai is the previous day in UTC before
// 08:00. Day arithmetic below is done on UTC midnights, which have no DST or offset.
import { createRequire } from 'node:module';
import { getSolarDateFromLunar } from './lunar.js';

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(d: IsoDate): [number, number, number] {
  // Hot path (hundreds of calls per plan): slice first, regex only to explain a bad input.
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  if (d.length !== 10 || !(y > 0 && m > 0 && day > 0) || !ISO.test(d)) throw new Error(`日期格式应为 YYYY-MM-DD：${d}`);
  return [y, m, day];
}

function utcMs(d: IsoDate): number {
  const [y, m, day] = parts(d);
  return Date.UTC(y, m - 1, day);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return fromUtcMs(Date.UTC(year, month - 1, day));
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtcMs(utcMs(d) + n * 86_400_000);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMs(to) - utcMs(from)) / 86_400_000);
}

export function yearOf(d: IsoDate): number {
  return parts(d)[0];
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return new Date(utcMs(d)).getUTCDay();
}

const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2027年1月31日（星期日） */
export function formatDateZh(d: IsoDate, withWeekday = true): string {
  const [y, m, day] = parts(d);
  return `${y}年${m}月${day}日${withWeekday ? `（${WEEKDAY_ZH[weekday(d)]}）` : ''}`;
}

// ---------- time zones ----------

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string): { date: IsoDate; ms: number } {
  const p = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  const date = `${p.year}-${p.month}-${p.day}`;
  const ms = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return { date, ms };
}

/** The calendar day at `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  return wallClock(instant, timeZone).date;
}

// Intl formatting is slow (~10 µs) and a plan asks for hundreds of instants; the answers
// never change, so they are kept (bounded: a season is a few hundred days).
const instantCache = new Map<string, number>();

/** The instant of wall-clock `time` ("09:00") on day `d` in `timeZone`. */
export function zonedInstant(d: IsoDate, time: string, timeZone: string): Date {
  const key = `${d} ${time} ${timeZone}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    if (instantCache.size > 20_000) instantCache.clear();
    ms = computeZonedInstant(d, time, timeZone);
    instantCache.set(key, ms);
  }
  return new Date(ms);
}

function computeZonedInstant(d: IsoDate, time: string, timeZone: string): number {
  const [y, m, day] = parts(d);
  const [hh, mm] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, day, hh, mm);
  // Offset-correct twice: enough for any zone, including a DST change that day.
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess += wanted - wallClock(new Date(guess), timeZone).ms;
  return guess;
}

// ---------- workdays ----------

export interface CalendarExtras {
  /** Days off that the package does not know (e.g. next year's Spring Festival, once announced). */
  holidays?: readonly IsoDate[];
  /** Working days (调休) that the package does not know. */
  workdays?: readonly IsoDate[];
}

// The package's functions build their own day keys with local-time getters from
// UTC-parsed strings, which shifts every holiday by a day on machines west of UTC
// (measured: 2025-01-27, a Monday workday, comes back as 春节 under America/Los_Angeles).
// Its build-time data file has the official days as plain keys; we read that instead.
interface PackageData {
  holidays: Record<IsoDate, string>;
  workdays: Record<IsoDate, string>;
}
const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PackageData;

/** The package names holiday and 调休 days "Spring Festival,春节,4". */
function holidayNameOf(entry: string | undefined): string | null {
  return entry?.split(',')[1] || null;
}

let packageYears: { first: number; last: number } | null = null;

/** Years the installed chinese-days has holiday data for (1.5.7: 2004–2026). */
export function packageCoverage(): { first: number; last: number } {
  if (!packageYears) {
    const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
    packageYears = { first: Math.min(...years), last: Math.max(...years) };
  }
  return packageYears;
}

const statutoryCache = new Map<number, Map<IsoDate, string>>();

/**
 * For years the package lacks: the days off that 《全国年节及纪念日放假办法》 (as amended
 * in 2024) fixes every year — 元旦 1月1日, 春节 除夕至正月初三, 劳动节 5月1日至2日, 端午,
 * 中秋, 国庆 10月1日至3日. Not 清明 (a solar term) and not the yearly 调休 arrangement,
 * which only the State Council's notice gives.
 */
export function statutoryDaysOff(year: number): Map<IsoDate, string> {
  let days = statutoryCache.get(year);
  if (!days) {
    days = new Map();
    const lunar = (m: number, d: number) => getSolarDateFromLunar(year, m, d);
    days.set(isoDate(year, 1, 1), '元旦');
    const newYear = lunar(1, 1);
    for (let i = -1; i <= 2; i++) days.set(addDays(newYear, i), '春节');
    days.set(isoDate(year, 5, 1), '劳动节');
    days.set(isoDate(year, 5, 2), '劳动节');
    days.set(lunar(5, 5), '端午');
    days.set(lunar(8, 15), '中秋');
    for (let d = 1; d <= 3; d++) days.set(isoDate(year, 10, d), '国庆节');
    statutoryCache.set(year, days);
  }
  return days;
}

export class WorkCalendar {
  private readonly holidays: Set<IsoDate>;
  private readonly workdays: Set<IsoDate>;
  private readonly extraYears: Set<number>;
  /** Years asked about that neither the package nor the configuration covers. */
  readonly uncoveredYears = new Set<number>();

  constructor(extras: CalendarExtras = {}) {
    this.holidays = new Set(extras.holidays ?? []);
    this.workdays = new Set(extras.workdays ?? []);
    this.extraYears = new Set([...this.holidays, ...this.workdays].map(yearOf));
  }

  /** True when holidays of `year` are known (package data, or days listed in the configuration). */
  covers(year: number): boolean {
    const { first, last } = packageCoverage();
    return (year >= first && year <= last) || this.extraYears.has(year);
  }

  isWorkday(d: IsoDate): boolean {
    if (this.workdays.has(d)) return true;
    if (this.holidays.has(d)) return false;
    const year = yearOf(d);
    if (!this.covers(year)) {
      // Without data only weekends and the fixed statutory days are known; remember the
      // gap so callers can warn.
      this.uncoveredYears.add(year);
      const w = weekday(d);
      return w !== 0 && w !== 6 && !statutoryDaysOff(year).has(d);
    }
    if (data.workdays[d]) return true;
    const w = weekday(d);
    return w !== 0 && w !== 6 && !data.holidays[d];
  }

  /** 春节 / 元旦 … when `d` is a statutory day off; null otherwise. */
  holidayName(d: IsoDate): string | null {
    if (this.holidays.has(d) || this.workdays.has(d)) return null;
    if (!this.covers(yearOf(d))) return statutoryDaysOff(yearOf(d)).get(d) ?? null;
    return holidayNameOf(data.holidays[d]);
  }

  /** The holiday a weekend working day (调休上班) belongs to, e.g. 春节 for 2025-01-26. */
  makeupWorkdayOf(d: IsoDate): string | null {
    if (this.holidays.has(d) || this.workdays.has(d)) return null;
    return holidayNameOf(data.workdays[d]);
  }

  /** `d` itself when it is a workday, else the closest workday before it. */
  onOrBefore(d: IsoDate): IsoDate {
    let x = d;
    for (let i = 0; i < 60 && !this.isWorkday(x); i++) x = addDays(x, -1);
    return x;
  }

  /** `d` itself when it is a workday, else the closest workday after it. */
  onOrAfter(d: IsoDate): IsoDate {
    let x = d;
    for (let i = 0; i < 60 && !this.isWorkday(x); i++) x = addDays(x, 1);
    return x;
  }

  /** Chinese warnings for the given years the calendar has no holiday data for. */
  warningsFor(years: Iterable<number>): string[] {
    const missing = [...new Set(years)].filter((y) => !this.covers(y)).sort((a, b) => a - b);
    if (missing.length === 0) return [];
    const { last } = packageCoverage();
    return [
      `节假日数据（chinese-days）只收录到 ${last} 年；${missing.join('、')} 年的法定节假日和调休安排尚未收录，` +
        `这些年份只按周末和《全国年节及纪念日放假办法》规定的固定假日（元旦、春节、劳动节、端午、中秋、国庆；` +
        `不含清明和调休）判断工作日，提醒可能落在调休放假的日子。请升级 chinese-days，` +
        `或在配置 reminders.calendar 的 holidays / workdays 中补充国务院公布的放假安排。`,
    ];
  }
}
