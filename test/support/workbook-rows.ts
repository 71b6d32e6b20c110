// A workbook read back as plain values, for suites that compare two exports cell by cell
// (the PostgreSQL ones against SQLite's).
import ExcelJS from 'exceljs';

/** Every row of every sheet, as values (a blank row kept, each row from its first column). */
export async function workbookRows(data: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    out[sheet.name] = rows;
  });
  return out;
}
