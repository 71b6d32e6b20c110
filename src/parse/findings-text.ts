// How findings read to a person: the check's Chinese name and a mark per severity.
import type { Finding, FindingCode } from './types.js';

export const FINDING_NAMES: Record<FindingCode, string> = {
  balance: '申请收支不平衡',
  handled_sum: '办理结果合计不符',
  column_sum: '申请人分类合计不符',
  review_sum: '行政复议合计不符',
  litigation_sum: '行政诉讼合计不符',
  missing_cell: '单元格空白或缺失',
  missing_part: '缺少部分',
  prose_mismatch: '正文与表格不一致',
  date: '落款日期异常',
  incomplete: '文本不完整',
  unit: '金额单位不明',
  ambiguous_cells: '数字粘连无法唯一拆分',
  implausible: '数值不合常理',
};

const MARK = { error: '✗', warning: '⚠', info: 'ℹ' } as const;

export function formatFinding(f: Finding): string {
  return `${MARK[f.severity]} 【${FINDING_NAMES[f.code] ?? f.code}】${f.message}`;
}

export function formatFindings(findings: Finding[], indent = ''): string {
  if (findings.length === 0) return `${indent}✓ 未发现问题`;
  return findings.map((f) => indent + formatFinding(f)).join('\n');
}
