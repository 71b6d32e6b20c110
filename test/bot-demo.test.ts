// Demo data only in demo mode: `start`/`chat` with no configuration, no puppet and an
// empty store imports the bundled samples and says so; a configuration, a puppet or
// --no-demo imports nothing; --demo forces it; sample reports already in a store are
// never counted as filed by a real deployment's reminders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runChat, type CommandIO } from '../src/cli/start-command.js';
import { decideDemo, withoutSamples } from '../src/config/demo.js';
import { bundledCorpusDir, ensureCorpus } from '../src/ingest/index.js';
import { storeFilings } from '../src/remind/filings.js';
import { loadRemindConfig } from '../src/cli/remind-command.js';
import { openStore } from '../src/store/index.js';
import { repoRoot, Sink } from './bot-helpers.js';

const tmps: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-demo-'));
  tmps.push(d);
  return d;
};
afterAll(() => tmps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function ioFor(cwd: string, input: string, env: NodeJS.ProcessEnv = {}): { io: CommandIO; out: Sink; err: Sink } {
  const stdin = new PassThrough();
  stdin.end(input);
  const out = new Sink();
  const err = new Sink();
  return { io: { stdin, stdout: out, stderr: err, env, cwd }, out, err };
}

const reportsIn = (data: string) => {
  const store = openStore(data);
  try {
    return store.counts().reports;
  } finally {
    store.close();
  }
};

describe('decideDemo', () => {
  const none = { source: null, bot: {} };
  it('is the demo only for a trial: no configuration, no puppet, an empty store', () => {
    expect(decideDemo({ config: none, empty: true })).toEqual({ demo: true, why: 'trial' });
    expect(decideDemo({ config: none, empty: false })).toEqual({ demo: false, why: 'not-empty' });
    expect(decideDemo({ config: { source: '/srv/nianbao.yaml', bot: {} }, empty: true })).toEqual({
      demo: false,
      why: 'config',
    });
    expect(decideDemo({ config: { source: null, bot: { puppet: 'wechaty-puppet-wechat4u' } }, empty: true })).toEqual({
      demo: false,
      why: 'puppet',
    });
    expect(decideDemo({ flag: false, config: none, empty: true })).toEqual({ demo: false, why: 'flag' });
    expect(
      decideDemo({ flag: true, config: { source: '/srv/nianbao.yaml', bot: { puppet: 'x' } }, empty: true }),
    ).toEqual({ demo: true, why: 'flag' });
  });
});

describe('chat on an empty data folder', () => {
  it('with no configuration: the demo, said so', async () => {
    const cwd = tmpDir();
    const { io, err, out } = ioFor(cwd, '单位列表\n');
    expect(await runChat({ data: './data' }, io)).toBe(0);
    expect(err.text).toContain('演示模式：已导入自带的 5 份样本年报（corpus/）');
    expect(out.text).toContain('已收录 5 个单位');
    expect(reportsIn(path.join(cwd, 'data'))).toBe(5);
  });

  it('with a configuration: nothing imported, and how to import is said', async () => {
    const cwd = tmpDir();
    const { io, err } = ioFor(cwd, '单位列表\n');
    expect(await runChat({ data: './data', config: path.join(repoRoot, 'examples/nianbao.yaml') }, io)).toBe(0);
    expect(err.text).not.toContain('演示模式');
    expect(err.text).toContain(`数据目录 ${path.join(cwd, 'data')} 中还没有年报：用 nianbao ingest`);
    expect(reportsIn(path.join(cwd, 'data'))).toBe(0);
  });

  it('with a puppet in the environment: nothing imported (decided before WeChat is reached)', () => {
    expect(decideDemo({ config: { source: null, bot: { puppet: 'wechaty-puppet-service' } }, empty: true }).demo).toBe(
      false,
    );
  });

  it('with --no-demo: nothing imported; with --demo and a configuration: imported', async () => {
    const a = tmpDir();
    expect(await runChat({ data: './data', demo: false }, ioFor(a, '帮助\n').io)).toBe(0);
    expect(reportsIn(path.join(a, 'data'))).toBe(0);
    const b = tmpDir();
    const { io, err } = ioFor(b, '帮助\n');
    expect(
      await runChat({ data: './data', demo: true, config: path.join(repoRoot, 'examples/nianbao.yaml') }, io),
    ).toBe(0);
    expect(err.text).toContain('演示模式');
    expect(reportsIn(path.join(b, 'data'))).toBe(5);
  });
});

describe('sample reports in a real deployment', () => {
  it('are not counted as filed', async () => {
    const data = tmpDir();
    const store = openStore(data);
    try {
      await ensureCorpus(store);
      const config = await loadRemindConfig(path.join(repoRoot, 'examples/nianbao.yaml'));
      // The example registry names the sample offices: as a demo they have filed for 2020 …
      const demo = await storeFilings(store, config.offices);
      expect(config.offices.every((o) => demo.isFiled(o.name, 2020))).toBe(true);
      // … in a deployment they have not.
      const real = await storeFilings(withoutSamples(store, bundledCorpusDir()), config.offices);
      expect(config.offices.some((o) => real.isFiled(o.name, 2020))).toBe(false);
    } finally {
      store.close();
    }
  });
});
