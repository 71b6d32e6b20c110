// pino-roll ships no types: the part of its API that src/log/index.ts uses.
declare module 'pino-roll' {
  interface RollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    symlink?: boolean;
  }
  interface RollStream {
    write(s: string): boolean;
    flushSync(): void;
    end(): void;
    on(event: string, fn: (...args: unknown[]) => void): unknown;
    once(event: string, fn: (...args: unknown[]) => void): unknown;
  }
  export default function roll(opts: RollOptions): Promise<RollStream>;
}
