// Shapes shared by the bot core and its channels. The core never sees wechaty:
// a channel turns its own message into an Incoming and sends the Reply's parts.
import type { ReportStore } from '../store/report-store.js';

/** A message as the core sees it, whatever channel it came from. */
export interface Incoming {
  text: string;
  /** Set in a group chat; absent in a private chat. */
  roomId?: string;
  roomTopic?: string;
  senderId: string;
  senderName: string;
  /** The channel saw an @ of the bot (wechaty's mentionSelf()). */
  mentionedSelf: boolean;
  isAdmin: boolean;
  /** A file sent in the chat (a report being filed); `text` is then its name or empty. */
  attachment?: Attachment;
}

/** A file a channel received, read only when the bot decides to (with a size limit). */
export interface Attachment {
  /** The file's name as sent (`洛北街道2024年报.pdf`). */
  name: string;
  /** Bytes, when the channel knows them before downloading; null otherwise. */
  size: number | null;
  /** The bytes; rejects with FileTooLargeError as soon as more than `limit` arrive. */
  read(limit: number): Promise<Buffer>;
}

/** A download cut off at the limit (`read(limit)`). */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  constructor(
    readonly file: string,
    readonly limit: number,
  ) {
    super(`${file}: more than ${limit} bytes`);
  }
}

/** What a filing command answers (the core splits and logs it like any reply). */
export interface FilingReply {
  text: string;
  kind: string;
}

/**
 * Reports filed in the chat (src/bot/filing-desk.ts): a file or a pasted report is
 * read, checked and stored or held; held ones wait for 确认 / 取消.
 */
export interface FilingDesk {
  /** May this room or contact file reports at all? (Others' files are ignored.) */
  allows(msg: Incoming): boolean;
  /** Is a file held in this conversation that this sender may confirm or cancel? */
  holds(msg: Incoming): boolean;
  receive(msg: Incoming, file: Attachment): Promise<FilingReply>;
  /** 确认 [单位] [年份]. */
  confirm(msg: Incoming, arg: string): Promise<FilingReply>;
  /** 取消. */
  cancel(msg: Incoming): FilingReply;
}

/** What the question engine returns; the core reads only these two fields. */
export interface AnswerLike {
  /** The text the user sees (Chinese or English). */
  answer: string;
  /** fact | aggregate | list | compare | passage | clarify | unknown */
  kind: string;
  /** What a follow-up may take over (opaque to the bot; kept per room and person). */
  context?: unknown;
}

export interface Asker {
  ask(question: string, context?: unknown): Promise<AnswerLike>;
  /** Reads the offices again (after 指定地区 moved a report). */
  refresh?(): void;
}

/**
 * The part of the store that 核查 and 单位列表 read (and 指定地区 writes, when present),
 * of either backend: every call is awaited (the SQLite store answers at once, PostgreSQL later).
 */
export type OfficeSource = Pick<ReportStore, 'listOffices' | 'officesByAlias' | 'currentReports' | 'getReport'> &
  Partial<Pick<ReportStore, 'conflicts' | 'reportsByFile' | 'assignRegion' | 'getOffice'>>;

/** Who gave a command (pauses are recorded with the name). */
export interface Sender {
  name: string;
  isAdmin: boolean;
}

/** Reminder commands; each returns the text to reply. Absent = reminders not configured. */
export interface ReminderCommands {
  status(arg: string, who: Sender): Promise<string> | string;
  pause(arg: string, who: Sender): Promise<string> | string;
  resume(arg: string, who: Sender): Promise<string> | string;
}

/** A file the bot sends with a reply (a workbook, a chart). */
export interface OutgoingFile {
  name: string;
  data: Buffer;
}

/** What a supervisor's command answers: the text, and for 导出 / 图表 the file to send. */
export interface SupervisorReply {
  text: string;
  kind: string;
  file?: OutgoingFile;
}

/** Supervisors' commands (src/bot/export-commands.ts), over the store of either backend. Absent = not available. */
export interface SupervisorCommands {
  /** 导出 [年份] [地区]: the workbook (admins only; the core checks). */
  export(arg: string, who: Sender): Promise<SupervisorReply>;
  /** 图表 <指标> [年份] [地区或单位]: a PNG chart. */
  chart(arg: string, who: Sender): Promise<SupervisorReply>;
  /** 报送情况 [年份]: who has filed and who has not, as text. */
  filing(arg: string, who: Sender): Promise<SupervisorReply>;
}

export type CommandName =
  | 'help'
  | 'check'
  | 'offices'
  | 'status'
  | 'pause'
  | 'resume'
  | 'assign'
  | 'ask'
  | 'export'
  | 'chart'
  | 'filings'
  | 'file'
  | 'confirm'
  | 'cancel';

/** Kind of a reply, for the log line: the answer's kind for questions, else the command. */
export type ReplyKind = string;

export interface Reply {
  command: CommandName;
  kind: ReplyKind;
  /** The whole answer. */
  text: string;
  /** `text` split into messages the channel may send (each within the length limit). */
  parts: string[];
  /** In a room: @ the asker on the first part. */
  mention: boolean;
  /** True when the reply is the apology for an internal error. */
  failed: boolean;
  /** Files to send after the text (导出, 图表). */
  files?: OutgoingFile[];
}

/** A message the reminders want sent: to a room (topic or id), @-ing named members. */
export interface Delivery {
  room: string;
  mentions?: string[];
  text: string;
}

// The logger belongs to src/log; named here too for the bot's modules and their tests.
export { silentLogger, type Logger } from '../log/logger.js';
