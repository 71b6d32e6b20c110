import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MultiInsert } from '../src/store/multi-insert.js';

describe('MultiInsert: many rows per statement', () => {
  const table = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c REAL)');
    return db;
  };

  it('writes every row, in order, past the rows one statement holds (600 rows)', () => {
    const db = table();
    const rows = Array.from({ length: 600 }, (_, i) => [i + 1, `r${i}`, i % 3 === 0 ? null : i / 2]);
    new MultiInsert(db, 't', ['a', 'b', 'c']).run(rows);
    expect(db.prepare('SELECT a, b, c FROM t ORDER BY a').raw().all()).toEqual(rows);
  });

  it('writes nothing for no rows, and reuses one statement for rows of the same count', () => {
    const db = table();
    const insert = new MultiInsert(db, 't', ['a', 'b', 'c']);
    insert.run([]);
    insert.run([[1, 'x', 1]]);
    insert.run([[2, 'y', 2]]);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
  });

  it('a failing row fails the whole statement: none of its rows is written', () => {
    const db = table();
    const insert = new MultiInsert(db, 't', ['a', 'b', 'c']);
    insert.run([[1, 'x', 1]]);
    expect(() =>
      insert.run([
        [2, 'y', 2],
        [1, 'dup', 3],
      ]),
    ).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT a FROM t').pluck().all()).toEqual([1]);
  });

  it('INSERT OR IGNORE skips only the rows already there', () => {
    const db = table();
    const insert = new MultiInsert(db, 't', ['a', 'b', 'c'], 'INSERT OR IGNORE');
    insert.run([[1, 'x', 1]]);
    insert.run([
      [1, 'again', 9],
      [2, 'y', 2],
    ]);
    expect(db.prepare('SELECT a, b FROM t ORDER BY a').raw().all()).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('refuses a row of the wrong width', () => {
    const db = table();
    expect(() => new MultiInsert(db, 't', ['a', 'b', 'c']).run([[1, 'x']])).toThrow(/2 values for 3 columns/);
  });
});
