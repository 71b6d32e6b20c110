// The pure planner: what to send at one instant, from (now, registry, rules, filings,
// what was already sent). node-cron only decides when to ask.
//
// Schedule of an office for report year Y (deadline D in Y+1, from deadline.ts):
//   lead-N  on D − N for each N in leadDays (N = 0 is `due`), moved to the workday on or
//           BEFORE that day: a reminder is never later than promised.
//   overdue-k  overdue-1 on the first workday after D, then each overdueEveryDays after
//           the previous one, moved to the workday on or AFTER that day, while ≤ D +
//           overdueForDays. Forward, because an overdue notice must never arrive before
//           the office is overdue; chained from the previous notice, so a weekend cannot
//           squeeze two notices onto Monday and Tuesday.
// Moves can make two lead steps fall on one day; only the later step is kept. (Moving
// back to a workday never reorders steps: "on or before" is monotone.)
//
// Supervisor escalation for a room and year: the same cadence as overdue notices, from
// the first workday after the earliest deadline among the room's offices until the latest
// deadline + overdueForDays; sent only on days some office is overdue and unfiled.
//
// Season: report year Y is in season while today lies between an office's first step and
// D + overdueForDays. Only Y = today's year − 1 (deadlines this year) and Y = today's
// year (a December lead step for a deadline in early January) can be.
//
// At an instant, each office (and each supervisor room) gets at most one message: its
// latest step that is due. Older missed steps are dropped, so downtime yields one
// catch-up, not a burst. Nothing is planned when that step or any later one is already in
// `sent` (the ledger: reserved, in flight or sent); a stale catch-up is skipped when a
// newer step is due later the same day; and nothing is sent on a day off (a restart on a
// Saturday catches up on Monday).
import { addDays, daysBetween, localDate, WorkCalendar, yearOf, zonedInstant, type IsoDate } from './calendar.js';
import type { OfficeEntry, Registry, RemindSection } from './config.js';
import { deadlineFor, type Deadline } from './deadline.js';
import { escalationMessage, officeMessage, type EscalationOffice } from './messages.js';

/** Which offices have filed, as the store says. Keys are registry names (officeKey). */
export interface Filings {
  isFiled(officeKey: string, year: number): boolean;
  /** One line from the office's report of `year` − 1, when the store has it. */
  lastYearLine?(officeKey: string, year: number): string | null;
  /** Problems matching the registry to the store (Chinese, naming the entry), for the start-up log. */
  warnings?: readonly string[];
}

export interface PauseList {
  isPaused(officeKey: string, year: number): boolean;
}

export interface SentSet {
  has(key: string): boolean;
}

export type StepStage = 'lead' | 'due' | 'overdue' | 'escalate';

export interface ScheduledStep {
  /** lead-30 … lead-1, due, overdue-1 …, escalate-2027-02-01 */
  step: string;
  stage: StepStage;
  /** The day the rules name, before moving off days off. */
  nominal: IsoDate;
  /** The workday it is sent. */
  date: IsoDate;
  /** When it becomes due: `date` at the configured time in the configured zone. */
  at: Date;
}

export interface Outbound {
  /** `${officeKey}|${year}|${step}`; for escalations officeKey is `supervisor:<room>`. */
  key: string;
  kind: 'office' | 'escalation';
  /** Registry name of the office; for an escalation, the offices it lists as overdue. */
  office: string;
  offices: string[];
  year: number;
  step: string;
  stage: StepStage;
  /** The local day the step was scheduled for (earlier than today after downtime). */
  date: IsoDate;
  deadline: IsoDate | null;
  room: string;
  /** People to @ in the room (names as the registry gives them). */
  mentions: string[];
  text: string;
}

export interface PlanInput {
  now: Date;
  registry: Registry;
  rules: RemindSection;
  filings: Filings;
  sent: SentSet;
  paused?: PauseList;
  /** Defaults to the chinese-days calendar plus `rules.calendar`. */
  calendar?: WorkCalendar;
}

export const officeKey = (o: Pick<OfficeEntry, 'name'>): string => o.name;
export const supervisorKey = (room: string): string => `supervisor:${room}`;
export const stepKey = (key: string, year: number, step: string): string => `${key}|${year}|${step}`;

const calendars = new WeakMap<RemindSection, WorkCalendar>();

/** The workday calendar of these rules (one per rules object: schedules are cached on it). */
export function calendarFor(rules: RemindSection): WorkCalendar {
  let c = calendars.get(rules);
  if (!c) {
    c = new WorkCalendar(rules.calendar);
    calendars.set(rules, c);
  }
  return c;
}

// Schedules are a pure function of (calendar, rules, office, year) and a wake asks for
// every office's; configuration objects are immutable once parsed, so they key the cache.
const schedules = new WeakMap<
  WorkCalendar,
  WeakMap<RemindSection, WeakMap<OfficeEntry, Map<number, OfficeSchedule>>>
>();

function cachedSchedule(
  office: OfficeEntry,
  year: number,
  rules: RemindSection,
  calendar: WorkCalendar,
): OfficeSchedule {
  let byRules = schedules.get(calendar);
  if (!byRules) schedules.set(calendar, (byRules = new WeakMap()));
  let byOffice = byRules.get(rules);
  if (!byOffice) byRules.set(rules, (byOffice = new WeakMap()));
  let byYear = byOffice.get(office);
  if (!byYear) byOffice.set(office, (byYear = new Map()));
  let s = byYear.get(year);
  if (!s) byYear.set(year, (s = officeSchedule(office, year, rules, calendar)));
  return s;
}

/** Later step wins when two fall on one day. */
function dedupeByDate(steps: ScheduledStep[]): ScheduledStep[] {
  return steps.filter((s, i) => i === steps.length - 1 || steps[i + 1].date !== s.date);
}

export interface OfficeSchedule {
  deadline: Deadline;
  steps: ScheduledStep[];
  /** After this day nothing more is sent for the year (deadline + overdueForDays). */
  lastDay: IsoDate;
}

export function officeSchedule(
  office: OfficeEntry,
  year: number,
  rules: RemindSection,
  calendar: WorkCalendar,
): OfficeSchedule {
  const deadline = deadlineFor(office, rules, year);
  const at = (d: IsoDate) => zonedInstant(d, rules.time, rules.timezone);

  const leads = [...new Set(rules.leadDays)].sort((a, b) => b - a);
  const leadSteps: ScheduledStep[] = leads.map((n) => {
    const nominal = addDays(deadline.date, -n);
    const date = calendar.onOrBefore(nominal);
    return { step: n === 0 ? 'due' : `lead-${n}`, stage: n === 0 ? 'due' : 'lead', nominal, date, at: at(date) };
  });

  const lastDay = addDays(deadline.date, rules.overdueForDays);
  const overdueSteps = repeatAfter(deadline.date, lastDay, rules, calendar).map(
    (s, k): ScheduledStep => ({ ...s, step: `overdue-${k + 1}`, stage: 'overdue' }),
  );
  return { deadline, steps: [...dedupeByDate(leadSteps), ...overdueSteps], lastDay };
}

/** Workdays after `from`: the first, then each overdueEveryDays after the previous, up to `lastDay`. */
function repeatAfter(
  from: IsoDate,
  lastDay: IsoDate,
  rules: RemindSection,
  calendar: WorkCalendar,
): Omit<ScheduledStep, 'step' | 'stage'>[] {
  const out: Omit<ScheduledStep, 'step' | 'stage'>[] = [];
  for (let nominal = addDays(from, 1); nominal <= lastDay; ) {
    const date = calendar.onOrAfter(nominal);
    if (date > lastDay) break;
    out.push({ nominal, date, at: zonedInstant(date, rules.time, rules.timezone) });
    nominal = addDays(date, rules.overdueEveryDays);
  }
  return out;
}

export function escalationSchedule(
  deadlines: readonly IsoDate[],
  rules: RemindSection,
  calendar: WorkCalendar,
): { steps: ScheduledStep[]; lastDay: IsoDate } | null {
  if (deadlines.length === 0) return null;
  const sorted = [...deadlines].sort();
  const lastDay = addDays(sorted[sorted.length - 1], rules.overdueForDays);
  const steps = repeatAfter(sorted[0], lastDay, rules, calendar).map(
    (s): ScheduledStep => ({ ...s, step: `escalate-${s.date}`, stage: 'escalate' }),
  );
  return { steps, lastDay };
}

/**
 * The one step to send now, or null: the latest step that is due, unless it or a later
 * one is already in the ledger, or it is a stale catch-up and a newer step comes later today.
 */
export function stepToSend(
  steps: readonly ScheduledStep[],
  now: Date,
  today: IsoDate,
  lastDay: IsoDate,
  sentKey: (step: string) => boolean,
): ScheduledStep | null {
  if (today > lastDay) return null;
  let i = -1;
  while (i + 1 < steps.length && steps[i + 1].at.getTime() <= now.getTime()) i++;
  if (i < 0) return null;
  for (let j = i; j < steps.length; j++) if (sentKey(steps[j].step)) return null;
  const next = steps[i + 1];
  if (steps[i].date !== today && next && next.date === today) return null;
  return steps[i];
}

/** Report years whose season may include `today` (see the header). */
export function candidateYears(today: IsoDate): number[] {
  return [yearOf(today) - 1, yearOf(today)];
}

export function planReminders(input: PlanInput): Outbound[] {
  const { now, registry, rules, filings, sent } = input;
  if (!rules.enabled) return [];
  const calendar = input.calendar ?? calendarFor(rules);
  const today = localDate(now, rules.timezone);
  // Every step is on a workday; on other days only a catch-up could be due, and it waits.
  if (!calendar.isWorkday(today)) return [];
  const isPaused = (o: OfficeEntry, year: number) => o.paused || (input.paused?.isPaused(officeKey(o), year) ?? false);
  const out: Outbound[] = [];

  for (const year of candidateYears(today)) {
    const schedules = new Map(registry.map((o) => [o, cachedSchedule(o, year, rules, calendar)]));

    for (const office of registry) {
      const key = officeKey(office);
      if (isPaused(office, year) || filings.isFiled(key, year)) continue;
      const s = schedules.get(office)!;
      const step = stepToSend(s.steps, now, today, s.lastDay, (st) => sent.has(stepKey(key, year, st)));
      if (!step) continue;
      out.push({
        key: stepKey(key, year, step.step),
        kind: 'office',
        office: key,
        offices: [key],
        year,
        step: step.step,
        stage: step.stage,
        date: step.date,
        deadline: s.deadline.date,
        room: office.room,
        mentions: [...office.mention],
        text: officeMessage({
          officeName: office.name,
          kind: office.kind,
          deadline: s.deadline,
          today,
          lastYearLine: filings.lastYearLine?.(key, year) ?? null,
          calendar,
        }),
      });
    }

    const rooms = [...new Set(registry.flatMap((o) => (o.supervisorRoom ? [o.supervisorRoom] : [])))];
    for (const room of rooms) {
      const offices = registry.filter((o) => o.supervisorRoom === room);
      const esc = escalationSchedule(
        offices.map((o) => schedules.get(o)!.deadline.date),
        rules,
        calendar,
      );
      if (!esc) continue;
      const key = supervisorKey(room);
      const step = stepToSend(esc.steps, now, today, esc.lastDay, (st) => sent.has(stepKey(key, year, st)));
      if (!step) continue;
      const overdue: (EscalationOffice & { key: string })[] = [];
      const upcoming: EscalationOffice[] = [];
      const filed: string[] = [];
      const paused: string[] = [];
      for (const o of offices) {
        const d = schedules.get(o)!.deadline.date;
        if (filings.isFiled(officeKey(o), year)) filed.push(o.name);
        else if (isPaused(o, year)) paused.push(o.name);
        else if (daysBetween(d, today) > 0) overdue.push({ key: officeKey(o), name: o.name, deadline: d });
        else upcoming.push({ name: o.name, deadline: d });
      }
      if (overdue.length === 0) continue;
      out.push({
        key: stepKey(key, year, step.step),
        kind: 'escalation',
        office: key,
        offices: overdue.map((o) => o.key),
        year,
        step: step.step,
        stage: 'escalate',
        date: step.date,
        deadline: null,
        room,
        mentions: [],
        text: escalationMessage({ year, today, overdue, upcoming, filed, paused }),
      });
    }
  }
  return out;
}

/** Days ahead the calendar's coverage is checked: long enough to warn in October about January. */
export const CALENDAR_LOOKAHEAD_DAYS = 120;

/** Warnings when the next CALENDAR_LOOKAHEAD_DAYS reach a year without holiday data. */
export function planWarnings(now: Date, rules: RemindSection, calendar: WorkCalendar = calendarFor(rules)): string[] {
  const today = localDate(now, rules.timezone);
  const years: number[] = [];
  for (let y = yearOf(today); y <= yearOf(addDays(today, CALENDAR_LOOKAHEAD_DAYS)); y++) years.push(y);
  return calendar.warningsFor(years);
}
