// Finds, reads and validates the configuration: `--config FILE`, else ./nianbao.yaml
// when present, else all defaults (the console bot). Environment variables then add
// the secrets and may override the puppet and the LLM endpoint.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeIssues, pathText, zhErrorMap } from './issues.js';
import { type Config, fileSchema, SECRET_KEYS, SERVICE_PUPPET } from './schema.js';
import { redactStoreUrl, storeUrlProblem } from './store.js';

export const DEFAULT_CONFIG_FILE = 'nianbao.yaml';

/** A configuration that cannot be used; the message is Chinese and names the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** `--config FILE`; must exist when given. */
  configPath?: string;
  /** Where ./nianbao.yaml is looked for. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Which file to read: the one named, else ./nianbao.yaml when present, else none. */
export function resolveConfigPath(opts: LoadOptions = {}): string | null {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.configPath) {
    const file = path.resolve(cwd, opts.configPath);
    if (!existsSync(file)) throw new ConfigError(`找不到配置文件 ${opts.configPath}`);
    return file;
  }
  const fallback = path.join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

export async function loadConfig(opts: LoadOptions = {}): Promise<Config> {
  const cwd = opts.cwd ?? process.cwd();
  const file = resolveConfigPath(opts);
  const shown = file ? path.relative(cwd, file) || file : null;
  let doc: unknown = {};
  if (file) {
    const text = await readFile(file, 'utf8');
    // Imported here, where a file is read: a command with no configuration file (a cold
    // `ask`) never loads yaml's ~70 modules (~40 ms of its start).
    const { parse: parseYaml, YAMLParseError } = await import('yaml');
    try {
      doc = parseYaml(text) ?? {};
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const at = err.linePos?.[0];
        const where = at ? `第 ${at.line} 行第 ${at.col} 列` : '';
        throw new ConfigError(
          `配置文件 ${shown} 不是合法的 YAML：${where}${where ? '，' : ''}${err.message.split('\n')[0]}`,
        );
      }
      throw err;
    }
  }
  return parseConfig(doc, { source: file, shown: shown ?? DEFAULT_CONFIG_FILE, env: opts.env ?? process.env });
}

/**
 * loadConfig for a command: a configuration error is told through `say` (one Chinese
 * line naming the field) and gives null, so the command exits with its own code.
 */
export async function loadConfigOrSay(opts: LoadOptions, say: (message: string) => void): Promise<Config | null> {
  try {
    return await loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      say(err.message);
      return null;
    }
    throw err;
  }
}

/** Validates a parsed YAML document and applies the environment. */
export function parseConfig(
  doc: unknown,
  opts: { source?: string | null; shown?: string; env?: NodeJS.ProcessEnv } = {},
): Config {
  const shown = opts.shown ?? DEFAULT_CONFIG_FILE;
  const env = opts.env ?? {};
  const fail = (lines: string[]) => {
    const body = lines.length === 1 ? lines[0] : `\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    return new ConfigError(`配置文件 ${shown} 有误：${body}`);
  };

  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw fail(['整个文件 应为键值映射（bot: …、llm: …）']);
  }
  const secrets = SECRET_KEYS.filter(({ path: [section, key] }) => {
    const sec = (doc as Record<string, unknown>)[section];
    return sec !== null && typeof sec === 'object' && key in sec;
  });
  if (secrets.length) {
    throw fail(secrets.map((s) => `${pathText(s.path)} 不能写在配置文件里，请改用环境变量 ${s.env}`));
  }

  // `llm:` with only comments under it is null in YAML: the same as leaving it out.
  const sections = Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== null));
  const parsed = fileSchema.safeParse(sections, { error: zhErrorMap });
  if (!parsed.success) throw fail(describeIssues(parsed.error.issues));
  const file = parsed.data;

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
    source: opts.source ?? null,
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

/** The configuration with secrets masked, for logs and `--verbose` output. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    bot: { ...config.bot, ...(config.bot.puppetToken ? { puppetToken: '***' } : {}) },
    llm: { ...config.llm, ...(config.llm.apiKey ? { apiKey: '***' } : {}) },
    ...(config.store ? { store: { ...config.store, url: redactStoreUrl(config.store.url) } } : {}),
  };
}
