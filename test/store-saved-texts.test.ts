// The texts a save keeps for the index step's read (src/store/saved-texts.ts): read back as the
// rows hold them, taken once, and never given for a report whose save was undone — a rolled-back
// save's id is given to the next report, whose text must be the one read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/index.js';
import { SavedTexts } from '../src/store/saved-texts.js';
import { connectionOf } from '../src/store/testing.js';
import { town } from './support/store-reports.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function textOf(i: number): string {
  return `第${i}镇人民政府 2020 年政府信息公开工作年度报告\n一、总体情况 ${'公开'.repeat(i % 7)}`;
}

function save(s: Store, i: number, text: string, withUtf8 = true) {
  return s.saveReport({
    parsed: town(i, { office: `第${i}镇人民政府`, aliases: [] }),
    text,
    sourceFile: `t${i}.txt`,
    ...(withUtf8 ? { utf8: Buffer.from(text, 'utf8') } : {}),
  });
}

describe('saved texts', () => {
  it('gives a batch’s texts as another connection reads them from the rows, and again once taken', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-saved-texts-'));
    dirs.push(dir);
    const s = openStore(dir);
    const other = openStore(dir);
    try {
      s.beginBatch();
      const ids = Array.from({ length: 40 }, (_, i) => save(s, i + 1, textOf(i + 1)).reportId);
      s.commitBatch();
      const fromRows = other.reportTexts!(ids);
      expect(fromRows).toEqual(ids.map((_, i) => textOf(i + 1)));
      expect(s.reportTexts!([...ids.slice(0, 3), 999, ids[0]])).toEqual([...fromRows.slice(0, 3), null, fromRows[0]]);
      expect(s.reportTexts!(ids)).toEqual(fromRows);
      expect(s.reportTexts!(ids)).toEqual(fromRows);
      expect(s.reportText(ids[5])).toBe(fromRows[5]);
    } finally {
      other.close();
      s.close();
    }
  });

  it('does not keep a save inside a transaction it did not begin: rolled back, its id’s next report is read', () => {
    const s = openStore(':memory:');
    try {
      const db = connectionOf(s);
      db.exec('BEGIN');
      const undone = save(s, 1, textOf(1));
      db.exec('ROLLBACK');
      const next = save(s, 2, textOf(2), false);
      expect(next.reportId).toBe(undone.reportId);
      expect(s.reportTexts!([next.reportId])).toEqual([textOf(2)]);
    } finally {
      s.close();
    }
  });

  it('forgets a batch whose COMMIT failed: rolled back, its ids’ next reports are read', () => {
    const s = openStore(':memory:');
    try {
      const db = connectionOf(s);
      s.beginBatch();
      const undone = save(s, 1, textOf(1));
      // A deferred key left broken: the COMMIT fails.
      db.prepare('UPDATE reports SET superseded_by = 999 WHERE id = ?').run(undone.reportId);
      expect(() => s.commitBatch()).toThrow(/FOREIGN KEY/);
      db.exec('ROLLBACK');
      const next = save(s, 2, textOf(2), false);
      expect(next.reportId).toBe(undone.reportId);
      expect(s.reportTexts!([next.reportId])).toEqual([textOf(2)]);
      expect(s.reportText(next.reportId)).toBe(textOf(2));
    } finally {
      s.close();
    }
  });

  it('lets the oldest texts go past its bound, and gives each once', () => {
    const kept = new SavedTexts(10);
    kept.keep(1, Buffer.from('abcd'));
    kept.keep(2, Buffer.from('efgh'));
    kept.keep(3, Buffer.from('ijkl'));
    expect(kept.size).toBe(2);
    expect(kept.take(1)).toBeUndefined();
    expect(kept.take(2)?.toString()).toBe('efgh');
    expect(kept.take(2)).toBeUndefined();
    kept.keep(4, Buffer.from('x'.repeat(11)));
    expect(kept.take(4)).toBeUndefined();
    expect(kept.take(3)?.toString()).toBe('ijkl');
  });
});
