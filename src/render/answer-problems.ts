// The words of a report's own problems (part 五, item by item) and, when the question
// may mean either, the checks' findings beside them (① and ②).
import type { Result } from '../ask/results.js';
import { lines, yearNote } from './answer-parts.js';
import type { Wording } from './wording.js';

type Problems = Extract<Result, { shape: 'problems' }>;

/** A report's own problems (part 五), and the checks' findings beside them when asked both. */
export function renderProblems(r: Problems, w: Wording): string {
  const items = (list: { text: string; line: number; topic?: string }[]) =>
    list.map((it, i) => w.item({ n: i + 1, ...it }));
  const own = (s: Problems['sections'][number]): string[] => {
    const title = w.reportTitle(s.report);
    if (!s.heading) return [w.noPart5(title)];
    if (s.focus === 'improvements') return [w.improvementsOf({ title, heading: s.heading }), ...items(s.improvements)];
    const out = [
      w.ownHead({ title, heading: s.heading, labelled: s.labelled }),
      ...(s.problems.length ? items(s.problems) : [w.noItems]),
    ];
    if (s.focus === 'both' && s.improvements.length) out.push(w.improvementsHead, ...items(s.improvements));
    return out;
  };
  const section = (s: Problems['sections'][number]): string[] => {
    if (!s.findings) return own(s);
    const title = w.reportTitle(s.report);
    const findings = [
      w.findingsHead({ title, count: s.findings.list.length, labelled: true }),
      ...s.findings.list.map((f) => w.findingLine(f, s.findings!.values)),
    ];
    return [w.bothIntro(title), ...own(s), ...findings];
  };
  if (r.across) {
    const more = r.across.more ? w.problemsMore(r.across.more) : '';
    return lines(w.problemsAcross(r.across.year), ...r.sections.flatMap(section), more);
  }
  return [...r.notes.map((n) => yearNote(n, w)), ...r.sections.flatMap(section)].join('\n');
}
