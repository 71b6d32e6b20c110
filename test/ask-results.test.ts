// Answers are data, words come after: the engine (src/ask) returns a Result per shape
// with its numbers, sources and caveats, and no sentence; src/render words one Result
// in Chinese or English with the same numbers. Truth is read from the bundled report's
// own lines (corpus/2020), never from the code under test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/ask/engine.js';
import { renderOutcome } from '../src/render/answer.js';
import type { Store } from '../src/store/types.js';
import { seedStore } from './bot-helpers.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const SRC_ASK = path.resolve(__dirname, '../src/ask');

/** The row of table 三 that counts new requests, as the report writes it: its line and its 总计 (the last cell). */
function receivedRow(file: string): { line: number; total: number } {
  const lines = readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('本年新收政府信息公开申请数量'));
  const cells = lines[at].split('\t').slice(1).map(Number);
  return { line: at + 1, total: cells[cells.length - 1] };
}

let store: Store;
let engine: Engine;
beforeAll(() => {
  store = seedStore();
  engine = createEngine({ store, now: () => new Date('2021-06-01T00:00:00+08:00') });
});
afterAll(() => store.close());

describe('the engine answers with data', () => {
  it('one figure: the number, its cell and line, and no words', async () => {
    const truth = receivedRow('只楚街道-2020.txt');
    const { result } = await engine.answer('只楚收到多少申请');
    expect(result.shape).toBe('fact');
    if (result.shape !== 'fact') return;
    expect(result.value).toBe(truth.total);
    expect(result.figure.value).toBe(truth.total);
    expect(result.sources[0]).toMatchObject({ kind: 'cell', id: 'apply.received.total', line: truth.line });
    // The result holds the report's own line as its excerpt, and no sentence of ours.
    expect(JSON.stringify(result)).not.toMatch(/来源|年度|Source:/);
  });

  it('one Result, worded in either language, says the same number and cites the same line', async () => {
    const truth = receivedRow('只楚街道-2020.txt');
    const outcome = await engine.answer('只楚收到多少申请');
    const zh = renderOutcome({ ...outcome, lang: 'zh' });
    const en = renderOutcome({ ...outcome, lang: 'en' });
    expect(zh.answer).toContain(`新收政府信息公开申请：${truth.total}件`);
    expect(zh.answer).toContain(`（第 ${truth.line} 行）`);
    expect(en.answer).toContain(`— ${truth.total}.`);
    expect(en.answer).toContain(`line ${truth.line}`);
    expect([zh.value, en.value]).toEqual([truth.total, truth.total]);
    expect(zh.sources[0].line).toBe(en.sources[0].line);
  });

  it('a ranking carries its rows, most first, each office with its own figure', async () => {
    // Hand-checked: only 只楚 received requests in 2020; the other four reports' 总计 is 0
    // (城关镇 line 45, 洛北 line 59, 胜利街 line 73, 城郊 the cells under line 124).
    const zhichu = receivedRow('只楚街道-2020.txt').total;
    const { result } = await engine.answer('按收到申请数排个名');
    expect(result.shape).toBe('rank');
    if (result.shape !== 'rank') return;
    expect(result.rows.map((r) => r.value)).toEqual([zhichu, 0, 0, 0, 0]);
    expect(result.rows[0].office).toBe('芝罘区只楚街道办事处');
    expect(result.reports).toBe(5);
    // Ten are asked for by default and five are held: no cut, so no tie to speak of.
    expect(result.tie).toBeNull();
  });

  it('a name the store does not hold is a reason with the nearest names, not a sentence', async () => {
    const outcome = await engine.answer('小明街道收到多少申请');
    expect(outcome.result).toMatchObject({
      shape: 'not-understood',
      reason: { why: 'unknown-office', said: '小明街道' },
    });
    expect(renderOutcome(outcome).answer).toContain('已收录的年报中没有「小明街道」这个单位');
  });
});

describe('the layers', () => {
  const files = readdirSync(SRC_ASK).filter((f) => f.endsWith('.ts'));

  it('src/ask imports neither render nor the language model', () => {
    for (const f of files) {
      const text = readFileSync(path.join(SRC_ASK, f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\.\/(?:render|llm)\//);
    }
  });

  it('the answering modules hold no Chinese sentence and choose no language', () => {
    const quoted = /(['"`])(?:(?!\1)[^\\\n]|\\.)*[\u4e00-\u9fff](?:(?!\1)[^\\\n]|\\.)*\1/;
    for (const f of files.filter((x) =>
      /^(?:engine|answer-(?:fact|across|change|lists)|read|results|problems|prose-facts)\.ts$/.test(x),
    )) {
      const code = readFileSync(path.join(SRC_ASK, f), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(?:\/\/|\*|\/\*)/.test(l));
      expect(
        code.filter((l) => quoted.test(l)),
        f,
      ).toEqual([]);
      expect(
        code.filter((l) => /lang === 'en' \?/.test(l)),
        f,
      ).toEqual([]);
    }
  });
});
