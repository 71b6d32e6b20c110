// The fact store over PostgreSQL: the same offices, reports (with every superseded
// version), facts, findings and prose facts as the SQLite store (src/store/index.ts), with
// the same write rules, async, for several instances sharing one database. One
// transaction per report; the filing decision itself is the pure rules of identity.ts.
// Writers of one office are serialized by transaction-level advisory locks on the office's
// identity names (rows that may not exist yet cannot be locked with FOR UPDATE), so two
// instances ingesting the same office at once keep one current report per office and year.
// A batch (many reports, one commit) takes the store's write lock exclusively instead, as
// SQLite's single writer does: its name locks, gathered in no order, must meet no one.
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { FACT_BY_ID, type FactId } from '../../catalogue/facts.js';
import type { ProseFact } from '../../parse/prose-facts.js';
import type { Finding, OfficeKind } from '../../parse/types.js';
import { StoreError } from '../errors.js';
import {
  aliasKey,
  assignDestination,
  fileReport,
  normalizeOfficeName,
  officeGroup,
  regionKey,
  stripLeadingUnits,
  type GroupMember,
  type OfficeCandidate,
} from '../identity.js';
import { assignedOrigin, filedOrigin, readOrigin, regionStated } from '../origin.js';
import { contentHash } from '../content-hash.js';
import {
  type FactValueRow,
  type FindingRow,
  listsBy,
  matchReportFile,
  OFFICE_COLS,
  type OfficeRow,
  type ProseRow,
  type ReportRow,
  SUMMARY_COLS,
  toFactValue,
  toFinding,
  toOffice,
  toProseFact,
  toSummary,
  toYearReport,
  type YearReportRow,
} from '../rows.js';
import { checkSaveInput } from '../save-input.js';
import type {
  AssignResult,
  Conflict,
  FactValue,
  Office,
  OfficeReports,
  ReportOffices,
  ReportSummary,
  SaveInput,
  SaveResult,
  StoreCounts,
  ProseFactHead,
  StoredProseFact,
  StoredReport,
  YearFigures,
  YearReport,
} from '../types.js';
import { LedgerOwner, PgLedger } from './ledger.js';
import { OFFICE_REPORT, REPORT_BY_ID, REPORTS_BY_ID, toWholeReport, type WholeRow } from './whole-reports.js';
import type { AsyncStore, ChunkRecord, StoredChunk } from './types.js';
import { readYearCells, readYearList, type YearCells, yearColumns } from './year-lists.js';
import { KeptYearLists, type YearList } from '../year-list.js';

/** The channel a committed write is announced on (payload: the change counter). */
export const CHANGES_CHANNEL = 'nianbao_changes';

type Db = Pool | PoolClient;

/** An externalChanges() call waiting for the counter. */
interface CounterWaiter {
  resolve(counter: number): void;
  reject(err: unknown): void;
}

/**
 * Runs reads side by side over the pool (one round trip's wait, not several), and one after
 * another on a single connection (a batch's transaction): a connection runs one query at a
 * time, and pg deprecates queueing a second one while the first runs.
 */
async function together<T extends unknown[]>(db: Db, reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  // A pool client (a batch's connection) has release(); the pool itself does not.
  if (!('release' in db)) return (await Promise.all(reads.map((read) => read()))) as T;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as T;
}

/**
 * Makes every query on `client` wait for the one before it. A batch's connection is shared
 * by its writes and by reads that must see them (ingest asks whether a file's text is
 * already stored while the batch writes); pg queues a query sent while another runs, but
 * deprecates it (pg 9 will refuse). Returns what puts the client's own query back.
 */
function queriesInTurn(client: PoolClient): () => void {
  const own = client.query;
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = (...args: unknown[]) => {
    const run = last.then(() => (own as (...a: unknown[]) => Promise<unknown>).apply(client, args));
    last = run.catch(() => {});
    return run;
  };
  client.query = inTurn as typeof client.query;
  return () => {
    client.query = own;
  };
}

async function rows<T extends QueryResultRow>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

async function one<T extends QueryResultRow>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

function invalid(message: string): never {
  throw new StoreError('invalid', message);
}

/** The identity names a write under `name` in `region` reads or creates offices by. */
function officeLockNames(name: string, region: string | null): string[] {
  return [`office:${normalizeOfficeName(name, region)}`, `office:${stripLeadingUnits(name).rest}`];
}

/** The advisory lock every write takes: shared by single writes, exclusive for a batch. */
const WRITE_LOCK = 0x6e62_7772; // 'nbwr'

/**
 * Takes the transaction's advisory locks on these names, in one global order (by key), so
 * two writers wanting overlapping names never wait on each other in a circle.
 */
async function lockNames(c: PoolClient, names: string[]): Promise<void> {
  await c.query(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('nianbao.' || n, 0) AS k FROM unnest($1::text[]) n ORDER BY k) s`,
    [names],
  );
}

/** One statement built from parts: each value becomes the next numbered parameter. */
class Statement {
  readonly params: unknown[] = [];
  p(value: unknown, cast = ''): string {
    this.params.push(value);
    return `$${this.params.length}${cast}`;
  }
}

/**
 * The INSERT of a report's prose facts (null when none is kept). Each keeps its index in
 * the parser's list, as the SQLite store keeps them; one with no phrase, value or line is
 * no fact to quote and is skipped.
 */
function proseInsert(st: Statement, id: string, facts: readonly ProseFact[]): string | null {
  const kept = facts
    .map((f, seq) => ({ f, seq }))
    .filter(({ f }) => f.phrase && Number.isFinite(f.value) && Number.isInteger(f.line) && f.line >= 1);
  if (kept.length === 0) return null;
  const col = (get: (f: ProseFact) => unknown, cast: string) =>
    st.p(
      kept.map(({ f }) => get(f)),
      cast,
    );
  return `INSERT INTO prose_facts (report_id, seq, phrase, verb, lead, value, unit, hedge, bound, kind, sub, written, sentence, line, part)
    SELECT ${id}, * FROM unnest(${st.p(
      kept.map(({ seq }) => seq),
      '::int[]',
    )}, ${col((f) => f.phrase, '::text[]')}, ${col((f) => f.verb, '::text[]')},
      ${col((f) => f.lead, '::text[]')}, ${col((f) => f.value, '::float8[]')}, ${col((f) => f.unit, '::text[]')}, ${col((f) => f.hedge, '::text[]')},
      ${col((f) => f.bound, '::text[]')}, ${col((f) => f.kind, '::text[]')}, ${col((f) => Boolean(f.sub), '::bool[]')}, ${col((f) => f.written, '::text[]')},
      ${col((f) => f.sentence, '::text[]')}, ${col((f) => f.line, '::int[]')}, ${col((f) => f.part, '::int[]')})`;
}

export interface PgStoreOptions {
  /** Clock for `ingested_at` (tests). */
  now?: () => Date;
  /** Close the pool with the store (true when openPgStore made it). */
  ownsPool?: boolean;
}

export class PgStore implements AsyncStore {
  private readonly now: () => Date;
  private readonly ownsPool: boolean;
  /** The open batch's transaction; reads go through it too, so they see its writes (as in SQLite). */
  private batch: PoolClient | null = null;
  private batchDepth = 0;
  /** Puts the batch connection's own query back (see queriesInTurn) before it goes back to the pool. */
  private ownQuery: (() => void) | null = null;
  /** Writes of this instance one after another: a batch's savepoints must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private savepoints = 0;

  constructor(
    private readonly pool: Pool,
    /** Where the database is, without its password. */
    readonly path: string,
    options: PgStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.ownsPool = options.ownsPool ?? false;
    this.ledgerOwner = new LedgerOwner(pool);
  }

  private get db(): Db {
    return this.batch ?? this.pool;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Runs `fn` as one unit of writes: its own transaction (committed with the change
   * counter bumped and announced), or inside the open batch, a savepoint of its own (a
   * report that fails rolls back alone). `changed(result)` says whether anything was written.
   */
  private write<T>(fn: (c: PoolClient) => Promise<T>, changed: (result: T) => boolean = () => true): Promise<T> {
    return this.serial(async () => {
      if (this.batch) {
        const c = this.batch;
        const sp = `s${++this.savepoints}`;
        await c.query(`SAVEPOINT ${sp}`);
        try {
          const result = await fn(c);
          await c.query(`RELEASE SAVEPOINT ${sp}`);
          if (changed(result)) this.batchChanged = true;
          return result;
        } catch (err) {
          await c.query(`ROLLBACK TO SAVEPOINT ${sp}`);
          await c.query(`RELEASE SAVEPOINT ${sp}`);
          throw err;
        }
      }
      for (let attempt = 1; ; attempt++) {
        const c = await this.pool.connect();
        try {
          await c.query('BEGIN');
          // Shared: single writes run side by side (their name locks order them); a batch
          // elsewhere holds it exclusively, and they wait for its commit.
          await c.query('SELECT pg_advisory_xact_lock_shared($1)', [WRITE_LOCK]);
          const result = await fn(c);
          if (changed(result)) await this.bump(c);
          await c.query('COMMIT');
          return result;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {});
          // A deadlock the server broke (an assignment's second lock, rare): nothing was written; again.
          if ((err as { code?: string }).code === '40P01' && attempt < 3) continue;
          throw err;
        } finally {
          c.release();
        }
      }
    });
  }

  private batchChanged = false;

  /**
   * Reports of the open batch whose cells are not yet in year_cells (a failed save's id too:
   * it has no facts, so it adds none). A batch's cells go in at its commit, in year_cells' key
   * order, in two statements instead of two a report, appended range by range.
   */
  private cellsPending: number[] = [];

  /**
   * Writes these reports' cells into year_cells. Codes first, in their own statement: one the
   * next statement sees even when another instance added it meanwhile (it waits for that
   * commit); in fact id order, so two instances never deadlock.
   */
  private async writeCells(c: PoolClient, reportIds: number[]): Promise<void> {
    await c.query(
      `INSERT INTO fact_codes (fact_id) SELECT f.fact_id FROM facts f WHERE f.report_id = ANY($1::int[])
       AND NOT EXISTS (SELECT 1 FROM fact_codes c WHERE c.fact_id = f.fact_id)
       GROUP BY f.fact_id ORDER BY f.fact_id COLLATE "C" ON CONFLICT (fact_id) DO NOTHING`,
      [reportIds],
    );
    await c.query(
      `INSERT INTO year_cells (year, code, report_id, value, approximate)
       SELECT r.year, c.code, f.report_id, f.value, f.approximate
       FROM facts f JOIN reports r ON r.id = f.report_id JOIN fact_codes c ON c.fact_id = f.fact_id
       WHERE f.report_id = ANY($1::int[]) ORDER BY 1, 2, 3`,
      [reportIds],
    );
  }

  /** The open batch's pending cells, written in its transaction (before a commit or a year's read). */
  private async flushCells(c: PoolClient): Promise<void> {
    if (this.cellsPending.length === 0) return;
    const ids = this.cellsPending;
    this.cellsPending = [];
    await this.writeCells(c, ids);
  }

  /** Last thing before a commit: the counter's row is locked only until the commit. */
  private async bump(c: PoolClient): Promise<void> {
    await c.query(
      `WITH b AS (UPDATE store_changes SET counter = counter + 1 WHERE id = 1 RETURNING counter)
       SELECT pg_notify('${CHANGES_CHANNEL}', counter::text) FROM b`,
    );
  }

  async saveReport(input: SaveInput): Promise<SaveResult> {
    checkSaveInput(input);
    const { text } = input;
    // PostgreSQL's text cannot hold U+0000 (SQLite's can; extractText already drops it).
    if (text.includes('\u0000')) invalid('报告文本含有空字符（U+0000），PostgreSQL 无法保存；请去掉后再导入。');
    const hash = contentHash(text);
    return this.write(
      (c) => this.writeReport(c, input, hash),
      (r) => r.outcome !== 'unchanged',
    );
  }

  private async writeReport(c: PoolClient, input: SaveInput, hash: string): Promise<SaveResult> {
    const { parsed, text, sourceFile } = input;
    // The same text twice at once: the second waits for the first, then finds it.
    await lockNames(c, [`hash:${hash}`, ...officeLockNames(parsed.office!, parsed.region)]);
    const same = await one<ReportRow>(
      c,
      `SELECT ${SUMMARY_COLS} FROM reports WHERE content_hash = $1 AND superseded_by IS NULL ORDER BY id LIMIT 1`,
      [hash],
    );
    if (same) return { outcome: 'unchanged', reportId: same.id, officeId: same.office_id };

    const year = parsed.year!;
    const origin = filedOrigin(input);
    const filed = await this.fileOffice(c, parsed.office!, parsed.region, parsed.kind ?? '其他', parsed.aliases, year, {
      sourceFile,
      regionStated: regionStated(origin, parsed.region, parsed.kind ?? '其他'),
    });
    const officeId = filed.officeId;
    // The new report's id first: a replaced one points at it before it exists (the
    // foreign key is deferred), so one current report per office and year holds throughout.
    const nextId = `nextval(pg_get_serial_sequence('reports', 'id'))::int`;
    const reportId =
      filed.replaces !== null
        ? (await one<{ id: number }>(
            c,
            `UPDATE reports SET superseded_by = ${nextId} WHERE id = $1 RETURNING superseded_by AS id`,
            [filed.replaces],
          ))!.id
        : (await one<{ id: number }>(c, `SELECT ${nextId} AS id`))!.id;

    // The report, its facts, findings and prose facts in one statement: one round trip
    // (foreign keys are checked at its end, when every row is there).
    const st = new Statement();
    const id = st.p(reportId, '::int');
    const parts = [
      `r AS (INSERT INTO reports (id, office_id, office_name, year, format, source_file, content_hash, text, ingested_at, report_date,
        incomplete, parts, extra_rows, origin) VALUES (${id}, ${st.p(officeId)}, ${st.p(parsed.office)}, ${st.p(year)}, ${st.p(parsed.format)},
        ${st.p(sourceFile)}, ${st.p(hash)}, ${st.p(text)}, ${st.p(this.now().toISOString())}, ${st.p(parsed.date)}, ${st.p(parsed.incomplete)},
        ${st.p(JSON.stringify(parsed.parts ?? []))}, ${st.p(JSON.stringify(parsed.extraRows ?? []))}, ${st.p(JSON.stringify(origin))}))`,
    ];
    const approximate = new Set(parsed.approximate);
    const facts = Object.entries(parsed.facts);
    if (facts.length) {
      parts.push(`f AS (INSERT INTO facts (report_id, fact_id, value, approximate, unit, line, cell)
        SELECT ${id}, * FROM unnest(${st.p(
          facts.map(([fid]) => fid),
          '::text[]',
        )}, ${st.p(
          facts.map(([, v]) => v),
          '::float8[]',
        )},
          ${st.p(
            facts.map(([fid]) => approximate.has(fid)),
            '::bool[]',
          )},
          ${st.p(
            facts.map(([fid]) => parsed.units?.[fid] ?? FACT_BY_ID.get(fid)?.unit ?? null),
            '::text[]',
          )},
          ${st.p(
            facts.map(([fid]) => parsed.provenance?.[fid]?.line ?? null),
            '::int[]',
          )},
          ${st.p(
            facts.map(([fid]) => parsed.provenance?.[fid]?.cell ?? null),
            '::text[]',
          )}))`);
    }
    if (parsed.findings.length) {
      const fs = parsed.findings;
      parts.push(`g AS (INSERT INTO findings (report_id, year, seq, code, severity, ids, message)
        SELECT ${id}, ${st.p(year, '::int')}, * FROM unnest(${st.p(
          fs.map((_, seq) => seq),
          '::int[]',
        )}, ${st.p(
          fs.map((f) => f.code),
          '::text[]',
        )},
          ${st.p(
            fs.map((f) => f.severity),
            '::text[]',
          )}, ${st.p(
            fs.map((f) => JSON.stringify(f.ids)),
            '::text[]',
          )},
          ${st.p(
            fs.map((f) => f.message),
            '::text[]',
          )}))`);
    }
    const prose = parsed.proseFacts ? proseInsert(st, id, parsed.proseFacts) : null;
    if (prose) parts.push(`p AS (${prose})`);
    const last = parsed.proseFacts ? `INSERT INTO prose_scanned (report_id) VALUES (${id})` : 'SELECT 1';
    await c.query(`WITH ${parts.join(',\n')}\n${last}`, st.params);
    // The same cells by year (schema 3, SQLite's 8): now, or in a batch when it commits.
    if (facts.length) {
      if (this.batch === c) this.cellsPending.push(reportId);
      else await this.writeCells(c, [reportId]);
    }

    if (filed.conflictWith !== null) {
      const held = (await one<ReportRow>(c, `SELECT ${SUMMARY_COLS} FROM reports WHERE id = $1`, [
        filed.conflictWith,
      ]))!;
      return { outcome: 'conflict', reportId, officeId, conflictWith: toSummary(held) };
    }
    return { outcome: filed.replaces !== null ? 'replaced' : 'added', reportId, officeId };
  }

  /** Replaces a stored report's prose facts and records that it was read for them. */
  private async writeProseFacts(c: PoolClient, reportId: number, facts: readonly ProseFact[]): Promise<void> {
    // Apart from the insert: one statement's insert would not see its own delete.
    await c.query('DELETE FROM prose_facts WHERE report_id = $1', [reportId]);
    const st = new Statement();
    const id = st.p(reportId, '::int');
    const prose = proseInsert(st, id, facts);
    await c.query(
      `${prose ? `WITH p AS (${prose}) ` : ''}INSERT INTO prose_scanned (report_id) VALUES (${id}) ON CONFLICT DO NOTHING`,
      st.params,
    );
  }

  async saveProseFacts(reportId: number, facts: readonly ProseFact[]): Promise<void> {
    if (!(await one(this.db, 'SELECT 1 FROM reports WHERE id = $1', [reportId])))
      invalid(`没有编号为 ${reportId} 的报告。`);
    await this.write((c) => this.writeProseFacts(c, reportId, facts));
  }

  async proseFacts(filter: { officeId?: number; year?: number; reportId?: number } = {}): Promise<StoredProseFact[]> {
    const where: string[] = [];
    const params: number[] = [];
    const add = (cond: string, value: number) => {
      params.push(value);
      where.push(cond.replace('?', `$${params.length}`));
    };
    if (filter.reportId !== undefined) add('r.id = ?', filter.reportId);
    else where.push('r.superseded_by IS NULL');
    if (filter.officeId !== undefined) add('r.office_id = ?', filter.officeId);
    if (filter.year !== undefined) add('r.year = ?', filter.year);
    const found = await rows<ProseRow>(
      this.db,
      `SELECT p.*, r.office_id, r.office_name, r.year FROM prose_facts p JOIN reports r ON r.id = p.report_id
       WHERE ${where.join(' AND ')} ORDER BY r.year, r.office_id, p.seq`,
      params,
    );
    return found.map(toProseFact);
  }

  async proseFactHeads(year: number | null): Promise<ProseFactHead[]> {
    const found = await rows<{ phrase: string; verb: string | null; kind: string; unit: string }>(
      this.db,
      year === null
        ? 'SELECT DISTINCT phrase, verb, kind, unit FROM prose_facts'
        : `SELECT DISTINCT p.phrase, p.verb, p.kind, p.unit FROM prose_facts p JOIN reports r ON r.id = p.report_id
       WHERE r.superseded_by IS NULL AND r.year = $1`,
      year === null ? [] : [year],
    );
    return found.map((r) => ({ phrase: r.phrase, verb: r.verb, kind: r.kind as ProseFactHead['kind'], unit: r.unit }));
  }

  async proseFactsNamed(
    year: number | null,
    phrases: readonly string[],
  ): Promise<{ fact: StoredProseFact; seq: number }[]> {
    if (!phrases.length) return [];
    const found = await rows<ProseRow>(
      this.db,
      `SELECT p.*, r.office_id, r.office_name, r.year FROM prose_facts p JOIN reports r ON r.id = p.report_id
       WHERE r.superseded_by IS NULL AND ($1::int IS NULL OR r.year = $1) AND p.phrase = ANY($2::text[])
       ORDER BY r.year, r.office_id, p.seq`,
      [year, [...phrases]],
    );
    return found.map((r) => ({ fact: toProseFact(r), seq: r.seq }));
  }

  async proseFactsStamp(): Promise<number> {
    return (await one<{ n: number }>(this.db, 'SELECT coalesce(max(report_id), 0)::int AS n FROM prose_scanned'))!.n;
  }

  async reportsWithoutProseFacts(): Promise<number[]> {
    const found = await rows<{ id: number }>(
      this.db,
      'SELECT id FROM reports WHERE superseded_by IS NULL AND id NOT IN (SELECT report_id FROM prose_scanned) ORDER BY id',
    );
    return found.map((r) => r.id);
  }

  /** The offices of the report's name and region, each with its current report of the year. */
  private async group(c: Db, name: string, region: string | null, year: number): Promise<GroupMember[]> {
    const found = await rows<{ id: number; norm_name: string; region_key: string; namesake: number }>(
      c,
      'SELECT id, norm_name, region_key, namesake FROM offices WHERE norm_name IN ($1, $2)',
      [normalizeOfficeName(name, region), stripLeadingUnits(name).rest],
    );
    const candidates = found.map(
      (r): OfficeCandidate => ({ id: r.id, normName: r.norm_name, regionKey: r.region_key, namesake: r.namesake }),
    );
    const members: GroupMember[] = [];
    for (const cand of officeGroup(name, region, candidates)) {
      const held = await one<{ id: number; source_file: string; origin: string; region: string | null; kind: string }>(
        c,
        `SELECT r.id, r.source_file, r.origin, o.region, o.kind FROM reports r JOIN offices o ON o.id = r.office_id
         WHERE r.office_id = $1 AND r.year = $2 AND r.superseded_by IS NULL`,
        [cand.id, year],
      );
      members.push({
        ...cand,
        held: held
          ? {
              reportId: held.id,
              sourceFile: held.source_file,
              regionStated: regionStated(readOrigin(held.origin), held.region, held.kind),
            }
          : null,
      });
    }
    return members;
  }

  private async insertOffice(
    c: PoolClient,
    name: string,
    region: string | null,
    kind: string,
    namesake: number,
  ): Promise<number> {
    const row = await one<{ id: number }>(
      c,
      'INSERT INTO offices (name, norm_name, region, region_key, kind, namesake) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [name, normalizeOfficeName(name, region), region, regionKey(region), kind, namesake],
    );
    return row!.id;
  }

  private async insertAliases(c: PoolClient, officeId: number, aliases: string[]): Promise<void> {
    if (aliases.length === 0) return;
    await c.query(
      'INSERT INTO office_aliases (office_id, alias) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [officeId, aliases],
    );
  }

  /** Which office a report of this year goes to (created if needed), what it replaces, what it conflicts with. */
  private async fileOffice(
    c: PoolClient,
    name: string,
    region: string | null,
    kind: OfficeKind,
    aliases: string[],
    year: number,
    filing: { sourceFile: string; regionStated: boolean },
  ): Promise<{ officeId: number; replaces: number | null; conflictWith: number | null }> {
    const decision = fileReport(await this.group(c, name, region, year), filing);
    let officeId: number;
    if (decision.kind === 'existing') {
      officeId = decision.id;
      if (kind !== '其他')
        await c.query(`UPDATE offices SET kind = $1 WHERE id = $2 AND kind = '其他'`, [kind, officeId]);
    } else {
      officeId = await this.insertOffice(c, name, region, kind, decision.namesake);
    }
    const keys = [...new Set([name, normalizeOfficeName(name, region), ...aliases].map(aliasKey))].filter(Boolean);
    await this.insertAliases(c, officeId, keys);
    return {
      officeId,
      replaces: decision.kind === 'existing' ? decision.replaces : null,
      conflictWith: decision.kind === 'new' ? decision.conflictWith : null,
    };
  }

  async conflicts(): Promise<Conflict[]> {
    const groups = await rows<{ norm_name: string; region_key: string; year: number }>(
      this.db,
      `SELECT o.norm_name, o.region_key, r.year FROM reports r JOIN offices o ON o.id = r.office_id
       WHERE r.superseded_by IS NULL GROUP BY o.norm_name, o.region_key, r.year HAVING count(DISTINCT o.id) > 1
       ORDER BY min(r.id)`,
    );
    const out: Conflict[] = [];
    for (const g of groups) {
      const reports = await rows<ReportRow>(
        this.db,
        `SELECT ${SUMMARY_COLS.replace(/(\w+)/g, 'r.$1')} FROM reports r JOIN offices o ON o.id = r.office_id
         WHERE o.norm_name = $1 AND o.region_key = $2 AND r.year = $3 AND r.superseded_by IS NULL ORDER BY r.id`,
        [g.norm_name, g.region_key, g.year],
      );
      const office = (await this.getOffice(reports[0].office_id))!;
      out.push({ name: office.name, region: office.region, year: g.year, reports: reports.map(toSummary) });
    }
    return out;
  }

  async reportsByFile(file: string): Promise<ReportSummary[]> {
    const order = 'ORDER BY superseded_by IS NOT NULL, id';
    const exact = await rows<ReportRow>(
      this.db,
      `SELECT ${SUMMARY_COLS} FROM reports WHERE source_file = $1 ${order}`,
      [file],
    );
    if (exact.length) return exact.map(toSummary);
    const all = await rows<ReportRow>(this.db, `SELECT ${SUMMARY_COLS} FROM reports ${order}`);
    return matchReportFile(file, all).map(toSummary);
  }

  async assignRegion(reportId: number, region: string): Promise<AssignResult> {
    const target = region.trim();
    if (!target) invalid('请写明地区，例如 河南省洛阳市嵩县。');
    return this.write((c) => this.moveToRegion(c, reportId, target));
  }

  private async moveToRegion(c: PoolClient, reportId: number, region: string): Promise<AssignResult> {
    const reportRow = (id: number) =>
      one<ReportRow & { origin: string }>(c, `SELECT ${SUMMARY_COLS}, origin FROM reports WHERE id = $1`, [id]);
    let row = await reportRow(reportId);
    if (!row) invalid(`没有编号为 ${reportId} 的报告。`);
    // Lock the names of the office it leaves and of the one it joins, then read again:
    // another instance may have moved or replaced it while this one waited.
    const fromName = await one<{ norm_name: string }>(c, 'SELECT norm_name FROM offices WHERE id = $1', [
      row.office_id,
    ]);
    await lockNames(c, [`office:${fromName!.norm_name}`, ...officeLockNames(row.office_name, region)]);
    row = (await reportRow(reportId))!;
    if (row.superseded_by !== null) invalid(`这份报告（${row.source_file}）已被新版本替换，请指定当前版本。`);
    const fromRow = (await one<OfficeRow>(c, `SELECT ${OFFICE_COLS} FROM offices WHERE id = $1`, [row.office_id]))!;
    if (fromRow.norm_name !== fromName!.norm_name) await lockNames(c, [`office:${fromRow.norm_name}`]);
    const from = (await this.officeOf(c, fromRow))!;
    const history = (await this.historyOf(c, row.office_id, row.year)).map((r) => r.id);
    // The office of that name in that region: the one a report stating it would be filed under.
    const group = (await this.group(c, row.office_name, region, row.year)).filter((m) => m.id !== from.id);
    const dest = assignDestination({ regionKey: fromRow.region_key, namesake: fromRow.namesake }, region, group);
    let toId = from.id;
    let replaced: ReportSummary | null = null;
    if (dest.kind === 'join') {
      toId = dest.officeId;
      if (dest.supersedes !== null) {
        await c.query('UPDATE reports SET superseded_by = $1 WHERE id = $2', [reportId, dest.supersedes]);
        replaced = toSummary(
          (await one<ReportRow>(c, `SELECT ${SUMMARY_COLS} FROM reports WHERE id = $1`, [dest.supersedes]))!,
        );
      }
    } else if (dest.kind === 'new') {
      toId = await this.insertOffice(c, row.office_name, region, from.kind, 0);
    }
    if (toId !== from.id) {
      await c.query('UPDATE reports SET office_id = $1 WHERE id = ANY($2::int[])', [toId, history]);
      await c.query(
        'INSERT INTO office_aliases (office_id, alias) SELECT $1, alias FROM office_aliases WHERE office_id = $2 ON CONFLICT DO NOTHING',
        [toId, from.id],
      );
      await this.insertAliases(c, toId, [aliasKey(normalizeOfficeName(row.office_name, region))]);
    }
    const origin = assignedOrigin(readOrigin(row.origin), from.region, region);
    await c.query('UPDATE reports SET origin = $1 WHERE id = $2', [JSON.stringify(origin), reportId]);
    let removedOffice = false;
    if (toId !== from.id && !(await one(c, 'SELECT 1 FROM reports WHERE office_id = $1 LIMIT 1', [from.id]))) {
      await c.query('DELETE FROM office_aliases WHERE office_id = $1', [from.id]);
      await c.query('DELETE FROM offices WHERE id = $1', [from.id]);
      removedOffice = true;
    }
    const to = (await this.officeOf(
      c,
      (await one<OfficeRow>(c, `SELECT ${OFFICE_COLS} FROM offices WHERE id = $1`, [toId]))!,
    ))!;
    return { from, to, moved: toId !== from.id ? history : [], replaced, removedOffice };
  }

  /** One office: its own aliases and, for a namesake, its current files (getReport reads its office on every answer). */
  private async officeOf(c: Db, row: OfficeRow, aliases?: string[], files?: Map<number, string[]>): Promise<Office> {
    const [own, names] = await together<[string[] | undefined, string[]]>(c, [
      async () =>
        files
          ? files.get(row.id)
          : rows<{ source_file: string }>(
              c,
              `SELECT r.source_file FROM reports r JOIN offices o ON o.id = r.office_id
             WHERE r.office_id = $1 AND r.superseded_by IS NULL AND EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name
               AND o2.region_key = o.region_key AND o2.id <> o.id) ORDER BY r.year, r.id`,
              [row.id],
            ).then((found) => found.map((r) => r.source_file)),
      async () =>
        aliases ??
        rows<{ alias: string }>(c, 'SELECT alias FROM office_aliases WHERE office_id = $1 ORDER BY alias COLLATE "C"', [
          row.id,
        ]).then((found) => found.map((r) => r.alias)),
    ]);
    return toOffice(row, names, own);
  }

  async listOffices(): Promise<Office[]> {
    const aliases = listsBy(
      await rows<{ office_id: number; alias: string }>(
        this.db,
        'SELECT office_id, alias FROM office_aliases ORDER BY office_id, alias COLLATE "C"',
      ),
      (a) => a.office_id,
      (a) => a.alias,
    );
    const namesakeFiles = await rows<{ office_id: number; source_file: string }>(
      this.db,
      `SELECT r.office_id, r.source_file FROM reports r JOIN offices o ON o.id = r.office_id
       WHERE r.superseded_by IS NULL AND EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name
         AND o2.region_key = o.region_key AND o2.id <> o.id) ORDER BY r.office_id, r.year, r.id`,
    );
    const files = listsBy(
      namesakeFiles,
      (r) => r.office_id,
      (r) => r.source_file,
    );
    const offices = await rows<OfficeRow>(this.db, `SELECT ${OFFICE_COLS} FROM offices ORDER BY id`);
    const db = this.db;
    return together<Office[]>(
      db,
      offices.map((r) => () => this.officeOf(db, r, aliases.get(r.id) ?? [], files)),
    );
  }

  async getOffice(officeId: number): Promise<Office | null> {
    const row = await one<OfficeRow>(this.db, `SELECT ${OFFICE_COLS} FROM offices WHERE id = $1`, [officeId]);
    return row ? this.officeOf(this.db, row) : null;
  }

  async officesByAlias(alias: string): Promise<Office[]> {
    const ids = await rows<{ office_id: number }>(
      this.db,
      'SELECT DISTINCT office_id FROM office_aliases WHERE alias = $1 ORDER BY office_id',
      [aliasKey(alias)],
    );
    const out: Office[] = [];
    for (const { office_id } of ids) {
      const office = await this.getOffice(office_id);
      if (office) out.push(office);
    }
    return out;
  }

  async currentByHash(hash: string): Promise<ReportSummary | null> {
    const row = await one<ReportRow>(
      this.db,
      `SELECT ${SUMMARY_COLS} FROM reports WHERE content_hash = $1 AND superseded_by IS NULL ORDER BY id LIMIT 1`,
      [hash],
    );
    return row ? toSummary(row) : null;
  }

  async currentReports(filter: { year?: number; officeId?: number } = {}): Promise<ReportSummary[]> {
    const where = ['superseded_by IS NULL'];
    const params: number[] = [];
    if (filter.year !== undefined) {
      params.push(filter.year);
      where.push(`year = $${params.length}`);
    }
    if (filter.officeId !== undefined) {
      params.push(filter.officeId);
      where.push(`office_id = $${params.length}`);
    }
    const found = await rows<ReportRow>(
      this.db,
      `SELECT ${SUMMARY_COLS} FROM reports WHERE ${where.join(' AND ')} ORDER BY year, office_id`,
      params,
    );
    return found.map(toSummary);
  }

  async currentReportOffices(): Promise<ReportOffices> {
    const found = await rows<{ id: number; office_id: number }>(
      this.db,
      'SELECT id, office_id FROM reports WHERE superseded_by IS NULL ORDER BY office_id, year',
    );
    return {
      reportIds: Int32Array.from(found, (r) => r.id),
      officeIds: Int32Array.from(found, (r) => r.office_id),
    };
  }

  async yearReports(year: number): Promise<YearReport[]> {
    const found = await rows<YearReportRow>(
      this.db,
      `SELECT id, office_id, office_name, year, format FROM reports WHERE year = $1 AND superseded_by IS NULL
       ORDER BY year, office_id`,
      [year],
    );
    return found.map(toYearReport);
  }

  async reportText(reportId: number): Promise<string | null> {
    return (await one<{ text: string }>(this.db, 'SELECT text FROM reports WHERE id = $1', [reportId]))?.text ?? null;
  }

  async getReport(reportId: number): Promise<StoredReport | null> {
    return (await this.getReports([reportId]))[0];
  }

  /** One statement, whatever the count (whole-reports.ts): a report a round trip cost an answer citing ten. */
  async getReports(reportIds: readonly number[]): Promise<(StoredReport | null)[]> {
    if (reportIds.length === 0) return [];
    const found = (
      reportIds.length === 1
        ? await this.db.query<WholeRow>({ ...REPORT_BY_ID, values: [reportIds[0]] })
        : await this.db.query<WholeRow>({ ...REPORTS_BY_ID, values: [[...reportIds]] })
    ).rows;
    const byId = new Map(found.map((row) => [row.id, row]));
    return reportIds.map((id) => {
      const row = byId.get(id);
      return row ? toWholeReport(row) : null;
    });
  }

  /**
   * One statement (whole-reports.ts): the office's reports and the one read whole, and the
   * change counter for the externalChanges() calls waiting for it (made before this read
   * was sent, so its snapshot is no older than they may see).
   */
  async officeReport(officeId: number, year: number | null): Promise<OfficeReports> {
    const waiting = this.batch ? [] : this.takeCounterWaiters();
    let found: WholeRow[];
    try {
      found = (await this.db.query<WholeRow>({ ...OFFICE_REPORT, values: [officeId, year] })).rows;
    } catch (err) {
      this.readCounterFor(waiting);
      throw err;
    }
    // An office without current reports gives no row, so no counter: those waiting read it themselves.
    if (found.length) for (const w of waiting) w.resolve(Number(found[0].changes));
    else this.readCounterFor(waiting);
    const picked = found.find((row) => row.picked);
    return { reports: found.map(toSummary), report: picked ? toWholeReport(picked) : null };
  }

  private async historyOf(c: Db, officeId: number, year: number): Promise<ReportSummary[]> {
    return (
      await rows<ReportRow>(c, `SELECT ${SUMMARY_COLS} FROM reports WHERE office_id = $1 AND year = $2 ORDER BY id`, [
        officeId,
        year,
      ])
    ).map(toSummary);
  }

  reportHistory(officeId: number, year: number): Promise<ReportSummary[]> {
    return this.historyOf(this.db, officeId, year);
  }

  async factValues(factId: FactId, year?: number): Promise<FactValue[]> {
    const found = await rows<FactValueRow>(
      this.db,
      `SELECT r.office_id, r.id AS report_id, r.year, f.value, f.approximate, f.unit
       FROM reports r JOIN facts f ON f.report_id = r.id
       WHERE f.fact_id = $1 AND r.superseded_by IS NULL ${year !== undefined ? 'AND r.year = $2' : ''}
       ORDER BY r.year, r.office_id`,
      year !== undefined ? [factId, year] : [factId],
    );
    return found.map(toFactValue);
  }

  async years(): Promise<number[]> {
    return (
      await rows<{ year: number }>(
        this.db,
        'SELECT DISTINCT year FROM reports WHERE superseded_by IS NULL ORDER BY year',
      )
    ).map((r) => r.year);
  }

  /** Each year's list (reports, findings), kept while the change counter stands still (a few years). */
  private readonly yearLists = new KeptYearLists<number>();

  /**
   * The asked facts' cells, read each time with the change counter in one statement, over the
   * year's list kept since the counter last moved (any instance's committed write moves it).
   * A counter that moved drops every kept list; the year's list is then read again with its
   * cells in one REPEATABLE READ snapshot, so the list kept is of the counter it is kept at.
   */
  async yearFigures(year: number, factIds: readonly FactId[]): Promise<YearFigures> {
    // Inside an open batch: its reports' cells first (its transaction reads them), and its
    // writes move no counter until the commit: a list read fresh, never one kept.
    if (this.batch) {
      if (this.cellsPending.length) await this.serial(async () => this.batch && this.flushCells(this.batch));
      const c = this.db;
      const cells = await readYearCells(c, year, factIds);
      const list = await readYearList(c, year);
      return list.figures(yearColumns(list, cells, factIds));
    }
    const at = this.yearLists.stamp;
    const kept = at === undefined ? undefined : this.yearLists.get(year, at);
    if (kept) {
      const cells = await readYearCells(this.pool, year, factIds);
      if (cells.counter === at) return kept.figures(yearColumns(kept, cells, factIds));
    }
    const c = await this.pool.connect();
    let cells: YearCells;
    let list: YearList;
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      cells = await readYearCells(c, year, factIds);
      list = await readYearList(c, year);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
    // Calls overlap: a list read under an older counter than the kept ones' is not kept.
    if (cells.counter >= (this.yearLists.stamp ?? -1)) this.yearLists.keep(year, cells.counter, list);
    return list.figures(yearColumns(list, cells, factIds));
  }

  async findingsByReport(year: number): Promise<Map<number, Finding[]>> {
    const found = await rows<FindingRow & { report_id: number }>(
      this.db,
      `SELECT f.report_id, f.code, f.severity, f.ids, f.message FROM findings f
       JOIN reports r ON r.id = f.report_id WHERE r.year = $1 AND r.superseded_by IS NULL ORDER BY f.report_id, f.seq`,
      [year],
    );
    return listsBy(found, (row) => row.report_id, toFinding);
  }

  /**
   * The change counter: it moves with every committed write of any instance. Read in the
   * snapshot of a statement sent after this call: the next officeReport's, when one is sent
   * before the event loop's next turn (a fact answer asked beside this call: one round trip
   * for both, open-asker.ts), else a read of its own then. Either way no older than this call.
   */
  externalChanges(): Promise<number> {
    if (this.batch) return this.readCounter(this.batch);
    return new Promise((resolve, reject) => {
      this.counterWaiters.push({ resolve, reject });
      this.counterRead ??= setImmediate(() => this.readCounterFor(this.takeCounterWaiters()));
    });
  }

  /** externalChanges() calls not yet answered, and the read that answers them if no officeReport does. */
  private counterWaiters: CounterWaiter[] = [];
  private counterRead: NodeJS.Immediate | null = null;

  private takeCounterWaiters(): CounterWaiter[] {
    const waiting = this.counterWaiters;
    this.counterWaiters = [];
    if (this.counterRead) clearImmediate(this.counterRead);
    this.counterRead = null;
    return waiting;
  }

  private async readCounter(db: Db): Promise<number> {
    return Number((await one<{ counter: string }>(db, 'SELECT counter FROM store_changes WHERE id = 1'))!.counter);
  }

  /** One read of the counter for all of `waiting` (none: no read). */
  private readCounterFor(waiting: CounterWaiter[]): void {
    if (waiting.length === 0) return;
    this.readCounter(this.pool).then(
      (n) => {
        for (const w of waiting) w.resolve(n);
      },
      (err) => {
        for (const w of waiting) w.reject(err);
      },
    );
  }

  async counts(): Promise<StoreCounts> {
    const c = await one<StoreCounts>(
      this.db,
      `SELECT (SELECT count(*) FROM offices)::int AS offices, (SELECT count(*) FROM reports)::int AS reports,
        (SELECT count(*) FROM reports WHERE superseded_by IS NULL)::int AS current, (SELECT count(*) FROM facts)::int AS facts`,
    );
    return c!;
  }

  async saveChunks(
    reportId: number,
    chunks: readonly ChunkRecord[],
    vectors: readonly (readonly number[])[] | null = null,
    model: string | null = null,
  ): Promise<void> {
    if (vectors && vectors.length !== chunks.length)
      invalid(`向量数（${vectors.length}）与段落数（${chunks.length}）不一致，未保存。`);
    await this.write(async (c) => {
      await c.query('DELETE FROM chunks WHERE report_id = $1', [reportId]);
      if (chunks.length === 0) return;
      // One statement for the lot; each vector travels as an array literal ('{0.5,-0.25}'),
      // since unnest flattens a two-dimensional array.
      const col = <T>(get: (ch: ChunkRecord) => T) => chunks.map(get);
      await c.query(
        `INSERT INTO chunks (report_id, seq, part, part_heading, section, line, end_line, text, model, embedding)
         SELECT $1, s, p, h, sec, l, e, t, $9, v::real[]
         FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $10::text[]) AS u(s, p, h, sec, l, e, t, v)`,
        [
          reportId,
          col((ch) => ch.seq),
          col((ch) => ch.part),
          col((ch) => ch.partHeading),
          col((ch) => ch.section),
          col((ch) => ch.line),
          col((ch) => ch.endLine),
          col((ch) => ch.text),
          vectors ? model : null,
          chunks.map((_, i) => (vectors ? `{${vectors[i].map(String).join(',')}}` : null)),
        ],
      );
    });
  }

  async chunks(
    filter: { reportIds?: readonly number[]; year?: number; afterReportId?: number } = {},
  ): Promise<StoredChunk[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.reportIds) {
      params.push([...filter.reportIds]);
      where.push(`r.id = ANY($${params.length}::int[])`);
    } else where.push('r.superseded_by IS NULL');
    if (filter.afterReportId !== undefined) {
      params.push(filter.afterReportId);
      where.push(`r.id > $${params.length}`);
    }
    if (filter.year !== undefined) {
      params.push(filter.year);
      where.push(`r.year = $${params.length}`);
    }
    const found = await rows<{
      report_id: number;
      office_id: number;
      office_name: string;
      year: number;
      seq: number;
      part: number;
      part_heading: string;
      section: string | null;
      line: number;
      end_line: number;
      text: string;
      model: string | null;
      embedding: number[] | null;
    }>(
      this.db,
      `SELECT c.*, r.office_id, r.office_name, r.year FROM chunks c JOIN reports r ON r.id = c.report_id
       WHERE ${where.join(' AND ')} ORDER BY c.report_id, c.seq`,
      params,
    );
    return found.map((r) => ({
      reportId: r.report_id,
      officeId: r.office_id,
      office: r.office_name,
      year: r.year,
      seq: r.seq,
      part: r.part,
      partHeading: r.part_heading,
      section: r.section,
      line: r.line,
      endLine: r.end_line,
      text: r.text,
      model: r.model,
      vector: r.embedding,
    }));
  }

  async onChange(listener: (counter: number) => void): Promise<() => Promise<void>> {
    const c = await this.pool.connect();
    const onNotice = (msg: { channel: string; payload?: string }) => {
      if (msg.channel === CHANGES_CHANNEL) listener(Number(msg.payload));
    };
    c.on('notification', onNotice);
    // A lost connection ends the notices but must not crash the process: externalChanges() still polls.
    c.on('error', () => {});
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      this.listeners.delete(stop);
      c.off('notification', onNotice);
      await c.query(`UNLISTEN ${CHANGES_CHANNEL}`).catch(() => {});
      c.release();
    };
    this.listeners.add(stop);
    return stop;
  }

  /** Listening connections, stopped with the store (the pool cannot end while they are out). */
  private readonly listeners = new Set<() => Promise<void>>();

  /**
   * Opens a batch: until the outermost commitBatch(), writes share one transaction, each
   * its own savepoint, and reads see them (as in SQLite). Other instances' writes wait
   * until it commits (the write lock, exclusively), so commit often — and within about 60
   * reports: past 64 savepoints a transaction overflows PostgreSQL's subtransaction cache
   * and every save slows (measured on 1,000 reports: 3.9 ms a report in batches of 50,
   * 6.5 ms in batches of 200).
   */
  beginBatch(): Promise<void> {
    return this.serial(async () => {
      if (this.batchDepth++ > 0) return;
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        // Exclusive until the batch commits: a batch takes the names of many offices in no
        // global order, so it must not meet another writer halfway (a deadlock); batches
        // and single writes of other instances wait for it, as SQLite's writers wait for
        // its write lock. Commit often (src/ingest/batch.ts).
        await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      } catch (err) {
        await c.query('ROLLBACK').catch(() => {});
        c.release();
        this.batchDepth = 0;
        throw err;
      }
      this.batch = c;
      this.ownQuery = queriesInTurn(c);
      this.batchChanged = false;
      this.cellsPending = [];
    });
  }

  /** Commits the batch beginBatch() opened (the outermost one); a no-op when none is open. */
  commitBatch(): Promise<void> {
    return this.serial(async () => {
      if (this.batchDepth === 0) return;
      if (--this.batchDepth === 0) await this.endBatch();
    });
  }

  private async endBatch(): Promise<void> {
    const c = this.batch;
    if (!c) return;
    this.batch = null;
    try {
      await this.flushCells(c);
      if (this.batchChanged) await this.bump(c);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      this.ownQuery?.();
      this.ownQuery = null;
      c.release();
    }
  }

  private closed = false;

  /** This process in the reminder ledger: one owner for every ledger of the store, released on close. */
  private readonly ledgerOwner: LedgerOwner;

  /** The reminders' ledger in this database; `now` stamps the rows (tests). Each call, a fresh view of the same rows. */
  ledger(now?: () => Date): PgLedger {
    return new PgLedger(this.pool, { now, owner: this.ledgerOwner });
  }

  /** Commits an open batch (its reports are complete, each its own savepoint), then closes the pool if it is the store's. */
  close(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return;
      this.closed = true;
      this.batchDepth = 0;
      await this.endBatch();
      await this.ledgerOwner.release();
      for (const stop of [...this.listeners]) await stop();
      if (this.ownsPool) await this.pool.end();
    });
  }
}
