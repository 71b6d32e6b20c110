// The configuration's defaults, in one place and without zod: the schema (schema.ts) takes
// every default from here, and a command run with no configuration file takes them as they
// are, never loading zod (~0.15 s of a cold `ask`). test/config-defaults.test.ts holds the
// schema's reading of an empty file, and of empty sections, equal to these.

/** The file read when no `--config FILE` is given, from the folder the command runs in. */
export const DEFAULT_CONFIG_FILE = 'nianbao.yaml';

/** Puppet for a personal account when WECHATY_PUPPET names none explicitly. */
export const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';
/** Puppet that talks to a hosted service (PadLocal, WeCom …); needs a token. */
export const SERVICE_PUPPET = 'wechaty-puppet-service';

/** `bot.rate`: send rates (WeChat blocks accounts that send too fast). */
const rate = { roomPerSecond: 1, roomBurst: 1, globalPerMinute: 20, globalBurst: 5 };
/** `bot.flood`: a sender who asks more than this within the window gets one notice, then silence. */
const flood = { maxQuestions: 6, windowSeconds: 60 };
/** `bot.retry`: attempts per message, and the wait before the second. */
const retry = { attempts: 4, baseDelayMs: 2000 };
/** `bot.filing`: reports sent into a chat as files. */
const filing = { enabled: true, maxFileMB: 20, rooms: [] as string[], contacts: [] as string[] };

/**
 * The sections a file may leave out, as the schema fills them in (in its key order: the
 * configuration printed or logged reads the same with a file or without).
 */
export const CONFIG_DEFAULTS = {
  bot: {
    name: '年报助手',
    prefix: '年报',
    rooms: [] as string[],
    contacts: [] as string[],
    admins: [] as string[],
    maxMessageLength: 1800,
    downNoticeMinutes: 10,
    rate,
    flood,
    retry,
    filing,
  },
  llm: {},
  log: {
    names: false,
    level: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    maxSizeMB: 10,
    keep: 5,
  },
};

/** A fresh copy of one default section: nobody shares (or alters) another's lists. */
export function defaultsOf<K extends keyof typeof CONFIG_DEFAULTS>(section: K): (typeof CONFIG_DEFAULTS)[K] {
  return structuredClone(CONFIG_DEFAULTS[section]);
}
