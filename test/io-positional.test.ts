// Whole reads and writes at a position: every byte moved, and a file that ends early said in the caller's words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { readFully, readvFully, writeFully, writevFully } from '../src/io/positional.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-positional-'));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('writes at a position, reads the same bytes back, and says when the file ends first', () => {
  const file = path.join(dir, 'f.bin');
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(file, 'w+');
  try {
    writeFully(fd, Uint8Array.from([1, 2, 3, 4]), 6);
    expect([...fs.readFileSync(file)]).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    const into = new Uint8Array(3);
    readFully(fd, into, 7, '太短');
    expect([...into]).toEqual([2, 3, 4]);
    expect(() => readFully(fd, new Uint8Array(5), 8, '文件不完整')).toThrow('文件不完整');
  } finally {
    fs.closeSync(fd);
  }
});

it('scatters and gathers across several buffers, through calls that move only a few bytes each', () => {
  const file = path.join(dir, 'v.bin');
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(file, 'w+');
  const { readvSync, writevSync } = fs;
  // Each call moves at most 3 bytes of its first buffer, as a short read or write may.
  const few = (move: typeof readvSync) => (f: number, views: readonly NodeJS.ArrayBufferView[], at?: number) =>
    move(f, [new Uint8Array(views[0].buffer, views[0].byteOffset, Math.min(3, views[0].byteLength))], at);
  const reads = vi.spyOn(fs, 'readvSync').mockImplementation(few(readvSync));
  const writes = vi.spyOn(fs, 'writevSync').mockImplementation(few(writevSync));
  try {
    writevFully(fd, [Uint8Array.from([1, 2, 3, 4, 5]), new Uint8Array(0), Uint8Array.from([6, 7])], 2);
    expect([...fs.readFileSync(file)]).toEqual([0, 0, 1, 2, 3, 4, 5, 6, 7]);
    const into = [new Uint8Array(2), new Uint8Array(0), new Uint8Array(4)];
    readvFully(fd, into, 1, '太短');
    expect(into.map((v) => [...v])).toEqual([[0, 1], [], [2, 3, 4, 5]]);
    expect(() => readvFully(fd, [new Uint8Array(4), new Uint8Array(4)], 3, '文件不完整')).toThrow('文件不完整');
  } finally {
    reads.mockRestore();
    writes.mockRestore();
    fs.closeSync(fd);
  }
});
