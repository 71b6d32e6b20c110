// Shared by the bot tests: a store holding the five real seed reports, and a tiny
// question engine of the real Answer shape that reads that store.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseReport } from '../src/parse/index.js';
import { openStore, type Store } from '../src/store/index.js';
import type { Asker } from '../src/bot/types.js';

export const repoRoot = path.resolve(import.meta.dirname, '..');
const SEEDS = path.join(repoRoot, 'corpus/2020');

/** An in-memory store with the bundled 2020 seed reports, parsed by the real parser. */
export function seedStore(): Store {
  const store = openStore(':memory:');
  for (const f of readdirSync(SEEDS)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    const text = readFileSync(path.join(SEEDS, f), 'utf8');
    store.saveReport({ parsed: parseReport(text), text, sourceFile: `corpus/2020/${f}` });
  }
  return store;
}

export interface TinyAnswer {
  answer: string;
  kind: 'fact' | 'aggregate' | 'list' | 'compare' | 'passage' | 'clarify' | 'unknown';
  value: number | null;
  facts: { office: string; year: number; id: string; value: number | null }[];
  sources: { report: string; part: number; excerpt: string }[];
}

/** The received-applications total of the office the question names; "炸" throws; "全文" is long. */
export function tinyAsker(store: Store): Asker & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    async ask(q: string): Promise<TinyAnswer> {
      questions.push(q);
      if (q.includes('炸')) throw new Error('asker exploded');
      if (q.includes('全文')) {
        const lines = Array.from({ length: 150 }, (_, i) => `第 ${i + 1} 行：${'政府信息公开工作年度报告'.repeat(3)}`);
        return { answer: lines.join('\n'), kind: 'passage', value: null, facts: [], sources: [] };
      }
      const office = store.listOffices().find((o) => o.aliases.some((a) => a.length >= 2 && q.includes(a)));
      if (!office) return { answer: '没有找到这个单位的年报。', kind: 'unknown', value: null, facts: [], sources: [] };
      const [summary] = store.currentReports({ officeId: office.id });
      const report = store.getReport(summary.id)!;
      const value = report.facts['apply.received.total'] ?? null;
      return {
        answer: `${office.name} ${report.year} 年新收政府信息公开申请 ${value} 件。`,
        kind: 'fact',
        value,
        facts: [{ office: office.name, year: report.year, id: 'apply.received.total', value }],
        sources: [{ report: report.sourceFile, part: 3, excerpt: '一、本年新收政府信息公开申请数量' }],
      };
    },
  };
}

/** A writable that keeps what was written, as text. */
export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export async function waitFor(pred: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
