// Counts what fs.readSync reads (byte counts, one a call) while letting every read through:
// the tests that hold an open to reading only what a search needs.
import fs from 'node:fs';
import { vi } from 'vitest';

/** fs.readSync itself, taken before any spy replaces it. */
const readSync = fs.readSync as (...a: unknown[]) => number;

/** Starts counting; `restore()` puts fs.readSync back. */
export function spyReads(): { read: number[]; restore: () => void } {
  const read: number[] = [];
  const spy = vi.spyOn(fs, 'readSync').mockImplementation(((fd: number, buf: Uint8Array, ...rest: never[]) => {
    const n = readSync(fd, buf, ...rest);
    read.push(n);
    return n;
  }) as typeof fs.readSync);
  return { read, restore: () => spy.mockRestore() };
}
