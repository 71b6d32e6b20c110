// The admin command 指定地区 <单位或文件> <地区>: says where a report's office is
// (namesakes no region told apart at ingest), through the same steps and words as
// `nianbao assign`. The region is the message's last word; the rest names the
// report, by its file or its office. The store is either backend's: awaited.
import { assignRegion, type ConflictStore } from '../ingest/conflicts.js';
import { regionUnits } from '../store/identity.js';

export const ASSIGN_USAGE = '用法：指定地区 单位名称或文件名 地区，例如「指定地区 城关镇-2020.txt 河南省洛阳市嵩县」。';

/** "<单位或文件> <地区>" → its two halves; null when no region can be told from the words. */
export function splitAssignArg(arg: string): { words: string; region: string } | null {
  const parts = arg.trim().split(/\s+/);
  if (parts.length < 2) return null;
  const region = parts.pop()!;
  // A region is administrative units (河南省洛阳市嵩县), nothing else.
  if (regionUnits(region).join('') !== region.normalize('NFKC')) return null;
  return { words: parts.join(' '), region };
}

export async function assignReply(
  src: Partial<ConflictStore> | undefined,
  arg: string,
): Promise<{ text: string; kind: string; changed: boolean }> {
  if (
    !src?.assignRegion ||
    !src.conflicts ||
    !src.reportsByFile ||
    !src.officesByAlias ||
    !src.currentReports ||
    !src.getOffice
  ) {
    return { text: '单位数据还没有准备好，请稍后再试。', kind: 'unknown', changed: false };
  }
  const split = splitAssignArg(arg);
  if (!split) return { text: ASSIGN_USAGE, kind: 'assign', changed: false };
  const outcome = await assignRegion(src as ConflictStore, split.words, split.region);
  return { text: outcome.text, kind: 'assign', changed: outcome.moved.length > 0 };
}
