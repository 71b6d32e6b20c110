// A parsed configuration file validated (zod: ~0.15 s to load, so only where there is a
// file to read: src/config/load.ts imports this then), then the environment applied.
import { DEFAULT_CONFIG_FILE } from './defaults.js';
import { ConfigError, withEnvironment } from './environment.js';
import { describeIssues, pathText, zhErrorMap } from './issues.js';
import { type Config, fileSchema, SECRET_KEYS } from './schema.js';

/** Validates a parsed YAML document and applies the environment. */
export function parseConfig(
  doc: unknown,
  opts: { source?: string | null; shown?: string; env?: NodeJS.ProcessEnv } = {},
): Config {
  const shown = opts.shown ?? DEFAULT_CONFIG_FILE;
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
  return withEnvironment(parsed.data, { source: opts.source ?? null, shown, env: opts.env ?? {} });
}
