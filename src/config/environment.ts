// The configuration a program runs with: the file's sections (validated by parse.ts, or
// the defaults when there is no file), then the environment variables, which add the
// secrets and may override the puppet, the LLM endpoint and the store. No zod here.
import { SERVICE_PUPPET } from './defaults.js';
import type { Config, FileConfig } from './schema.js';
import { storeUrlProblem } from './store.js';

/** A configuration that cannot be used; the message is Chinese and names the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The file's sections with the environment applied. */
export function withEnvironment(
  file: FileConfig,
  opts: { source: string | null; shown: string; env: NodeJS.ProcessEnv },
): Config {
  const { env, shown } = opts;
  const envText = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const config: Config = {
    bot: { ...file.bot },
    llm: { ...file.llm },
    log: { ...file.log },
    reminders: file.reminders,
    offices: file.offices,
    source: opts.source,
  };
  const puppet = envText('WECHATY_PUPPET');
  if (puppet) config.bot.puppet = puppet;
  const token = envText('WECHATY_PUPPET_SERVICE_TOKEN');
  if (token) config.bot.puppetToken = token;
  const endpoint = envText('WECHATY_PUPPET_SERVICE_ENDPOINT');
  if (endpoint) config.bot.endpoint = endpoint;
  const authority = envText('WECHATY_PUPPET_SERVICE_AUTHORITY');
  if (authority) config.bot.puppetAuthority = authority;
  const baseURL = envText('OPENAI_BASE_URL');
  if (baseURL) {
    if (!/^https?:\/\/[^/\s]+/i.test(baseURL)) {
      throw new ConfigError(`环境变量 OPENAI_BASE_URL 应为网址，如 "https://api.openai.com/v1"`);
    }
    config.llm.baseURL = baseURL;
  }
  const apiKey = envText('OPENAI_API_KEY');
  if (apiKey) config.llm.apiKey = apiKey;
  // DATABASE_URL wins over the file's `store:` (src/config/store.ts says why); it may hold the password.
  const databaseUrl = envText('DATABASE_URL');
  if (databaseUrl) {
    const problem = storeUrlProblem(databaseUrl, false);
    if (problem) throw new ConfigError(`环境变量 DATABASE_URL ${problem}`);
    config.store = { url: databaseUrl, from: 'env' };
  } else if (file.store) {
    config.store = { url: file.store, from: 'file' };
  }

  if (config.bot.puppet === SERVICE_PUPPET && !config.bot.puppetToken) {
    throw new ConfigError(
      `${puppet ? '环境变量 WECHATY_PUPPET' : `配置文件 ${shown} 的 bot.puppet`} 为 ${SERVICE_PUPPET}，` +
        '还需要设置环境变量 WECHATY_PUPPET_SERVICE_TOKEN（PadLocal 或企业微信服务的 token）',
    );
  }
  return config;
}
