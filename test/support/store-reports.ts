// The reports the store suites save on either backend. Hand-built parse results
// (test/store-db, store-conflicts, store-postgres): their truth is what they hold, written
// by hand here, not anything the parser makes. And the bundled reports (corpus/2020) as a
// save input, for the suites that compare the two backends on real text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../../src/parse/index.js';
import type { ParsedReport } from '../../src/parse/types.js';
import type { SaveInput } from '../../src/store/index.js';

/** A hand-built parse result of a small 2019-format report. */
export function parsed(over: Partial<ParsedReport> = {}): ParsedReport {
  return {
    office: '芝罘区只楚街道办事处',
    year: 2020,
    format: '2019',
    facts: {
      'active.items': 180,
      'active.procurement.amount': 25.1,
      'apply.received.natural': 4,
      'apply.received.total': 4,
      'apply.granted.total': 3,
      'apply.partial.total': null,
      'review.total': 0,
    },
    approximate: ['active.items'],
    findings: [
      {
        code: 'missing_cell',
        severity: 'warning',
        ids: ['apply.partial.total'],
        message: '“部分公开（总计）”一格空白',
      },
      { code: 'date', severity: 'info', ids: [], message: '报告日期晚于报送期限' },
    ],
    region: '山东省烟台市芝罘区',
    kind: '街道',
    aliases: ['只楚', '只楚街道', '芝罘区只楚街道办事处'],
    date: '2021-01-20',
    incomplete: false,
    units: { 'active.procurement.amount': '万元' },
    provenance: {
      'active.items': { line: 9, cell: '180 余条' },
      'active.procurement.amount': { line: 40, cell: '25.1' },
      'apply.received.natural': { line: 60, cell: '4' },
      'apply.received.total': { line: 60, cell: '4' },
      'apply.granted.total': { line: 62, cell: '3' },
      'apply.partial.total': { line: 63, cell: '' },
      'review.total': { line: 90, cell: '0' },
    },
    parts: [{ part: 1, heading: '一、总体情况', line: 5, endLine: 30 }],
    extraRows: [],
    ...over,
  };
}

/** A small 2019-format township report; `received` tells versions and namesakes apart. */
export function town(received: number, over: Partial<ParsedReport> = {}): ParsedReport {
  return {
    office: '城关镇人民政府',
    year: 2020,
    format: '2019',
    facts: { 'apply.received.total': received, 'apply.received.natural': received, 'review.total': 0 },
    approximate: [],
    findings: [],
    region: null,
    kind: '乡镇',
    aliases: ['城关镇'],
    date: null,
    incomplete: false,
    units: {},
    provenance: { 'apply.received.total': { line: 40, cell: String(received) } },
    parts: [],
    extraRows: [],
    ...over,
  };
}

/** The text saved with `parsed()` (its hash is the report's identity). */
/**
 * A prose fact the database refuses (its bound is none of those allowed): a save holding it
 * fails after its cells and aliases were written, and must roll all of them back.
 */
export const REFUSED_PROSE_FACT = {
  phrase: '微博投诉',
  verb: null,
  lead: '',
  value: 3,
  unit: '条',
  hedge: null,
  bound: 'none of them' as never,
  kind: 'count' as const,
  sub: false,
  written: '3条',
  sentence: '微博投诉3条。',
  line: 1,
  part: null,
};

export const TEXT = '芝罘区只楚街道办事处 2020 年政府信息公开工作年度报告\n……原文……';

/** The bundled sample reports of 2020. */
export const CORPUS_2020 = path.resolve(import.meta.dirname, '../../corpus/2020');
export const CORPUS_2020_FILES = [
  '洛北街道-2020.txt',
  '城郊街道-2020.txt',
  '城关镇-2020.txt',
  '只楚街道-2020.txt',
  '胜利街街道-2020.txt',
];

/** A bundled report as saved: its text (or `text` in its stead), parsed, under `corpus/2020/<file>` (or `sourceFile`). */
export function corpusInput(
  file: string,
  text = readFileSync(path.join(CORPUS_2020, file), 'utf8'),
  sourceFile = `corpus/2020/${file}`,
): SaveInput {
  return { parsed: parseReport(text), text, sourceFile };
}
