// The store owns the reminder ledger's tables: they are schema version 6, a data folder
// made by version 5 (whose reminders created the tables themselves, on first use) migrates
// on open with its ledger rows kept, and nothing outside src/store opens the database.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, migrate, MIGRATIONS, openStore, SCHEMA_VERSION } from '../src/store/index.js';
import { connectionOf } from '../src/store/testing.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nianbao-ledger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// The reminder tables exactly as src/remind/ledger.ts created them before version 6.
const OLD_REMIND_TABLES = `
  CREATE TABLE IF NOT EXISTS reminder_sent (
    key        TEXT PRIMARY KEY,
    office     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    step       TEXT NOT NULL,
    room       TEXT NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain')),
    created_at TEXT NOT NULL,
    sent_at    TEXT
  );
  CREATE INDEX IF NOT EXISTS reminder_sent_year ON reminder_sent (year, office);
  CREATE TABLE IF NOT EXISTS reminder_paused (
    office_key TEXT NOT NULL,
    year       INTEGER NOT NULL,
    by         TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (office_key, year)
  );
`;

/** A data folder as version 5 left it: the store's five migrations, then the reminders' own tables. */
function oldDataFolder(data: string, withReminders: boolean): void {
  mkdirSync(data, { recursive: true });
  const db = new Database(path.join(data, DB_FILE));
  db.pragma('journal_mode = WAL');
  migrate(db, MIGRATIONS.slice(0, 5));
  if (withReminders) {
    db.exec(OLD_REMIND_TABLES);
    const insert =
      db.prepare(`INSERT INTO reminder_sent (key, office, year, step, room, text, status, created_at, sent_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    insert.run(
      '只楚街道|2021|lead-7',
      '只楚街道',
      2021,
      'lead-7',
      'room-a',
      '请于1月31日前报送',
      'sent',
      '2022-01-24T01:00:00.000Z',
      '2022-01-24T01:00:05.000Z',
    );
    insert.run(
      '城郊乡|2021|due',
      '城郊乡',
      2021,
      'due',
      'room-b',
      '今天截止',
      'uncertain',
      '2022-01-31T01:00:00.000Z',
      null,
    );
    db.prepare(`INSERT INTO reminder_paused (office_key, year, by, at) VALUES (?, ?, ?, ?)`).run(
      '洛北街道',
      2021,
      'admin',
      '2022-01-20T08:00:00.000Z',
    );
  }
  expect(db.pragma('user_version', { simple: true })).toBe(5);
  db.close();
}

describe('the reminder ledger in the store', () => {
  it('is in the schema since version 6: a new store has the tables before any reminder runs', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
    const store = openStore(path.join(dir, 'new'));
    const tables = connectionOf(store)
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'reminder_%' ORDER BY name`)
      .pluck()
      .all();
    expect(tables).toEqual(['reminder_paused', 'reminder_sent']);
    expect(store.ledger().rows()).toEqual([]);
    store.close();
  });

  it('a version-5 folder whose reminders made their own tables migrates on open and keeps every row', () => {
    const data = path.join(dir, 'old');
    oldDataFolder(data, true);
    const store = openStore(data);
    expect(connectionOf(store).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const ledger = store.ledger();
    expect(ledger.rows().map((r) => [r.key, r.status, r.sentAt])).toEqual([
      ['只楚街道|2021|lead-7', 'sent', '2022-01-24T01:00:05.000Z'],
      ['城郊乡|2021|due', 'uncertain', null],
    ]);
    expect(ledger.has('只楚街道|2021|lead-7')).toBe(true);
    expect(ledger.isPaused('洛北街道', 2021)).toBe(true);
    expect(ledger.pausedRows()).toEqual([
      { officeKey: '洛北街道', year: 2021, by: 'admin', at: '2022-01-20T08:00:00.000Z' },
    ]);
    // And it goes on working: a new message through the whole protocol.
    const item = {
      key: '只楚街道|2021|due',
      office: '只楚街道',
      year: 2021,
      step: 'due',
      room: 'room-a',
      text: '今天截止',
    };
    expect(ledger.reserve([item])).toEqual([item.key]);
    ledger.markAttempt(item.key);
    ledger.markSent(item.key);
    store.close();
    const again = openStore(data);
    expect(
      again
        .ledger()
        .rows({ office: '只楚街道' })
        .map((r) => [r.step, r.status]),
    ).toEqual([
      ['lead-7', 'sent'],
      ['due', 'sent'],
    ]);
    again.close();
  });

  it('a version-5 folder that never ran reminders gets empty tables', () => {
    const data = path.join(dir, 'quiet');
    oldDataFolder(data, false);
    const store = openStore(data);
    expect(store.ledger().rows()).toEqual([]);
    expect(store.ledger().pausedRows()).toEqual([]);
    store.close();
  });

  it('rows a ledger writes are seen by another ledger of the same store, and after reopening', () => {
    const data = path.join(dir, 'shared');
    const store = openStore(data);
    const at = () => new Date('2022-01-24T01:00:00Z');
    store.ledger(at).pause('城关镇', 2021, 'admin');
    expect(store.ledger().isPaused('城关镇', 2021)).toBe(true);
    expect(store.ledger().pausedRows(2021)[0].at).toBe('2022-01-24T01:00:00.000Z');
    store.close();
    const again = openStore(data);
    expect(again.ledger().resume('城关镇', 2021)).toBe(true);
    again.close();
  });
});

describe('no raw database handle outside the store', () => {
  const root = path.join(import.meta.dirname, '..', 'src');
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((n) => {
      const p = path.join(d, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  const outside = files(root).filter((f) => !f.startsWith(path.join(root, 'store') + path.sep));

  it('nothing outside src/store imports better-sqlite3 or the store’s test seam', () => {
    const offenders = outside.filter((f) =>
      /from '(better-sqlite3|[./]+\/store\/testing\.js)'/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('the store hands out no connection', () => {
    const store = openStore(':memory:');
    expect('db' in store).toBe(false);
    expect(Object.keys(store)).not.toContain('db');
    store.close();
  });
});
