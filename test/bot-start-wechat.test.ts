// `start` with a puppet, as an operator runs it: nothing imported into the empty store
// (a deployment is never the demo), the screen shows only plain Chinese lines, and the
// structured log goes to the rotating file under the data folder. The puppet here is
// wechaty-puppet-mock, named in WECHATY_PUPPET like any other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runStart } from '../src/cli/start-command.js';
import { openStore } from '../src/store/index.js';
import { Sink, waitFor } from './bot-helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-start-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('start with a puppet', () => {
  it('imports nothing, speaks plainly on screen, logs to data/logs', async () => {
    const stdin = new PassThrough();
    const stdout = new Sink();
    const stderr = new Sink();
    const env = { WECHATY_PUPPET: 'wechaty-puppet-mock', WECHATY_PUPPET_SERVICE_TOKEN: 'never-shown-token-1234' };
    const done = runStart({ data: './data' }, { stdin, stdout, stderr, env, cwd: tmp });
    await waitFor(() => stderr.text.includes('正在连接微信服务'), 'the connecting line', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    process.emit('SIGINT');
    expect(await done).toBe(0);

    const data = path.join(tmp, 'data');
    const lines = stderr.text.trim().split('\n');
    expect(lines[0]).toBe(
      `数据目录 ${data} 中还没有年报：用 nianbao ingest <文件或文件夹> --data ${data} 导入；只想试用时加 --demo 导入自带样本。`,
    );
    expect(lines).toContain(`日志写在 ${path.join(data, 'logs')}，微信登录信息保存在 ${data}`);
    expect(lines).toContain('正在连接微信服务（wechaty-puppet-mock）……');
    // No JSON, no stack traces on screen.
    expect(lines.every((l) => !l.startsWith('{') && !/^\s+at /.test(l))).toBe(true);
    expect(stdout.text).toBe('');

    const store = openStore(data);
    expect(store.counts().reports).toBe(0);
    store.close();
    const logs = fs.readdirSync(path.join(data, 'logs'));
    const text = logs.map((f) => fs.readFileSync(path.join(data, 'logs', f), 'utf8')).join('');
    expect(text).toContain('"msg":"starting wechat bot"');
    expect(text).toContain('"msg":"stopping"');
    expect(text).not.toContain('never-shown-token-1234');
  }, 60_000);
});
