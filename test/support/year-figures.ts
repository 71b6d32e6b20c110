// A year's figures (Store.yearFigures) as plain data a test compares: each listed report's
// first asked cell, by office name and report id, in the list's order.
import type { YearFigures } from '../../src/store/index.js';

/** The figures as "office#report id" → received (null when blank, '-' when no cell), in the list's order. */
export function received(f: YearFigures): Record<string, unknown> {
  const c = f.cells[0];
  return Object.fromEntries(
    Array.from(f.reports.ids, (id, at) => [
      `${f.reports.names[at]}#${id}`,
      c.state[at] === 0 ? '-' : c.state[at] === 1 ? null : c.values[at],
    ]),
  );
}
