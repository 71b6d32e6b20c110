// Schemas of the two configuration sections the reminders own:
//   reminders:  the rules (when, how often, deadline overrides)
//   offices:    the registry of offices to remind
// They sit in the same YAML file as `bot:` and `llm:`; src/config/ composes them into
// the whole file's schema. Every message a user can see is Chinese.
import { z } from 'zod';
import type { OfficeKind } from '../parse/types.js';

export const OFFICE_KINDS = [
  '部门',
  '乡镇',
  '街道',
  '县级以上人民政府',
  '其他',
] as const satisfies readonly OfficeKind[];
// Fails to compile if parse/types.ts gains a kind this list lacks.
type _AllKinds = Exclude<OfficeKind, (typeof OFFICE_KINDS)[number]> extends never ? true : never;
const _allKinds: _AllKinds = true;
void _allKinds;

/** Zod issue → a short Chinese reason; the path is added by describeConfigError. */
const required = (what: string) => (iss: { input?: unknown }) => (iss.input === undefined ? '必填' : `应为${what}`);

const text = (what = '文字') =>
  z
    .string({ error: required(what) })
    .trim()
    .min(1, { error: '不能为空' });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "MM-DD", a real day of a non-leap year (02-29 would not exist in most years). */
export const monthDaySchema = z
  .string({ error: required('“月-日”格式的日期，如 "01-31"') })
  .trim()
  .refine(
    (s) => {
      const m = /^(\d{2})-(\d{2})$/.exec(s);
      if (!m) return false;
      const month = Number(m[1]);
      const day = Number(m[2]);
      return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
    },
    { error: (iss) => `应为“月-日”格式的日期，如 "01-31"（收到 ${JSON.stringify(iss.input)}；不支持 02-29）` },
  );

const timeOfDaySchema = z
  .string({ error: required('“时:分”格式的时间，如 "09:00"') })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '应为“时:分”格式的时间，如 "09:00"' });

const timezoneSchema = z
  .string({ error: required('时区名称，如 "Asia/Shanghai"') })
  .trim()
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: (iss) => `不是有效的时区名称：${JSON.stringify(iss.input)}（如 "Asia/Shanghai"）` },
  );

const isoDateSchema = z
  .string({ error: required('“年-月-日”格式的日期') })
  .trim()
  .refine(
    (s) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m) return false;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.toISOString().slice(0, 10) === s;
    },
    { error: (iss) => `应为“年-月-日”格式的日期，如 "2027-02-05"（收到 ${JSON.stringify(iss.input)}）` },
  );

const kindSchema = z.enum(OFFICE_KINDS, {
  error: (iss) =>
    iss.input === undefined ? '必填' : `应为 ${OFFICE_KINDS.join(' / ')} 之一（收到 ${JSON.stringify(iss.input)}）`,
});

const regionOverrideSchema = z.strictObject({
  region: text(),
  kind: kindSchema.optional(),
  deadline: monthDaySchema,
});

/** The `reminders:` section. Every key has a default, so an empty section is valid. */
export const remindSectionSchema = z.strictObject({
  /** Off switch for the whole feature, without deleting the registry. */
  enabled: z.boolean({ error: required('true 或 false') }).default(true),
  timezone: timezoneSchema.default('Asia/Shanghai'),
  /** Local time of day the reminders go out. */
  time: timeOfDaySchema.default('09:00'),
  /** Days before the deadline a reminder is sent; 0 is the day itself. */
  leadDays: z
    .array(
      z
        .int({ error: required('0 到 180 之间的整数') })
        .min(0, { error: '不能小于 0' })
        .max(180, { error: '不能大于 180' }),
      {
        error: required('整数列表，如 [30, 14, 7, 3, 1, 0]'),
      },
    )
    .default([30, 14, 7, 3, 1, 0]),
  /** After the deadline: an overdue notice (and a supervisor escalation) every this many days. */
  overdueEveryDays: z
    .int({ error: required('1 到 60 之间的整数') })
    .min(1, { error: '不能小于 1' })
    .max(60, { error: '不能大于 60' })
    .default(3),
  /** How long after its deadline an office is still chased; then only 提醒状态 lists it. */
  overdueForDays: z
    .int({ error: required('0 到 365 之间的整数') })
    .min(0, { error: '不能小于 0' })
    .max(365, { error: '不能大于 365' })
    .default(90),
  deadlines: z
    .strictObject({
      /** Per kind, replaces the 条例 default (e.g. 乡镇: "01-15"). */
      byKind: z.partialRecord(kindSchema, monthDaySchema).default({}),
      /** Per region (and optionally kind): a county that wants its townships' reports earlier. */
      byRegion: z.array(regionOverrideSchema, { error: required('列表') }).default([]),
    })
    .default({ byKind: {}, byRegion: [] }),
  /**
   * Days the calendar package does not know yet (the State Council publishes next year's
   * holidays each November; the package follows some time later).
   */
  calendar: z
    .strictObject({
      holidays: z.array(isoDateSchema).default([]),
      workdays: z.array(isoDateSchema).default([]),
    })
    .default({ holidays: [], workdays: [] }),
});

export const officeEntrySchema = z.strictObject({
  /** Full name, e.g. 西工区洛北街道办事处; also the office's key in the reminder ledger. */
  name: text(),
  region: text().optional(),
  kind: kindSchema,
  /** Other names the store may know the office by (城郊街道, 洛北街道 …). */
  aliases: z.array(text(), { error: required('文字列表') }).default([]),
  /** The WeChat room (群名称) where the office is reminded. */
  room: text('群名称'),
  /** People to @ in that room. */
  mention: z.array(text(), { error: required('文字列表') }).default([]),
  /** The supervisor's room, which receives the escalation listing overdue offices. */
  supervisorRoom: text('群名称').optional(),
  /** This office's own deadline, overriding kind and region. */
  deadline: monthDaySchema.optional(),
  /** A paused office gets no reminders (admins can also pause in the bot). */
  paused: z.boolean({ error: required('true 或 false') }).default(false),
});

const normName = (s: string) => s.replace(/\s+/g, '');

/**
 * The `offices:` section. Each entry is checked on its own so that every problem's message
 * names the office ("必填（单位：城关镇人民政府）") whoever formats the error (src/config
 * prints `path message`); names and aliases must be unique across entries.
 */
export const registrySchema = z
  .array(z.unknown(), { error: required('单位列表') })
  .transform((items, ctx): OfficeEntry[] => {
    const out: OfficeEntry[] = [];
    items.forEach((item, i) => {
      const r = officeEntrySchema.safeParse(item);
      if (r.success) {
        out.push(r.data);
        return;
      }
      const name = officeNameOf(item);
      for (const iss of r.error.issues) {
        ctx.issues.push({
          code: 'custom',
          input: item,
          path: [i, ...iss.path],
          message: `${issueText(iss, valueAt(item, iss.path))}${name ? `（单位：${name}）` : ''}`,
        });
      }
    });
    const seen = new Map<string, number>();
    out.forEach((office, i) => {
      [office.name, ...office.aliases].forEach((n, j) => {
        const key = normName(n);
        const prev = seen.get(key);
        if (prev !== undefined && prev !== i) {
          ctx.issues.push({
            code: 'custom',
            input: n,
            path: j === 0 ? [i, 'name'] : [i, 'aliases', j - 1],
            message: `“${n}”与 offices[${prev}]（${out[prev].name}）的名称或别名重复（单位：${office.name}）`,
          });
        } else {
          seen.set(key, i);
        }
      });
    });
    return out;
  });

function officeNameOf(item: unknown): string | null {
  const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : null;
}

export type RemindSection = z.output<typeof remindSectionSchema>;
export type RemindSectionInput = z.input<typeof remindSectionSchema>;
export type OfficeEntry = z.output<typeof officeEntrySchema>;
export type OfficeEntryInput = z.input<typeof officeEntrySchema>;
export type Registry = z.output<typeof registrySchema>;
export type OfficeKindName = (typeof OFFICE_KINDS)[number];

/** Both sections as the reminders use them. */
export interface RemindConfig {
  reminders: RemindSection;
  offices: Registry;
}

export class RemindConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`提醒配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RemindConfigError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/**
 * A zod error → one Chinese line per issue, e.g. `offices[2].room：必填（单位：城关镇人民政府）`.
 * `root` prefixes paths when the error came from a section schema ("offices", "reminders");
 * `input` is the raw value that was parsed (zod 4 issues do not carry it).
 */
export function describeConfigError(error: z.ZodError, opts: { root?: string; input?: unknown } = {}): string[] {
  return error.issues.map((iss) => {
    const where = pathText(opts.root ? [opts.root, ...iss.path] : iss.path) || '（整个配置）';
    return `${where}：${issueText(iss, valueAt(opts.input, iss.path))}`;
  });
}

/** Zod's own English messages for the few issues our schemas do not word themselves. */
function issueText(iss: z.core.$ZodIssue, value: unknown): string {
  if (iss.code === 'unrecognized_keys')
    return `未知的配置项 ${iss.keys.map((k) => `“${k}”`).join('、')}（是否拼错了？）`;
  if (iss.code === 'invalid_key') return `键名无效（应为 ${OFFICE_KINDS.join(' / ')} 之一）`;
  if (iss.code === 'invalid_type' && iss.expected === 'object')
    return value === undefined ? '必填' : '应为一组“键: 值”';
  return iss.message;
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = doc;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg as string];
  }
  return node;
}

/**
 * Validates the `reminders:` and `offices:` sections of a parsed YAML document.
 * A missing section is empty (no offices: nothing to remind). Throws RemindConfigError
 * listing every problem, each naming its entry.
 */
export function parseRemindConfig(doc: unknown): RemindConfig {
  const root = (doc && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const reminders = remindSectionSchema.safeParse(root.reminders ?? {});
  if (!reminders.success)
    problems.push(...describeConfigError(reminders.error, { root: 'reminders', input: root.reminders }));
  const offices = registrySchema.safeParse(root.offices ?? []);
  if (!offices.success) problems.push(...describeConfigError(offices.error, { root: 'offices', input: root.offices }));
  if (problems.length || !reminders.success || !offices.success) throw new RemindConfigError(problems);
  return { reminders: reminders.data, offices: offices.data };
}
