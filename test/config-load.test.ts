// Configuration: where it is found, what it defaults to, how the environment adds
// secrets, and that every mistake names its field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../src/config/load.js';
import { parseConfig } from '../src/config/parse.js';
import { repoRoot } from './bot-helpers.js';

const tmps: string[] = [];
function dirWith(files: Record<string, string> = {}): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nianbao-config-'));
  tmps.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

const problem = (doc: unknown, env: NodeJS.ProcessEnv = {}): string => {
  try {
    parseConfig(doc, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('nothing configured: defaults, no puppet (the console), no source', async () => {
    const config = await loadConfig({ cwd: dirWith(), env: {} });
    expect(config.source).toBeNull();
    expect(config.bot).toMatchObject({
      name: '年报助手',
      prefix: '年报',
      rooms: [],
      contacts: [],
      admins: [],
      maxMessageLength: 1800,
    });
    expect(config.bot.puppet).toBeUndefined();
    expect(config.bot.rate).toEqual({ roomPerSecond: 1, roomBurst: 1, globalPerMinute: 20, globalBurst: 5 });
    expect(config.reminders).toBeUndefined();
    expect(config.offices).toBeUndefined();
  });

  it('reads ./nianbao.yaml when present, and --config FILE over it', async () => {
    const cwd = dirWith({ 'nianbao.yaml': 'bot:\n  name: 小年\n', 'other.yaml': 'bot:\n  name: 另一个\n' });
    const here = await loadConfig({ cwd, env: {} });
    expect(here.bot.name).toBe('小年');
    expect(here.source).toBe(path.join(cwd, 'nianbao.yaml'));
    expect((await loadConfig({ cwd, configPath: 'other.yaml', env: {} })).bot.name).toBe('另一个');
    await expect(loadConfig({ cwd, configPath: 'missing.yaml', env: {} })).rejects.toThrow(
      '找不到配置文件 missing.yaml',
    );
  });

  it('an empty file is all defaults', async () => {
    const config = await loadConfig({ cwd: dirWith({ 'nianbao.yaml': '# 只有注释\n' }), env: {} });
    expect(config.bot.name).toBe('年报助手');
  });

  it('a YAML syntax error names the file and the line', async () => {
    const cwd = dirWith({ 'nianbao.yaml': 'bot:\n  name: [未闭合\n  prefix: 年报\n' });
    await expect(loadConfig({ cwd, env: {} })).rejects.toThrow(/^配置文件 nianbao\.yaml 不是合法的 YAML：第 \d+ 行/);
  });

  it('names the file as given in the message', async () => {
    const cwd = dirWith({ 'prod.yaml': 'bot:\n  prefix: 3\n' });
    await expect(loadConfig({ cwd, configPath: 'prod.yaml', env: {} })).rejects.toThrow(
      '配置文件 prod.yaml 有误：bot.prefix 应为文字',
    );
  });
});

describe('a bad configuration names the field', () => {
  it.each([
    [{ bot: { admins: [12345] } }, 'bot.admins[0] 应为文字'],
    [{ bot: { admins: '张主任' } }, 'bot.admins 应为管理员名称或 id列表，如 ["…", "…"]'],
    [{ bot: { admin: ['张主任'] } }, 'bot.admin 是未知字段（请检查拼写）'],
    [{ bot: { rate: { roomPerSecond: 0 } } }, 'bot.rate.roomPerSecond 应大于 0'],
    [{ bot: { flood: { maxQuestions: 2.5 } } }, 'bot.flood.maxQuestions 应为整数'],
    [{ bot: { maxMessageLength: 50 } }, 'bot.maxMessageLength 不能小于 100'],
    [{ bot: { puppet: 'wechat4u' } }, 'bot.puppet 应为 puppet 包名，如 "wechaty-puppet-wechat4u"'],
    [{ bot: { name: '' } }, 'bot.name 不能为空'],
    [{ llm: { baseURL: 'not a url' } }, 'llm.baseURL 应为网址，如 "https://api.openai.com/v1"'],
    [{ llm: { chatModel: 4 } }, 'llm.chatModel 应为模型名称'],
    [{ reminders: { time: '9点' } }, 'reminders.time 应为“时:分”格式的时间，如 "09:00"'],
    [{ offices: [{ name: '城关镇人民政府', kind: '乡镇' }] }, 'offices[0].room 必填（单位：城关镇人民政府）'],
    [{ bots: {} }, 'bots 是未知字段（请检查拼写）'],
    [['bot'], '整个文件 应为键值映射（bot: …、llm: …）'],
  ])('%j', (doc, expected) => {
    expect(problem(doc)).toBe(`配置文件 nianbao.yaml 有误：${expected}`);
  });

  it('lists several problems one per line', () => {
    const msg = problem({ bot: { admins: [1], rooms: [2] } });
    expect(msg).toBe('配置文件 nianbao.yaml 有误：\n  - bot.rooms[0] 应为文字\n  - bot.admins[0] 应为文字');
  });

  it('refuses secrets in the file, naming the environment variable instead', () => {
    expect(problem({ llm: { apiKey: 'sk-123' } })).toBe(
      '配置文件 nianbao.yaml 有误：llm.apiKey 不能写在配置文件里，请改用环境变量 OPENAI_API_KEY',
    );
    expect(problem({ bot: { token: 'puppet_x' } })).toBe(
      '配置文件 nianbao.yaml 有误：bot.token 不能写在配置文件里，请改用环境变量 WECHATY_PUPPET_SERVICE_TOKEN',
    );
  });
});

describe('environment variables', () => {
  it('add the secrets and override the puppet and the endpoint', () => {
    const config = parseConfig(
      { bot: { puppet: 'wechaty-puppet-wechat4u' }, llm: { baseURL: 'https://a.example/v1', chatModel: 'm' } },
      {
        env: {
          WECHATY_PUPPET: 'wechaty-puppet-service',
          WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_abc',
          OPENAI_BASE_URL: 'https://b.example/v1',
          OPENAI_API_KEY: 'sk-xyz',
        },
      },
    );
    expect(config.bot.puppet).toBe('wechaty-puppet-service');
    expect(config.bot.puppetToken).toBe('puppet_padlocal_abc');
    expect(config.llm).toEqual({ baseURL: 'https://b.example/v1', chatModel: 'm', apiKey: 'sk-xyz' });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('sk-xyz');
    expect(shown).not.toContain('puppet_padlocal_abc');
  });

  it('a service puppet without a token stops start-up, saying which variable to set', () => {
    expect(problem({}, { WECHATY_PUPPET: 'wechaty-puppet-service' })).toMatch(
      /^环境变量 WECHATY_PUPPET 为 wechaty-puppet-service，还需要设置环境变量 WECHATY_PUPPET_SERVICE_TOKEN/,
    );
    expect(problem({ bot: { puppet: 'wechaty-puppet-service' } })).toMatch(
      /^配置文件 nianbao\.yaml 的 bot\.puppet 为 wechaty-puppet-service/,
    );
  });

  it('empty variables are ignored', () => {
    const config = parseConfig({}, { env: { WECHATY_PUPPET: '  ', OPENAI_API_KEY: '' } });
    expect(config.bot.puppet).toBeUndefined();
    expect(config.llm.apiKey).toBeUndefined();
  });

  it('a malformed OPENAI_BASE_URL is named', () => {
    expect(problem({}, { OPENAI_BASE_URL: 'localhost:8080' })).toBe(
      '环境变量 OPENAI_BASE_URL 应为网址，如 "https://api.openai.com/v1"',
    );
  });
});

describe('examples/nianbao.yaml', () => {
  it('is valid and registers every office of the bundled corpus', async () => {
    const file = path.join(repoRoot, 'examples/nianbao.yaml');
    const config = await loadConfig({ cwd: repoRoot, configPath: file, env: {} });
    // It must not log into WeChat by itself: the puppet is left to the reader.
    expect(config.bot.puppet).toBeUndefined();
    const corpus = JSON.parse(readFileSync(path.join(repoRoot, 'corpus/index.json'), 'utf8')) as { office: string }[];
    const registered = new Set((config.offices ?? []).map((o) => o.name));
    for (const { office } of corpus) expect(registered).toContain(office);
    // The bot answers in every room the reminders go to.
    for (const o of config.offices ?? []) {
      expect(config.bot.rooms).toContain(o.room);
      if (o.supervisorRoom) expect(config.bot.rooms).toContain(o.supervisorRoom);
    }
  });
});
