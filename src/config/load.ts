// Finds, reads and validates the configuration: `--config FILE`, else ./nianbao.yaml
// when present, else all defaults (the console bot). Environment variables then add
// the secrets and may override the puppet and the LLM endpoint (environment.ts).
// Without a file nothing is validated: the defaults are defaults.ts' (the schema's own),
// and neither yaml nor zod is loaded (a cold `ask`, issue 13).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG_FILE, defaultsOf } from './defaults.js';
import { ConfigError, withEnvironment } from './environment.js';
import type { Config } from './schema.js';
import { redactStoreUrl } from './store.js';

export { ConfigError } from './environment.js';
export { DEFAULT_CONFIG_FILE } from './defaults.js';

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
  const env = opts.env ?? process.env;
  const file = resolveConfigPath(opts);
  if (!file) {
    const sections = { bot: defaultsOf('bot'), llm: defaultsOf('llm'), log: defaultsOf('log') };
    return withEnvironment(sections, { source: null, shown: DEFAULT_CONFIG_FILE, env });
  }
  const shown = path.relative(cwd, file) || file;
  const text = await readFile(file, 'utf8');
  // Imported here, where a file is read: a command with no configuration file (a cold
  // `ask`) never loads yaml's ~70 modules (~40 ms of its start), nor zod's 99 (~150 ms).
  const [{ parse: parseYaml, YAMLParseError }, { parseConfig }] = await Promise.all([
    import('yaml'),
    import('./parse.js'),
  ]);
  let doc: unknown;
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
  return parseConfig(doc, { source: file, shown, env });
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

/** The configuration with secrets masked, for logs and `--verbose` output. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    bot: { ...config.bot, ...(config.bot.puppetToken ? { puppetToken: '***' } : {}) },
    llm: { ...config.llm, ...(config.llm.apiKey ? { apiKey: '***' } : {}) },
    ...(config.store ? { store: { ...config.store, url: redactStoreUrl(config.store.url) } } : {}),
  };
}
