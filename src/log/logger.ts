// The logger's shape: what every part of the app may log through. Kept apart from
// src/log/index.ts (pino and its file rotation) so a module that only needs the type,
// or a logger that says nothing, never loads pino.

/** The subset of pino the app uses (pino's Logger satisfies it). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (tests, benchmarks, a core run without logs). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
