// The question engine over a store that answers later (every method a Promise, as the
// PostgreSQL store's are) gives exactly the answers it gives over the same SQLite store
// answering at once: the engine awaits every read, and reads done side by side come back
// in any order. Runs everywhere (no server): the store is the SQLite store, each call
// answered on a later turn of the event loop. The SQLite answers are the truth here (the
// other ask suites check them against the reports). Also: a read of the offices that
// fails once (the database away for a moment) is tried again by the next answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskContext } from '../src/ask/types.js';
import { createAsker, type Asker } from '../src/render/asker.js';
import { openStore, type ReportStore, type Store } from '../src/store/index.js';
import { QUESTIONS, inputs } from './helpers/ask-corpus.js';

const now = () => new Date('2021-06-01T00:00:00+08:00');

/**
 * The store with every method answering later: the later of two calls made together may
 * answer first (a timer of 0 or 1 ms, in turn), as two queries over a pool may.
 */
function later(store: Store, fail?: { method: string; times: number }): ReportStore {
  let turn = 0;
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          setTimeout(() => {
            if (fail && key === fail.method && fail.times > 0) {
              fail.times--;
              reject(new Error('connection terminated'));
              return;
            }
            try {
              resolve((value as (...a: unknown[]) => unknown).apply(target, args));
            } catch (err) {
              reject(err);
            }
          }, turn++ % 2);
        });
    },
  }) as unknown as ReportStore;
}

let store: Store;
let atOnce: Asker;
let afterwards: Asker;

beforeAll(() => {
  store = openStore(':memory:');
  for (const input of inputs()) store.saveReport(input);
  atOnce = createAsker({ store, now });
  afterwards = createAsker({ store: later(store), now });
});
afterAll(() => store?.close());

describe('the engine over a store that answers later', () => {
  it.each(QUESTIONS)('%s: the same answer as from the store answering at once', async (question, kind) => {
    const truth = await atOnce.ask(question);
    expect(truth.kind).toBe(kind);
    expect(await afterwards.ask(question)).toEqual(truth);
  });

  it('a follow-up carries office, row and year the same way', async () => {
    const follow = async (asker: Asker) => {
      const out: unknown[] = [];
      let context: AskContext | undefined;
      for (const q of ['只楚收到多少申请', '那部分公开呢', '城郊呢', '去年呢', '各单位呢']) {
        const a = await asker.ask(q, context);
        out.push(a);
        context = a.context;
      }
      return out;
    };
    expect(await follow(afterwards)).toEqual(await follow(atOnce));
  });

  it('a failed read of the offices is tried again by the next answer, not kept until a refresh', async () => {
    const flaky = createAsker({ store: later(store, { method: 'listOffices', times: 1 }), now });
    const a = await flaky.ask('只楚收到多少申请');
    expect(a).toEqual(await atOnce.ask('只楚收到多少申请'));
    expect(a.kind).toBe('fact');
  });

  it('a refresh that cannot read the store says so to its caller, and the next answer reads again', async () => {
    const fail = { method: 'years', times: 1 };
    const flaky = createAsker({ store: later(store, fail), now });
    expect((await flaky.ask('全区一共收到多少申请')).kind).toBe('aggregate');
    fail.times = 1;
    await expect(flaky.refresh()).rejects.toThrow('connection terminated');
    expect(await flaky.ask('全区一共收到多少申请')).toEqual(await atOnce.ask('全区一共收到多少申请'));
  });
});
