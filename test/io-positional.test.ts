// Whole reads and writes at a position: every byte moved, and a file that ends early said in the caller's words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readFully, writeFully } from '../src/io/positional.js';

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
