// Runs the question set through the bot exactly as a WeChat user reaches it:
// reports ingested into a temporary data folder, openAsker over it (no language
// model), the bot core in front, each question sent as a message. A follow-up is
// sent by the same person in the same room right after the question it follows,
// so whatever context the core keeps applies. Each answer is judged (judge.ts).
//
// Two stores, so that each half of the set has a fixed truth whatever else is
// present: `bundled` holds the five reports of corpus/2020; `realworld` holds the
// real PDFs of ../shared (skipped, and counted as skipped, when ../shared is absent).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAsker, type OpenedAsker } from '../../src/app/open-asker.js';
import { parseConfig } from '../../src/config/parse.js';
import { createBotCore, type BotCore } from '../../src/bot/core.js';
import { silentLogger, type Incoming } from '../../src/bot/types.js';
import { bundledCorpusDir, ingestPaths } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
import { judge, OUTCOMES, type Outcome } from './judge.js';
import { loadQuestions, type Question } from './load.js';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');

/** The real reports of the `realworld` half, relative to ../shared. */
export const REALWORLD_FILES = [
  'realworld/201_huaian_hongzequ_2023.pdf',
  'realworld/202_huaian_hongzequ_2024.pdf',
  'samples/huaian-2024.pdf',
];

export interface QuestionResult {
  question: Question;
  outcome: Outcome | 'skipped';
  /** The reply text the user would see ('' when skipped). */
  answer: string;
  /** The answer's kind as the core logged it. */
  kind: string;
  why: string;
  ms: number;
}

export interface RunSummary {
  total: number;
  asked: number;
  skipped: number;
  counts: Record<Outcome, number>;
  /** right ÷ asked. */
  rightRate: number;
  /** Why the realworld half was skipped, when it was. */
  skippedReason: string | null;
}

export interface RunOptions {
  questions?: Question[];
  /** Where ../shared is (default: beside the repository). */
  sharedDir?: string;
  /** Progress lines (default: silent). */
  say?: (line: string) => void;
}

interface Room {
  opened: OpenedAsker;
  core: BotCore;
}

async function openRoom(dataDir: string, files: string[], say: (line: string) => void): Promise<Room> {
  const store = openStore(dataDir);
  const results = await ingestPaths(files, { store });
  // A report that fails to ingest is the parser's miss: its questions then score as they answer.
  for (const r of results.filter((x) => x.status === 'failed')) say(`ingest failed: ${r.file}: ${r.reason}`);
  const opened = await openAsker({ data: dataDir, store, say: () => {}, env: {}, llm: null });
  const config = parseConfig({}, { env: {} });
  const core = createBotCore({ ...config.bot, asker: opened.asker, offices: store, logger: silentLogger });
  return { opened, core };
}

/** The message a question becomes: a private chat, or (follow-up pairs) an @ in a group. */
function message(q: Question, conversation: string, inRoom: boolean, botName: string): Incoming {
  const sender = { senderId: `wxid_${conversation}`, senderName: `用户${conversation}`, isAdmin: false };
  if (!inRoom) return { ...sender, text: q.q, mentionedSelf: false };
  return {
    ...sender,
    text: `@${botName}\u2005${q.q}`,
    roomId: `room_${conversation}@chatroom`,
    roomTopic: `政务公开工作群${conversation}`,
    mentionedSelf: true,
  };
}

/** Asks every question and judges every answer. */
export async function runQuestions(opts: RunOptions = {}): Promise<{ results: QuestionResult[]; summary: RunSummary }> {
  const say = opts.say ?? (() => {});
  const questions = opts.questions ?? loadQuestions();
  const shared = opts.sharedDir ?? SHARED_DIR;
  const realFiles = REALWORLD_FILES.map((f) => path.join(shared, f));
  const missing = realFiles.filter((f) => !existsSync(f));
  const skippedReason = missing.length
    ? `../shared is absent here (no ${path.relative(shared, missing[0])}): the realworld questions are skipped`
    : null;

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-questions-'));
  const rooms = new Map<Question['corpus'], Room>();
  try {
    rooms.set('bundled', await openRoom(path.join(tmp, 'bundled'), [bundledCorpusDir()], say));
    if (!skippedReason) rooms.set('realworld', await openRoom(path.join(tmp, 'realworld'), realFiles, say));
    say(`stores ready (${[...rooms.keys()].join(', ')})`);

    // A follow-up continues the conversation of the question it follows.
    const conversationOf = new Map<string, string>();
    const inRoom = new Set<string>();
    for (const q of questions) {
      if (q.follows) {
        const root = conversationOf.get(q.follows) ?? q.follows;
        conversationOf.set(q.id, root);
        conversationOf.set(q.follows, root);
        inRoom.add(root);
      }
    }

    const results: QuestionResult[] = [];
    for (const q of questions) {
      const room = rooms.get(q.corpus);
      if (!room) {
        results.push({
          question: q,
          outcome: 'skipped',
          answer: '',
          kind: '',
          why: skippedReason ?? 'no store',
          ms: 0,
        });
        continue;
      }
      const conversation = conversationOf.get(q.id) ?? q.id;
      const started = performance.now();
      const reply = await room.core.handle(message(q, conversation, inRoom.has(conversation), room.core.options.name));
      const ms = performance.now() - started;
      const text = reply?.text ?? '';
      const kind = reply?.kind ?? 'silent';
      const verdict = reply ? judge(q, { text, kind }) : { outcome: 'missed' as const, why: 'the bot stayed silent' };
      results.push({ question: q, outcome: verdict.outcome, answer: text, kind, why: verdict.why, ms });
    }
    return { results, summary: summarize(results, skippedReason) };
  } finally {
    for (const r of rooms.values()) r.opened.store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function summarize(results: QuestionResult[], skippedReason: string | null = null): RunSummary {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let skipped = 0;
  for (const r of results) {
    if (r.outcome === 'skipped') skipped++;
    else counts[r.outcome]++;
  }
  const asked = results.length - skipped;
  return { total: results.length, asked, skipped, counts, rightRate: asked ? counts.right / asked : 0, skippedReason };
}

/** The summary as a few lines (the test and the bench print it). */
export function formatSummary(s: RunSummary): string {
  const pct = (n: number) => (s.asked ? `${((100 * n) / s.asked).toFixed(1)}%` : '—');
  const lines = [
    `questions: ${s.total}, asked ${s.asked}, skipped ${s.skipped}`,
    ...OUTCOMES.map((o) => `  ${o.padEnd(12)} ${String(s.counts[o]).padStart(4)}  ${pct(s.counts[o])}`),
  ];
  if (s.skippedReason) lines.push(`  (${s.skippedReason})`);
  return lines.join('\n');
}

/** Every answer that is not right, with the answer text, for a developer to read. */
export function formatMisses(results: QuestionResult[], only?: Outcome[]): string {
  const misses = results.filter(
    (r) => r.outcome !== 'right' && r.outcome !== 'skipped' && (!only || only.includes(r.outcome)),
  );
  return misses
    .map((r) => {
      const answer = r.answer.replace(/\s*\n\s*/g, ' ⏎ ').slice(0, 400);
      const follows = r.question.follows ? ` (after ${r.question.follows})` : '';
      return `[${r.outcome}] ${r.question.id} ${r.question.shape}${follows}: ${r.question.q}\n    why: ${r.why}\n    kind: ${r.kind}; answer: ${answer}`;
    })
    .join('\n');
}
