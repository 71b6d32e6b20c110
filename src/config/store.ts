// Which store the app runs on: the embedded SQLite database in the data folder (the
// default, nothing to set), or a PostgreSQL database shared by several bot instances,
// named by `store: postgres://…` in the file or by DATABASE_URL in the environment.
// The environment wins, as it does for the puppet and the model endpoint: one file can
// serve a test and a production database. A password is a secret, so the file may not
// hold one (PGPASSWORD, ~/.pgpass or DATABASE_URL carry it); no message ever shows it.
// Pure: text in, a checked connection string or a Chinese reason out.

/** The store the configuration names; absent means the SQLite database in the data folder. */
export interface StoreConfig {
  /** postgres://user@host:port/database (a password only when it came from the environment). */
  url: string;
  /** Where it was named: `DATABASE_URL` or the file's `store:`. */
  from: 'env' | 'file';
}

export const STORE_EXAMPLE = 'postgres://nianbao@127.0.0.1:5432/nianbao';

/**
 * Why `text` is not a PostgreSQL connection string this app can use, or null when it is.
 * `inFile`: a password is refused (the file is shared and committed).
 */
export function storeUrlProblem(text: string, inFile: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `应为 PostgreSQL 连接串，如 "${STORE_EXAMPLE}"`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `应以 postgres:// 开头（如 "${STORE_EXAMPLE}"）；不写则使用数据目录中的 SQLite 数据库`;
  }
  // postgres:///db?host=/var/run/postgresql is a Unix socket: the host is in the query.
  if (!url.hostname && !url.searchParams.get('host')) return `缺少主机名，如 "${STORE_EXAMPLE}"`;
  if (inFile && url.password) {
    return '连接串里不能写密码（配置文件会被共享和提交）：请把密码放在环境变量 PGPASSWORD 或 ~/.pgpass 中，或把整个连接串写在环境变量 DATABASE_URL 中';
  }
  return null;
}

/** The connection string without its password, for logs, errors and `store.path`. */
export function redactStoreUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
