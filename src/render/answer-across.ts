// The words of one metric across offices: a sum with its parts, a ranking with its
// ties, how many or which are above zero, and each office's own figure.
import type { Result } from '../ask/results.js';
import { lines, yearNote } from './answer-parts.js';
import { fmtNum, type Wording } from './wording.js';

type Across = Extract<Result, { shape: 'sum' | 'rank' | 'count' | 'which' | 'each' }>;

/** One metric across offices: a sum, a ranking, a count, which, or each office's own. */
export function renderAcross(r: Across, w: Wording, lang: 'zh' | 'en'): string {
  const u = w.unit(r.metric);
  const label = r.metric.label[lang];
  const note = r.note ? yearNote(r.note, w) : '';
  const n = r.across;
  const derived = n.derived ? w.eachDerived() : '';
  const leftOut = n.leftOut.length ? w.leftOut({ count: n.leftOut.length, names: n.leftOut }) : '';
  const flagged = n.flagged.length ? w.flagged({ count: n.flagged.length, names: n.flagged.slice(0, 5) }) : '';
  const num = (v: number | null) => `${fmtNum(v!)}${u}`;
  switch (r.shape) {
    case 'sum': {
      const head = w.sum({
        year: r.year,
        scope: w.scope(r.scope),
        reports: r.reports,
        metric: label,
        total: num(r.total),
      });
      const parts = r.parts.slice(0, 8).map((p) => w.sumPart({ office: p.office, value: num(p.value) }));
      const of = parts.length ? w.sumParts({ parts, more: r.parts.length > 8, rest: r.zeros }) : '';
      return lines(note, head, of, derived, leftOut, flagged);
    }
    case 'rank': {
      const head = w.rankHead({
        year: r.year,
        metric: label,
        most: r.most,
        scope: w.scope(r.scope),
        reports: r.reports,
      });
      const rows = r.rows.map((x, i) =>
        w.rankLine({ n: i + 1, office: x.office, value: num(x.value), approximate: x.approximate }),
      );
      const tie = r.tie ? w.rankTie({ ties: r.tie.ties, value: fmtNum(r.tie.value), unit: u }) : '';
      const failing = r.failing.length ? w.rankFlagged(r.failing) : '';
      return lines(note, head, ...rows, tie, derived, leftOut, failing);
    }
    case 'count':
      return lines(
        note,
        w.count({ year: r.year, offices: r.offices, metric: label, unit: u, positive: r.positive }),
        leftOut,
      );
    case 'which': {
      const head = w.whichHead({ year: r.year, metric: label, positive: r.positive.length, offices: r.offices });
      const rows = r.positive.slice(0, 20).map((x) => w.whichLine({ office: x.office, value: num(x.value) }));
      return lines(note, head, ...rows, r.positive.length > 20 ? w.whichMore(r.positive.length) : '', leftOut);
    }
    case 'each': {
      const head = w.eachHead({ year: r.year, scope: w.eachScope(r.scope), metric: label, offices: r.offices });
      const rows = r.rows.map((x) =>
        w.eachLine({ office: x.office, value: x.value === null ? null : num(x.value), approximate: x.approximate }),
      );
      const more = r.rest ? w.eachMore({ rest: r.rest, shown: r.shown }) : '';
      const none = r.offices ? '' : w.eachNone();
      const format = r.outOfFormat ? w.eachOutOfFormat({ count: r.outOfFormat.names.length, ...r.outOfFormat }) : '';
      return lines(note, head, ...rows, more, none, format, derived, flagged);
    }
  }
}
