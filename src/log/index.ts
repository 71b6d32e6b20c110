// Structured logs (pino), made fit to keep in an office: secrets never written (by
// key, and by value in every line, whatever wrote it), questions cut to 200
// characters, askers' names replaced by a stable short hash unless `log.names: true`,
// and the file rotated by size (pino-roll) so it never grows without limit.
// stdout belongs to the console chat and to scripts reading it: logs go to a file or stderr.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import type { Logger } from './logger.js';

export { silentLogger, type Logger } from './logger.js';

export const REDACT_PATHS = [
  'token',
  'apiKey',
  'puppetToken',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.puppetToken',
  '*.authorization',
  '*.*.token',
  '*.*.apiKey',
  '*.*.puppetToken',
  'headers.authorization',
];

/** Longest question text a log line keeps. */
export const QUESTION_LOG_CHARS = 200;
/** Where the log files live, under the data folder. */
export const LOG_DIR = 'logs';
export const LOG_FILE = 'nianbao.log';

/** Fields that hold a person's name: hashed unless names are to be logged. */
const NAME_FIELDS = ['asker', 'user', 'admin', 'member', 'sender'];
/** Fields that hold what someone typed: cut short. */
const TEXT_FIELDS = ['question', 'text'];

type Destination = { write(s: string): unknown };

export interface LogOptions {
  /** pino level; NIANBAO_LOG_LEVEL or 'info' by default. */
  level?: string;
  /** Where lines go; stderr by default. */
  destination?: NodeJS.WritableStream | Destination;
  /** Values never written (a token, an API key): replaced by *** wherever they appear. */
  secrets?: (string | undefined)[];
  /** Log askers' names as written (`log.names: true`); default a stable short hash. */
  names?: boolean;
}

/** A stable short stand-in for a name: the same person gets the same tag in every line. */
export function nameHash(name: string): string {
  return `#${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8)}`;
}

/** A question as a log line keeps it: at most 200 characters, and how long it was. */
export function clipForLog(text: string, max = QUESTION_LOG_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…（共 ${chars.length} 字）`;
}

/** Replaces every secret (at least 4 characters long, so nothing common is masked) by ***. */
export function secretScrubber(secrets: (string | undefined)[]): (s: string) => string {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  if (list.length === 0) return (s) => s;
  return (s) => {
    let out = s;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  };
}

/** Names hashed, questions clipped, in one log object (a shallow copy; the caller's is untouched). */
export function privacyFields(obj: Record<string, unknown>, names: boolean): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  const set = (k: string, v: unknown) => {
    out ??= { ...obj };
    out[k] = v;
  };
  for (const k of TEXT_FIELDS) {
    const v = obj[k];
    if (typeof v === 'string' && v.length > QUESTION_LOG_CHARS) set(k, clipForLog(v));
  }
  if (!names) {
    for (const k of NAME_FIELDS) {
      const v = obj[k];
      if (typeof v === 'string' && v) set(k, nameHash(v));
    }
  }
  return out ?? obj;
}

export function createLogger(opts: LogOptions = {}): Logger & { level: string } {
  const level = opts.level ?? process.env.NIANBAO_LOG_LEVEL ?? 'info';
  const inner = (opts.destination ?? pino.destination({ fd: 2, sync: true })) as Destination;
  const scrub = secretScrubber(opts.secrets ?? []);
  // Every finished line passes here: a secret inside an error message or a library's
  // text is caught as surely as one under a known key.
  const dest: Destination = { write: (s: string) => inner.write(scrub(s)) };
  const names = opts.names ?? false;
  return pino(
    {
      name: 'nianbao',
      level,
      redact: { paths: REDACT_PATHS, censor: '***' },
      base: undefined,
      formatters: { log: (obj) => privacyFields(obj, names) },
    },
    dest as pino.DestinationStream,
  );
}

export interface LogFileOptions {
  /** Megabytes (fractions allowed: tests roll at a few kilobytes). */
  maxSizeMB: number;
  /** Rotated files kept beside the current one. */
  keep: number;
}

/** The rotating log file under `<data>/logs/` (pino-roll: nianbao.1.log, nianbao.2.log …). */
export async function openLogFile(
  dataDir: string,
  opts: LogFileOptions,
): Promise<Destination & { flushSync(): void; end(): void }> {
  const { default: roll } = await import('pino-roll');
  return roll({
    file: path.join(dataDir, LOG_DIR, LOG_FILE),
    size: opts.maxSizeMB,
    // Files of earlier runs count too, so restarts do not pile files up.
    limit: { count: opts.keep, removeOtherLogFiles: true },
    mkdir: true,
  });
}
