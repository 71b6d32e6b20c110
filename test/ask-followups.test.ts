// Follow-ups: the office, metric and year of a question carry over to the same
// person's next one for ten minutes, and the answer says what it carried. The
// engine is pure (context in, context out); the bot keeps the context per room
// and person with an injected clock. Expected numbers come from the parsed seeds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsker, type Asker } from '../src/render/asker.js';
import { createBotCore, FOLLOW_UP_MS } from '../src/bot/core.js';
import { silentLogger, type Incoming } from '../src/bot/types.js';
import { parseReport } from '../src/parse/index.js';
import type { Store } from '../src/store/types.js';
import { seedStore } from './bot-helpers.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const facts = (f: string) =>
  parseReport(readFileSync(path.join(CORPUS, f), 'utf8')).facts as Record<string, number | null>;
const zhichu = facts('只楚街道-2020.txt');
const chengjiao = facts('城郊街道-2020.txt');

let store: Store;
let asker: Asker;
beforeAll(() => {
  store = seedStore();
  asker = createAsker({ store, now: () => new Date('2021-06-01T00:00:00+08:00') });
});
afterAll(() => store.close());

describe('the engine: context in, context out', () => {
  it('那部分公开呢 keeps the office and year, takes the new metric', async () => {
    const first = await asker.ask('只楚收到多少申请');
    expect(first.context).toMatchObject({ officeIds: [expect.any(Number)], metricKey: 'apply.received.total' });
    const next = await asker.ask('那部分公开呢', first.context);
    expect(next.kind).toBe('fact');
    expect(next.value).toBe(zhichu['apply.partial.total']);
    expect(next.answer).toMatch(/沿用上一问的单位「芝罘区只楚街道办事处」/);
  });
  it('城郊呢 keeps the metric, takes the new office', async () => {
    const first = await asker.ask('只楚部分公开多少件');
    const next = await asker.ask('城郊呢', first.context);
    expect(next.value).toBe(chengjiao['apply.partial.total']);
    expect(next.answer).toMatch(/沿用上一问的指标「部分公开」/);
  });
  it('去年呢 asks the year before the one just answered', async () => {
    const first = await asker.ask('只楚2020年收到多少申请');
    const next = await asker.ask('去年呢', first.context);
    // Only 2020 is stored: the answer must say 2019 is missing, not give 2019 a number.
    expect(next.answer).toMatch(/2019/);
    expect(next.answer).toMatch(/没有/);
  });
  it('and 2019? in English', async () => {
    const first = await asker.ask('how many applications did zhichu receive');
    const next = await asker.ask('and 2019?', first.context);
    expect(next.answer).toMatch(/carried over/);
    expect(next.answer).toMatch(/no 2019 report/i);
  });
  it('a short new topic (保密审查机制) is not a follow-up: no number of the last metric', async () => {
    const first = await asker.ask('2020年收到申请最多的前三个单位');
    const next = await asker.ask('保密审查机制', first.context);
    expect(next.kind).not.toBe('aggregate');
    expect(next.value).toBeNull();
    expect(next.answer).not.toMatch(/（沿用上一问/);
    // A short follow-up that names part of a question's frame still is one.
    const top = await asker.ask('前三名', first.context);
    expect(top.answer).toMatch(/沿用上一问的指标「新收政府信息公开申请」/);
  });
  it('without a context, a follow-up is not given someone else’s office', async () => {
    const a = await asker.ask('那部分公开呢');
    expect(a.answer).not.toMatch(/沿用/);
  });
  it('the year carries over only when the last question asked one', async () => {
    const latest = await asker.ask('只楚收到多少申请');
    const a = await asker.ask('城郊呢', latest.context);
    expect(a.answer).not.toMatch(/年度 2020）/);
    const named = await asker.ask('只楚2020年收到多少申请');
    const b = await asker.ask('城郊呢', named.context);
    expect(b.answer).toMatch(/年度 2020）/);
    expect(b.value).toBe(chengjiao['apply.received.total']);
  });
  it('a full new question carries nothing', async () => {
    const first = await asker.ask('只楚收到多少申请');
    const next = await asker.ask('城关镇行政复议多少件', first.context);
    expect(next.answer).not.toMatch(/（沿用上一问/);
  });
});

describe('the bot keeps a context per room and person, for ten minutes', () => {
  const msg = (text: string, senderId: string, roomId = 'r1'): Incoming => ({
    text: `@年报助手 ${text}`,
    roomId,
    roomTopic: '群',
    senderId,
    senderName: senderId,
    mentionedSelf: true,
    isAdmin: false,
  });
  const make = () => {
    let t = 0;
    const core = createBotCore({
      name: '年报助手',
      prefix: '年报',
      rooms: [],
      contacts: [],
      maxMessageLength: 1800,
      asker,
      logger: silentLogger,
      clock: () => t,
    });
    return { core, advance: (ms: number) => (t += ms) };
  };

  it('the same person’s follow-up carries over; another person’s does not', async () => {
    const { core } = make();
    await core.handle(msg('只楚收到多少申请', 'a'));
    const mine = await core.handle(msg('那部分公开呢', 'a'));
    expect(mine!.text).toMatch(/沿用上一问/);
    const theirs = await core.handle(msg('那部分公开呢', 'b'));
    expect(theirs!.text).not.toMatch(/沿用上一问/);
  });
  it('the same person in another room starts afresh', async () => {
    const { core } = make();
    await core.handle(msg('只楚收到多少申请', 'a', 'r1'));
    const other = await core.handle(msg('那部分公开呢', 'a', 'r2'));
    expect(other!.text).not.toMatch(/沿用上一问/);
  });
  it('after ten minutes the context is gone', async () => {
    const { core, advance } = make();
    await core.handle(msg('只楚收到多少申请', 'a'));
    advance(FOLLOW_UP_MS - 1000);
    expect((await core.handle(msg('那部分公开呢', 'a')))!.text).toMatch(/沿用上一问/);
    advance(FOLLOW_UP_MS + 1000);
    expect((await core.handle(msg('那部分公开呢', 'a')))!.text).not.toMatch(/沿用上一问/);
  });
});
