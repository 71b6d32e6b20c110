// The fact store: offices, reports (with every superseded version), facts with
// provenance (a report's cells packed in one row, schema 11), and findings, in one SQLite
// file. Synchronous, like better-sqlite3.
import { contentHash } from './content-hash.js';
import { accessSync, constants as fsConstants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FactId } from '../catalogue/facts.js';
import type { Finding, OfficeKind } from '../parse/types.js';
import { utf8Text } from '../io/utf8-text.js';
import { StoreError } from './errors.js';
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
} from './identity.js';
import { assignedOrigin, filedOrigin, readOrigin, regionStated } from './origin.js';
import { migrate } from './schema.js';
import { MultiInsert } from './multi-insert.js';
import { eachPackedCell, packedCell, packedCount, unpackCells } from './packed-cells.js';
import { CellLayouts } from './report-cells.js';
import { TailCells } from './tail-packs.js';
import { eachYearCell, packYear, unpackYear, yearPackCount, type YearPackCells } from './year-packs.js';
import { formatOfBit, KeptYearLists, YearList } from './year-list.js';
import type { SentLedger } from './ledger-types.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { rememberConnection, rememberStatements } from './testing.js';
import {
  type FactRow,
  type FindingRow,
  type FullReportRow,
  intsOf,
  listsBy,
  matchReportFile,
  OFFICE_COLS,
  type OfficeRow,
  type ProseRow,
  type ReportRow,
  SUMMARY_COLS,
  toFinding,
  toOffice,
  toProseFact,
  toStoredReport,
  toSummary,
  toYearReport,
  type YearReportRow,
} from './rows.js';
import { checkSaveInput } from './save-input.js';
import { HeldAliases } from './held-aliases.js';
import { SavedTexts } from './saved-texts.js';
import type { ProseFact } from '../parse/prose-facts.js';
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
  Store,
  ProseFactHead,
  StoreCounts,
  StoredProseFact,
  StoredReport,
  YearColumn,
  YearFigures,
  YearReport,
  YearReportColumns,
} from './types.js';

export type * from './types.js';
export type * from './ledger-types.js';
export type * from './report-store.js';
export { StoreError } from './errors.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate } from './schema.js';
export { normalizeOfficeName } from './identity.js';
export { CELL_BLANK, CELL_NONE, CELL_NUMBER } from './year-list.js';

export const DB_FILE = 'nianbao.db';

/** Reports whose cells year_packs may lack (read from report_cells instead) before they are merged into it. */
export const YEAR_CELLS_TAIL = 1000;
/** A year pack holding fewer cells than this is folded into the next merge's pack of its year and fact. */
export const YEAR_PACK_FOLD_BELOW = 128;

export interface OpenOptions {
  /** Clock for `ingested_at` (tests). */
  now?: () => Date;
  /** Reports read from report_cells before their cells are merged into year_packs (default YEAR_CELLS_TAIL; tests). */
  yearCellsTail?: number;
}

export { contentHash } from './content-hash.js';

/** Opens (creating if needed) `<dataDir>/nianbao.db`; `':memory:'` gives a throwaway store. */
export function openStore(dataDir: string, options: OpenOptions = {}): Store {
  let file = ':memory:';
  let snapshot: Buffer | null = null;
  if (dataDir !== ':memory:') {
    file = path.join(dataDir, DB_FILE);
    // A data folder this process may only read (a shared or read-only copy): answer from an
    // in-memory snapshot of the database, since SQLite cannot open a WAL database there.
    if (existsSync(file) && !writable(dataDir, file)) snapshot = readFileSync(file);
    else mkdirSync(dataDir, { recursive: true });
  }
  if (snapshot && snapshot.length > 19) {
    // The header marks a WAL database (bytes 18–19 = 2); a memory copy has no WAL: mark it rollback.
    snapshot[18] = 1;
    snapshot[19] = 1;
  }
  const db = snapshot ? new Database(snapshot) : new Database(file);
  try {
    if (!snapshot) db.pragma('journal_mode = WAL');
    // WAL + NORMAL: durable against crashes of the process, fast commits.
    db.pragma('synchronous = NORMAL');
    // A checkpoint every ~40 MB of WAL, not every 4 MB: an ingest's commits (every 250 ms) each
    // passed 1,000 pages and copied them to the database at once; the pages written again by
    // the next commits (B-tree interiors, index leaves) are now copied once.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    // Statement journals in memory, not temporary files: each report is a savepoint inside its
    // batch, and SQLite keeps every page a savepoint changes first, to undo it, in one. As files
    // that was ~31 pwrite calls a report (issue 13: 160,499 → 34,431 over 4,000 reports). After
    // the migrations: their VACUUM and index builds keep using files, whatever the size.
    db.pragma('temp_store = MEMORY');
  } catch (err) {
    db.close();
    throw err;
  }
  const store = new SqliteStore(db, file, options.now ?? (() => new Date()), options.yearCellsTail ?? YEAR_CELLS_TAIL);
  rememberConnection(store, db);
  rememberStatements(store, store.statementSources());
  return store;
}

function writable(...paths: string[]): boolean {
  try {
    for (const p of paths) accessSync(p, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function invalid(message: string): never {
  throw new StoreError('invalid', message);
}

const FINDING_COLUMNS = ['report_id', 'seq', 'code', 'severity', 'ids', 'message', 'year'];
const PROSE_COLUMNS = [
  'report_id',
  'seq',
  'phrase',
  'verb',
  'lead',
  'value',
  'unit',
  'hedge',
  'bound',
  'kind',
  'sub',
  'written',
  'sentence',
  'line',
  'part',
];

function prepareStatements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    currentByHash: p(
      `SELECT ${SUMMARY_COLS} FROM reports WHERE content_hash = ? AND superseded_by IS NULL ORDER BY id LIMIT 1`,
    ),
    // No kind here: read with it, the planner walks the table (fileOffice then upgrades the kind blind).
    officesByNormName: p(`SELECT id, norm_name, region_key, namesake FROM offices WHERE norm_name IN (?, ?)`),
    // With a region and no exact match, officeGroup keeps only offices of the name whose region
    // ends with this one or is its ending: those (and no more) are read, not all ~56 of a common name.
    // (name, region, region, region)
    officesByNestedRegion: p(`SELECT id, norm_name, region_key, namesake, kind FROM offices WHERE norm_name = ?
      AND region_key <> '' AND (substr(region_key, -length(?)) = ? OR substr(?, -length(region_key)) = region_key)`),
    // The offices of exactly this name and region: when there are any, they are the group (officeGroup).
    officesByIdentity: p(
      `SELECT id, norm_name, region_key, namesake, kind FROM offices WHERE norm_name = ? AND region_key = ?`,
    ),
    insertOffice: p(
      `INSERT INTO offices (name, norm_name, region, region_key, kind, namesake) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    heldFor:
      p(`SELECT r.id, r.source_file, r.origin, o.region, o.kind FROM reports r JOIN offices o ON o.id = r.office_id
      WHERE r.office_id = ? AND r.year = ? AND r.superseded_by IS NULL`),
    setOrigin: p(`UPDATE reports SET origin = ? WHERE id = ?`),
    moveReport: p(`UPDATE reports SET office_id = ? WHERE id = ?`),
    copyAliases: p(
      `INSERT OR IGNORE INTO office_aliases (office_id, alias) SELECT ?, alias FROM office_aliases WHERE office_id = ?`,
    ),
    reportsOfOffice: p(`SELECT count(*) FROM reports WHERE office_id = ?`).pluck(),
    deleteAliases: p(`DELETE FROM office_aliases WHERE office_id = ?`),
    deleteOffice: p(`DELETE FROM offices WHERE id = ?`),
    conflictGroups: p(`SELECT o.norm_name, o.region_key, r.year FROM reports r JOIN offices o ON o.id = r.office_id
      WHERE r.superseded_by IS NULL GROUP BY o.norm_name, o.region_key, r.year HAVING count(DISTINCT o.id) > 1
      ORDER BY min(r.id)`),
    conflictReports: p(`SELECT r.id FROM reports r JOIN offices o ON o.id = r.office_id
      WHERE o.norm_name = ? AND o.region_key = ? AND r.year = ? AND r.superseded_by IS NULL ORDER BY r.id`).pluck(),
    // Offices first (CROSS JOIN keeps that order): only a namesake's reports are read, not every current report's row.
    namesakeFiles: p(`SELECT r.office_id, r.source_file FROM offices o CROSS JOIN reports r INDEXED BY reports_current
      WHERE r.office_id = o.id AND r.superseded_by IS NULL AND EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name
        AND o2.region_key = o.region_key AND o2.id <> o.id) ORDER BY r.office_id, r.year, r.id`),
    officeFiles: p(`SELECT r.source_file FROM reports r JOIN offices o ON o.id = r.office_id
      WHERE r.office_id = ? AND r.superseded_by IS NULL AND EXISTS (SELECT 1 FROM offices o2 WHERE o2.norm_name = o.norm_name
        AND o2.region_key = o.region_key AND o2.id <> o.id) ORDER BY r.year, r.id`).pluck(),
    byFile: p(`SELECT ${SUMMARY_COLS} FROM reports WHERE source_file = ? ORDER BY superseded_by IS NOT NULL, id`),
    allFiles: p(`SELECT ${SUMMARY_COLS} FROM reports ORDER BY superseded_by IS NOT NULL, id`),
    upgradeKind: p(`UPDATE offices SET kind = ? WHERE id = ? AND kind = '其他'`),
    insertAlias: p(`INSERT OR IGNORE INTO office_aliases (office_id, alias) VALUES (?, ?)`),
    nextReportId: p(`SELECT coalesce(max(id), 0) + 1 FROM reports`).pluck(),
    supersede: p(`UPDATE reports SET superseded_by = ? WHERE id = ?`),
    insertReport: p(`INSERT INTO reports (id, office_id, office_name, year, format, source_file, content_hash, text,
      ingested_at, report_date, incomplete, parts, extra_rows, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // The same, the text given as its UTF-8 bytes (SaveInput.utf8): CAST keeps them as TEXT in
    // the database's encoding, UTF-8 — the value binding the string stores, without encoding it
    // again (~8 µs of a 5 KB report, issue 13).
    insertReportUtf8: p(`INSERT INTO reports (id, office_id, office_name, year, format, source_file, content_hash, text,
      ingested_at, report_date, incomplete, parts, extra_rows, origin)
      VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?)`),
    office: p(`SELECT ${OFFICE_COLS} FROM offices WHERE id = ?`),
    aliasesOf: p(`SELECT alias FROM office_aliases WHERE office_id = ? ORDER BY alias`).pluck(),
    // Every office and alias column by column (listOffices): the driver makes one value a cell,
    // not an object a row (at 100,000 reports 32,656 offices and 154,591 aliases).
    officeIds: p(`SELECT id FROM offices ORDER BY id`).pluck(),
    officeNames: p(`SELECT name FROM offices ORDER BY id`).pluck(),
    officeRegions: p(`SELECT region FROM offices ORDER BY id`).pluck(),
    officeKinds: p(`SELECT kind FROM offices ORDER BY id`).pluck(),
    aliasOwners: p(`SELECT office_id FROM office_aliases ORDER BY office_id, alias`).pluck(),
    aliasNames: p(`SELECT alias FROM office_aliases ORDER BY office_id, alias`).pluck(),
    officeIdsByAlias: p(`SELECT DISTINCT office_id FROM office_aliases WHERE alias = ? ORDER BY office_id`).pluck(),
    report: p(`SELECT ${SUMMARY_COLS}, text, parts, extra_rows, origin FROM reports WHERE id = ?`),
    // Its summary alone: the columns after the text are read without the text made a string.
    summary: p(`SELECT ${SUMMARY_COLS} FROM reports WHERE id = ?`),
    // As its UTF-8 bytes: decoded through UTF-16 (io/utf8-text.ts), half better-sqlite3's
    // CPU for a string (the index step reads every new report's text, issue 13).
    reportText: p(`SELECT CAST(text AS BLOB) FROM reports WHERE id = ?`).pluck(),
    // A list of ids as one JSON array, as the prose reads pass their phrases: one statement for
    // any number. CROSS JOIN: each id looked up by rowid (IN over json_each walked the table).
    reportTexts: p(
      `SELECT r.id, CAST(r.text AS BLOB) FROM json_each(?) AS j CROSS JOIN reports AS r ON r.id = j.value`,
    ).raw(),
    // A report's cells, packed (schema 11, src/store/packed-cells.ts).
    cellsOf: p(`SELECT cells FROM report_cells WHERE report_id = ?`).pluck(),
    insertCells: p(`INSERT INTO report_cells (report_id, n, cells) VALUES (?, ?, ?)`),
    factCodes: p(`SELECT code, fact_id FROM fact_codes`).raw(),
    addFactCode: p(`INSERT OR IGNORE INTO fact_codes (fact_id) VALUES (?)`),
    findingsOf: p(`SELECT code, severity, ids, message FROM findings WHERE report_id = ? ORDER BY seq`),
    // The year's current reports from the index alone (not a walk of every report of the year, rows read).
    findingsOfYear: p(`SELECT f.report_id, f.code, f.severity, f.ids, f.message FROM findings f
      WHERE f.report_id IN (SELECT id FROM reports INDEXED BY reports_current_year WHERE year = ? AND superseded_by IS NULL)
      ORDER BY f.report_id, f.seq`),
    // Every current report's summary, or a year's, from reports_current_year alone (schema 10: the
    // columns after the text in a row cost a walk of its pages); an office's few by its own index.
    currentAll: p(`SELECT ${SUMMARY_COLS} FROM reports INDEXED BY reports_current_year
      WHERE superseded_by IS NULL ORDER BY year, office_id`),
    currentOfYear: p(`SELECT ${SUMMARY_COLS} FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`),
    currentOfOffice: p(`SELECT ${SUMMARY_COLS} FROM reports INDEXED BY reports_office_year
      WHERE office_id = ? AND superseded_by IS NULL ORDER BY year, office_id`),
    currentOfOfficeYear: p(`SELECT ${SUMMARY_COLS} FROM reports
      WHERE office_id = ? AND year = ? AND superseded_by IS NULL ORDER BY year, office_id`),
    // Every current report's id and office as two lists in one row (one snapshot), from
    // reports_current alone (office, year; the id is the rowid): no row read, and no object or
    // array a report made by the driver (at 100,000 reports ~70 ms of CPU, the summaries ~0.9 s).
    currentOffices: p(`SELECT count(*), group_concat(id), group_concat(office_id) FROM (SELECT id, office_id
      FROM reports INDEXED BY reports_current WHERE superseded_by IS NULL ORDER BY office_id, year)`).raw(),
    yearReports: p(`SELECT id, office_id, office_name, year, format FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`),
    history: p(`SELECT ${SUMMARY_COLS} FROM reports WHERE office_id = ? AND year = ? ORDER BY id`),
    // A year's current reports from reports_current_year alone, for factValues (its cells come from year_packs).
    yearReportRows: p(`SELECT id, office_id FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`).raw(),
    // year_packs holds the cells of every report up to year_cells_upto (schema 11); the rest,
    // the tail, are read from report_cells and merged as packs a year and fact (mergeTail).
    cellsUpto: p(`SELECT upto FROM year_cells_upto`).pluck(),
    setCellsUpto: p(`UPDATE year_cells_upto SET upto = ?`),
    lastReportId: p(`SELECT coalesce(max(id), 0) FROM reports`).pluck(),
    tailCells: p(`SELECT r.id, r.year, c.cells FROM report_cells c JOIN reports r ON r.id = c.report_id
      WHERE c.report_id > ? ORDER BY c.report_id`).raw(),
    insertYearPack: p(`INSERT INTO year_packs (year, code, upto, cells) VALUES (?, ?, ?, ?)`),
    // A (year, fact)'s newest pack, and its removal when it is folded into the next (mergeTail).
    lastYearPack: p(`SELECT upto, cells FROM year_packs WHERE year = ? AND code = ? ORDER BY upto DESC LIMIT 1`).raw(),
    deleteYearPack: p(`DELETE FROM year_packs WHERE year = ? AND code = ? AND upto = ?`),
    // A year's reports column by column, in one order (yearReads); format '2021' is the low bit.
    yearReportIds: p(`SELECT id FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`).pluck(),
    yearReportOffices: p(`SELECT office_id * 2 + (format = '2021') FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`).pluck(),
    yearReportNames: p(`SELECT office_name FROM reports INDEXED BY reports_current_year
      WHERE year = ? AND superseded_by IS NULL ORDER BY year, office_id`).pluck(),
    // One range of year_packs: every merged report of the year, superseded ones too (readers keep the current).
    yearPacks: p(`SELECT cells FROM year_packs WHERE year = ? AND code = ? ORDER BY upto`).pluck(),
    yearFindings: p(`SELECT report_id, code, severity, ids, message FROM findings INDEXED BY findings_year
      WHERE year = ? ORDER BY report_id, seq`),
    // Whether the store changed since a year's list was kept (yearList): rows this connection
    // changed (every write, whichever method made it), and commits of other connections.
    ownChanges: p(`SELECT total_changes()`).pluck(),
    dataVersion: p(`PRAGMA data_version`).pluck(),
    years: p(`WITH RECURSIVE y (year) AS (
        SELECT min(year) FROM reports INDEXED BY reports_current_year WHERE superseded_by IS NULL
        UNION ALL
        SELECT (SELECT min(year) FROM reports INDEXED BY reports_current_year WHERE superseded_by IS NULL AND year > y.year)
        FROM y WHERE y.year IS NOT NULL)
      SELECT year FROM y WHERE year IS NOT NULL`).pluck(),
    deleteProse: p(`DELETE FROM prose_facts WHERE report_id = ?`),
    // A year's distinct prose heads, then the facts of the phrases a question can name.
    proseHeads: p(`SELECT DISTINCT p.phrase, p.verb, p.kind, p.unit FROM prose_facts p
      JOIN reports r INDEXED BY reports_current_year ON r.id = p.report_id
      WHERE r.superseded_by IS NULL AND r.year = ?`).raw(),
    proseNamed: p(`SELECT p.*, r.office_id, r.office_name, r.year FROM prose_facts p
      JOIN reports r INDEXED BY reports_current_year ON r.id = p.report_id
      WHERE r.superseded_by IS NULL AND r.year = ? AND p.phrase IN (SELECT value FROM json_each(?))
      ORDER BY r.year, r.office_id, p.seq`),
    proseNamedHolding: p(`SELECT p.*, r.office_id, r.office_name, r.year FROM prose_facts p
      JOIN reports r INDEXED BY reports_current_year ON r.id = p.report_id
      WHERE r.superseded_by IS NULL AND r.year = ? AND p.phrase IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM json_each(?) c WHERE instr(p.sentence, c.value) > 0)
      ORDER BY r.year, r.office_id, p.seq`),
    // Every year at once: one pass over the table in its order, not a seek per report and year
    // (at 100,000 reports six years' seeks took ~0.3 s of CPU each for heads and facts; this ~0.1 s).
    proseHeadsAll: p(`SELECT DISTINCT phrase, verb, kind, unit FROM prose_facts`).raw(),
    // The facts that pass first (one pass), then the current reports' index walked for theirs.
    proseNamedAll:
      p(`WITH f AS MATERIALIZED (SELECT * FROM prose_facts WHERE phrase IN (SELECT value FROM json_each(?)))
      SELECT f.*, r.office_id, r.office_name, r.year FROM reports r INDEXED BY reports_current_year
      JOIN f ON f.report_id = r.id WHERE r.superseded_by IS NULL ORDER BY r.year, r.office_id, f.seq`),
    proseNamedAllHolding:
      p(`WITH f AS MATERIALIZED (SELECT * FROM prose_facts WHERE phrase IN (SELECT value FROM json_each(?))
        AND EXISTS (SELECT 1 FROM json_each(?) c WHERE instr(sentence, c.value) > 0))
      SELECT f.*, r.office_id, r.office_name, r.year FROM reports r INDEXED BY reports_current_year
      JOIN f ON f.report_id = r.id WHERE r.superseded_by IS NULL ORDER BY r.year, r.office_id, f.seq`),
    proseStamp: p(`SELECT coalesce(max(report_id), 0) FROM prose_scanned`).pluck(),
    markScanned: p(`INSERT OR IGNORE INTO prose_scanned (report_id) VALUES (?)`),
    unscanned: p(
      // Asked at every start: from an index, never a read of every report's row (its text).
      // reports_current (office, year; the id is the rowid), not reports_current_year's summaries:
      // the partial index's own WHERE stands for superseded_by IS NULL, so no row is read
      // (at 100,000 reports ~300 pages, not ~5,700).
      `SELECT id FROM reports INDEXED BY reports_current WHERE superseded_by IS NULL
      AND id NOT IN (SELECT report_id FROM prose_scanned) ORDER BY id`,
    ).pluck(),
    // The current reports counted in reports_current, as unscanned reads them (no row, no summary).
    counts: p(`SELECT (SELECT count(*) FROM offices) AS offices, (SELECT count(*) FROM reports) AS reports,
      (SELECT count(*) FROM reports INDEXED BY reports_current WHERE superseded_by IS NULL) AS current`),
    factCount: p(`SELECT coalesce(sum(n), 0) FROM report_cells`).pluck(),
  };
}

interface OfficeIdentityRow {
  id: number;
  norm_name: string;
  region_key: string;
  namesake: number;
  /** Read where it costs no table walk (fileOffice skips upgrading a kind not 其他). */
  kind?: string;
}

/** One number for a (year, fact code) pair: codes stay far below 2^32. */
const yearCodeKey = (year: number, code: number): number => year * 2 ** 32 + code;

class SqliteStore implements Store {
  /** Never handed out (a true private field): callers use the methods, the ledger through ledger(). */
  readonly #db: Database.Database;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly saveTx: Database.Transaction<
    (input: SaveInput, hash: string, factIds: string[], unheld: boolean) => SaveResult
  >;
  private readonly readYear: Database.Transaction<(year: number, factIds: readonly FactId[]) => YearFigures>;
  // A report's rows, each kind in one statement (src/store/multi-insert.ts).
  private readonly insertFindings: MultiInsert;
  private readonly insertProse: MultiInsert;
  private readonly insertAliases: MultiInsert;

  constructor(
    db: Database.Database,
    readonly path: string,
    private readonly now: () => Date,
    private readonly yearCellsTail: number,
  ) {
    this.#db = db;
    this.stmt = prepareStatements(db);
    this.insertFindings = new MultiInsert(db, 'findings', FINDING_COLUMNS);
    this.insertProse = new MultiInsert(db, 'prose_facts', PROSE_COLUMNS);
    this.insertAliases = new MultiInsert(db, 'office_aliases', ['office_id', 'alias'], 'INSERT OR IGNORE');
    // One transaction per report: better-sqlite3 rolls back if the function throws.
    this.saveTx = db.transaction((input: SaveInput, hash: string, factIds: string[], unheld: boolean) =>
      this.writeReport(input, hash, factIds, unheld),
    );
    // A year's reads in one transaction: its lists, read column by column, are of one snapshot.
    this.readYear = db.transaction((year: number, factIds: readonly FactId[]) => this.yearReads(year, factIds));
    this.readFactValues = db.transaction((factId: FactId, year?: number) => this.factValueReads(factId, year));
    this.readOfficesOnce = db.transaction(() => this.readOffices());
  }

  /** readOffices in one transaction: its columns are of one snapshot. */
  private readonly readOfficesOnce: Database.Transaction<() => Office[]>;

  private readonly readFactValues: Database.Transaction<(factId: FactId, year?: number) => FactValue[]>;
  /** fact id ↔ fact_codes code, read once and added to as codes are made (a code never changes). */
  private codeById: Map<string, number> | null = null;
  private idByCode = new Map<number, string>();
  /** Whether this connection stored a report: close() then merges the tail. */
  private wrote = false;

  private loadCodes(): Map<string, number> {
    const byId = new Map<string, number>();
    this.idByCode = new Map();
    for (const [code, id] of this.stmt.factCodes.all() as [number, string][]) {
      byId.set(id, code);
      this.idByCode.set(code, id);
    }
    this.codeById = byId;
    return byId;
  }

  /** A report's cells packed with its id list's order and codes kept (codes asked through codeOf). */
  private readonly cellLayouts = new CellLayouts((factId) => this.codeOf(factId));

  /** The fact's code, made if new (inside the save's transaction: a failed save forgets the codes, see saveReport). */
  private codeOf(factId: string): number {
    const byId = this.codeById ?? this.loadCodes();
    const known = byId.get(factId);
    if (known !== undefined) return known;
    const made = this.stmt.addFactCode.run(factId);
    if (made.changes === 1) {
      // The new row's code is its rowid: kept without reading every code again (a fresh
      // store made ~230 codes, each followed by a read of the whole table).
      const code = Number(made.lastInsertRowid);
      byId.set(factId, code);
      this.idByCode.set(code, factId);
      return code;
    }
    // Made by another process since the codes were read.
    const code = this.loadCodes().get(factId);
    if (code === undefined) throw new Error(`fact_codes: no code for ${factId}`);
    return code;
  }

  /** The fact id of a code (another process may have made it since the codes were read). */
  private factIdOf(code: number): string {
    let id = this.idByCode.get(code);
    if (id === undefined) {
      this.loadCodes();
      id = this.idByCode.get(code);
      if (id === undefined) throw new Error(`fact_codes: no fact id for code ${code}`);
    }
    return id;
  }

  /** A fact's code, or undefined when no report holds it. */
  private knownCode(factId: string): number | undefined {
    const code = (this.codeById ?? this.loadCodes()).get(factId);
    return code !== undefined ? code : this.loadCodes().get(factId);
  }

  /** The SQL of every statement prepared up front (src/store/testing.ts). */
  statementSources(): string[] {
    return Object.values(this.stmt).map((st) => st.source);
  }

  saveReport(input: SaveInput): SaveResult {
    const factIds = checkSaveInput(input);
    const { text } = input;
    const hash = contentHash(text, input.utf8);
    // IMMEDIATE: take the write lock up front, so a second process (bot + CLI) waits
    // on busy_timeout instead of failing when a read lock cannot be upgraded.
    try {
      const saved = this.saveTx.immediate(input, hash, factIds, this.hashUnheld(hash));
      this.wrote = true;
      if (saved.outcome !== 'unchanged' && input.utf8) this.keepText(saved.reportId, input.utf8);
      return saved;
    } catch (err) {
      // The failure may have undone more than this save (SQLite rolls a whole transaction back on some errors).
      this.savedTexts.forget();
      // Codes made in the rolled-back save are gone from fact_codes: read them again.
      this.codeById = null;
      this.cellLayouts.forget();
      // So may be the aliases it inserted.
      this.heldAliases.forget();
      throw err;
    }
  }

  // Ingest asks currentByHash of a file's text, then saves it, and the save asked again
  // (~4 µs). Inside a batch this connection began (its write lock held since BEGIN
  // IMMEDIATE) only its own saves can store a report: a miss holds until one of them does.
  #batchSerial = 0;
  #reportsStored = 0;
  #hashMiss: { hash: string; batch: number; stored: number } | null = null;

  /** Whether currentByHash just found no current report of this hash, and nothing could have stored one since. */
  private hashUnheld(hash: string): boolean {
    const miss = this.#hashMiss;
    this.#hashMiss = null;
    return (
      miss !== null &&
      miss.hash === hash &&
      miss.batch === this.#batchSerial &&
      miss.stored === this.#reportsStored &&
      this.batchDepth > 0 &&
      this.batchOwns &&
      this.#db.inTransaction
    );
  }

  /** Texts of reports this connection saved, until the search index's sync reads them (reportTexts). */
  private readonly savedTexts = new SavedTexts();

  /**
   * Keeps a saved report's UTF-8 (the bytes its row holds) where the row will stay as written:
   * the save committed, or it is in a batch this connection began (a failed COMMIT forgets).
   * Not inside someone else's transaction, which may yet roll back.
   */
  private keepText(reportId: number, utf8: Uint8Array): void {
    if (!this.#db.inTransaction || (this.batchDepth > 0 && this.batchOwns)) this.savedTexts.keep(reportId, utf8);
  }

  /** The alias keys office_aliases is known to hold (fileOffice inserts only the others). */
  private readonly heldAliases = new HeldAliases();
  #dataVersion: number | null = null;

  /**
   * Inside a write transaction, before its first save: forgets what another connection's
   * commit may have changed since this one last looked (its data_version moved).
   */
  private catchUpOthers(): void {
    const version = this.stmt.dataVersion.get() as number;
    if (version !== this.#dataVersion) this.heldAliases.forget();
    this.#dataVersion = version;
  }

  /**
   * `factIds`: the report's fact ids as checkSaveInput listed them; `unheld`: no current report
   * has this hash (hashUnheld), so it is not looked up again.
   */
  private writeReport(input: SaveInput, hash: string, factIds: string[], unheld = false): SaveResult {
    const { parsed, text, sourceFile } = input;
    // A save of its own: its transaction was begun just now (a batch checks when it begins).
    if (this.batchDepth === 0) this.catchUpOthers();
    const same = unheld ? undefined : (this.stmt.currentByHash.get(hash) as ReportRow | undefined);
    if (same) return { outcome: 'unchanged', reportId: same.id, officeId: same.office_id };

    const year = parsed.year!;
    const origin = filedOrigin(input);
    const filed = this.fileOffice(parsed.office!, parsed.region, parsed.kind ?? '其他', parsed.aliases, year, {
      sourceFile,
      regionStated: regionStated(origin, parsed.region, parsed.kind ?? '其他'),
    });
    const officeId = filed.officeId;
    // A replacement points the old row at the new id first (one current report an office and
    // year): that id is read. Else SQLite gives the row the same, max(id) + 1, unasked.
    let reportId: number | null = null;
    if (filed.replaces !== null) {
      reportId = this.stmt.nextReportId.get() as number;
      this.stmt.supersede.run(reportId, filed.replaces);
    }

    const inserted = (input.utf8 ? this.stmt.insertReportUtf8 : this.stmt.insertReport).run(
      reportId,
      officeId,
      parsed.office,
      year,
      parsed.format,
      sourceFile,
      hash,
      input.utf8 ?? text,
      this.now().toISOString(),
      parsed.date,
      parsed.incomplete ? 1 : 0,
      JSON.stringify(parsed.parts ?? []),
      JSON.stringify(parsed.extraRows ?? []),
      JSON.stringify(origin),
    );
    reportId ??= Number(inserted.lastInsertRowid);
    this.#reportsStored++;
    // In fact id order, the order facts' key (report_id, fact_id) gave them back.
    if (factIds.length) {
      const { count, blob } = this.cellLayouts.pack(parsed, factIds);
      this.stmt.insertCells.run(reportId, count, blob);
    }
    this.insertFindings.run(
      parsed.findings.map((f, seq) => [reportId, seq, f.code, f.severity, JSON.stringify(f.ids), f.message, year]),
    );
    // The same cells by year (year_packs) once the tail is long enough; in a batch, when it commits.
    if (this.batchDepth === 0) this.mergeTail();
    // A new report id: no prose facts of it to delete first.
    if (parsed.proseFacts) this.writeProseFacts(reportId, parsed.proseFacts, true);
    if (filed.conflictWith !== null) {
      const held = this.stmt.summary.get(filed.conflictWith) as ReportRow;
      return { outcome: 'conflict', reportId, officeId, conflictWith: toSummary(held) };
    }
    return { outcome: filed.replaces !== null ? 'replaced' : 'added', reportId, officeId };
  }

  private writeProseFacts(reportId: number, facts: readonly ProseFact[], fresh = false): void {
    if (!fresh) this.stmt.deleteProse.run(reportId);
    const rows: unknown[][] = [];
    facts.forEach((f, seq) => {
      if (!f.phrase || !Number.isFinite(f.value) || !Number.isInteger(f.line) || f.line < 1) return;
      rows.push([
        reportId,
        seq,
        f.phrase,
        f.verb,
        f.lead,
        f.value,
        f.unit,
        f.hedge,
        f.bound,
        f.kind,
        f.sub ? 1 : 0,
        f.written,
        f.sentence,
        f.line,
        f.part,
      ]);
    });
    this.insertProse.run(rows);
    this.stmt.markScanned.run(reportId);
  }

  saveProseFacts(reportId: number, facts: readonly ProseFact[]): void {
    if (!this.stmt.summary.get(reportId)) invalid(`没有编号为 ${reportId} 的报告。`);
    this.#db.transaction(() => this.writeProseFacts(reportId, facts)).immediate();
  }

  proseFacts(filter: { officeId?: number; year?: number; reportId?: number } = {}): StoredProseFact[] {
    const where: string[] = [];
    const params: number[] = [];
    if (filter.reportId !== undefined) {
      where.push('r.id = ?');
      params.push(filter.reportId);
    } else where.push('r.superseded_by IS NULL');
    if (filter.officeId !== undefined) {
      where.push('r.office_id = ?');
      params.push(filter.officeId);
    }
    if (filter.year !== undefined) {
      where.push('r.year = ?');
      params.push(filter.year);
    }
    const rows = this.#db
      .prepare(
        `SELECT p.*, r.office_id, r.office_name, r.year FROM prose_facts p JOIN reports r ON r.id = p.report_id
         WHERE ${where.join(' AND ')} ORDER BY r.year, r.office_id, p.seq`,
      )
      .all(...params) as ProseRow[];
    return rows.map(toProseFact);
  }

  proseFactHeads(year: number | null): ProseFactHead[] {
    const found = year === null ? this.stmt.proseHeadsAll.all() : this.stmt.proseHeads.all(year);
    return (found as [string, string | null, string, string][]).map(([phrase, verb, kind, unit]) => ({
      phrase,
      verb,
      kind: kind as ProseFactHead['kind'],
      unit,
    }));
  }

  proseFactsNamed(
    year: number | null,
    phrases: readonly string[],
    sentenceHolds?: readonly string[],
  ): { fact: StoredProseFact; seq: number }[] {
    if (!phrases.length) return [];
    const named = JSON.stringify(phrases);
    const holds = sentenceHolds ? JSON.stringify(sentenceHolds) : null;
    const found = (
      year === null
        ? holds
          ? this.stmt.proseNamedAllHolding.all(named, holds)
          : this.stmt.proseNamedAll.all(named)
        : holds
          ? this.stmt.proseNamedHolding.all(year, named, holds)
          : this.stmt.proseNamed.all(year, named)
    ) as ProseRow[];
    return found.map((r) => ({ fact: toProseFact(r), seq: r.seq }));
  }

  proseFactsStamp(): number {
    return this.stmt.proseStamp.get() as number;
  }

  reportsWithoutProseFacts(): number[] {
    return this.stmt.unscanned.all() as number[];
  }

  /** The offices of the report's name and region, each with its kind and its current report of the year. */
  private group(name: string, region: string | null, year: number): (GroupMember & { kind: string })[] {
    const normName = normalizeOfficeName(name, region);
    // officeGroup is the exact matches whenever there are any: those alone, not every office of the
    // name (a common name is an office in hundreds of places: ~56 rows a report at 10,000 reports).
    const key = regionKey(region);
    let found = this.stmt.officesByIdentity.all(normName, key) as OfficeIdentityRow[];
    if (!found.length)
      found = (
        key
          ? this.stmt.officesByNestedRegion.all(normName, key, key, key)
          : this.stmt.officesByNormName.all(normName, stripLeadingUnits(name).rest)
      ) as OfficeIdentityRow[];
    const candidates = found.map(
      (c): OfficeCandidate => ({ id: c.id, normName: c.norm_name, regionKey: c.region_key, namesake: c.namesake }),
    );
    const kinds = new Map(found.map((c) => [c.id, c.kind]));
    return officeGroup(name, region, candidates).map((c) => {
      const held = this.stmt.heldFor.get(c.id, year) as
        | { id: number; source_file: string; origin: string; region: string | null; kind: string }
        | undefined;
      return {
        ...c,
        kind: kinds.get(c.id) ?? '其他',
        held: held
          ? {
              reportId: held.id,
              sourceFile: held.source_file,
              regionStated: regionStated(readOrigin(held.origin), held.region, held.kind),
            }
          : null,
      };
    });
  }

  /** Which office a report of this year goes to (created if needed), what it replaces, what it conflicts with. */
  private fileOffice(
    name: string,
    region: string | null,
    kind: OfficeKind,
    aliases: string[],
    year: number,
    filing: { sourceFile: string; regionStated: boolean },
  ): { officeId: number; replaces: number | null; conflictWith: number | null } {
    const group = this.group(name, region, year);
    const decision = fileReport(group, filing);
    let officeId: number;
    if (decision.kind === 'existing') {
      officeId = decision.id;
      // Only an office still of kind 其他 is upgraded: the group read its kind in this transaction.
      const held = group.find((c) => c.id === officeId)?.kind;
      if (kind !== '其他' && (held === undefined || held === '其他')) this.stmt.upgradeKind.run(kind, officeId);
    } else {
      const normName = normalizeOfficeName(name, region);
      officeId = Number(
        this.stmt.insertOffice.run(name, normName, region, regionKey(region), kind, decision.namesake).lastInsertRowid,
      );
    }
    const keys = new Set([name, normalizeOfficeName(name, region), ...aliases].map(aliasKey));
    // INSERT OR IGNORE of the keys not known to be there: the table ends the same.
    const fresh = this.heldAliases.missing(officeId, keys);
    this.insertAliases.run(fresh.map((alias) => [officeId, alias]));
    this.heldAliases.add(officeId, fresh);
    return {
      officeId,
      replaces: decision.kind === 'existing' ? decision.replaces : null,
      conflictWith: decision.kind === 'new' ? decision.conflictWith : null,
    };
  }

  conflicts(): Conflict[] {
    const groups = this.stmt.conflictGroups.all() as { norm_name: string; region_key: string; year: number }[];
    return groups.map((g) => {
      const reports = (this.stmt.conflictReports.all(g.norm_name, g.region_key, g.year) as number[]).map((id) =>
        toSummary(this.stmt.summary.get(id) as ReportRow),
      );
      const office = this.getOffice(reports[0].officeId)!;
      return { name: office.name, region: office.region, year: g.year, reports };
    });
  }

  reportsByFile(file: string): ReportSummary[] {
    const exact = this.stmt.byFile.all(file) as ReportRow[];
    if (exact.length) return exact.map(toSummary);
    return matchReportFile(file, this.stmt.allFiles.all() as ReportRow[]).map(toSummary);
  }

  assignRegion(reportId: number, region: string): AssignResult {
    const target = region.trim();
    if (!target) invalid('请写明地区，例如 河南省洛阳市嵩县。');
    // A move may remove an office and its aliases (and its id be given to the next new office).
    this.heldAliases.forget();
    return this.#db.transaction(() => this.moveToRegion(reportId, target)).immediate();
  }

  private moveToRegion(reportId: number, region: string): AssignResult {
    const row = this.stmt.report.get(reportId) as (ReportRow & { origin: string }) | undefined;
    if (!row) invalid(`没有编号为 ${reportId} 的报告。`);
    if (row.superseded_by !== null) invalid(`这份报告（${row.source_file}）已被新版本替换，请指定当前版本。`);
    const from = this.getOffice(row.office_id)!;
    const fromRow = this.stmt.office.get(row.office_id) as OfficeRow;
    const history = this.reportHistory(row.office_id, row.year).map((r) => r.id);
    // The office of that name in that region: the one a report stating it would be filed under.
    const group = this.group(row.office_name, region, row.year).filter((c) => c.id !== from.id);
    const dest = assignDestination({ regionKey: fromRow.region_key, namesake: fromRow.namesake }, region, group);
    let toId = from.id;
    let replaced: ReportSummary | null = null;
    if (dest.kind === 'join') {
      toId = dest.officeId;
      if (dest.supersedes !== null) {
        this.stmt.supersede.run(reportId, dest.supersedes);
        replaced = toSummary(this.stmt.summary.get(dest.supersedes) as ReportRow);
      }
    } else if (dest.kind === 'new') {
      const normName = normalizeOfficeName(row.office_name, region);
      toId = Number(
        this.stmt.insertOffice.run(row.office_name, normName, region, regionKey(region), from.kind, 0).lastInsertRowid,
      );
    }
    if (toId !== from.id) {
      for (const id of history) this.stmt.moveReport.run(toId, id);
      this.stmt.copyAliases.run(toId, from.id);
      this.stmt.insertAlias.run(toId, aliasKey(normalizeOfficeName(row.office_name, region)));
    }
    this.stmt.setOrigin.run(JSON.stringify(assignedOrigin(readOrigin(row.origin), from.region, region)), reportId);
    let removedOffice = false;
    if (toId !== from.id && (this.stmt.reportsOfOffice.get(from.id) as number) === 0) {
      this.stmt.deleteAliases.run(from.id);
      this.stmt.deleteOffice.run(from.id);
      removedOffice = true;
    }
    return { from, to: this.getOffice(toId)!, moved: toId !== from.id ? history : [], replaced, removedOffice };
  }

  private toOffice(row: OfficeRow, aliases?: string[], files?: Map<number, string[]>): Office {
    // One office: its own files only (getReport reads its office on every answer).
    const own = files ? files.get(row.id) : (this.stmt.officeFiles.all(row.id) as string[]);
    return toOffice(row, aliases ?? (this.stmt.aliasesOf.all(row.id) as string[]), own);
  }

  /** The files of every office that shares its name and region with another. */
  private namesakeFiles(): Map<number, string[]> {
    const found = this.stmt.namesakeFiles.all() as { office_id: number; source_file: string }[];
    return listsBy(
      found,
      (r) => r.office_id,
      (r) => r.source_file,
    );
  }

  // listOffices' last answer, kept while the database is as it was read (issue 13: a start
  // asked for every office twice, ~0.2 s each at 100,000 reports — the index's user words,
  // then the office index). The state: data_version (another connection committed) and this
  // connection's total_changes (any row this connection wrote, even one later rolled back);
  // never kept from inside a transaction, whose writes may still roll back.
  #officesKept: { state: string; offices: Office[] } | null = null;

  private officesState(): string | null {
    if (this.#db.inTransaction) return null;
    return `${this.stmt.dataVersion.get() as number}:${this.stmt.ownChanges.get() as number}`;
  }

  listOffices(): Office[] {
    const state = this.officesState();
    let offices = state !== null && this.#officesKept?.state === state ? this.#officesKept.offices : null;
    if (!offices) {
      offices = this.readOfficesOnce();
      this.#officesKept = state === null ? null : { state, offices };
    }
    // Copies: a caller may change what it is given.
    return offices.map((o) => ({ ...o, aliases: [...o.aliases], ...(o.files ? { files: [...o.files] } : {}) }));
  }

  /**
   * Every office, its aliases and a namesake's files, read column by column in one transaction
   * (one snapshot): as row objects the offices and aliases of 100,000 reports cost ~0.45 s of
   * CPU and ~10,000 page faults more. Aliases come in (office, alias) order, offices by id.
   */
  private readOffices(): Office[] {
    const st = this.stmt;
    const ids = st.officeIds.all() as number[];
    const names = st.officeNames.all() as string[];
    const regions = st.officeRegions.all() as (string | null)[];
    const kinds = st.officeKinds.all() as OfficeKind[];
    const owners = st.aliasOwners.all() as number[];
    const aliases = st.aliasNames.all() as string[];
    const files = this.namesakeFiles();
    const offices = new Array<Office>(ids.length);
    let j = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      while (j < owners.length && owners[j] < id) j++;
      const first = j;
      while (j < owners.length && owners[j] === id) j++;
      const own = files.get(id);
      offices[i] = {
        id,
        name: names[i],
        region: regions[i],
        kind: kinds[i],
        aliases: aliases.slice(first, j),
        ...(own?.length ? { files: own } : {}),
      };
    }
    return offices;
  }

  getOffice(officeId: number): Office | null {
    const row = this.stmt.office.get(officeId) as OfficeRow | undefined;
    return row ? this.toOffice(row) : null;
  }

  officesByAlias(alias: string): Office[] {
    const ids = this.stmt.officeIdsByAlias.all(aliasKey(alias)) as number[];
    return ids.map((id) => this.getOffice(id)).filter((o): o is Office => o !== null);
  }

  currentByHash(hash: string): ReportSummary | null {
    const row = this.stmt.currentByHash.get(hash) as ReportRow | undefined;
    this.#hashMiss =
      !row && this.batchDepth > 0 && this.batchOwns && this.#db.inTransaction
        ? { hash, batch: this.#batchSerial, stored: this.#reportsStored }
        : null;
    return row ? toSummary(row) : null;
  }

  currentReports(filter: { year?: number; officeId?: number } = {}): ReportSummary[] {
    const { year, officeId } = filter;
    const st = this.stmt;
    const rows =
      officeId !== undefined
        ? year !== undefined
          ? st.currentOfOfficeYear.all(officeId, year)
          : st.currentOfOffice.all(officeId)
        : year !== undefined
          ? st.currentOfYear.all(year)
          : st.currentAll.all();
    return (rows as ReportRow[]).map(toSummary);
  }

  currentReportOffices(): ReportOffices {
    const [n, ids, offices] = this.stmt.currentOffices.get() as [number, string | null, string | null];
    return { reportIds: intsOf(ids, n), officeIds: intsOf(offices, n) };
  }

  yearReports(year: number): YearReport[] {
    return (this.stmt.yearReports.all(year) as YearReportRow[]).map(toYearReport);
  }

  reportText(reportId: number): string | null {
    const kept = this.savedTexts.take(reportId);
    if (kept !== undefined) return utf8Text(kept);
    const bytes = this.stmt.reportText.get(reportId) as Buffer | null | undefined;
    return bytes ? utf8Text(bytes) : null;
  }

  reportTexts(reportIds: readonly number[]): (string | null)[] {
    const texts = new Map<number, string>();
    // A new report's text as its save kept it (the index step's read after an ingest), else its row.
    let unkept: number[] | null = null;
    for (const id of reportIds) {
      if (texts.has(id)) continue;
      const kept = this.savedTexts.take(id);
      if (kept !== undefined) texts.set(id, utf8Text(kept));
      else (unkept ??= []).push(id);
    }
    if (unkept)
      for (const [id, bytes] of this.stmt.reportTexts.all(JSON.stringify(unkept)) as [number, Buffer | null][])
        if (bytes) texts.set(id, utf8Text(bytes));
    return reportIds.map((id) => texts.get(id) ?? null);
  }

  getReport(reportId: number): StoredReport | null {
    const row = this.stmt.report.get(reportId) as FullReportRow | undefined;
    if (!row) return null;
    return toStoredReport(
      row,
      this.getOffice(row.office_id)!,
      this.factRows(reportId),
      this.stmt.findingsOf.all(reportId) as FindingRow[],
    );
  }

  getReports(reportIds: readonly number[]): (StoredReport | null)[] {
    return reportIds.map((id) => this.getReport(id));
  }

  officeReport(officeId: number, year: number | null): OfficeReports {
    const reports = this.currentReports({ officeId });
    // The year's report, else the latest (one current report per office and year).
    const pick = reports.find((r) => r.year === year) ?? reports.at(-1);
    return { reports, report: pick ? this.getReport(pick.id) : null };
  }

  reportHistory(officeId: number, year: number): ReportSummary[] {
    return (this.stmt.history.all(officeId, year) as ReportRow[]).map(toSummary);
  }

  /** A report's cells as facts rows held them, in fact id order. */
  private factRows(reportId: number): FactRow[] {
    const blob = this.stmt.cellsOf.get(reportId) as Buffer | undefined;
    if (!blob) return [];
    return unpackCells(blob).map((c) => ({
      fact_id: this.factIdOf(c.code),
      value: c.value,
      approximate: c.approximate ? 1 : 0,
      unit: c.unit,
      line: c.line,
      cell: c.cell,
    }));
  }

  factValues(factId: FactId, year?: number): FactValue[] {
    return this.readFactValues(factId, year);
  }

  /** Every current report's cell of the fact, a year's or all years' (in year, office order), from year_packs and the tail. */
  private factValueReads(factId: FactId, year?: number): FactValue[] {
    const code = this.knownCode(factId);
    if (code === undefined) return [];
    const out: FactValue[] = [];
    const upto = this.stmt.cellsUpto.get() as number;
    for (const y of year !== undefined ? [year] : this.years()) {
      const reports = this.stmt.yearReportRows.all(y) as [number, number][];
      const found = new Map<number, { approximate: boolean; value: number | null; unit: string | null }>();
      for (const blob of this.stmt.yearPacks.all(y, code) as Buffer[]) {
        const { keys, values, units } = unpackYear(blob);
        for (let i = 0; i < keys.length; i++)
          found.set(Math.floor(keys[i] / 2), { approximate: keys[i] % 2 === 1, value: values[i], unit: units[i] });
      }
      for (const [id, blob] of this.tailPacks(
        reports.map(([id]) => id),
        upto,
      )) {
        const cell = unpackCells(blob).find((c) => c.code === code);
        if (cell) found.set(id, { approximate: cell.approximate, value: cell.value, unit: cell.unit });
      }
      for (const [id, officeId] of reports) {
        const cell = found.get(id);
        if (cell)
          out.push({
            officeId,
            reportId: id,
            year: y,
            value: cell.value,
            approximate: cell.approximate,
            unit: cell.unit,
          });
      }
    }
    return out;
  }

  years(): number[] {
    return this.stmt.years.all() as number[];
  }

  /**
   * Merges the tail — the reports above year_cells_upto — into year_packs once it holds
   * YEAR_CELLS_TAIL reports (`all`: whatever it holds), one pack a year and fact, written in
   * year_packs' key order. Each pack adds one row at the end of its (year, code) range, so a
   * merge writes ~(years × facts) rows, not (reports × facts). In the write transaction (a
   * batch's, before it commits; a save's, at its end; close's own).
   */
  private mergeTail(all = false): void {
    const upto = this.stmt.cellsUpto.get() as number;
    const last = this.stmt.lastReportId.get() as number;
    if (last === upto || (!all && last - upto < this.yearCellsTail)) return;
    // The newest packs' counts kept from this connection's last merge hold while year_cells_upto
    // is still that merge's (not rolled back) and no other connection has committed since.
    const version = this.stmt.dataVersion.get() as number;
    if (this.newestPacks.upto !== upto || this.newestPacks.version !== version) this.newestPacks.counts.clear();
    const tail = this.tailCells;
    const rows = this.stmt.tailCells.all(upto) as [number, number, Buffer][];
    let cells = 0;
    for (const row of rows) cells += packedCount(row[2]);
    tail.clear(cells);
    for (const [id, year, blob] of rows) {
      tail.report(id, year);
      // Read by a visitor: no object a cell, no cell text decoded.
      eachPackedCell(blob, tail.cell);
    }
    for (const group of tail.groups()) {
      const { year, code } = group;
      const held = this.smallPackToFold(year, code);
      let blob: Buffer;
      let count = group.end - group.start;
      if (held) {
        const pack = tail.cellsOf(group);
        blob = packYear([...held.keys, ...pack.keys], [...held.values, ...pack.values], [...held.units, ...pack.units]);
        count += held.keys.length;
      } else blob = tail.pack(group);
      this.stmt.insertYearPack.run(year, code, last, blob);
      this.newestPacks.counts.set(yearCodeKey(year, code), count);
    }
    this.stmt.setCellsUpto.run(last);
    this.newestPacks.upto = last;
    this.newestPacks.version = version;
  }

  /**
   * The cell count of the newest year_packs row of each (year, code) this connection's last
   * merge wrote (by yearCodeKey), with the year_cells_upto it set and the data_version
   * it ran at: a merge asks the newest pack of each (year, fact) only to fold a small one, and
   * an ingest's merges after the first know most of them (~1.4 lookups a report, issue 13).
   */
  private readonly newestPacks = { upto: -1, version: -1, counts: new Map<number, number>() };

  /**
   * The newest pack of (year, code) when it is small, then removed: its cells go in front of the
   * merge's own (a save out of a batch, or an ingest of a few files, merges a pack of a cell or
   * a few a fact, and a sum reads every pack of its year and fact). Folding packs of fewer
   * than YEAR_PACK_FOLD_BELOW cells keeps their number ~cells / YEAR_PACK_FOLD_BELOW however
   * reports arrive; an ingest's merges (~170 cells a year and fact) rarely fold.
   */
  private smallPackToFold(year: number, code: number): YearPackCells | null {
    const known = this.newestPacks.counts.get(yearCodeKey(year, code));
    if (known !== undefined && known >= YEAR_PACK_FOLD_BELOW) return null;
    const prev = this.stmt.lastYearPack.get(year, code) as [number, Buffer] | undefined;
    if (!prev) return null;
    // Its count from the head: a pack is decoded only when it is folded.
    if (yearPackCount(prev[1]) >= YEAR_PACK_FOLD_BELOW) return null;
    const held = unpackYear(prev[1]);
    this.stmt.deleteYearPack.run(year, code, prev[0]);
    return held;
  }

  /** The tail's cells as a merge gathers them, in columns kept from merge to merge. */
  private readonly tailCells = new TailCells();

  /** The packed cells of the reports above `upto` (not yet in year_packs), with their ids. */
  private tailPacks(ids: ArrayLike<number>, upto: number): [number, Buffer][] {
    const tail: [number, Buffer][] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id <= upto) continue;
      const blob = this.stmt.cellsOf.get(id) as Buffer | undefined;
      if (blob) tail.push([id, blob]);
    }
    return tail;
  }

  yearFigures(year: number, factIds: readonly FactId[]): YearFigures {
    return this.readYear(year, factIds);
  }

  /** Each year's list (yearList), kept while the store is as it was when they were read. */
  private readonly yearLists = new KeptYearLists<string>();

  /**
   * A year's current reports, their places and findings: read once, then kept until the store
   * changes — a save, replacement or move by this connection (total_changes()), a commit by
   * another (data_version). Inside yearReads' transaction, after its first read, so the
   * stamp and the lists are of one snapshot.
   */
  private yearList(year: number): YearList {
    const stamp = `${this.stmt.ownChanges.get() as number}/${this.stmt.dataVersion.get() as number}`;
    let list = this.yearLists.get(year, stamp);
    if (!list) {
      const ids = this.stmt.yearReportIds.all(year) as number[];
      const officeFormats = this.stmt.yearReportOffices.all(year) as number[];
      const findings = listsBy(
        this.stmt.yearFindings.all(year) as (FindingRow & { report_id: number })[],
        (row) => row.report_id,
        toFinding,
      );
      const reports: YearReportColumns = {
        length: ids.length,
        ids: Int32Array.from(ids),
        officeIds: Int32Array.from(officeFormats, (of) => Math.floor(of / 2)),
        names: this.stmt.yearReportNames.all(year) as string[],
        formats: officeFormats.map((of) => formatOfBit(of % 2)),
      };
      list = YearList.of(reports, findings);
      this.yearLists.keep(year, stamp, list);
    }
    return list;
  }

  /**
   * A year's cells of these facts, into typed columns over the year's list (kept between
   * answers): the packs of each fact's one year_packs range, then the tail's own packs.
   */
  private yearReads(year: number, factIds: readonly FactId[]): YearFigures {
    // The transaction's first read: the snapshot yearList's stamp is then of.
    const upto = this.stmt.cellsUpto.get() as number;
    const list = this.yearList(year);
    // The tail's reports (above year_cells_upto, at most YEAR_CELLS_TAIL of every year): from their packs.
    const tail = this.tailPacks(list.reports.ids, upto);
    const set = (column: YearColumn) => (key: number, value: number | null) => list.set(column, key, value);
    const cells = factIds.map((factId): YearColumn => {
      const column = list.column();
      const code = this.knownCode(factId);
      if (code === undefined) return column;
      const into = set(column);
      for (const blob of this.stmt.yearPacks.iterate(year, code) as IterableIterator<Buffer>) eachYearCell(blob, into);
      for (const [id, blob] of tail) {
        const cell = packedCell(blob, code);
        if (cell) into(id * 2 + (cell.approximate ? 1 : 0), cell.value);
      }
      return column;
    });
    return list.figures(cells);
  }

  findingsByReport(year: number): Map<number, Finding[]> {
    return listsBy(
      this.stmt.findingsOfYear.all(year) as (FindingRow & { report_id: number })[],
      (row) => row.report_id,
      toFinding,
    );
  }

  externalChanges(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  counts(): StoreCounts {
    const c = this.stmt.counts.get() as Omit<StoreCounts, 'facts'>;
    const factCount = this.stmt.factCount;
    // Counting facts sums every report's cell count (a walk of report_cells), and start-up
    // asks counts() only whether the store is empty: counted when read.
    return {
      ...c,
      get facts() {
        return factCount.get() as number;
      },
    };
  }

  private batchDepth = 0;
  /** Whether the open batch began the transaction (never commit one someone else began). */
  private batchOwns = false;

  beginBatch(): void {
    if (this.batchDepth++ > 0) return;
    this.#batchSerial++;
    this.batchOwns = !this.#db.inTransaction;
    // IMMEDIATE, as each save: the write lock up front, or wait for it on busy_timeout.
    if (this.batchOwns) this.#db.exec('BEGIN IMMEDIATE');
    if (this.#db.inTransaction) this.catchUpOthers();
  }

  commitBatch(): void {
    if (this.batchDepth === 0) return;
    if (--this.batchDepth > 0) return;
    if (this.#db.inTransaction) this.mergeTail();
    if (this.batchOwns && this.#db.inTransaction) this.commitOwn();
  }

  /** COMMIT; a failed one may have rolled the batch back, aliases it inserted with it. */
  private commitOwn(): void {
    try {
      this.#db.exec('COMMIT');
    } catch (err) {
      this.heldAliases.forget();
      this.savedTexts.forget();
      throw err;
    }
  }

  ledger(now?: () => Date): SentLedger {
    return new SqliteLedger(this.#db, now);
  }

  close(): void {
    this.savedTexts.forget();
    // Reports saved in an open batch are complete (each its own savepoint): keep them.
    if (this.batchDepth > 0 && this.#db.open && this.#db.inTransaction) this.mergeTail(true);
    if (this.batchDepth > 0 && this.batchOwns && this.#db.open && this.#db.inTransaction) this.#db.exec('COMMIT');
    this.batchDepth = 0;
    // A connection that stored reports leaves no tail (a finished ingest's sums read packs alone).
    if (this.wrote && this.#db.open && !this.#db.inTransaction) {
      try {
        this.#db.transaction(() => this.mergeTail(true)).immediate();
      } catch {
        // Another process held the write lock past busy_timeout: the tail stays (it is read
        // from report_cells) and the next writer merges it. Closing must not fail for it.
      }
    }
    if (this.#db.open) this.#db.close();
  }
}
