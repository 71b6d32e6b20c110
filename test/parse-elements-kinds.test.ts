// A row's values and its blank slots are arrays of one V8 elements kind, whatever the
// row holds (small integers, decimals, blanks): the table readers and the sums are
// optimized on the arrays they see first, and an array of another kind later threw
// that code away (a "wrong map" deopt, then a new compile of the whole reader, ~10 %
// of an ingest's first 1,000 reports in TurboFan work; issue 13). Checked in a child
// node with V8's own test functions (%HaveSameMap), which a test process cannot call.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './bot-helpers.js';

/** Runs `body` (an ES module with access to `values` and `blankSlots`) with V8's natives; its stdout. */
function withNatives(body: string): string {
  const code = `import { values, blankSlots } from './src/parse/rows.ts';\n${body}`;
  const run = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

describe('parse: arrays of one elements kind', () => {
  it("gives a row's values one hidden class whether they are whole, decimal or blank", () => {
    const out = withNatives(`
      const cell = (v) => ({ value: v === null ? { kind: 'blank' } : { kind: 'number', value: v } });
      const whole = values([cell(1), cell(2), cell(3)]);
      const decimal = values([cell(1.5), cell(2), cell(3.5)]);
      const blank = values([cell(null), cell(2), null]);
      console.log(JSON.stringify([whole, decimal, blank]), %HaveSameMap(whole, decimal), %HaveSameMap(decimal, blank));
    `);
    expect(out).toBe('[[1,2,3],[1.5,2,3.5],[null,2,null]] true true');
  });

  it('keeps blank slots of one hidden class once values or cells are written in', () => {
    const out = withNatives(`
      const a = blankSlots(3);
      const b = blankSlots(3);
      b[1] = 7;
      const c = blankSlots(3);
      c[0] = 2.5;
      const d = blankSlots(3);
      d[2] = { text: '1' };
      console.log(JSON.stringify(a), %HaveSameMap(a, b), %HaveSameMap(b, c), %HaveSameMap(c, d));
    `);
    expect(out).toBe('[null,null,null] true true true');
  });
});
