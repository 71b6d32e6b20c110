// The whole nianbao.yaml: `bot:` and `llm:` are defined here, `reminders:` and
// `offices:` are owned by src/remind and composed in unchanged.
// Secrets (the puppet token, the API key) are never read from the file: they come
// from the environment only, so that the file can be committed and shared.
// Every default is CONFIG_DEFAULTS' (defaults.ts), which a command without a file reads
// without loading this module.
import { z } from 'zod';
import { registrySchema, remindSectionSchema } from '../remind/config.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import { storeUrlProblem, type StoreConfig } from './store.js';

export { DEFAULT_PUPPET, SERVICE_PUPPET } from './defaults.js';

const D = CONFIG_DEFAULTS;

const nameList = (what: string) =>
  z.array(z.string().trim().min(1, { error: '不能为空' }), { error: `应为${what}列表，如 ["…", "…"]` }).default([]);

const positive = (max: number) =>
  z
    .number({ error: '应为数字' })
    .positive({ error: '应大于 0' })
    .max(max, { error: `不能大于 ${max}` });

const count = (min: number, max: number) =>
  z
    .int({ error: '应为整数' })
    .min(min, { error: `不能小于 ${min}` })
    .max(max, { error: `不能大于 ${max}` });

/** Send rates: WeChat blocks accounts that send too fast (“发送消息过于频繁”). */
export const rateSchema = z
  .strictObject({
    /** Messages per second into one room or private chat. */
    roomPerSecond: positive(10).default(D.bot.rate.roomPerSecond),
    /** How many messages one room may receive back to back before the rate applies. */
    roomBurst: count(1, 20).default(D.bot.rate.roomBurst),
    /** Messages per minute over all rooms together. */
    globalPerMinute: positive(600).default(D.bot.rate.globalPerMinute),
    globalBurst: count(1, 100).default(D.bot.rate.globalBurst),
  })
  .default(() => structuredClone(D.bot.rate));

/** A sender who asks more than `maxQuestions` within `windowSeconds` gets one notice, then silence. */
export const floodSchema = z
  .strictObject({
    maxQuestions: count(1, 1000).default(D.bot.flood.maxQuestions),
    windowSeconds: count(1, 3600).default(D.bot.flood.windowSeconds),
  })
  .default(() => structuredClone(D.bot.flood));

export const retrySchema = z
  .strictObject({
    /** Attempts per message, the first included. */
    attempts: count(1, 10).default(D.bot.retry.attempts),
    /** Wait before the second attempt; doubled for each further one. */
    baseDelayMs: count(10, 600_000).default(D.bot.retry.baseDelayMs),
  })
  .default(() => structuredClone(D.bot.retry));

/**
 * Reports sent into a chat as files (or pasted as long text): who may file, and how
 * big a file may be. Rooms and contacts are those the bot serves, narrowed by these lists.
 */
export const filingSchema = z
  .strictObject({
    /** false: files sent to the bot are ignored. */
    enabled: z.boolean({ error: '应为 true 或 false' }).default(D.bot.filing.enabled),
    /** A file larger than this (MB) is refused before it is read (at most the reader's own 20 MB). */
    maxFileMB: positive(20).default(D.bot.filing.maxFileMB),
    /** Rooms that may file, by topic or id; empty = every room the bot serves. */
    rooms: nameList('群名称或群 id'),
    /** Private chats that may file, by name or id; empty = every contact the bot serves. Admins always may. */
    contacts: nameList('联系人名称或 id'),
  })
  .default(() => structuredClone(D.bot.filing));

export const botSchema = z
  .strictObject({
    /** The bot's WeChat name: `@年报助手` in a group addresses it. */
    name: z.string({ error: '应为文字' }).trim().min(1, { error: '不能为空' }).default(D.bot.name),
    /** A group message starting with this is addressed to the bot; "" turns prefixes off. */
    prefix: z.string({ error: '应为文字' }).trim().default(D.bot.prefix),
    /** wechaty puppet package; absent (and no WECHATY_PUPPET) = run in the terminal. */
    puppet: z
      .string({ error: '应为 puppet 包名，如 "wechaty-puppet-wechat4u"' })
      .trim()
      .regex(/^(@[\w.-]+\/)?wechaty-puppet-[\w.-]+$/, { error: '应为 puppet 包名，如 "wechaty-puppet-wechat4u"' })
      .optional(),
    /**
     * wechaty-puppet-service only: the service's gRPC address (host:port), for a
     * gateway you run yourself (a PadLocal or WeCom gateway); WECHATY_PUPPET_SERVICE_ENDPOINT
     * overrides. Absent: the address is discovered from the token.
     */
    endpoint: z
      .string({ error: '应为 主机:端口，如 "127.0.0.1:8788"' })
      .trim()
      .regex(/^[\w.\-[\]:]+:\d{1,5}$/, { error: '应为 主机:端口，如 "127.0.0.1:8788"' })
      .optional(),
    /** Admins are told once when WeChat has been unreachable this long (minutes). */
    downNoticeMinutes: count(1, 24 * 60).default(D.bot.downNoticeMinutes),
    /** Rooms served, by topic (群名称) or id; empty = every room the account is in. */
    rooms: nameList('群名称或群 id'),
    /** Private chats served, by name or id; empty = everyone. */
    contacts: nameList('联系人名称或 id'),
    /** May run admin commands (暂停提醒 / 恢复提醒) and hear about logouts. By name or id. */
    admins: nameList('管理员名称或 id'),
    /** One WeChat message at most this long; longer answers are split on line boundaries. */
    maxMessageLength: count(100, 5000).default(D.bot.maxMessageLength),
    rate: rateSchema,
    flood: floodSchema,
    retry: retrySchema,
    filing: filingSchema,
  })
  .default(() => structuredClone(D.bot));

export const llmSchema = z
  .strictObject({
    /** OpenAI-compatible endpoint, e.g. https://api.deepseek.com/v1 ; OPENAI_BASE_URL overrides. */
    baseURL: z.url({ protocol: /^https?$/, error: '应为网址，如 "https://api.openai.com/v1"' }).optional(),
    chatModel: z.string({ error: '应为模型名称' }).trim().min(1, { error: '不能为空' }).optional(),
    embeddingModel: z.string({ error: '应为模型名称' }).trim().min(1, { error: '不能为空' }).optional(),
  })
  .default(() => structuredClone(D.llm));

/** Log files: rotated by size, questions cut short, askers' names hashed unless asked for. */
export const logSchema = z
  .strictObject({
    /** Log askers' names as written; false = a stable short hash of the name. */
    names: z.boolean({ error: '应为 true 或 false' }).default(D.log.names),
    /** pino level: fatal, error, warn, info, debug, trace. */
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], { error: '应为 error、warn、info 或 debug' })
      .default(D.log.level),
    /** One log file at most this many megabytes before it is rotated. */
    maxSizeMB: count(1, 1024).default(D.log.maxSizeMB),
    /** Rotated files kept beside the current one. */
    keep: count(1, 100).default(D.log.keep),
  })
  .default(() => structuredClone(D.log));

/**
 * `store: postgres://user@host:port/database`: a PostgreSQL database shared by several bot
 * instances (src/config/store.ts); absent = the SQLite database in the data folder.
 */
export const storeSchema = z
  .string({ error: `应为 PostgreSQL 连接串，如 "postgres://nianbao@127.0.0.1:5432/nianbao"` })
  .trim()
  .superRefine((text, ctx) => {
    const problem = storeUrlProblem(text, true);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The file as written (before environment variables are applied). */
export const fileSchema = z.strictObject({
  store: storeSchema.optional(),
  bot: botSchema,
  llm: llmSchema,
  log: logSchema,
  reminders: remindSectionSchema.optional(),
  offices: registrySchema.optional(),
});

export type BotFileConfig = z.output<typeof botSchema>;
export type RateConfig = z.output<typeof rateSchema>;
export type FloodConfig = z.output<typeof floodSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type FilingConfig = z.output<typeof filingSchema>;
export type FileConfig = z.output<typeof fileSchema>;
export type LogConfig = z.output<typeof logSchema>;

export interface BotConfig extends BotFileConfig {
  /** From WECHATY_PUPPET_SERVICE_TOKEN only. */
  puppetToken?: string;
  /** From WECHATY_PUPPET_SERVICE_AUTHORITY only: where a token is looked up (default api.chatie.io). */
  puppetAuthority?: string;
}

export interface LlmConfig extends z.output<typeof llmSchema> {
  /** From OPENAI_API_KEY only. */
  apiKey?: string;
}

/** The configuration the program runs with. */
export interface Config {
  bot: BotConfig;
  llm: LlmConfig;
  log: LogConfig;
  /** Absent when the file has no `reminders:` section. */
  reminders?: FileConfig['reminders'];
  offices?: FileConfig['offices'];
  /** A PostgreSQL database (`store:` or DATABASE_URL); absent: SQLite in the data folder. */
  store?: StoreConfig;
  /** The file it came from; null when none was found (all defaults). */
  source: string | null;
}

/**
 * Keys that would hold a secret. They are refused in the file with a message that names
 * the environment variable to use instead.
 */
export const SECRET_KEYS: { path: [string, string]; env: string }[] = [
  { path: ['llm', 'apiKey'], env: 'OPENAI_API_KEY' },
  { path: ['llm', 'key'], env: 'OPENAI_API_KEY' },
  { path: ['llm', 'api_key'], env: 'OPENAI_API_KEY' },
  { path: ['bot', 'token'], env: 'WECHATY_PUPPET_SERVICE_TOKEN' },
  { path: ['bot', 'puppetToken'], env: 'WECHATY_PUPPET_SERVICE_TOKEN' },
];
