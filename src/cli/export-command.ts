// `nianbao export --year Y [--region R] --out FILE.xlsx`: the supervisor's workbook
// (src/export) from the data folder; filing status with deadlines when the
// configuration registers offices. Only reads the store (SQLite in the data folder, or
// the PostgreSQL database the configuration names).
import { writeFileSync } from 'node:fs';
import { collectExport } from '../export/collect.js';
import { filingStatus } from '../export/filing.js';
import { statusInRegion } from '../bot/export-commands.js';
import { buildWorkbook } from '../export/workbook.js';
import { remindConfigOf } from '../config/remind.js';
import { openCommandStore } from './open-store.js';

export interface ExportCliOptions {
  data: string;
  config?: string;
  year?: string;
  region?: string;
  out: string;
}

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIO = (): CliIO => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
});

/** `--year`: a four-digit report year, or null with the message already printed. */
export function yearOption(value: string | undefined, io: CliIO): number | null | undefined {
  if (value === undefined) return undefined;
  if (!/^(?:19|20)\d{2}$/.test(value.trim())) {
    io.err(`--year 应为四位年份，如 2023（收到“${value}”）。`);
    return null;
  }
  return Number(value);
}

export async function runExport(opts: ExportCliOptions, io: CliIO = processIO()): Promise<number> {
  const asked = yearOption(opts.year, io);
  if (asked === null) return 2;
  const opened = await openCommandStore(opts, io.err);
  if (!opened) return 1;
  const { config, store } = opened;
  try {
    const years = await store.years();
    const year = asked ?? years.at(-1);
    if (year === undefined) {
      io.err(`数据目录 ${opts.data} 中还没有年报：先用 nianbao ingest 导入。`);
      return 1;
    }
    const data = await collectExport(store, { year, region: opts.region ?? null });
    if (data.reports.length === 0) {
      io.err(
        `没有${opts.region ? `“${opts.region}”的单位的` : ''} ${year} 年度年报可导出（已有年度：${years.join('、') || '无'}）。`,
      );
      return 1;
    }
    const registry = config.offices ?? [];
    const status = registry.length
      ? await filingStatus({
          config: remindConfigOf(config),
          store,
          ledger: store.ledger(),
          year,
          now: new Date(),
        })
      : null;
    writeFileSync(opts.out, await buildWorkbook(data, status ? statusInRegion(status, data.region) : null));
    const findings = data.reports.reduce((n, r) => n + r.findings.length, 0);
    io.out(
      `已导出 ${year} 年度 ${data.region ? `${data.region} ` : ''}${data.reports.length} 个单位（${data.factIds.length} 项数据，核查问题 ${findings} 条` +
        `${status ? `，报送情况 ${status.offices.length} 家` : '，未登记应报单位：报送情况为空'}，同比 ${data.previous.size} 个单位）到 ${opts.out}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
