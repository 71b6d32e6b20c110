// Logs fit for an office: a 100,000-character paste is logged as 200 characters and
// its length, askers appear as a stable short hash unless `log.names: true`, a secret
// is never written whatever line carries it, and the file rotates by size with a
// fixed number kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clipForLog, createLogger, LOG_DIR, nameHash, openLogFile } from '../src/log/index.js';
import { parseConfig } from '../src/config/parse.js';
import { Sink } from './bot-helpers.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-logs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('log lines', () => {
  it('cuts a question to 200 characters and says how long it was', () => {
    const sink = new Sink();
    const logger = createLogger({ destination: sink });
    const paste = '一、总体情况'.repeat(20_000); // 120,000 characters
    logger.info({ asker: '张三', question: paste }, 'question');
    const [line] = sink.lines();
    expect(sink.text.length).toBeLessThan(1_000);
    expect(line.question).toBe(`${Array.from(paste).slice(0, 200).join('')}…（共 120000 字）`);
    expect(clipForLog('短问题')).toBe('短问题');
  });

  it('replaces names by a stable short hash, unless names are to be logged', () => {
    const hashed = new Sink();
    const logger = createLogger({ destination: hashed });
    logger.info({ asker: '张三', room: '年报工作群' }, 'question');
    logger.info({ asker: '张三' }, 'question');
    logger.info({ asker: '李四' }, 'question');
    const [a, b, c] = hashed.lines();
    expect(a.asker).toBe(nameHash('张三'));
    expect(a.asker).toMatch(/^#[0-9a-f]{8}$/);
    expect(b.asker).toBe(a.asker);
    expect(c.asker).not.toBe(a.asker);
    expect(hashed.text).not.toContain('张三');
    expect(a.room).toBe('年报工作群');

    const plain = new Sink();
    createLogger({ destination: plain, names: true }).info({ asker: '张三' }, 'question');
    expect(plain.lines()[0].asker).toBe('张三');
  });

  it('log.names is a validated setting, false by default', () => {
    expect(parseConfig({}, { env: {} }).log).toEqual({ names: false, level: 'info', maxSizeMB: 10, keep: 5 });
    expect(parseConfig({ log: { names: true } }, { env: {} }).log.names).toBe(true);
    expect(() => parseConfig({ log: { names: 'yes' } }, { env: {} })).toThrow('log.names 应为 true 或 false');
  });

  it('never writes a secret, under any key or inside any text', () => {
    const sink = new Sink();
    const token = 'puppet_padlocal_0123456789abcdef';
    const logger = createLogger({ destination: sink, secrets: [token, undefined, 'ab'] });
    logger.warn({}, `WechatyToken discover() endpoint<https://api.chatie.io/v0/hosties/${token}> rejection`);
    logger.error({ err: new Error(`target wechaty://api.chatie.io/${token}`), options: { token } }, 'failed');
    expect(sink.text).not.toContain(token);
    expect(sink.text).toContain('hosties/***');
    // A "secret" too short to be one is not masked everywhere (it would wreck every line).
    logger.info({}, 'table 二 about ab');
    expect(sink.lines().at(-1)?.msg).toBe('table 二 about ab');
  });
});

describe('log files', () => {
  it('rotate by size and keep a fixed number of files, under <data>/logs', async () => {
    const dataDir = path.join(tmp, 'data');
    const dest = await openLogFile(dataDir, { maxSizeMB: 2 / 1024, keep: 2 }); // 2 KB
    const logger = createLogger({ destination: dest });
    for (let i = 0; i < 300; i++) {
      logger.info({ i, question: '只楚街道收到多少申请'.repeat(3) }, 'question');
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2));
    }
    dest.flushSync();
    await new Promise((r) => setTimeout(r, 50));
    dest.end();
    const files = fs.readdirSync(path.join(dataDir, LOG_DIR));
    expect(files.every((f) => /^nianbao\.\d+\.log$/.test(f))).toBe(true);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3); // the current one and two rotated
    const total = files.reduce((n, f) => n + fs.statSync(path.join(dataDir, LOG_DIR, f)).size, 0);
    expect(total).toBeLessThan(3 * 4 * 1024);
  });
});
