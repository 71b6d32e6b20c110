// Filing a report in the chat, decided: what a received report is (not a report,
// unclear, another office's, an office nobody registered, or one to store), which
// registry entry it belongs to, and whether a pasted text is a report at all.
// Pure: no I/O, no clock; src/bot/filing-desk.ts carries the decision out.
import type { OfficeKind } from '../parse/types.js';
import { officeAliases } from '../parse/office.js';
import type { OfficeEntry, Registry } from '../remind/config.js';
import { matchRegistry } from '../remind/filings.js';
import { officeKey } from '../remind/plan.js';
import { type Attachment, FileTooLargeError } from './types.js';

/** What the parse of a received file says about whose report it is. */
export interface FiledIdentity {
  /** Null: the file is not a report (no template table found). */
  format: string | null;
  office: string | null;
  year: number | null;
  region: string | null;
  kind: OfficeKind | null;
  /** True when office or year came only from the file's name: a guess until someone confirms it. */
  fromFileName?: boolean;
}

/** Why a file waits for 确认 instead of being stored. */
export type HoldReason =
  /** The text names no office, or no year. */
  | 'unclear'
  /** The office is in no registry entry (a misread name would otherwise be filed as a new office). */
  | 'unregistered'
  /** The room is registered to another office: only an admin may file for someone else. */
  | 'other-office';

export type FilingDecision =
  | { action: 'refuse' }
  | { action: 'store'; entry: OfficeEntry | null }
  | { action: 'hold'; reason: HoldReason; needsAdmin: boolean; entry: OfficeEntry | null; roomOffices: OfficeEntry[] };

export interface FilingContext {
  registry: Registry;
  /** The room's id and topic (both absent in a private chat). */
  roomId?: string;
  roomTopic?: string;
}

/** Registry entries whose reminders go to this room (by topic or id). */
export function roomOffices(registry: Registry, roomId?: string, roomTopic?: string): OfficeEntry[] {
  if (roomId === undefined) return [];
  return registry.filter((e) => e.room === roomTopic || e.room === roomId);
}

/**
 * The registry entry a report's office is, matched exactly the way the reminders
 * match the store (src/remind/filings.ts), so that a report filed under an entry
 * is the one the reminders then count as filed. Null unless exactly one fits.
 */
export function registryEntryFor(
  registry: Registry,
  id: Pick<FiledIdentity, 'office' | 'region' | 'kind'>,
): OfficeEntry | null {
  if (!id.office) return null;
  const office = {
    id: 0,
    name: id.office,
    region: id.region,
    kind: id.kind ?? '其他',
    aliases: officeAliases(id.office),
  };
  const { byKey } = matchRegistry(registry, [office]);
  const fits = registry.filter((e) => (byKey.get(officeKey(e)) ?? []).length > 0);
  return fits.length === 1 ? fits[0] : null;
}

/**
 * Store, hold or refuse. With no registry at all (no reminders configured) a
 * clear report is stored: there is nothing to hold it against. A report for
 * another office than the room's own needs an admin; an unregistered or unclear
 * one may be confirmed by the sender.
 */
export function decideFiling(id: FiledIdentity, ctx: FilingContext): FilingDecision {
  if (id.format === null) return { action: 'refuse' };
  const mine = roomOffices(ctx.registry, ctx.roomId, ctx.roomTopic);
  const entry = registryEntryFor(ctx.registry, id);
  if (!id.office || id.year === null || id.fromFileName)
    return { action: 'hold', reason: 'unclear', needsAdmin: false, entry, roomOffices: mine };
  if (ctx.registry.length === 0) return { action: 'store', entry: null };
  if (mine.length && !(entry && mine.includes(entry))) {
    return { action: 'hold', reason: 'other-office', needsAdmin: true, entry, roomOffices: mine };
  }
  if (!entry) return { action: 'hold', reason: 'unregistered', needsAdmin: false, entry: null, roomOffices: mine };
  return { action: 'store', entry };
}

/**
 * After 确认 names an office: may this sender file it? Another office than the
 * room's own still needs an admin, whoever confirms.
 */
export function confirmNeedsAdmin(ctx: FilingContext, entry: OfficeEntry | null): boolean {
  const mine = roomOffices(ctx.registry, ctx.roomId, ctx.roomTopic);
  return mine.length > 0 && !(entry && mine.includes(entry));
}

/** Words of the template that a pasted report carries and a question does not. */
const REPORT_MARKS = [
  /政府信息公开工作年度报告|政府信息公开年度报告/,
  /主动公开政府信息情况/,
  /收到和处理政府信息公开申请情况/,
  /行政复议、?行政诉讼情况|行政复议.{0,20}行政诉讼/,
  /本年新收政府信息公开申请数量/,
  /结转下年度继续办理/,
];

/** Is a pasted text clearly a report (long, and carrying the template's headings and rows)? */
export function looksLikeReport(text: string): boolean {
  if (text.length < 400) return false;
  return REPORT_MARKS.filter((re) => re.test(text)).length >= 4;
}

/** `确认 城郊街道 2024` → the office words and the year (either may be absent). */
export function parseConfirmArg(arg: string): { office: string | null; year: number | null } {
  const m = /((?:19|20)\d{2})\s*(?:年度|年)?/.exec(arg);
  const rest = (m ? arg.slice(0, m.index) + arg.slice(m.index + m[0].length) : arg)
    .replace(/[\s\u3000,，、]+/g, '')
    .replace(/(?:的)?(?:政府信息公开工作)?(?:年度报告|年报|报告)$/, '');
  return { office: rest || null, year: m ? Number(m[1]) : null };
}

/** The name a pasted report is filed under. */
export const PASTED_NAME = '粘贴的年报.txt';

/** A pasted report as a file, so it is filed exactly like a sent one. */
export function pastedAttachment(text: string): Attachment {
  const bytes = Buffer.from(text, 'utf8');
  return {
    name: PASTED_NAME,
    size: bytes.length,
    read: async (limit) => {
      if (bytes.length > limit) throw new FileTooLargeError(PASTED_NAME, limit);
      return bytes;
    },
  };
}
