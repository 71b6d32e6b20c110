// Is a message for the bot, and what does it ask? Pure functions of the text and
// the configuration, so the rules can be tested without any channel.
import type { CommandName, Incoming } from './types.js';

export interface Addressing {
  /** The bot's name: `@年报助手` addresses it. */
  name: string;
  /** A group message starting with this addresses the bot; "" = no prefix. */
  prefix: string;
  /** Rooms served (topic or id); empty = all. */
  rooms: string[];
  /** Private chats served (name or id); empty = all. Admins are always served. */
  contacts: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** WeChat ends an @mention with U+2005 (four-per-em space); people type ordinary spaces. */
const SPACE = '[\\s\\u2005\\u3000]';
const LEAD_PUNCT = /^[\s\u2005\u3000,，:：、;；.。!！]+/;

export function matchesAny(list: readonly string[], ...candidates: (string | undefined)[]): boolean {
  return candidates.some((c) => c !== undefined && c !== '' && list.includes(c));
}

/** Is this sender one of the configured admins (by name or id)? */
export function isAdminSender(admins: readonly string[], senderId: string, senderName: string): boolean {
  return matchesAny(admins, senderId, senderName);
}

/** Is this room or contact served at all? */
export function isServed(msg: Incoming, cfg: Pick<Addressing, 'rooms' | 'contacts'>): boolean {
  if (msg.roomId !== undefined) return cfg.rooms.length === 0 || matchesAny(cfg.rooms, msg.roomId, msg.roomTopic);
  return msg.isAdmin || cfg.contacts.length === 0 || matchesAny(cfg.contacts, msg.senderId, msg.senderName);
}

/**
 * The question a message puts to the bot, with the @mention and prefix stripped;
 * null when the message is not addressed to the bot (in a group: no @ and no prefix)
 * or comes from a room or contact that is not served.
 */
export function addressedQuestion(msg: Incoming, cfg: Addressing): string | null {
  if (!isServed(msg, cfg)) return null;
  const atName = new RegExp(`@${escapeRe(cfg.name)}${SPACE}*`, 'g');
  const text = msg.text.trim();
  let addressed = msg.mentionedSelf || atName.test(text);
  atName.lastIndex = 0;

  let q = text.replace(atName, ' ');
  // The bot may be @-ed under a group nickname we do not know: drop WeChat-style
  // mentions (ended by U+2005) when the channel says the bot was mentioned.
  if (msg.mentionedSelf) q = q.replace(/@[^\s\u2005@]+\u2005/g, ' ');
  q = q.trim();
  // "年报助手，帮助" without the @ is still spoken to the bot.
  if (q.startsWith(cfg.name)) {
    addressed = true;
    q = q.slice(cfg.name.length).replace(LEAD_PUNCT, '');
  }
  if (cfg.prefix && q.startsWith(cfg.prefix)) {
    addressed = true;
    const rest = q.slice(cfg.prefix.length);
    // "年报 只楚…" and "年报核查 只楚" drop the prefix; in "年报什么时候交" it is a word of the question.
    if (rest === '' || LEAD_PUNCT.test(rest)) q = rest.replace(LEAD_PUNCT, '');
    else if (parseCommand(rest).command !== 'ask') q = rest;
  }
  if (msg.roomId !== undefined && !addressed) return null;
  return q.trim();
}

export interface ParsedCommand {
  command: CommandName;
  /** What follows the command word (the office for 核查), or the whole question for `ask`. */
  arg: string;
}

const COMMANDS: { command: CommandName; re: RegExp }[] = [
  { command: 'help', re: /^(?:帮助|菜单|功能|使用说明|help|menu|\?|？)$/i },
  { command: 'offices', re: /^(?:单位列表|单位清单|offices|office list|list offices)$/i },
  { command: 'check', re: /^(?:核查|check(?=\s|$))(.*)$/is },
  { command: 'status', re: /^(?:提醒状态|报送状态|status(?=\s|$))(.*)$/is },
  { command: 'pause', re: /^(?:暂停提醒|pause(?=\s|$))(.*)$/is },
  { command: 'resume', re: /^(?:恢复提醒|resume(?=\s|$))(.*)$/is },
  { command: 'assign', re: /^(?:指定地区)(.*)$/s },
  { command: 'export', re: /^(?:导出|export(?=\s|$))(.*)$/is },
  { command: 'chart', re: /^(?:图表|画图|chart(?=\s|$))(.*)$/is },
  { command: 'filings', re: /^(?:报送情况)(.*)$/s },
  { command: 'confirm', re: /^(?:确认)(.*)$/s },
  { command: 'cancel', re: /^(?:取消)$/ },
];

/** Commands an admin must give. */
export const ADMIN_COMMANDS: ReadonlySet<CommandName> = new Set(['pause', 'resume', 'assign', 'export']);

/** Chinese name of a command, for refusals. */
export const COMMAND_WORDS: Record<CommandName, string> = {
  help: '帮助',
  offices: '单位列表',
  check: '核查',
  status: '提醒状态',
  pause: '暂停提醒',
  resume: '恢复提醒',
  assign: '指定地区',
  export: '导出',
  chart: '图表',
  filings: '报送情况',
  file: '报送年报',
  confirm: '确认',
  cancel: '取消',
  ask: '提问',
};

/**
 * "谁还没报送", "洛阳哪些单位还没交2020年的年报", "who hasn't filed": 报送情况 asked in
 * words. Who has not filed is known only from the registry; the reports cannot say it (a
 * passage about 信息报送 was quoted in its place). Who has filed the reports do say (the
 * engine lists a year's stored reports), so that stays a question.
 */
const FILINGS_TAIL = String.raw`(?=\s*(?:(?:19|20)\d{2}\s*(?:年度|年)?)?\s*的?\s*(?:政府信息公开工作)?(?:年报|年度报告|报告)?\s*$)`;
const FILINGS_ASKED = new RegExp(
  [
    String.raw`(?:谁|哪些单位|哪几个单位|哪个单位|哪些|哪几家|哪家)(?:还|仍然?|至今|都)?(?:没有|没|未)(?:报送|上报|报|交|提交)${FILINGS_TAIL}`,
    String.raw`(?:未|没)(?:报送|上报|交)的(?:单位|有哪些|有谁)`,
    String.raw`\b(?:who|which offices?)\b.*\b(?:(?:has|have)(?:n't| not)(?: yet)? (?:filed|submitted)|yet to (?:file|submit))\b`,
  ].join('|'),
  'i',
);
// What is left of such a question besides its year and place.
const FILINGS_FILLER =
  /政府信息公开工作|年度报告|年报|报告|的|了|吗|呢|吧|还|有|哪些|yet|\b(?:the|for|in|reports?)\b/gi;

/** Commands first (Chinese words, English aliases); anything else is a question. Empty = help. */
export function parseCommand(question: string): ParsedCommand {
  const trimmed = question.trim();
  if (!trimmed) return { command: 'help', arg: '' };
  // "帮助？" is still 帮助; a lone "?" is kept so that it asks for help.
  const q = trimmed.replace(/[?？。.!！]+$/u, '') || trimmed;
  for (const { command, re } of COMMANDS) {
    const m = re.exec(q);
    if (m) return { command, arg: (m[1] ?? '').replace(LEAD_PUNCT, '').trim() };
  }
  const filings = FILINGS_ASKED.exec(q);
  if (filings) {
    const rest = `${q.slice(0, filings.index)} ${q.slice(filings.index + filings[0].length)}`;
    return { command: 'filings', arg: rest.replace(FILINGS_FILLER, ' ').replace(/\s+/g, ' ').trim() };
  }
  return { command: 'ask', arg: trimmed };
}
