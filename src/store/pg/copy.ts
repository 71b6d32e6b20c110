// Copies an embedded deployment's SQLite database into an empty PostgreSQL one: offices,
// reports with their history, facts, findings, prose facts and the reminder ledger, ids
// kept (so superseded_by, answers' sources and the search index's report ids stay true),
// in one transaction; then counts every table on both sides. The groundwork of
// `nianbao migrate --from data/ --to postgres://…` (issue 14). Search chunks live in the
// retrieval index's folder, not in SQLite: they are not copied here.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DB_FILE, openStore } from '../index.js';
import { StoreError } from '../errors.js';
import { unpackCells } from '../packed-cells.js';
import { migratePg } from './schema.js';
import { CHANGES_CHANNEL } from './store.js';

/** In the order foreign keys allow. */
const TABLES = [
  'offices',
  'office_aliases',
  'reports',
  'facts',
  'findings',
  'prose_facts',
  'prose_scanned',
  'reminder_sent',
  'reminder_paused',
] as const;

/** Rows a statement carries at most (a report's text is the large part: ~20 kB each). */
const ROWS_PER_STATEMENT = 500;

const ARRAY_TYPE: Record<string, string> = {
  integer: 'int[]',
  bigint: 'int8[]',
  text: 'text[]',
  'double precision': 'float8[]',
  boolean: 'bool[]',
};

export interface TableCount {
  table: string;
  /** Rows in SQLite, and in PostgreSQL after the copy. */
  from: number;
  to: number;
}

/**
 * Copies `<dataDir>/nianbao.db` (brought to the current schema first) into the database at
 * `url`, which must hold no offices, reports or reminder rows (`replace`: what it holds is
 * emptied first, in the same transaction). Returns each table's count
 * on both sides; throws (and copies nothing) when any differ.
 */
export async function copySqliteToPg(
  dataDir: string,
  url: string,
  options: { replace?: boolean } = {},
): Promise<TableCount[]> {
  openStore(dataDir).close(); // migrates an older folder in place, as any command would
  const source = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migratePg(client as unknown as pg.PoolClient);
    await client.query('BEGIN');
    try {
      const held = (
        await client.query<{ n: number }>(
          `SELECT ((SELECT count(*) FROM offices) + (SELECT count(*) FROM reports) + (SELECT count(*) FROM reminder_sent))::int AS n`,
        )
      ).rows[0].n;
      if (held > 0 && !options.replace)
        throw new StoreError(
          'invalid',
          '目标 PostgreSQL 数据库中已有单位、报告或提醒记录；迁移只写入空数据库，未做任何改动。',
        );
      // Told to replace: what the target held goes, in this same transaction (a failed copy restores it).
      if (held > 0)
        await client.query(
          `TRUNCATE chunks, year_cells, fact_codes, ${[...TABLES].reverse().join(', ')} RESTART IDENTITY CASCADE`,
        );
      const counts: TableCount[] = [];
      for (const table of TABLES) {
        const types = await columnTypes(client, table);
        const columns = (
          table === 'facts'
            ? FACT_COLUMNS
            : (source.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[])
        ).filter((c) => types.has(c));
        let batch: Record<string, unknown>[] = [];
        for (const row of rowsOf(source, table)) {
          batch.push(row);
          if (batch.length === ROWS_PER_STATEMENT) {
            await insertRows(client, table, columns, types, batch);
            batch = [];
          }
        }
        if (batch.length) await insertRows(client, table, columns, types, batch);
        const from = source
          .prepare(table === 'facts' ? `SELECT coalesce(sum(n), 0) FROM report_cells` : `SELECT count(*) FROM ${table}`)
          .pluck()
          .get() as number;
        const to = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
        counts.push({ table, from, to });
      }
      const differ = counts.filter((c) => c.from !== c.to);
      if (differ.length) {
        throw new StoreError(
          'invalid',
          `迁移后行数不一致（${differ.map((c) => `${c.table} ${c.from} → ${c.to}`).join('，')}），已全部撤销。`,
        );
      }
      // New rows continue after the copied ids.
      for (const table of ['offices', 'reports']) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
        );
      }
      // A year's cells, made here from the facts copied: SQLite's year_packs may lack its newest
      // reports (read from report_cells there until merged), PostgreSQL's holds every report.
      await client.query(
        `INSERT INTO fact_codes (fact_id) SELECT fact_id FROM facts GROUP BY fact_id ORDER BY fact_id COLLATE "C"`,
      );
      await client.query(`INSERT INTO year_cells (year, code, report_id, value, approximate)
        SELECT r.year, c.code, f.report_id, f.value, f.approximate
        FROM facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id`);
      await client.query(
        `WITH b AS (UPDATE store_changes SET counter = counter + 1 WHERE id = 1 RETURNING counter) SELECT pg_notify('${CHANGES_CHANNEL}', counter::text) FROM b`,
      );
      await client.query('COMMIT');
      return counts;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    source.close();
    await client.end().catch(() => {});
  }
}

/** PostgreSQL's facts columns: SQLite (schema 11) keeps a report's cells packed in report_cells. */
const FACT_COLUMNS = ['report_id', 'fact_id', 'value', 'approximate', 'unit', 'line', 'cell'];

/** A SQLite table's rows; facts' unpacked from report_cells, as the facts table held them. */
function* rowsOf(source: Database.Database, table: string): Iterable<Record<string, unknown>> {
  if (table !== 'facts') {
    yield* source.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>;
    return;
  }
  const factIds = new Map(source.prepare(`SELECT code, fact_id FROM fact_codes`).raw().all() as [number, string][]);
  const packs = source.prepare(`SELECT report_id, cells FROM report_cells ORDER BY report_id`).raw();
  for (const [reportId, blob] of packs.iterate() as Iterable<[number, Buffer]>) {
    for (const c of unpackCells(blob))
      yield {
        report_id: reportId,
        fact_id: factIds.get(c.code),
        value: c.value,
        approximate: c.approximate ? 1 : 0,
        unit: c.unit,
        line: c.line,
        cell: c.cell,
      };
  }
}

/** column → PostgreSQL data type, of one table. */
async function columnTypes(client: pg.Client, table: string): Promise<Map<string, string>> {
  const found = await client.query<{ c: string; t: string }>(
    `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return new Map(found.rows.map((r) => [r.c, r.t]));
}

/** One INSERT … SELECT FROM unnest(…) for the rows; SQLite's 0/1 flags become booleans. */
async function insertRows(
  client: pg.Client,
  table: string,
  columns: string[],
  types: Map<string, string>,
  rows: Record<string, unknown>[],
): Promise<void> {
  const arrays = columns.map((c) => {
    const bool = types.get(c) === 'boolean';
    return rows.map((r) => (bool && r[c] !== null ? r[c] === 1 : r[c]));
  });
  const unnest = columns.map((c, i) => `$${i + 1}::${ARRAY_TYPE[types.get(c)!] ?? 'text[]'}`).join(', ');
  const names = columns.map((c) => `"${c}"`).join(', ');
  await client.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
}
