// A Result (src/ask/results.ts) worded: the sentences of each shape of answer, put
// together from the language's phrase book (phrases-zh.ts, phrases-en.ts), and its
// sources as the reader sees them. The numbers are the Result's; nothing is looked up.
import type { Caveat, Figure, Outcome, Result, SourceRef } from '../ask/results.js';
import type { Answer, AnswerSource } from '../ask/types.js';
import { fmtNum, type Wording } from './wording.js';
import { caveat, figure, lines, yearNote } from './answer-parts.js';
import { renderAcross } from './answer-across.js';
import { renderProblems } from './answer-problems.js';
import { phrases } from './phrases.js';
import { renderReportFindings } from './findings.js';
import { renderOfficeList } from './offices.js';
import { prosePart, renderProseAcross, renderProseOne } from './prose.js';

/** The answer the user reads, with its numbers and sources, for one Outcome. */
export function renderOutcome(outcome: Outcome): Answer {
  const w = phrases(outcome.lang);
  const rendered = render(outcome.result, w, outcome.lang === 'en' ? 'en' : 'zh');
  const context = outcome.context ? { context: outcome.context } : {};
  if (outcome.result.shape === 'not-understood' || !outcome.context) return { ...rendered, ...context };
  const carried = outcome.carried;
  const notes = [
    outcome.understood.length ? w.understood(outcome.understood) : '',
    carried
      ? w.carried({
          office: carried.offices?.join('、'),
          metric: carried.metric?.label[outcome.lang],
          year: carried.year,
          question: carried.question,
        })
      : '',
  ].filter(Boolean);
  return { ...rendered, answer: [...notes, rendered.answer].join('\n'), ...context };
}

/** A source as the reader sees it. */
function source(s: SourceRef, w: Wording, lang: 'zh' | 'en'): AnswerSource {
  switch (s.kind) {
    case 'cell':
      return { report: w.reportTitle(s.report), part: w.factPart(s.id), excerpt: s.excerpt, line: s.line };
    case 'finding':
      return { report: w.reportTitle(s.report), part: w.checksPart, excerpt: w.findingExcerpt(s.finding, s.facts) };
    case 'stated':
      return { report: w.reportTitle(s.report), part: w.reportTextPart, excerpt: s.excerpt, line: s.line };
    case 'date':
      return {
        report: w.reportTitle(s.report),
        part: w.datePart(s.found),
        excerpt: s.excerpt,
        ...(s.line !== undefined ? { line: s.line } : {}),
      };
    case 'passage':
      return {
        report: w.passageReport({ office: s.office, year: s.year }),
        part: s.part,
        excerpt: s.excerpt,
        line: s.line,
      };
    case 'item':
      return { report: w.reportTitle(s.report), part: s.part, excerpt: s.excerpt, line: s.line };
    case 'prose':
      return { report: w.reportTitle(s.report), part: prosePart(s.part, lang), excerpt: s.excerpt, line: s.line };
  }
}

function render(r: Result, w: Wording, lang: 'zh' | 'en'): Answer {
  const found = { kind: r.kind, value: r.value, facts: r.facts };
  const sources = r.sources.map((s) => source(s, w, lang));
  const cites = (n?: number) => sources.slice(0, n).map((s) => w.cite(s));
  const cav = (cs: Caveat[]) => cs.map((c) => caveat(c, w));
  const done = (answer: string, src: AnswerSource[] = sources): Answer => ({ answer, ...found, sources: src });
  switch (r.shape) {
    case 'no-report':
      return done(yearNote(r.note, w));
    case 'fact': {
      const said = { office: r.office, year: r.year, metric: r.metric.label[lang], unit: w.unit(r.metric) };
      const v = r.figure.value!;
      const head =
        r.asked.kind === 'exists'
          ? w.exists({ ...said, value: v })
          : r.asked.kind === 'claimed'
            ? w.yesNo({ ...said, value: v, claimed: r.asked.claimed })
            : w.fact({ ...said, value: figure(r.figure, r.metric, w) });
      return done(lines(yearNote(r.note, w), head, ...cav(r.caveats), ...cites(1)));
    }
    case 'no-rate':
      return done(lines(yearNote(r.note, w), w.noRate(r.metric.label[lang])));
    case 'rate': {
      const said = {
        office: r.office,
        year: r.year,
        metric: r.metric.label[lang].replace(/率$/, ''),
        base: r.base.label[lang],
      };
      if (r.pct === null) return done(lines(yearNote(r.note, w), w.rateUndefined({ ...said, den: r.den })));
      const text = w.rate({ ...said, num: r.num!, den: r.den!, pct: r.pct });
      return done(lines(yearNote(r.note, w), text, ...cav(r.caveats), ...cites(2)));
    }
    case 'years-missing':
      return done(w.yearsMissing(r));
    case 'years-sum': {
      const ys = r.years.map((y) => w.yearValue({ year: y.year, value: figure(y.figure, r.metric, w) }));
      if (r.total === null) return done(ys.join('\n'));
      const total = `${fmtNum(r.total)}${w.unit(r.metric)}`;
      const text = w.yearsSum({
        office: r.office,
        metric: r.metric.label[lang],
        years: r.years.map((y) => y.year),
        total,
        parts: ys,
      });
      return done([text, ...cav(r.caveats), ...cites()].join('\n'));
    }
    case 'rows-sum': {
      const rows = r.rows.map((x) =>
        w.metricValue({ metric: x.metric.label[lang], value: figure(x.figure, x.metric, w) }),
      );
      if (r.total === null) return done(lines(yearNote(r.note, w), w.reportHead(r), ...rows));
      const total = `${fmtNum(r.total)}${w.unit(r.rows[0].metric)}`;
      const head = w.rowsSum({
        office: r.office,
        metrics: r.rows.map((x) => x.metric.label[lang]),
        year: r.year,
        total,
        parts: rows,
      });
      return done(lines(yearNote(r.note, w), head, ...cav(r.caveats), ...cites()));
    }
    case 'named-sum': {
      const notes = r.notes.map((n) => yearNote(n, w));
      if (r.total === null) {
        const missing = r.missing.map((m) => w.officeValue({ office: m.office, value: figure(m.figure, r.metric, w) }));
        return done([...notes, ...missing].join('\n'));
      }
      const years = [...new Set(r.parts.map((p) => p.year))];
      const u = w.unit(r.metric);
      const parts = r.parts.map((p) =>
        w.namedSumPart({
          office: p.office,
          year: years.length > 1 ? p.year : null,
          value: `${fmtNum(p.figure.value!)}${u}`,
        }),
      );
      const text = w.namedSum({
        year: years.length === 1 ? years[0] : null,
        offices: r.parts.map((p) => p.office),
        metric: r.metric.label[lang],
        total: `${fmtNum(r.total)}${u}`,
        parts,
      });
      return done(lines(...notes, text, ...cav(r.caveats), ...cites()));
    }
    case 'compare-what':
      return done(w.compareWhat());
    case 'compare': {
      const notes = r.notes.map((n) => yearNote(n, w));
      if (r.sides.length < 2) return done(lines(...notes));
      const sides = r.sides.map((s) => ({ office: s.office, year: s.year, value: figure(s.figure, r.metric, w) }));
      const [a, b] = r.sides;
      const verdict =
        r.diff === null
          ? ''
          : w.compareVerdict({
              diff: r.diff === 0 ? null : fmtNum(Math.abs(r.diff)),
              more: (r.diff >= 0 ? a : b).office,
              less: (r.diff >= 0 ? b : a).office,
              unit: w.unit(r.metric),
            });
      return done(lines(...notes, w.compare({ metric: r.metric.label[lang], sides }), verdict, ...cav(r.caveats)));
    }
    case 'stated-change':
      return done(w.statedChange(r));
    case 'need-two-years':
      return done(w.needTwoYears(r));
    case 'change': {
      const value = (y: { year: number; figure: Figure }) => ({ year: y.year, value: figure(y.figure, r.metric, w) });
      const line = w.change({ office: r.office, metric: r.metric.label[lang], cur: value(r.cur), prev: value(r.prev) });
      let change = '';
      if (r.delta !== null) {
        const from = r.prev.figure.value!;
        change = w.changeDelta({ delta: r.delta, abs: fmtNum(Math.abs(r.delta)), unit: w.unit(r.metric) });
        if (r.delta !== 0 && from !== 0) {
          change += w.changePct({
            from,
            to: r.cur.figure.value!,
            pct: fmtNum(Number(((r.delta / from) * 100).toFixed(1))),
          });
        }
      }
      return done(lines(line, change, ...cav(r.caveats)));
    }
    case 'trend-only': {
      const out = [w.trendOnly(r)];
      if (r.one) out.push(w.trendLine({ year: r.one.year, value: figure(r.one.figure, r.metric, w) }));
      if (r.stated) out.push(w.statedChange({ office: r.office, ...r.stated }));
      return done(out.join('\n'));
    }
    case 'trend': {
      const rows = r.rows.map((x) => w.trendLine({ year: x.year, value: figure(x.figure, r.metric, w) }));
      const peak = r.peak ? w.trendPeak({ ...r.peak, value: `${fmtNum(r.peak.value)}${w.unit(r.metric)}` }) : '';
      const head = w.trendHead({ office: r.office, metric: r.metric.label[lang], years: r.rows.map((x) => x.year) });
      return done(lines(head, ...rows, peak, ...cav(r.caveats)));
    }
    case 'no-row':
      return done(w.noRowInFormat({ year: r.year, formats: r.formats, metric: r.metric.label[lang] }));
    case 'sum':
    case 'rank':
    case 'count':
    case 'which':
    case 'each':
      return done(renderAcross(r, w, lang));
    case 'findings-across':
      return done(lines(yearNote(r.note, w), w.findingsAcross(r)));
    case 'findings': {
      // The same text as the bot's 核查 (render/findings.ts).
      const text = renderReportFindings(
        {
          office: r.report.officeName,
          year: r.report.year,
          format: r.format,
          file: r.report.sourceFile,
          findings: r.findings,
          facts: r.values,
          incomplete: r.incomplete,
          otherYears: r.otherYears,
        },
        lang,
      );
      return done(lines(yearNote(r.note, w), text));
    }
    case 'region-offices': {
      const names = r.offices.map((o) => w.officeYears(o));
      return done(
        lines(
          yearNote(r.note, w),
          names.length ? w.regionOffices({ region: r.region, names }) : w.noRegionOffices(r.region),
        ),
      );
    }
    case 'offices': {
      // The same list as the bot's 单位列表 (render/offices.ts).
      const offices = r.offices.map((o) => ({ name: o.office, region: o.region, years: o.years }));
      return done(lines(yearNote(r.note, w), renderOfficeList({ year: r.year, offices }, lang)));
    }
    case 'undated':
      return done(lines(yearNote(r.note, w), w.undated(w.reportTitle(r.report))));
    case 'dated': {
      const [y, m, d] = r.date.split('-').map(Number);
      const warn = r.warning ? w.dateWarning(r.warning.finding, r.warning.facts) : '';
      return done(lines(yearNote(r.note, w), w.dated({ title: w.reportTitle(r.report), date: r.date, y, m, d }), warn));
    }
    case 'passage': {
      const part = r.part ?? w.passageOpening;
      if (!r.written)
        return done(w.passageQuote({ office: r.office, year: r.year, part, line: r.line, quote: r.quote }));
      const cited = r.written.citations.map((c) => ({ n: c, report: sources[Number(c) - 1]?.report ?? '' }));
      return done(`${r.written.text}\n${w.writtenSources(cited)}`);
    }
    case 'problems':
      return done(renderProblems(r, w));
    case 'several': {
      const parts = r.parts.map((p) => render(p, w, lang));
      return done(
        parts.map((a) => a.answer).join('\n\n'),
        parts.flatMap((a) => a.sources),
      );
    }
    case 'prose-one':
      return done(renderProseOne(r, yearNote(r.note, w), lang));
    case 'prose-across':
      return done(renderProseAcross(r, yearNote(r.note, w), lang));
    case 'help':
      return done(w.help());
    case 'too-long':
      return done(w.tooLong(r.max));
    case 'not-understood':
      return done(w.notUnderstood(r.reason));
  }
}
