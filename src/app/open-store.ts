// The one place the app opens its store, whichever backend the configuration names: the
// SQLite database in the data folder (the default), or the PostgreSQL database several
// bot instances share (`store:` / DATABASE_URL, src/config/store.ts). Each instance keeps
// its own data folder either way (logs, search index files, WeChat login). The PostgreSQL
// client loads only here and only then: a SQLite deployment never pays for it. Errors are
// Chinese and never show the password.
import type { Config } from '../config/schema.js';
import { openStore, type ReportStore } from '../store/index.js';

/** The store could not be opened; the message is Chinese and safe to print (no password). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * The store the configuration names: PostgreSQL (migrated on open, safe when several
 * instances start at once) when it has `store`, else `<dataDir>/nianbao.db`. Throws
 * StoreOpenError when the database cannot be reached; close() it when done.
 */
export async function openReportStore(
  config: Pick<Config, 'store'> | null | undefined,
  dataDir: string,
): Promise<ReportStore> {
  if (!config?.store) return openStore(dataDir);
  const url = config.store.url;
  const { openPgStore, redactUrl } = await import('../store/pg/index.js');
  try {
    return await openPgStore(url);
  } catch (err) {
    throw new StoreOpenError(`无法打开 PostgreSQL 数据库 ${redactUrl(url)}：${explainPgError(err, url)}`);
  }
}

/** A message with the URL's password (if any) blotted out, whatever the driver put in it. */
export function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // not a URL: the config schema refuses those before here
  }
  return password ? message.split(password).join('***') : message;
}

/**
 * Why a PostgreSQL connection failed, in words a deployer acts on: the driver's messages for
 * the common cases (no password given, refused, no such host or database, wrong password)
 * are English and cryptic (`SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a
 * string`). Anything else is the driver's message, password blotted out.
 */
export function explainPgError(err: unknown, url: string): string {
  const message = withoutPassword(err instanceof Error ? err.message : String(err), url);
  const code = (err as { code?: string } | null)?.code;
  if (/client password must be a string/i.test(message))
    return '数据库要求密码，但没有提供：请设置 PGPASSWORD（或写入 ~/.pgpass），或用 DATABASE_URL 给出含密码的完整地址。';
  if (code === '28P01' || code === '28000') return `用户名或密码不对，或该用户不允许登录（${message}）。`;
  if (code === '3D000') return `数据库不存在，请先创建（CREATE DATABASE …）（${message}）。`;
  if (code === 'ECONNREFUSED') return '连接被拒绝：该地址和端口上没有运行中的 PostgreSQL。';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return '找不到数据库服务器的主机名。';
  if (code === 'ETIMEDOUT') return '连接数据库服务器超时。';
  return message;
}
