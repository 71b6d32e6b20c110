// `nianbao offices [--conflicts] [--json]`: the offices the store holds, each with
// its region and years; with --conflicts, the reports of one year kept apart under
// one name (namesakes no region tells apart), and how to say where each is. The store
// is the one the configuration names (SQLite in the data folder, or PostgreSQL): every
// read awaited.
import { conflictsText } from '../ingest/conflicts.js';
import type { Office, ReportSummary } from '../store/index.js';
import { openCommandStore } from './open-store.js';

export interface OfficesIO {
  out: (line: string) => void;
  /** Why the command could not run (a configuration or database problem). */
  err?: (line: string) => void;
}

const processIO = (): OfficesIO => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

/** Each office's current reports' years, in the store's order (one read for every office). */
function yearsByOffice(current: readonly ReportSummary[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of current) out.set(r.officeId, [...(out.get(r.officeId) ?? []), r.year]);
  return out;
}

function officeLine(o: Office, years: readonly number[]): string {
  const files = o.files ? `；同名单位，报告文件：${o.files.join('、')}` : '';
  return `${o.name}（${o.region ?? '地区未写明'}）：${years.length ? `${years.join('、')} 年度` : '没有当前报告'}${files}`;
}

export async function runOffices(
  opts: { data: string; config?: string; conflicts?: boolean; json?: boolean },
  io: OfficesIO = processIO(),
): Promise<number> {
  const opened = await openCommandStore(opts, io.err ?? ((line) => process.stderr.write(`${line}\n`)));
  if (!opened) return 1;
  const { store } = opened;
  try {
    if (opts.conflicts) {
      const conflicts = await store.conflicts();
      io.out(opts.json ? JSON.stringify(conflicts, null, 2) : conflictsText(conflicts));
      return 0;
    }
    const [offices, current] = await Promise.all([store.listOffices(), store.currentReports()]);
    const years = yearsByOffice(current);
    const yearsOf = (o: Office) => years.get(o.id) ?? [];
    if (opts.json) {
      io.out(
        JSON.stringify(
          offices.map((o) => ({ ...o, years: yearsOf(o) })),
          null,
          2,
        ),
      );
      return 0;
    }
    for (const o of offices) io.out(officeLine(o, [...new Set(yearsOf(o))]));
    const conflicts = (await store.conflicts()).length;
    io.out(
      `共 ${offices.length} 个单位${conflicts ? `；同名单位冲突 ${conflicts} 组（nianbao offices --conflicts 查看）` : ''}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
