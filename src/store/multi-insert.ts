// Many rows in one INSERT statement: a report's ~170 fact rows go in one native call
// instead of ~170 (issue 13: stepping and resetting a statement per row was most of a
// save's SQLite time). Statements are prepared once per row count and reused; a list
// longer than MAX_ROWS is written in several statements. Same rows, same order, same
// constraints as one INSERT a row.
import type Database from 'better-sqlite3';

/** Rows per statement: 256 rows of 7 columns bind 1,792 parameters, far below SQLite's 32,766. */
const MAX_ROWS = 256;

/** An INSERT of a fixed column list whose statements are cached by row count. */
export class MultiInsert {
  private readonly byCount = new Map<number, Database.Statement>();
  private readonly head: string;
  private readonly tuple: string;

  /** `verb`: `INSERT` or `INSERT OR IGNORE`. */
  constructor(
    private readonly db: Database.Database,
    table: string,
    private readonly columns: readonly string[],
    verb = 'INSERT',
  ) {
    this.head = `${verb} INTO ${table} (${columns.join(', ')}) VALUES `;
    this.tuple = `(${columns.map(() => '?').join(', ')})`;
  }

  /** Inserts every row (each one value per column, in column order). */
  run(rows: readonly (readonly unknown[])[]): void {
    for (let start = 0; start < rows.length; start += MAX_ROWS) {
      const part = rows.length - start > MAX_ROWS ? rows.slice(start, start + MAX_ROWS) : rows.slice(start);
      const params: unknown[] = [];
      for (const row of part) {
        if (row.length !== this.columns.length)
          throw new Error(`a row of ${row.length} values for ${this.columns.length} columns`);
        for (const v of row) params.push(v);
      }
      this.statement(part.length).run(params);
    }
  }

  private statement(count: number): Database.Statement {
    let stmt = this.byCount.get(count);
    if (!stmt) {
      stmt = this.db.prepare(this.head + Array(count).fill(this.tuple).join(', '));
      this.byCount.set(count, stmt);
    }
    return stmt;
  }
}
