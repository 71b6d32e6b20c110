// Moving an embedded deployment onto PostgreSQL (`nianbao migrate --from data/ --to
// postgres://…`): the data folder's SQLite database — offices, reports with their
// history, facts, findings, prose facts and the reminder ledger — copied into the
// database in one transaction, ids kept (src/store/pg/copy.ts), every table counted on
// both sides. Search chunks are not in SQLite (they live in the old folder's index): on
// PostgreSQL the first instance to search chunks and embeds the reports that have none,
// once, and stores them for all (src/ingest/live-index.ts). Words nothing: the command prints.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../store/index.js';
import { explainPgError } from './open-store.js';

/** One table's rows on both sides of the copy. */
export interface MigratedTable {
  table: string;
  /** What the table holds, in Chinese (单位, 年报（含历史版本）, …). */
  label: string;
  sqlite: number;
  postgres: number;
}

export type MigrateRun =
  | { ok: true; target: string; tables: MigratedTable[] }
  /** `refused`: the target holds data (nothing changed); `failed`: the copy was undone; `unusable`: nothing to copy or nowhere to. */
  | { ok: false; target: string; why: 'refused' | 'failed' | 'unusable'; message: string };

const LABELS: Record<string, string> = {
  offices: '单位',
  office_aliases: '单位别名',
  reports: '年报（含历史版本）',
  facts: '表格数据',
  findings: '核查问题',
  prose_facts: '正文中的数字',
  prose_scanned: '已读取正文的年报',
  reminder_sent: '提醒记录',
  reminder_paused: '暂停提醒的单位',
};

/**
 * Copies `<dataDir>/nianbao.db` into the PostgreSQL database at `url`. A target that already
 * holds offices, reports or reminders is refused unless `replace` (then emptied first, in the
 * same transaction). Never throws for the user's mistakes; messages never show the password.
 */
export async function migrateDataToPg(
  dataDir: string,
  url: string,
  opts: { replace?: boolean } = {},
): Promise<MigrateRun> {
  const { copySqliteToPg, redactUrl } = await import('../store/pg/index.js');
  const target = redactUrl(url);
  if (!existsSync(path.join(dataDir, DB_FILE))) {
    return {
      ok: false,
      target,
      why: 'unusable',
      message: `数据目录 ${dataDir} 中没有数据库（${DB_FILE}），没有可迁移的内容。`,
    };
  }
  try {
    const counts = await copySqliteToPg(dataDir, url, { replace: opts.replace });
    const tables = counts.map((c) => ({
      table: c.table,
      label: LABELS[c.table] ?? c.table,
      sqlite: c.from,
      postgres: c.to,
    }));
    return { ok: true, target, tables };
  } catch (err) {
    const message = explainPgError(err, url);
    if (/已有单位、报告或提醒记录/.test(message)) {
      return {
        ok: false,
        target,
        why: 'refused',
        message: `${message}如确要用 ${dataDir} 的内容替换它，请加 --replace。`,
      };
    }
    const code = (err as { code?: string }).code;
    // No connection at all (refused, unknown host, wrong password, no such database): nothing was begun.
    const noPassword = /client password must be a string/i.test(err instanceof Error ? err.message : '');
    if (noPassword || (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|28P01|28000|3D000)$/.test(code))) {
      return { ok: false, target, why: 'unusable', message: `无法连接 PostgreSQL 数据库 ${target}：${message}` };
    }
    return { ok: false, target, why: 'failed', message: `迁移失败，目标数据库未做任何改动：${message}` };
  }
}
