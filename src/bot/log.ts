// pino to stderr (stdout belongs to the console chat and to scripts reading it).
// Secrets are redacted by key wherever they appear, so a config or options object
// logged by mistake still shows no token.
import { pino } from 'pino';
import type { Logger } from './types.js';

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

export interface LogOptions {
  /** pino level; NIANBAO_LOG_LEVEL or 'info' by default. */
  level?: string;
  /** Where lines go; stderr by default. */
  destination?: NodeJS.WritableStream | { write(s: string): unknown };
}

export function createLogger(opts: LogOptions = {}): Logger & { level: string } {
  const level = opts.level ?? process.env.NIANBAO_LOG_LEVEL ?? 'info';
  const dest = opts.destination ?? pino.destination({ fd: 2, sync: true });
  return pino(
    {
      name: 'nianbao',
      level,
      redact: { paths: REDACT_PATHS, censor: '***' },
      base: undefined,
    },
    dest as pino.DestinationStream,
  );
}
