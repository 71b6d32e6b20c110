// The supervisors' chat commands, answered from the store and the reminder registry:
//   导出 [年份] [地区]      the workbook (the core lets only admins through)
//   图表 <指标> [年份] [地区或单位]   a PNG chart
//   报送情况 [年份] [地区]    who has filed, who has not, days to or past the deadline
// Each returns the reply text and, for 导出 and 图表, the file to send. Files are also
// kept under `saveDir` when given (the terminal cannot send a file: it prints the path).
// The store and ledger are either backend's (SQLite or PostgreSQL): every read awaited.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { officeInRegion } from '../offices/index.js';
import type { RemindConfig } from '../remind/config.js';
import type { RemindStatus } from '../remind/status.js';
import type { ReportStore } from '../store/report-store.js';
import type { SupervisorCommands, SupervisorReply } from './types.js';
import { planChart } from '../export/chart-plan.js';
import { collectExport } from '../export/collect.js';
import { filingReportText, filingStatus, type StatusLedger } from '../export/filing.js';
import type { FilingsStore } from '../remind/filings.js';

export interface SupervisorDeps {
  store: Pick<
    ReportStore,
    'listOffices' | 'currentReports' | 'getReport' | 'years' | 'factValues' | 'findingsByReport'
  >;
  /** The store as filings see it (sample reports never count as filed outside the demo); default `store`. */
  filings?: FilingsStore;
  /** The reminder registry and ledger; absent when no offices are registered. */
  remind?: { config: RemindConfig; ledger?: StatusLedger } | null;
  /** Where files are kept as well (data/exports); absent = not kept. */
  saveDir?: string;
  now?: () => Date;
}

export const NO_REGISTRY = '报送情况需要在配置文件的 offices: 一节登记应报送的单位（示例见 examples/nianbao.yaml）。';

/** `2020 洛阳`, `洛阳2020年` → the year and the remaining words (the region). */
export function parseYearAndWords(arg: string): { year: number | null; words: string } {
  const t = arg.normalize('NFKC');
  const m = /((?:19|20)\d{2})\s*(?:年度|年)?/.exec(t);
  const rest = m ? `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}` : t;
  return { year: m ? Number(m[1]) : null, words: rest.replace(/[\s\u3000，,、]+/g, ' ').trim() };
}

/** RemindStatus narrowed to the offices of a region (by the same words as the export). */
export function statusInRegion(s: RemindStatus, region: string | null): RemindStatus {
  if (!region) return s;
  return { ...s, offices: s.offices.filter((o) => officeInRegion({ name: o.office, region: o.region }, region)) };
}

export function supervisorCommands(deps: SupervisorDeps): SupervisorCommands {
  const now = deps.now ?? (() => new Date());
  const keep = (name: string, data: Buffer): string | null => {
    if (!deps.saveDir) return null;
    mkdirSync(deps.saveDir, { recursive: true });
    const file = path.join(deps.saveDir, name.replace(/[\\/:*?"<>|\s]+/g, '_'));
    writeFileSync(file, data);
    return file;
  };
  const savedLine = (file: string | null) => (file ? `\n文件已保存：${file}` : '');
  const status = async (year: number | null) =>
    deps.remind ? filingStatus({ ...deps.remind, store: deps.filings ?? deps.store, year, now: now() }) : null;

  return {
    async export(arg): Promise<SupervisorReply> {
      const { year: asked, words } = parseYearAndWords(arg);
      const years = await deps.store.years();
      const year = asked ?? years.at(-1) ?? null;
      if (year === null) return { text: '还没有收录任何年报，无法导出。', kind: 'unknown' };
      const data = await collectExport(deps.store, { year, region: words || null });
      if (data.reports.length === 0) {
        const where = words ? `“${words}”的单位` : '任何单位';
        return {
          text: `没有${where}的 ${year} 年度年报可导出（已有年度：${years.join('、') || '无'}）。`,
          kind: 'unknown',
        };
      }
      const st = await status(year);
      // exceljs and echarts load at the first use, not at the bot's start.
      const { buildWorkbook } = await import('../export/workbook.js');
      const buffer = await buildWorkbook(data, st ? statusInRegion(st, data.region) : null);
      const name = `年报汇总-${year}-${words || '全部'}.xlsx`;
      const findings = data.reports.reduce((n, r) => n + r.findings.length, 0);
      const yoy = data.reports.filter((r) => data.previous.has(r.officeId)).length;
      const text =
        `已导出 ${year} 年度${words ? `${words}` : ''} ${data.reports.length} 个单位的年报数据：${name}\n` +
        `工作表：各单位数据（${data.factIds.length} 项）、核查问题（${findings} 条）、报送情况${st ? '' : '（未登记应报单位）'}、同比变化（${yoy} 个单位有上年数据）。` +
        savedLine(keep(name, buffer));
      return { text, kind: 'export', file: { name, data: buffer } };
    },

    async chart(arg): Promise<SupervisorReply> {
      const spec = await planChart(deps.store, arg);
      if ('error' in spec) return { text: spec.error, kind: 'clarify' };
      const { renderChartPng } = await import('../export/chart-render.js');
      const png = renderChartPng(spec);
      const lines = [`${spec.title}（单位：${spec.unit}）`, ...spec.notes, spec.source];
      return {
        text: lines.join('\n') + savedLine(keep(spec.fileName, png)),
        kind: 'chart',
        file: { name: spec.fileName, data: png },
      };
    },

    async filing(arg): Promise<SupervisorReply> {
      if (!deps.remind || deps.remind.config.offices.length === 0) return { text: NO_REGISTRY, kind: 'reminders-off' };
      const { year, words } = parseYearAndWords(arg);
      const all = (await status(year))!;
      // 报送情况 2025 洛阳: the registered offices of that place only.
      const mine = statusInRegion(all, words || null);
      if (words && mine.offices.length === 0) {
        return {
          text: `登记的应报单位中没有“${words}”的单位。发送「报送情况 ${all.year}」查看全部。`,
          kind: 'unknown',
        };
      }
      return { text: (words ? `【${words}】` : '') + filingReportText(mine), kind: 'filing' };
    },
  };
}
