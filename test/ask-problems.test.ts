// Two kinds of "problems": the report's own 存在的主要问题 (part 五, every item) and
// the checks' findings. Items are read off corpus/2020 by hand (line numbers are the
// files' own); the findings are the parser's, which its own tests hold to the text.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsker, type OpenedAsker } from '../src/app/open-asker.js';
import { problemsKind } from '../src/ask/problems.js';
import { createAsker } from '../src/render/asker.js';
import { ingestPaths } from '../src/ingest/index.js';
import { parseReport } from '../src/parse/index.js';
import { openStore } from '../src/store/index.js';
import { report2021, TAIL } from './helpers/report-2021.js';

const CORPUS = path.resolve(__dirname, '../corpus/2020');
const lineOf = (file: string, words: string) =>
  readFileSync(path.join(CORPUS, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(words)) + 1;

describe('which problems a question asks about', () => {
  it.each([
    ['年报里说存在哪些问题', 'own'],
    ['城郊街道存在的主要问题是什么', 'own'],
    ['只楚存在哪些不足', 'own'],
    ['洛北的整改措施有哪些', 'own'],
    ['报告有什么错误', 'findings'],
    ['核查只楚', 'findings'],
    ['只楚的数据对不上吗', 'findings'],
    ['只楚的报告有什么问题', 'both'],
    ['只楚收到多少申请', null],
  ])('%s → %s', (q, kind) => {
    expect(problemsKind(q, 'zh')).toBe(kind);
  });
  it.each([
    ['What problems did 只楚 report?', 'own'],
    ['What shortcomings does 城郊街道 name?', 'own'],
    ["What is wrong with 只楚's report?", 'findings'],
    ['Any errors in the 只楚 report?', 'findings'],
    ["What problems does 只楚's report have?", 'both'],
    ['How many applications did 只楚 receive?', null],
  ])('%s → %s', (q, kind) => {
    expect(problemsKind(q, 'en')).toBe(kind);
  });
});

describe('answers over the bundled reports', () => {
  let dir: string;
  let opened: OpenedAsker;
  const ask = (q: string) => opened.asker.ask(q);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-problems-'));
    const store = openStore(path.join(dir, 'data'));
    await ingestPaths([CORPUS], { store });
    opened = await openAsker({ data: path.join(dir, 'data'), store, say: () => {}, env: {} });
  }, 60_000);
  afterAll(() => {
    opened?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('城郊街道存在的主要问题: all three items of part 五, not one passage', async () => {
    const a = await ask('城郊街道存在的主要问题是什么');
    expect(a.kind).toBe('list');
    expect(a.value).toBe(3);
    for (const words of ['队伍建设还需加强', '推动政务公开和政府信息公开的力度不够', '工作力度不大，缺乏持续性'])
      expect(a.answer).toContain(words);
    expect(a.sources[0].line).toBe(lineOf('城郊街道-2020.txt', '（一）存在的问题'));
    // The checks' findings are another question.
    expect(a.answer).not.toContain('核查');
  });

  it('胜利街: its three problems; with 改进 asked, its two measures too', async () => {
    const a = await ask('胜利街的报告存在哪些问题');
    expect(a.value).toBe(3);
    expect(a.answer).toContain('培训力度不够');
    expect(a.answer).not.toContain('扎实做好政府信息主动公开工作');
    const b = await ask('胜利街存在的问题和改进措施');
    expect(b.answer).toContain('扎实做好政府信息主动公开工作');
    expect(b.answer).toContain('加强政务新媒体平台管理');
  });

  it('measures asked alone: the measures, from part 五 or (城关镇) the 下步打算 heading part 六', async () => {
    const a = await ask('城关镇下步打算是什么');
    expect(a.value).toBe(3);
    expect(a.answer).toContain('进一步加强政务公开工作的组织领导');
    expect(a.answer).toContain('进一步创新公开形式');
    expect(a.answer).not.toContain('政务新媒体运用不充分');
    expect(a.sources[0].line).toBe(lineOf('城关镇-2020.txt', '一是进一步加强政务公开工作的组织领导'));
    const b = await ask('洛北的整改措施有哪些');
    expect(b.value).toBe(2);
    expect(b.answer).toContain('党建办公室严把信息质量');
    expect(b.answer).not.toContain('信息公开质量不够高');
  });

  it('洛北: each item under its topic', async () => {
    const a = await ask('洛北街道存在哪些不足');
    expect(a.value).toBe(2);
    expect(a.answer).toContain('【信息公开形式方面】信息公开质量不够高');
    expect(a.answer).toContain('【政务公开方面】政务公开工作有待进一步完善');
  });

  it('an ambiguous question gives both, each labelled', async () => {
    const a = await ask('只楚的报告有什么问题');
    expect(a.answer).toContain('① 报告自己写的存在的主要问题');
    expect(a.answer).toContain('信息发布主动性不强');
    expect(a.answer).toContain('② 本助手核查报告数据发现的问题');
    expect(a.answer).toContain('落款日期');
    const zhichu = parseReport(readFileSync(path.join(CORPUS, '只楚街道-2020.txt'), 'utf8'));
    expect(a.value).toBe(zhichu.findings.length);
  });

  it('errors are the checks’ findings only', async () => {
    const a = await ask('只楚报告有什么错误');
    expect(a.answer).toContain('落款日期');
    expect(a.answer).not.toContain('信息发布主动性不强');
  });

  it('no office named: every report’s own problems', async () => {
    const a = await ask('年报里说存在哪些问题');
    for (const words of [
      '信息发布主动性不强',
      '政务新媒体运用不充分',
      '队伍建设还需加强',
      '信息公开质量不够高',
      '培训力度不够',
    ])
      expect(a.answer).toContain(words);
  });

  it('a bare follow-up naming another office asks for that office’s own problems', async () => {
    const first = await opened.asker.ask('What problems did 城郊 report?');
    expect(first.answer).toContain('队伍建设还需加强');
    const next = await opened.asker.ask('and 洛北?', first.context);
    expect(next.answer).toContain('信息公开质量不够高');
  });

  it('in English', async () => {
    const a = await ask('What problems did 只楚 report?');
    expect(a.value).toBe(2);
    expect(a.answer).toMatch(/names these problems in part 5/);
    expect(a.answer).not.toMatch(/\[[a-z_]+\]/);
    const b = await ask("What problems does 只楚's report have?");
    expect(b.answer).toContain('Problems the report itself names');
    expect(b.answer).toContain("What our checks find in the report's numbers");
  });
});

describe('invented reports', () => {
  it('a part 五 the reader cannot itemise is left to passage search', async () => {
    const store = openStore(':memory:');
    const text = report2021({ tail: TAIL.replace('一是公开内容不够丰富。下一步将加强培训。', '本年度工作总体平稳。') });
    store.saveReport({ parsed: parseReport(text), text, sourceFile: 'x.txt' });
    const a = await createAsker({ store }).ask('某某县某某镇存在的主要问题');
    expect(a.kind).not.toBe('list');
    store.close();
  });

  it('one numbered paragraph per problem, nested points kept in it', async () => {
    const store = openStore(':memory:');
    const tail = [
      '五、存在的主要问题及改进情况',
      '一、公开栏更新不及时。一是内容旧；二是格式乱。',
      '二、人员力量不足。',
      '六、其他需要报告的事项',
      '无',
    ].join('\n');
    const text = report2021({ tail });
    store.saveReport({ parsed: parseReport(text), text, sourceFile: 'y.txt' });
    const a = await createAsker({ store }).ask('某某县某某镇存在的主要问题');
    expect(a.value).toBe(2);
    expect(a.answer).toContain('公开栏更新不及时。一是内容旧；二是格式乱。');
    store.close();
  });
});
