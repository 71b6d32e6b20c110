import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPendingFile } from '../src/io/pending-file.js';

const made: string[] = [];
afterEach(() => {
  for (const p of made.splice(0)) fs.rmSync(p, { recursive: true, force: true });
});

describe('openPendingFile', () => {
  it('creates a new .tmp of this process in the scratch folder, making the folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-pending-'));
    made.push(dir);
    const scratch = path.join(dir, 'retrieval');
    const a = openPendingFile('docs', scratch, 'x');
    const b = openPendingFile('docs', scratch, 'x');
    fs.closeSync(a.fd);
    fs.closeSync(b.fd);
    expect(path.dirname(a.path)).toBe(scratch);
    expect(path.basename(a.path)).toMatch(new RegExp(`^docs-pending-${process.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(a.path).not.toBe(b.path);
  });

  it('falls back to the system temporary folder when the scratch folder cannot be made', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-pending-'));
    made.push(dir);
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const p = openPendingFile('vectors', path.join(blocker, 'below'), 'x');
    made.push(p.path);
    fs.closeSync(p.fd);
    expect(path.dirname(p.path)).toBe(os.tmpdir());
  });
});
