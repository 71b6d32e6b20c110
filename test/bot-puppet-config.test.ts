// How each advertised connection is configured: the puppet by name, the token from the
// environment only, an endpoint from the file or the environment, and what wechaty is
// handed for each. The connections themselves are exercised in bot-puppet-service
// (gRPC on loopback) and bot-wechaty / bot-connection (mock puppet).
import { describe, expect, it } from 'vitest';
import { puppetOptions } from '../src/bot/wechaty-channel.js';
import { ConfigError, redactConfig } from '../src/config/load.js';
import { parseConfig } from '../src/config/parse.js';

const fails = (doc: unknown, env: NodeJS.ProcessEnv = {}) => {
  try {
    parseConfig(doc, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('connections', () => {
  it('wechat4u: the puppet by name, no options', () => {
    const c = parseConfig({}, { env: { WECHATY_PUPPET: 'wechaty-puppet-wechat4u' } });
    expect(c.bot.puppet).toBe('wechaty-puppet-wechat4u');
    expect(puppetOptions(c.bot)).toEqual({});
  });

  it('puppet-service with a token: the token, looked up at the default or a given authority', () => {
    const env = { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_abc123' };
    expect(puppetOptions(parseConfig({}, { env }).bot)).toEqual({ token: 'puppet_padlocal_abc123' });
    const other = parseConfig({}, { env: { ...env, WECHATY_PUPPET_SERVICE_AUTHORITY: 'discovery.example.cn' } });
    expect(puppetOptions(other.bot)).toEqual({ token: 'puppet_padlocal_abc123', authority: 'discovery.example.cn' });
    // The token never shows in a configuration printed for a log.
    expect(JSON.stringify(redactConfig(other))).not.toContain('abc123');
  });

  it('puppet-service with an endpoint: from the file, or the environment over it', () => {
    const env = { WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_t0ken' };
    const fromFile = parseConfig({ bot: { puppet: 'wechaty-puppet-service', endpoint: '127.0.0.1:8788' } }, { env });
    expect(puppetOptions(fromFile.bot)).toEqual({ token: 'insecure_t0ken', endpoint: '127.0.0.1:8788' });
    const fromEnv = parseConfig(
      { bot: { puppet: 'wechaty-puppet-service', endpoint: '127.0.0.1:8788' } },
      { env: { ...env, WECHATY_PUPPET_SERVICE_ENDPOINT: 'gateway.lan:9001' } },
    );
    expect(fromEnv.bot.endpoint).toBe('gateway.lan:9001');
    expect(fails({ bot: { endpoint: 'http://gateway' } }, env)).toBe(
      '配置文件 nianbao.yaml 有误：bot.endpoint 应为 主机:端口，如 "127.0.0.1:8788"',
    );
  });

  it('puppet-service without a token is stopped with what to set', () => {
    expect(fails({}, { WECHATY_PUPPET: 'wechaty-puppet-service' })).toContain(
      '还需要设置环境变量 WECHATY_PUPPET_SERVICE_TOKEN',
    );
  });

  it('downNoticeMinutes is validated', () => {
    expect(parseConfig({}, { env: {} }).bot.downNoticeMinutes).toBe(10);
    expect(fails({ bot: { downNoticeMinutes: 0 } })).toContain('bot.downNoticeMinutes 不能小于 1');
  });
});
