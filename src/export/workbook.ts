// The supervisor's Excel workbook (exceljs): every office × every fact of a year,
// the failed checks, filing status with deadlines, and year-over-year changes.
// Numbers are written as numbers and blanks stay blank (a blank is never 0); every
// sheet has a frozen header and filters. Pure apart from building the buffer.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { formatDateZh } from '../remind/calendar.js';
import type { RemindStatus } from '../remind/status.js';
import { describeFact, FACT_BY_ID, type FactId } from '../catalogue/facts.js';
import type { Severity } from '../parse/types.js';
import type { StoredReport } from '../store/types.js';
import { type ExportData, YOY_FACTS } from './collect.js';

export const SHEET_NAMES = { facts: '各单位数据', findings: '核查问题', filing: '报送情况', yoy: '同比变化' } as const;

/** Columns before the facts on the facts sheet. */
// 报告文件: namesakes no region tells apart (two 石桥镇人民政府) are told apart by their file.
export const LEAD_HEADERS = ['单位', '地区', '年度', '格式', '报告文件'] as const;

const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '注意', info: '提示' };

/** The header a person reads for a fact: its row and column as the template prints them, with the unit. */
export function factHeader(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  return def ? `${describeFact(id)}[${def.unit}]` : id;
}

function header(sheet: ExcelJS.Worksheet, names: readonly string[], widths: number[]): void {
  sheet.addRow([...names]);
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  names.forEach((_, i) => (sheet.getColumn(i + 1).width = widths[i] ?? 14));
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
}

/** A cell's value: the number, or blank (null) for a blank or absent cell. */
const cell = (r: StoredReport, id: FactId): number | null => {
  const v = r.facts[id];
  return typeof v === 'number' ? v : null;
};

/** The notes a report's cells carry: approximate values, and the checks each cell failed. */
export function cellNotes(r: StoredReport): Map<FactId, string> {
  const notes = new Map<FactId, string[]>();
  const add = (id: FactId, line: string) => notes.set(id, [...(notes.get(id) ?? []), line]);
  for (const id of r.approximate) add(id, '约数：报告原文为“余/约”等概数');
  for (const f of r.findings)
    if (f.severity !== 'info') for (const id of f.ids) add(id, `核查${SEVERITY_ZH[f.severity]}：${f.message}`);
  return new Map([...notes].map(([id, lines]) => [id, lines.join('\n')]));
}

function factsSheet(wb: ExcelJS.Workbook, data: ExportData): void {
  const sheet = wb.addWorksheet(SHEET_NAMES.facts);
  const names = [...LEAD_HEADERS, ...data.factIds.map(factHeader)];
  header(sheet, names, [28, 22, 6, 6, 24, ...data.factIds.map(() => 14)]);
  for (const r of data.reports) {
    const row = sheet.addRow([
      r.office.name,
      r.office.region ?? '',
      r.year,
      r.format,
      path.basename(r.sourceFile),
      ...data.factIds.map((id) => cell(r, id)),
    ]);
    // A value that is approximate (180余条) or touched by a failed check keeps the
    // report's number and says so in a note: never silently corrected, never hidden.
    for (const [id, note] of cellNotes(r)) {
      const i = data.factIds.indexOf(id);
      if (i >= 0 && cell(r, id) !== null) row.getCell(LEAD_HEADERS.length + 1 + i).note = note;
    }
  }
}

function findingsSheet(wb: ExcelJS.Workbook, data: ExportData): void {
  const sheet = wb.addWorksheet(SHEET_NAMES.findings);
  header(sheet, ['单位', '地区', '年度', '严重程度', '问题', '涉及项目'], [28, 22, 6, 8, 80, 40]);
  for (const r of data.reports) {
    for (const f of r.findings) {
      sheet.addRow([
        r.office.name,
        r.office.region ?? '',
        r.year,
        SEVERITY_ZH[f.severity],
        f.message,
        f.ids.map(describeFact).join('；'),
      ]);
    }
  }
}

function leftText(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  if (daysLeft > 0) return `还剩 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天截止';
  return `已逾期 ${-daysLeft} 天`;
}

function filingSheet(wb: ExcelJS.Workbook, status: RemindStatus | null): void {
  const sheet = wb.addWorksheet(SHEET_NAMES.filing);
  header(sheet, ['单位', '地区', '类别', '截止日期', '是否报送', '距截止天数', '说明'], [28, 22, 10, 16, 8, 10, 30]);
  if (!status) {
    sheet.addRow(['（配置文件中没有登记需要报送的单位 offices:，无法列出截止日期）']);
    return;
  }
  for (const o of status.offices) {
    sheet.addRow([
      o.office,
      o.region ?? '',
      o.kind,
      formatDateZh(o.deadline, false),
      o.filed ? '已报送' : '未报送',
      // Negative once overdue: filterable and sortable as a number.
      o.daysLeft,
      [leftText(o.daysLeft), o.paused ? '已暂停提醒' : ''].filter(Boolean).join('；'),
    ]);
  }
  sheet.addRow([]);
  sheet.addRow([`截至${formatDateZh(status.today, false)}；距截止天数为负数表示已逾期。`]);
}

function yoySheet(wb: ExcelJS.Workbook, data: ExportData): void {
  const sheet = wb.addWorksheet(SHEET_NAMES.yoy);
  header(
    sheet,
    ['单位', '地区', '报告文件', '指标', `${data.year - 1}年`, `${data.year}年`, '增减', '增减率', '说明'],
    [28, 22, 24, 40, 10, 10, 10, 10, 40],
  );
  for (const r of data.reports) {
    const prev = data.previous.get(r.officeId);
    if (!prev) continue;
    const notesNow = cellNotes(r);
    const notesBefore = cellNotes(prev);
    for (const id of YOY_FACTS) {
      const before = cell(prev, id);
      const now = cell(r, id);
      if (before === null && now === null) continue;
      const change = before !== null && now !== null ? now - before : null;
      const rate = change !== null && before ? Math.round((change / before) * 10000) / 10000 : null;
      // A change computed from a value a check contradicts says so.
      const said = [
        notesBefore.has(id) ? `${data.year - 1}年：${notesBefore.get(id)}` : '',
        notesNow.has(id) ? `${data.year}年：${notesNow.get(id)}` : '',
      ].filter(Boolean);
      const row = sheet.addRow([
        r.office.name,
        r.office.region ?? '',
        path.basename(r.sourceFile),
        factHeader(id),
        before,
        now,
        change,
        rate,
        said.join('\n'),
      ]);
      row.getCell(8).numFmt = '0.0%';
    }
  }
  if (sheet.rowCount === 1) sheet.addRow([`（没有单位同时存有 ${data.year - 1} 和 ${data.year} 年度的年报）`]);
}

/** The workbook as .xlsx bytes. `status`: 报送情况 from src/remind (null without a registry). */
export async function buildWorkbook(data: ExportData, status: RemindStatus | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '年报助手';
  factsSheet(wb, data);
  findingsSheet(wb, data);
  filingSheet(wb, status);
  yoySheet(wb, data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
