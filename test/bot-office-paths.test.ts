// One office resolver for the three ways a person names an office: a question
// (芝罘区的只楚有什么问题), 核查 (核查 芝罘区的只楚) and the reminder commands (暂停提醒
// 芝罘区的只楚). One table of names runs through all three; each must settle on the same
// office, or give the same refusal (no such office) or the same ask-back (namesakes).
// The offices are the bundled corpus (corpus/2020, in the repository) plus one
// namesake made here: a second 城关镇人民政府, in 宜阳县. Which office each name means
// is a person's reading of the name, written in the table, not taken from the code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { checkText } from '../src/bot/replies.js';
import { runRemindCommand } from '../src/bot/remind-commands.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseRemindConfig, type RemindConfig } from '../src/remind/config.js';
import { noFilings } from '../src/remind/filings.js';
import { MemoryLedger } from '../src/remind/ledger.js';
import { openStore, type Store } from '../src/store/index.js';
import { mulberry32, randomFacts, renderReport } from '../tools/synth/index.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const ZHICHU = '芝罘区只楚街道办事处';
const YIYANG = '宜阳县城关镇人民政府';

/**
 * What a path settled on: one office (by its full name, and whether the words were
 * corrected), or a refusal with the nearest names, or an ask-back with the offices
 * to choose from (the stored names its text lists).
 */
type Outcome = { office: string; corrected?: boolean } | { unknown: string[] } | { ambiguous: string[] };

// name → what a person reads it as.
const TABLE: [string, string, Outcome][] = [
  ['full name', ZHICHU, { office: ZHICHU }],
  ['short name', '只楚', { office: ZHICHU }],
  ['with its region', '芝罘区的只楚', { office: ZHICHU }],
  ['pinyin', 'zhichu', { office: ZHICHU }],
  ['a one-character slip (只初)', '只初', { office: ZHICHU, corrected: true }],
  ['another full name', '西工区洛北街道办事处', { office: '西工区洛北街道办事处' }],
  // 城郊 shares 城 and 街道 with 城东街道; nothing stored shares a character of 东风.
  ['an unknown name', '城东街道', { unknown: ['城郊街道'] }],
  ['an unknown name, far from any', '东风街道', { unknown: [] }],
  ['a namesake pair', '城关镇', { ambiguous: ['城关镇人民政府', YIYANG] }],
  ['one of the namesakes, by its county', '宜阳的城关镇', { office: YIYANG }],
];

let dir: string;
let store: Store;
let opened: OpenedAsker;
let config: RemindConfig;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-office-paths-'));
  const extra = path.join(dir, 'extra');
  mkdirSync(extra);
  const facts = randomFacts(mulberry32(12), { format: '2021', profile: 'busy' });
  writeFileSync(
    path.join(extra, '宜阳城关镇-2020.txt'),
    renderReport(
      { office: YIYANG, region: '河南省洛阳市宜阳县', kind: '乡镇', year: 2020, format: '2021', facts },
      'tab',
      mulberry32(12),
    ),
  );
  store = openStore(path.join(dir, 'data'));
  const results = await ingestPaths([CORPUS, extra], { store });
  expect(results.filter((r) => r.status === 'failed')).toEqual([]);
  opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  opened.asker.refresh();
  // The registry as a configuration writes it: names and regions, no aliases.
  config = parseRemindConfig({
    offices: store
      .listOffices()
      .map((o) => ({ name: o.name, ...(o.region ? { region: o.region } : {}), kind: o.kind, room: '报送群' })),
  });
}, 60_000);

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const understood = (words: string, text: string) => text.includes(`按「`) && text.includes(words);

/** The stored office names a text lists, longest first (宜阳县城关镇人民政府 holds 城关镇人民政府). */
function namesIn(text: string): string[] {
  const names = store
    .listOffices()
    .map((o) => o.name)
    .sort((a, b) => b.length - a.length);
  const found: string[] = [];
  for (const n of names) {
    if (!text.includes(n)) continue;
    found.push(n);
    text = text.split(n).join('');
  }
  return found.sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
const sorted = (o: Outcome): Outcome =>
  'unknown' in o
    ? { unknown: [...o.unknown].sort((a, b) => a.localeCompare(b, 'zh-CN')) }
    : 'ambiguous' in o
      ? { ambiguous: [...o.ambiguous].sort((a, b) => a.localeCompare(b, 'zh-CN')) }
      : o;

async function byQuestion(words: string): Promise<Outcome> {
  const a = await opened.asker.ask(`${words}的报告有什么错误`);
  if (a.kind === 'clarify') return { ambiguous: namesIn(a.answer) };
  const ids = a.context?.officeIds ?? [];
  if (a.kind === 'unknown' && ids.length === 0) return { unknown: namesIn(a.answer) };
  expect(ids).toHaveLength(1);
  const office = store.getOffice(ids[0])!.name;
  return understood(words, a.answer) ? { office, corrected: true } : { office };
}

async function byCheck(words: string): Promise<Outcome> {
  const r = await checkText(store, words);
  if (r.kind === 'clarify') return { ambiguous: namesIn(r.text) };
  if (r.text.startsWith('没有找到')) return { unknown: namesIn(r.text) };
  const head = r.text.split('\n').find((l) => l.endsWith('核查结果：'))!;
  const office = head.slice(0, head.indexOf(' '));
  return understood(words, r.text) ? { office, corrected: true } : { office };
}

async function byReminder(words: string): Promise<Outcome> {
  const ctx = {
    now: new Date('2021-02-10T01:00:00Z'),
    config,
    filings: noFilings,
    ledger: new MemoryLedger(),
    isAdmin: true,
    by: '管理员甲',
  };
  const text = await runRemindCommand({ kind: 'pause', office: words, year: 2020 }, ctx);
  if (text.includes('对应多个单位')) return { ambiguous: namesIn(text) };
  if (text.startsWith('没有找到单位')) return { unknown: namesIn(text) };
  const m = /已暂停 (\S+) 的2020年度年报提醒/.exec(text);
  expect(m, text).not.toBeNull();
  return understood(words, text) ? { office: m![1], corrected: true } : { office: m![1] };
}

describe('a question, 核查 and 暂停提醒 read an office name by the same rules', () => {
  it.each(TABLE)('%s: %s', async (_what, words, expected) => {
    expect(await byQuestion(words)).toEqual(sorted(expected));
    expect(await byCheck(words)).toEqual(sorted(expected));
    expect(await byReminder(words)).toEqual(sorted(expected));
  });
});
