// The console channel: driven through streams, through the real CLI with piped
// input, and through a pseudo-terminal (util-linux `script`) like a person would.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../src/bot/bot.js';
import { runChat, runStart, type CommandIO } from '../src/cli/start-command.js';
import { startConsole } from '../src/bot/console-channel.js';
import { createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import type { Store } from '../src/store/types.js';
import { repoRoot, seedStore, Sink, tinyAsker } from './bot-helpers.js';

const TSX = path.join(repoRoot, 'node_modules/.bin/tsx');
const CLI = path.join(repoRoot, 'src/index.ts');

/** Output blocks: one per answered line, separated by a blank line. */
const blocks = (out: string) =>
  out
    .split('\n\n')
    .map((b) => b.trim())
    .filter(Boolean);

let store: Store;
const tmps: string[] = [];
const tmpDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nianbao-console-'));
  tmps.push(d);
  return d;
};

beforeAll(() => {
  store = seedStore();
});
afterAll(() => {
  store.close();
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

function makeBot(maxMessageLength = 1800) {
  const logs = new Sink();
  const core = createBotCore({
    name: '年报助手',
    prefix: '年报',
    rooms: [],
    contacts: [],
    maxMessageLength,
    asker: tinyAsker(store),
    offices: store,
    logger: createLogger({ destination: logs }),
  });
  return new Bot({ core, logger: createLogger({ destination: logs }) });
}

describe('console channel over streams', () => {
  it('piped: one answer block per non-empty line, then it ends at end of input', async () => {
    const input = new PassThrough();
    const output = new Sink();
    const channel = startConsole({ bot: makeBot(), input, output, interactive: false });
    input.end('只楚街道收到多少申请\n\n核查 城关镇\n这个会炸\n');
    await channel.done;
    const out = blocks(output.text);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('芝罘区只楚街道办事处 2020 年新收政府信息公开申请 4 件。');
    expect(out[1].split('\n')[0]).toBe('城关镇人民政府 2020 年度报告（2019 版格式）核查结果：');
    expect(out[2]).toMatch(/^抱歉，处理这条消息时出错了/);
    // No welcome and no prompt for a script.
    expect(output.text).not.toContain('问> ');
  });

  it('piped: a long answer is printed as its parts, all within one block', async () => {
    const input = new PassThrough();
    const output = new Sink();
    const channel = startConsole({ bot: makeBot(500), input, output, interactive: false });
    input.end('全文\n单位列表\n');
    await channel.done;
    const out = blocks(output.text);
    expect(out).toHaveLength(2);
    const lines = out[0].split('\n');
    expect(lines).toHaveLength(150);
    expect(lines[149]).toMatch(/^第 150 行/);
    expect(out[1].split('\n')[0]).toBe('已收录 5 个单位（按地区）：');
  });

  it('interactive: a welcome with example questions, a prompt, and 退出', async () => {
    const input = new PassThrough();
    const output = new Sink();
    const channel = startConsole({
      bot: makeBot(),
      input,
      output,
      interactive: true,
      status: '已收录 5 个单位的 5 份年报',
    });
    input.write('帮助\n');
    input.write('退出\n');
    await channel.done;
    expect(output.text).toContain('年报助手（终端模式）— 已收录 5 个单位的 5 份年报');
    expect(output.text).toContain('只楚街道2020年收到多少政府信息公开申请？');
    expect(output.text).toContain('问> ');
    expect(output.text).toContain('核查 单位名：列出该单位年报勾稽关系的问题');
  });

  it('prints a reminder with a 【提醒】 header', async () => {
    const input = new PassThrough();
    const output = new Sink();
    const channel = startConsole({ bot: makeBot(), input, output, interactive: false });
    await channel.deliver({
      room: '城关镇政务公开工作群',
      mentions: ['城关镇-张伟'],
      text: '请于 1 月 15 日前报送 2020 年度报告。',
    });
    input.end();
    await channel.done;
    expect(output.text).toBe('【提醒】→ 城关镇政务公开工作群 @城关镇-张伟\n请于 1 月 15 日前报送 2020 年度报告。\n');
  });
});

function ioFor(cwd: string, input: string): { io: CommandIO; out: Sink; err: Sink } {
  const stdin = new PassThrough();
  stdin.end(input);
  const out = new Sink();
  const err = new Sink();
  return { io: { stdin, stdout: out, stderr: err, env: {}, cwd }, out, err };
}

describe('chat and start commands', () => {
  it('start with nothing configured runs the console on the bundled corpus', async () => {
    const cwd = tmpDir();
    const { io, out, err } = ioFor(cwd, '单位列表\n核查 胜利街\n');
    expect(await runStart({ data: './data' }, io)).toBe(0);
    // No configuration, no puppet, an empty store: the demo, and it says so.
    expect(err.text).toContain('演示模式：已导入自带的 5 份样本年报');
    const out2 = blocks(out.text);
    expect(out2).toHaveLength(2);
    expect(out2[0]).toContain('· 银川市兴庆区胜利街街道办事处（2020）');
    expect(out2[1]).toMatch(/^银川市兴庆区胜利街街道办事处 2020 年度报告/);
    expect(existsSync(path.join(cwd, 'data', 'nianbao.db'))).toBe(true);
    expect(err.text).toContain('"question":"核查 胜利街"');
  });

  it('a bad configuration stops start-up with a message naming the field', async () => {
    const cwd = tmpDir();
    writeFileSync(path.join(cwd, 'nianbao.yaml'), 'bot:\n  admins:\n    - 12345\n');
    const { io, out, err } = ioFor(cwd, '帮助\n');
    expect(await runChat({ data: './data' }, io)).toBe(2);
    expect(err.text).toBe('配置文件 nianbao.yaml 有误：bot.admins[0] 应为文字\n');
    expect(out.text).toBe('');
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('with the example configuration, 提醒状态 answers from the registry and the store', async () => {
    const cwd = tmpDir();
    const { io, out } = ioFor(cwd, '提醒状态 2020\n暂停提醒 城关镇 2020\n');
    expect(await runChat({ data: './data', config: path.join(repoRoot, 'examples/nianbao.yaml') }, io)).toBe(0);
    const [status, paused] = blocks(out.text);
    for (const office of [
      '西工区洛北街道办事处',
      '城郊街道',
      '城关镇人民政府',
      '芝罘区只楚街道办事处',
      '银川市兴庆区胜利街街道办事处',
    ]) {
      expect(status).toContain(office);
    }
    // The person at the terminal runs the bot, so admin commands are theirs.
    expect(paused).toMatch(/^已暂停 城关镇人民政府 的2020年度年报提醒/);
  });

  it('`nianbao chat` reads piped standard input, one block per line', async () => {
    const cwd = tmpDir();
    const child = spawnSync(TSX, [CLI, 'chat', '--data', path.join(cwd, 'data')], {
      cwd,
      input: '单位列表\n核查 洛北街道\n帮助\n只楚街道2020年收到多少政府信息公开申请？\n',
      encoding: 'utf8',
      env: { ...process.env, WECHATY_PUPPET: '', NIANBAO_LOG_LEVEL: 'info' },
      timeout: 60_000,
    });
    expect(child.status).toBe(0);
    const out = blocks(child.stdout);
    expect(out).toHaveLength(4);
    expect(out[0].split('\n')[0]).toBe('已收录 5 个单位（按地区）：');
    expect(out[1].split('\n')[0]).toBe('西工区洛北街道办事处 2020 年度报告（2019 版格式）核查结果：');
    expect(out[2]).toMatch(/^我是年报助手/);
    // The real question engine answers from the store.
    expect(out[3].split('\n')[0]).toMatch(/^芝罘区只楚街道办事处.*4\s*件/);
    // The log goes to stderr, one line per question.
    const questions = child.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; question?: string })
      .filter((l) => l.msg === 'question');
    expect(questions.map((q) => q.question)).toEqual([
      '单位列表',
      '核查 洛北街道',
      '帮助',
      '只楚街道2020年收到多少政府信息公开申请？',
    ]);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('`nianbao chat` in a pseudo-terminal: welcome, prompt, answer, 退出', async () => {
    const cwd = tmpDir();
    const cmd = `${TSX} ${CLI} chat --data ${path.join(cwd, 'data')}`;
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd, env: { ...process.env, WECHATY_PUPPET: '' } });
    let out = '';
    let prompts = 0;
    const script = ['单位列表\r', '退出\r'];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const seen = out.split('问> ').length - 1;
      // Type the next line each time a new prompt appears.
      while (prompts < seen && script.length) {
        prompts += 1;
        child.stdin.write(script.shift()!);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain('年报助手（终端模式）— 已收录 5 个单位的 5 份年报');
    expect(out).toContain('城关镇和洛北街道哪个予以公开的多？');
    expect(out).toContain('已收录 5 个单位（按地区）：');
    // In a terminal the log goes to a file, not over the conversation.
    expect(out).not.toContain('"msg":"question"');
    expect(readdirSync(path.join(cwd, 'data', 'logs')).some((f) => /^nianbao\.\d+\.log$/.test(f))).toBe(true);
  });
});
