// Whether a parsed number can be what its cell holds: a count, a signed change or an
// amount. A value that cannot (negative outside a change column, a fraction in a count,
// beyond 100,000,000, or more digits than a double holds exactly) is not stored: the
// cell becomes null and an `implausible` finding quotes the text. Pure: no I/O.
import { FACT_BY_ID, describeFact, type FactId } from '../catalogue/facts.js';
import { MAX_COUNT } from './glued.js';
import type { Finding } from './types.js';

/** What a cell may hold: counts, signed changes (本年增/减), amounts in 万元 (decimals). */
export type ValueKind = 'count' | 'change' | 'amount';

export type ImplausibleReason = 'inexact' | 'too_large' | 'negative' | 'fraction';

/** A double holds 15 significant decimal digits exactly; beyond that the text is not the number. */
const MAX_SIGNIFICANT = 15;

/** The kind of value a fact id holds, from its column. */
export function valueKindOf(id: FactId): ValueKind {
  if (id.endsWith('.change')) return 'change';
  if (id.endsWith('.amount')) return 'amount';
  return 'count';
}

/** Significant digits of the number written in `text` (leading and trailing zeros do not count). */
function significantDigits(text: string): number {
  const m = /(\d[\d,]*)(?:\.(\d+))?/.exec(text.normalize('NFKC'));
  if (!m) return 0;
  const digits = (m[1].replace(/,/g, '') + (m[2] ?? '')).replace(/^0+/, '').replace(/0+$/, '');
  return digits.length;
}

/**
 * Why `value`, read from `text`, cannot be a cell of this kind; null when it can.
 * The first reason that applies, in the order of the spec: inexact, too large,
 * negative, fraction.
 */
export function implausibility(text: string, value: number, kind: ValueKind): ImplausibleReason | null {
  if (!Number.isFinite(value) || significantDigits(text) > MAX_SIGNIFICANT) return 'inexact';
  if (Math.abs(value) > MAX_COUNT) return 'too_large';
  if (value < 0 && kind !== 'change') return 'negative';
  if (!Number.isInteger(value) && kind !== 'amount') return 'fraction';
  return null;
}

const TABLE_NAME = { A: '表二', B: '表三', C: '表四', prose: '正文' } as const;

const WHY: Record<ImplausibleReason, string> = {
  inexact: '位数超过计算机能精确保存的 15 位有效数字，读出的数已不是原文的数',
  too_large: '超过 1 亿，不可能是件数或金额',
  negative: '是负数，而只有「本年增/减」一列可以为负',
  fraction: '带小数，而件数只能是整数',
};

/** The finding for one implausible cell: names the table, the cell and quotes the text. */
export function implausibleFinding(id: FactId, text: string, reason: ImplausibleReason): Finding {
  const table = TABLE_NAME[FACT_BY_ID.get(id)?.table ?? 'prose'];
  return {
    code: 'implausible',
    severity: 'error',
    ids: [id],
    message: `${table}「${describeFact(id)}」的数值“${text.trim()}”${WHY[reason]}，按空白处理，请核对原文。`,
  };
}
