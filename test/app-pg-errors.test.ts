// What a deployer reads when PostgreSQL cannot be reached: the driver's own failures (as pg
// raises them: an Error with the server's SQLSTATE or the socket's errno as `code`) worded
// in Chinese, never with the password. Runs without a server: the first case is a real
// refused connection on a port nothing listens on.
import { describe, expect, it } from 'vitest';
import { explainPgError, openReportStore, StoreOpenError } from '../src/app/open-store.js';

const URL_WITH_PASSWORD = 'postgres://bot:s3cret-pw@127.0.0.1:1/nianbao';
const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('a PostgreSQL store that cannot be opened', () => {
  it('a refused connection is said as such, the password nowhere', async () => {
    const err = await openReportStore({ store: { url: URL_WITH_PASSWORD, from: 'env' } }, '/tmp/unused').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toContain('连接被拒绝');
    expect((err as Error).message).not.toContain('s3cret-pw');
  });

  it('no password given: says where to put one (the driver says only "client password must be a string")', () => {
    const said = explainPgError(
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      'postgres://bot@db/nianbao',
    );
    expect(said).toContain('PGPASSWORD');
    expect(said).not.toContain('SASL');
  });

  it('a wrong password, a missing database and an unknown host each get their own sentence', () => {
    expect(explainPgError(coded('password authentication failed for user "bot"', '28P01'), URL_WITH_PASSWORD)).toMatch(
      /^用户名或密码不对/,
    );
    expect(explainPgError(coded('database "nianbao" does not exist', '3D000'), URL_WITH_PASSWORD)).toMatch(
      /^数据库不存在/,
    );
    expect(explainPgError(coded('getaddrinfo ENOTFOUND db', 'ENOTFOUND'), URL_WITH_PASSWORD)).toBe(
      '找不到数据库服务器的主机名。',
    );
  });

  it('any other failure is the driver message with the password blotted out', () => {
    expect(explainPgError(new Error('boom near s3cret-pw'), URL_WITH_PASSWORD)).toBe('boom near ***');
  });
});
