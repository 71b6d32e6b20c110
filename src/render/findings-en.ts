// The checks' findings in English. The parser words each finding in Chinese for a
// supervisor (src/parse/checks.ts); an English answer rebuilds it from the finding's
// code, the ids it names and the report's own values, with English row and column
// names (src/ask/labels-en.ts). What only the message holds — a line number, the
// digits of a glued row, a date — is read from it by its fixed pattern, and left
// out when the pattern does not match. Pure; never shows an internal code.
import { APPLY_COLS_EN, PART_TITLES_EN, type ApplyCol, type FactId } from '../catalogue/facts.js';
import type { Finding, FindingCode } from '../parse/types.js';
import { colEn, describeFactEn, rowEn, tableOfEn } from './labels-en.js';

type Facts = Readonly<Record<FactId, number | null>>;

/** The name of each check in English, for lists ("2 findings: a blank cell, …"). */
export const CHECK_NAMES_EN: Record<FindingCode, string> = {
  balance: 'applications do not balance',
  handled_sum: 'outcomes do not add up to the total handled',
  column_sum: 'a row total differs from its columns',
  review_sum: 'the review total differs from its parts',
  litigation_sum: 'a lawsuit total differs from its parts',
  missing_cell: 'blank or missing cells',
  missing_part: 'a part of the report is missing',
  prose_mismatch: 'the text contradicts the tables',
  date: 'a doubtful report date',
  incomplete: 'the text stops early',
  unit: 'an amount without a unit',
  ambiguous_cells: 'digits that cannot be split with certainty',
  implausible: 'a value no count can be',
};

const MARK = { error: '✗', warning: '⚠', info: 'ℹ' } as const;
const CN_PART: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));
const val = (facts: Facts, id: FactId) => {
  const v = facts[id];
  return typeof v === 'number' ? fmt(v) : id in facts ? 'blank' : 'missing';
};
const num = (facts: Facts, id: FactId) => (typeof facts[id] === 'number' ? (facts[id] as number) : 0);
const colOf = (id: FactId) => id.slice(id.lastIndexOf('.') + 1);
const rowIdOf = (id: FactId) => id.slice('apply.'.length, id.lastIndexOf('.'));
/** The first few of a list, and how many more. */
const some = (items: string[], n = 6) =>
  items.length > n ? `${items.slice(0, n).join(', ')} and ${items.length - n} more` : items.join(', ');
const lineIn = (message: string) => /第\s*(\d+)\s*行/.exec(message)?.[1];

/** One finding, as an English line: its check's name, then what it found, with the numbers on both sides. */
export function findingEn(f: Finding, facts: Facts): string {
  return `${MARK[f.severity] ?? '⚠'} ${capital(CHECK_NAMES_EN[f.code] ?? 'a check fails')}: ${findingBodyEn(f, facts)}`;
}

/** What a finding found, in English, without the check's name. */
export function findingBodyEn(f: Finding, facts: Facts): string {
  const ids = f.ids;
  switch (f.code) {
    case 'balance': {
      const [rec, over, handled, fwd] = ids;
      if (!fwd) break;
      return `in part 3's table, column “${colEn(rec)}”: new applications (${val(facts, rec)}) + carried over (${val(facts, over)}) = ${fmt(num(facts, rec) + num(facts, over))}, but handled (${val(facts, handled)}) + carried forward (${val(facts, fwd)}) = ${fmt(num(facts, handled) + num(facts, fwd))}; the two should be equal.`;
    }
    case 'handled_sum': {
      const [handled, ...rows] = ids;
      if (!handled) break;
      const total = rows.reduce((s, id) => s + num(facts, id), 0);
      const nonzero = rows.filter((id) => num(facts, id) !== 0).map((id) => `${rowEn(id)} ${val(facts, id)}`);
      return `in part 3's table, column “${colEn(handled)}”: the total handled is ${val(facts, handled)}, but the outcome rows add up to ${fmt(total)}${nonzero.length ? ` (${some(nonzero)})` : ''}.`;
    }
    case 'column_sum': {
      const [total, ...parts] = ids;
      if (!total) break;
      const sum = parts.reduce((s, id) => s + num(facts, id), 0);
      return `in part 3's table, row “${rowEn(total)}”: the total is ${val(facts, total)}, but natural persons and the organisations add up to ${fmt(sum)} (${parts.map((id) => `${colEn(id)} ${val(facts, id)}`).join(', ')}).`;
    }
    case 'review_sum':
    case 'litigation_sum': {
      const [total, ...parts] = ids;
      if (!total) break;
      const sum = parts.reduce((s, id) => s + num(facts, id), 0);
      return `in part 4's table, ${rowEn(total)}: the total is ${val(facts, total)}, but upheld + corrected + other result + pending = ${fmt(sum)} (${parts.map((id) => val(facts, id)).join(' + ')}).`;
    }
    case 'missing_cell':
      return missingCellsEn(ids, facts);
    case 'missing_part': {
      const p = CN_PART[/第([一二三四五六])部分/.exec(f.message)?.[1] ?? ''];
      return p
        ? `part ${p} (${PART_TITLES_EN[p]}) is missing, or its heading cannot be recognised.`
        : 'a part of the report is missing, or its heading cannot be recognised.';
    }
    case 'prose_mismatch': {
      const line = lineIn(f.message);
      const stated = /（([\d.]+)\s*件）/.exec(f.message)?.[1];
      const table = ids.reduce((s, id) => s + num(facts, id), 0);
      const what = ids.length > 1 ? 'lawsuits (filed directly + after review)' : describeFactEn(ids[0]);
      return `the text${line ? ` at line ${line}` : ''} states ${stated ?? 'a different number'}, but the table gives ${what} as ${fmt(table)}.`;
    }
    case 'date': {
      const dates = [...f.message.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)].map(
        (m) => `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`,
      );
      if (/早于/.test(f.message) && dates[0]) {
        const year = /（(\d{4})年）/.exec(f.message)?.[1];
        return `the report is dated ${dates[0]}, before the end of the year it covers${year ? ` (${year}); perhaps ${Number(year) + 1} was meant` : ''}.`;
      }
      if (/晚于/.test(f.message) && dates[0])
        return `the report is dated ${dates[0]}, after the filing deadline${dates[1] ? ` of ${dates[1]}` : ''} (Article 49 of the Regulations on the Disclosure of Government Information).`;
      return 'the date at the end of the report does not fit the year it covers or the filing deadline.';
    }
    case 'incomplete': {
      const part = CN_PART[/在第([一二三四五六])部分/.exec(f.message)?.[1] ?? ''];
      const lines = /共\s*(\d+)\s*行/.exec(f.message)?.[1];
      const read = /已有的\s*(\d+)\s*项/.exec(f.message)?.[1];
      return `the text stops ${part ? `in part ${part}` : 'in the tables'}${lines ? ` (after ${lines} lines)` : ''}; what follows is missing${read ? `, and only the ${read} figures before the cut were read` : ''}.`;
    }
    case 'ambiguous_cells': {
      const line = lineIn(f.message);
      const digits = /“(\d+)”/.exec(f.message)?.[1];
      const row = ids.length ? rowEn(ids[0]) : 'a row';
      const where = `row “${row}”${ids.length ? ` of ${tableOfEn(ids[0])}` : ''}${line ? ` (line ${line})` : ''}`;
      return digits
        ? `in ${where} the digits run together (“${digits}”) and cannot be split into its cells with certainty, so those cells are left blank; please check the original.`
        : `the values of ${where} cannot be placed in their columns with certainty, so those cells are left blank; please check the original.`;
    }
    case 'implausible': {
      const id = ids[0];
      const text = /数值“([^”]*)”/.exec(f.message)?.[1];
      const why = /15 位/.test(f.message)
        ? 'has more digits than can be held exactly'
        : /1 亿/.test(f.message)
          ? 'is over 100,000,000, more than any count or amount can be'
          : /负数/.test(f.message)
            ? 'is negative, which only a change column may be'
            : /小数/.test(f.message)
              ? 'has a fraction, which a count cannot have'
              : 'cannot be a count or an amount';
      return `${id ? `“${describeFactEn(id)}” in ${tableOfEn(id)}` : 'a cell'} holds ${text ? `“${text}”` : 'a value'}, which ${why}; it is left blank.`;
    }
    case 'unit':
      return ids.length
        ? `the unit of ${some(ids.map(describeFactEn))} is not stated, so the amount is kept as written.`
        : 'the unit of an amount is not stated, so it is kept as written.';
  }
  return ids.length ? `it concerns ${some(ids.map(describeFactEn))}.` : 'see the report.';
}

/** Blank (null) and absent cells, grouped as the parser groups them: whole rows, or columns of rows. */
function missingCellsEn(ids: readonly FactId[], facts: Facts): string {
  const blank = ids.filter((id) => id in facts);
  const absent = ids.filter((id) => !(id in facts));
  const parts: string[] = [];
  const applyBlank = blank.filter((id) => id.startsWith('apply.'));
  if (applyBlank.length) {
    const cols = new Map<string, string[]>();
    for (const id of applyBlank) cols.set(rowIdOf(id), [...(cols.get(rowIdOf(id)) ?? []), colOf(id)]);
    const rows = [...cols.keys()];
    const allCols = Object.keys(APPLY_COLS_EN).length;
    const sameCols = new Set([...cols.values()].map((c) => c.join(','))).size === 1;
    const first = cols.get(rows[0])!;
    const rowNames = some(rows.map((r) => rowEn(`apply.${r}.total`)));
    if (sameCols && first.length === allCols)
      parts.push(
        `in part 3's table, ${rows.length === 1 ? '1 row is' : `${rows.length} rows are`} entirely blank: ${rowNames}`,
      );
    else if (sameCols)
      parts.push(
        `in part 3's table, the column${first.length === 1 ? '' : 's'} ${first.map((c) => `“${APPLY_COLS_EN[c as ApplyCol]}”`).join(', ')} ${first.length === 1 ? 'is' : 'are'} blank in ${rows.length === 1 ? '1 row' : `${rows.length} rows`}: ${rowNames}`,
      );
    else
      parts.push(
        `in part 3's table, ${applyBlank.length === 1 ? '1 cell is' : `${applyBlank.length} cells are`} blank: ${some(applyBlank.map(describeFactEn))}`,
      );
  }
  const otherBlank = blank.filter((id) => !id.startsWith('apply.'));
  if (otherBlank.length)
    parts.push(
      `${otherBlank.length === 1 ? '1 cell is' : `${otherBlank.length} cells are`} blank: ${some(otherBlank.map(describeFactEn))}`,
    );
  if (absent.length)
    parts.push(
      `${absent.length === 1 ? '1 cell of the template is' : `${absent.length} cells of the template are`} not found in the text: ${some(absent.map(describeFactEn), 8)}`,
    );
  return parts.length ? `${parts.join('; ')}.` : 'some cells are blank or missing.';
}

/** A finding as an English sentence on its own (after a ⚠, in a note). */
export function findingSentenceEn(f: Finding, facts: Facts): string {
  return capital(findingBodyEn(f, facts));
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
