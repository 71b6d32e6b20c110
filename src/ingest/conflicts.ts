// Resolving namesake conflicts after ingest: list them, find the report a person
// names (by its file, or by its office), move it to the region they say, and word
// each step in Chinese. Shared by `nianbao offices --conflicts`, `nianbao assign`
// and the bot's admin command 指定地区, so all three say the same thing. The store is
// either backend's: every call awaited.
import path from 'node:path';
import type { AssignResult, Conflict, ReportStore, ReportSummary } from '../store/index.js';

export type ConflictStore = Pick<
  ReportStore,
  'conflicts' | 'reportsByFile' | 'officesByAlias' | 'currentReports' | 'assignRegion' | 'getOffice'
>;

/** How a person tells the program where a report is, in the CLI and in the bot. */
export const HOW_TO_ASSIGN =
  '请用 nianbao assign 文件 --region 地区 逐个指明（或由管理员在机器人中发送：指定地区 文件名 地区）';

function regionLabel(region: string | null): string {
  return region ?? '地区未写明';
}

/** The conflicts, one group per name and year, each report by its file. */
export function conflictsText(conflicts: Conflict[]): string {
  if (!conflicts.length) return '没有同名单位冲突：每个单位每个年度只有一份当前报告。';
  const lines = [
    `同名单位冲突 ${conflicts.length} 组（同一名称、同一年度、没有能区分的地区；每一份都已保留，问到这个名称时会先反问是哪一个）：`,
  ];
  conflicts.forEach((c, i) => {
    lines.push(`${i + 1}. ${c.name}（${regionLabel(c.region)}）${c.year} 年度，${c.reports.length} 份：`);
    for (const r of c.reports) lines.push(`   · ${r.sourceFile}（编号 ${r.id}，${r.ingestedAt.slice(0, 10)} 导入）`);
  });
  lines.push(HOW_TO_ASSIGN);
  return lines.join('\n');
}

export type Named = { reports: ReportSummary[] } | { error: string };

/**
 * The current reports a person means: a file (path or name), else an office's name
 * (every current report of it). A name several namesakes share is not guessed: the
 * answer lists their files.
 */
export async function namedReports(store: ConflictStore, words: string): Promise<Named> {
  const w = words.trim();
  if (!w) return { error: '请写明报告的文件名或单位名称。' };
  const byFile = (await store.reportsByFile(w)).filter((r) => r.supersededBy === null);
  if (byFile.length === 1) return { reports: byFile };
  if (byFile.length > 1) {
    return {
      error: [
        `有 ${byFile.length} 份报告的文件名是“${path.basename(w)}”，请写出完整路径：`,
        ...byFile.map((r) => `· ${r.sourceFile}（${r.officeName} ${r.year} 年度）`),
      ].join('\n'),
    };
  }
  let offices = await store.officesByAlias(w);
  // The ones that need a region are those without one.
  if (offices.length > 1 && offices.some((o) => !o.region)) offices = offices.filter((o) => !o.region);
  if (offices.length === 1) {
    const reports = await store.currentReports({ officeId: offices[0].id });
    return reports.length ? { reports } : { error: `「${offices[0].name}」没有当前报告。` };
  }
  if (offices.length > 1) {
    const files: string[] = [];
    for (const o of offices) {
      for (const r of await store.currentReports({ officeId: o.id }))
        files.push(`· ${r.sourceFile}（${r.officeName}，${regionLabel(o.region)}，${r.year} 年度）`);
    }
    return {
      error: [`「${w}」有 ${offices.length} 个同名单位，无法确定是哪一个；请改用文件名指明：`, ...files].join('\n'),
    };
  }
  return { error: `没有找到文件或单位“${w}”。` };
}

/** One report moved, in a line. */
export function assignedLine(report: ReportSummary, region: string, r: AssignResult): string {
  const who = `${report.sourceFile}（${report.officeName} ${report.year} 年度）`;
  const to = `「${r.to.name}（${regionLabel(r.to.region)}）」`;
  if (!r.moved.length) return `${who}已在${to}名下，地区记为“${region}”。`;
  let line = `已指定地区：${who}归入${to}`;
  if (r.replaced)
    line += `；该单位原有的 ${r.replaced.year} 年度报告（${r.replaced.sourceFile}）由这一份替换，旧版本保留在历史中`;
  return `${line}。`;
}

export interface AssignOutcome {
  text: string;
  /** Reports moved to another office (their search chunks must be made again). */
  moved: number[];
  ok: boolean;
}

/** Says where the reports a person names are: moves each, and words the outcome. */
export async function assignRegion(store: ConflictStore, words: string, region: string): Promise<AssignOutcome> {
  const r = region.trim();
  if (!r) return { text: '请写明地区，例如 河南省洛阳市嵩县。', moved: [], ok: false };
  const named = await namedReports(store, words);
  if ('error' in named) return { text: named.error, moved: [], ok: false };
  const lines: string[] = [];
  const moved: number[] = [];
  for (const report of named.reports) {
    try {
      const result = await store.assignRegion(report.id, r);
      moved.push(...result.moved);
      lines.push(assignedLine(report, r, result));
    } catch (err) {
      // StoreError speaks Chinese; a report that cannot move does not stop the others.
      lines.push(`${report.sourceFile}：${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const left = (await store.conflicts()).length;
  if (left) lines.push(`仍有 ${left} 组同名单位冲突待指明地区。`);
  return { text: lines.join('\n'), moved, ok: true };
}
