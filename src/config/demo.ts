// Demo mode: the bundled sample reports (corpus/) are imported only when someone is
// trying the bot out — `start`/`chat` with no configuration file, no puppet and an
// empty data folder — or when `--demo` asks for them. A deployment (a configuration,
// a puppet, a shared PostgreSQL store, or `--no-demo`) never gets them, and sample reports already in a store
// never count as filed for reminders. Pure, apart from path arithmetic.
import path from 'node:path';
import type { Awaitable } from '../store/index.js';
import type { Config } from './schema.js';

export interface DemoInput {
  /** `--demo` → true, `--no-demo` → false, neither → undefined. */
  flag?: boolean;
  config: Pick<Config, 'source'> & { bot: { puppet?: string }; store?: unknown };
  /** The store holds no report yet. */
  empty: boolean;
}

export type DemoDecision =
  | { demo: true; why: 'flag' | 'trial' }
  | { demo: false; why: 'flag' | 'config' | 'puppet' | 'store' | 'not-empty' };

export function decideDemo(input: DemoInput): DemoDecision {
  if (input.flag === true) return { demo: true, why: 'flag' };
  if (input.flag === false) return { demo: false, why: 'flag' };
  if (input.config.bot.puppet) return { demo: false, why: 'puppet' };
  // A database other instances share (DATABASE_URL) is a deployment's: samples never go there unasked.
  if (input.config.store) return { demo: false, why: 'store' };
  if (input.config.source !== null) return { demo: false, why: 'config' };
  if (!input.empty) return { demo: false, why: 'not-empty' };
  return { demo: true, why: 'trial' };
}

/** What the operator is told about an empty store when no samples are imported. */
export function emptyStoreNotice(dataDir: string): string {
  return `数据目录 ${dataDir} 中还没有年报：用 nianbao ingest <文件或文件夹> --data ${dataDir} 导入；只想试用时加 --demo 导入自带样本。`;
}

export const demoNotice = (count: number) =>
  `演示模式：已导入自带的 ${count} 份样本年报（corpus/）。正式使用时请提供配置文件或加 --no-demo，样本不会计入报送。`;

/** True when `sourceFile` lies inside the bundled corpus folder. */
export function isSampleFile(sourceFile: string, corpusDir: string): boolean {
  const rel = path.relative(path.resolve(corpusDir), path.resolve(sourceFile));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * A store view whose current reports leave the bundled samples out (for who has filed);
 * the answer comes now or later, as the store gives it (SQLite, PostgreSQL).
 */
export function withoutSamples<
  S extends { currentReports(filter?: { year?: number; officeId?: number }): Awaitable<{ sourceFile: string }[]> },
>(store: S, corpusDir: string): S {
  const keep = <R extends { sourceFile: string }>(rows: R[]) =>
    rows.filter((r) => !isSampleFile(r.sourceFile, corpusDir));
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'currentReports') {
        return (filter?: { year?: number; officeId?: number }) => {
          const rows = target.currentReports(filter);
          return rows instanceof Promise ? rows.then(keep) : keep(rows);
        };
      }
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
