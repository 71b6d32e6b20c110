// Resolving a namesake conflict after ingest, end to end on the bundled 城关镇 report
// and a copy whose 规章 本年新制作数量 is 3 (the text says 0): `nianbao offices
// --conflicts` lists both files, a question about the bare name asks back, `nianbao
// assign FILE --region R` moves one, and the answers follow (the copy's 3 under its
// region, the original's 0 under the other). The admin command 指定地区 does the same.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAsker } from '../src/app/open-asker.js';
import { createBotCore } from '../src/bot/core.js';
import { runAssign } from '../src/cli/assign-command.js';
import { runOffices } from '../src/cli/offices-command.js';
import { runIngest } from '../src/cli/ingest-command.js';
import { openStore } from '../src/store/index.js';

const ORIGINAL = readFileSync(path.resolve(import.meta.dirname, '../corpus/2020/城关镇-2020.txt'), 'utf8');
const COPY = ORIGINAL.replace(/^规章\t0\t/m, '规章\t3\t');

let tmp: string;
let data: string;
let a: string;
let b: string;
const lines: string[] = [];
const io = { out: (l: string) => lines.push(l), err: (t: string) => lines.push(t.trimEnd()), errIsTTY: false };

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-offices-'));
  data = path.join(tmp, 'data');
  a = path.join(tmp, 'songxian', '城关镇-2020.txt');
  b = path.join(tmp, 'yiyang', '城关镇-2020.txt');
  for (const [file, text] of [
    [a, ORIGINAL],
    [b, COPY],
  ] as const) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  lines.length = 0;
  expect(await runIngest([path.dirname(a), path.dirname(b)], { data }, io)).toBe(0);
  expect(
    lines.some((l) => l.includes('同名单位冲突：城关镇人民政府 2020 年度已有一份内容不同的报告，两份都已保留')),
  ).toBe(true);
  lines.length = 0;
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function ask(question: string) {
  const opened = await openAsker({ data, env: {}, say: () => {}, llm: null });
  try {
    return await opened.asker.ask(question);
  } finally {
    opened.close();
  }
}

describe('nianbao offices --conflicts', () => {
  it('lists the name, the year and both files, and how to resolve them', async () => {
    expect(await runOffices({ data, conflicts: true }, io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('同名单位冲突 1 组');
    expect(text).toContain('1. 城关镇人民政府（洛阳市）2020 年度，2 份：');
    expect(text).toContain(`· ${a}（编号 1`);
    expect(text).toContain(`· ${b}（编号 2`);
    expect(text).toContain('nianbao assign 文件 --region 地区');
    lines.length = 0;
    expect(await runOffices({ data, conflicts: true, json: true }, io)).toBe(0);
    expect(JSON.parse(lines.join('\n'))).toMatchObject([
      { name: '城关镇人民政府', year: 2020, reports: [{ sourceFile: a }, { sourceFile: b }] },
    ]);
  });

  it('without --conflicts: every office, namesakes with their files, and the count of conflicts', async () => {
    await runOffices({ data }, io);
    expect(lines.filter((l) => l.startsWith('城关镇人民政府（洛阳市）：2020 年度；同名单位'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('共 2 个单位；同名单位冲突 1 组（nianbao offices --conflicts 查看）');
  });
});

describe('nianbao assign FILE --region R', () => {
  it('moves the report, and answers change accordingly', async () => {
    const before = await ask('城关镇规章本年新制作多少件');
    expect(before.kind).toBe('clarify');
    expect(before.answer).toContain('yiyang/城关镇-2020.txt');
    expect(before.answer).toContain('指定地区');

    expect(await runAssign(b, { data, region: '河南省洛阳市宜阳县' }, io)).toBe(0);
    expect(lines.join('\n')).toContain(
      `已指定地区：${b}（城关镇人民政府 2020 年度）归入「城关镇人民政府（河南省洛阳市宜阳县）」`,
    );
    const store = openStore(data);
    expect(store.conflicts()).toEqual([]);
    store.close();

    const yiyang = await ask('宜阳县城关镇规章本年新制作多少件');
    expect(yiyang).toMatchObject({ kind: 'fact', value: 3 });
    // the other one is still 洛阳市's as its text says; named by its region it answers 0
    lines.length = 0;
    expect(await runAssign('songxian/城关镇-2020.txt', { data, region: '河南省洛阳市嵩县' }, io)).toBe(0);
    expect(await ask('嵩县城关镇规章本年新制作多少件')).toMatchObject({ kind: 'fact', value: 0 });
  });

  it('says what is wrong: no region, a file it does not hold, a name two files share', async () => {
    expect(await runAssign(b, { data, region: ' ' }, io)).toBe(2);
    expect(await runAssign(path.join(tmp, '无此文件.txt'), { data, region: '河南省洛阳市嵩县' }, io)).toBe(1);
    expect(lines.at(-1)).toContain('没有找到文件或单位');
    expect(await runAssign('城关镇-2020.txt', { data, region: '河南省洛阳市嵩县' }, io)).toBe(1);
    expect(lines.at(-1)).toContain('有 2 份报告的文件名是“城关镇-2020.txt”，请写出完整路径');
  });
});

describe('the admin command 指定地区', () => {
  it('moves a report named by its file; the bot answers from the new office at once; others are refused', async () => {
    const store = openStore(data);
    const opened = await openAsker({ data, store, env: {}, say: () => {}, llm: null });
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const core = createBotCore({
      name: '年报助手',
      prefix: '年报',
      rooms: [],
      contacts: [],
      maxMessageLength: 1800,
      asker: opened.asker,
      offices: store,
      logger,
    });
    const msg = (text: string, isAdmin = true) => ({
      text,
      senderId: 'u1',
      senderName: '李明',
      isAdmin,
      mentionedSelf: false,
    });
    try {
      expect((await core.handle(msg('指定地区 yiyang/城关镇-2020.txt 河南省洛阳市宜阳县', false)))!.text).toContain(
        '只有管理员可以使用',
      );
      expect((await core.handle(msg('指定地区 城关镇人民政府')))!.text).toContain('用法：指定地区');
      expect((await core.handle(msg('指定地区 城关镇人民政府 河南省洛阳市宜阳县')))!.text).toContain(
        '有 2 个同名单位，无法确定是哪一个；请改用文件名指明',
      );
      const reply = await core.handle(msg('指定地区 yiyang/城关镇-2020.txt 河南省洛阳市宜阳县'));
      expect(reply!.text).toContain('归入「城关镇人民政府（河南省洛阳市宜阳县）」');
      expect((await core.handle(msg('宜阳县城关镇规章本年新制作多少件')))!.text).toMatch(/3\s*件/);
    } finally {
      opened.close();
      store.close();
    }
  });
});
