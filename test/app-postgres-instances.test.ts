// Two bot instances on one PostgreSQL (issue 14): openApp twice, each with its own data
// folder, both configured by DATABASE_URL. A report filed in the chat through one is
// answered exactly by the other within a few seconds (the number the report's line says),
// and the same question gets the same answer from both. Skipped with the reason when no
// PostgreSQL server answers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openApp, type App } from '../src/app/index.js';
import type { Conversation } from '../src/bot/bot.js';
import type { Attachment, Incoming } from '../src/bot/types.js';
import { describeOnPostgres, postgresForTests, type SuiteDatabase, useTestDatabase } from './support/postgres.js';

const server = await postgresForTests();
const CORPUS = path.resolve(import.meta.dirname, '../corpus/2020');

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

const attachment = (name: string, text: string): Attachment => {
  const bytes = Buffer.from(text, 'utf8');
  return { name, size: bytes.length, read: async () => bytes };
};

/** A private chat with an admin: every message is addressed to the bot. */
const privately = (over: Partial<Incoming>): Incoming => ({
  text: '',
  senderId: 'admin-1',
  senderName: '管理员',
  mentionedSelf: false,
  isAdmin: true,
  ...over,
});

/** Sends one message through an instance's bot and returns what it said. */
async function tell(app: App, msg: Incoming): Promise<string> {
  const said: string[] = [];
  const conv: Conversation = { key: msg.senderId, say: async (text) => void said.push(text) };
  await app.bot({}).onMessage(msg, conv);
  return said.join('\n');
}

let tmp: string;
let db: SuiteDatabase;
let a: App;
let b: App;

describeOnPostgres(server, 'two bot instances sharing one PostgreSQL', () => {
  db = useTestDatabase('instances');

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-instances-'));
    const io = { stderr: sink(), env: { DATABASE_URL: db.url }, cwd: tmp };
    a = (await openApp({ data: 'bot-a' }, io, 'stderr'))!;
    b = (await openApp({ data: 'bot-b' }, io, 'stderr'))!;
    expect(a && b).toBeTruthy();
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('each instance keeps its own data folder, and neither got the demo’s samples', async () => {
    expect(a.dataDir).toBe(path.join(tmp, 'bot-a'));
    expect(b.dataDir).toBe(path.join(tmp, 'bot-b'));
    expect(a.store.path).toContain(db.name);
    expect((await b.store.counts()).reports).toBe(0);
  });

  it('a report filed through one is answered exactly by the other within a few seconds', async () => {
    const question = privately({ text: '只楚收到多少申请' });
    // Before: the other instance does not know the office (no number from anywhere else).
    expect(await tell(b, question)).not.toMatch(/4件/);
    const text = readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8');
    const filed = await tell(a, privately({ attachment: attachment('只楚街道-2020.txt', text) }));
    expect(filed).toMatch(/芝罘区只楚街道办事处/);
    const started = Date.now();
    let answer = '';
    // The report's line 69: 一、本年新收政府信息公开申请数量 4 … 4 (the total is the last cell).
    while (Date.now() - started < 5_000) {
      answer = await tell(b, question);
      if (answer.includes('4件')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(answer).toContain('芝罘区只楚街道办事处 2020 年度新收政府信息公开申请：4件。');
    expect(answer).toContain('（第 69 行）');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);

  it('the same question gets the same answer from both', async () => {
    const text = readFileSync(path.join(CORPUS, '洛北街道-2020.txt'), 'utf8');
    await tell(b, privately({ attachment: attachment('洛北街道-2020.txt', text) }));
    const answers = new Map<string, string>();
    for (const q of ['只楚收到多少申请', '洛北收到多少申请', '2020年哪些单位收到过申请', '只楚的报告有什么问题']) {
      const [fromA, fromB] = [await tell(a, privately({ text: q })), await tell(b, privately({ text: q }))];
      expect([q, fromA]).toEqual([q, fromB]);
      answers.set(q, fromA);
    }
    // Not two refusals alike: the numbers are the reports' own.
    expect(answers.get('只楚收到多少申请')).toContain('4件');
    expect(answers.get('2020年哪些单位收到过申请')).toMatch(/只楚/);
    // 洛北街道-2020.txt line 59: 一、本年新收政府信息公开申请数量 0 … 0.
    expect(answers.get('洛北收到多少申请')).toMatch(/申请：0件/);
  }, 30_000);
});
