// The English words of every answer (wording.ts says what each is for). Pure.
import { FACT_BY_ID, TABLE_TITLES_EN } from '../catalogue/facts.js';
import { fmtNum, type Wording } from './wording.js';
import { findingBodyEn, findingEn, findingSentenceEn } from './findings-en.js';
import { renderYearFindings } from './findings.js';
import { candidateLabel, namesakeHint, type OfficeRef } from '../offices/index.js';
import { renderNotUnderstood } from './help.js';
import { describeFactEn } from './labels-en.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Names of a list cut to five, with … when there were more. */
const some = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ' …' : ''}`;
/** Office kinds in English, for scopes. */
const KIND_EN: Record<string, string> = {
  街道: 'sub-districts',
  乡镇: 'towns and townships',
  部门: 'departments',
  县级以上人民政府: 'governments',
};
const kindEn = (kind: string) => KIND_EN[kind] ?? kind;

/** Offices to choose from, numbered. */
const listed = (cands: OfficeRef[], lang: 'zh' | 'en') =>
  cands.map((o, i) => `${i + 1}. ${candidateLabel(o, lang)}`).join('\n');

export const en: Wording = {
  understood: (items) => items.map((i) => `(reading "${i.said}" as ${i.as})`).join(' '),
  carried: ({ office, metric, year, question }) => {
    if (question) return `(read as your last question: "${question}")`;
    const parts = [
      office ? `office: ${office}` : '',
      metric ? `figure: ${metric}` : '',
      year ? `year: ${year}` : '',
    ].filter(Boolean);
    return parts.length ? `(carried over from your last question — ${parts.join('; ')})` : '';
  },

  notUnderstood: (r) => {
    if (r.why === 'no-place') return `None of the offices I have is in "${r.place}".`;
    if (r.why === 'ambiguous') {
      const n = r.candidates.length;
      const which = 'Which one do you mean? Add its region to the question:';
      const ask = `"${r.said}" matches ${n} offices. ${which}\n${listed(r.candidates, 'en')}`;
      const hint = namesakeHint(r.candidates, 'en');
      return hint ? `${ask}\n${hint}` : ask;
    }
    const none = r.why === 'unknown-office' && r.place ? `any office in "${r.said}"` : `an office called "${r.said}"`;
    const near = r.nearest.length
      ? ` The nearest names I have:\n${listed(r.nearest, 'en')}`
      : ' Send "offices" to see the offices I know.';
    return `I have no report from ${none}.${near}`;
  },
  tooLong: (max) => `That is too long for a question: please ask in one sentence (under ${max} characters).`,
  help: () => renderNotUnderstood('en'),

  reportTitle: (r) => `${r.officeName} ${r.year} annual report (${r.sourceFile})`,
  factPart: (id) => `${TABLE_TITLES_EN[FACT_BY_ID.get(id)!.table]} · ${describeFactEn(id)}`,
  cite: (s) => `Source: ${s.report}, ${s.part}, line ${s.line}.`,
  unit: (metric) => (metric.unit.en ? ` ${metric.unit.en}` : ''),
  missing: (why, format) =>
    ({
      blank: 'the report leaves this cell blank',
      absent: 'the report does not show this figure',
      not_in_format: `the report uses the ${format} template, which has no such figure`,
    })[why],
  approximateNote: (cell) => `(approximate: the report says "${cell}")`,
  derivedNote: (cells) => `(derived: the sum of ${cells} cells of the table)`,
  failsCheck: (f, facts) => `⚠ This report fails a check that touches this figure: ${findingBodyEn(f, facts)}`,
  findingLine: (f, facts) => findingEn(f, facts),
  findingExcerpt: (f, facts) => findingBodyEn(f, facts),
  checksPart: 'checks',

  noReports: (office) => `No report from ${office} is stored.`,
  noReportOfYear: ({ office, year, have }) => `There is no ${year} report from ${office} (I have: ${have.join(', ')}).`,
  latestInstead: ({ office, year, latest }) => `There is no ${year} report from ${office}; the latest is ${latest}:`,
  nothingStored: () => 'No reports are stored yet.',
  noYear: ({ year, have }) => `No reports for ${year} are stored (I have: ${have.join(', ')}).`,
  latestYearInstead: ({ year, latest }) => `No reports for ${year} are stored; the latest year is ${latest}:`,
  notStatedIn: ({ year, stated }) =>
    `No ${year} report states this in its text; the latest year that does is ${stated}:`,

  fact: ({ office, year, metric, value }) => `${office}, ${year}: ${metric} — ${value}.`,
  yesNo: ({ claimed, value, unit, office, year, metric }) =>
    claimed === value
      ? `Yes: ${office}, ${year}: ${metric} — ${value}${unit}.`
      : `No: ${office}, ${year}: ${metric} — ${value}${unit}, not ${claimed}.`,
  exists: ({ value, unit, office, year, metric }) =>
    value > 0
      ? `Yes: ${office}, ${year}: ${metric} — ${value}${unit}.`
      : `No: ${office}, ${year}: ${metric} — 0${unit}.`,
  rate: ({ office, year, metric, base, num, den, pct }) =>
    `${office}, ${year}: ${pct}% of the ${base} were ${metric} ` +
    `(derived: ${metric} ${num} ÷ ${base} ${den}; the report does not state this rate).`,
  rateUndefined: ({ office, year, metric, base, den }) =>
    den === 0
      ? `${office}, ${year}: ${base} is 0, so there is no ${metric} rate.`
      : `${office}, ${year}: the report lacks ${den === null ? base : metric}, so the rate cannot be computed.`,
  noRate: (metric) =>
    `There is no rate for "${metric}": only outcomes of disclosure requests ` +
    '(granted, partially granted, denied, …) have a rate over the requests handled.',

  yearsSum: ({ office, metric, years, total, parts }) =>
    `${office}, ${years.join(' and ')}: ${metric} — ${total} together (derived: the years added up).` +
    `\nOf which: ${parts.join('; ')}.`,
  rowsSum: ({ office, metrics, year, total, parts }) =>
    `${office}, ${year}: ${metrics.join(' + ')} — ${total} together (derived: the rows added up).` +
    `\nOf which: ${parts.join('; ')}.`,
  yearsMissing: ({ office, missing, have }) =>
    `I have no ${missing.join(', ')} report from ${office} (I have: ${have.join('、')}).`,
  yearValue: ({ year, value }) => `${year}: ${value}`,
  metricValue: ({ metric, value }) => `${metric}: ${value}`,
  officeValue: ({ office, value }) => `${office}: ${value}`,
  reportHead: ({ office, year }) => `${office} ${year}`,
  namedSum: ({ year, offices, metric, total, parts }) =>
    `${year === null ? '' : `${year}, `}${offices.join(' and ')}: ${metric} — ${total} together ` +
    `(derived: the offices added up).\nOf which: ${parts.join('; ')}.`,
  // The year in brackets as the Chinese answer writes it: kept as it always was.
  namedSumPart: ({ office, year, value }) => `${office}${year === null ? '' : `（${year}）`} ${value}`,

  compareWhat: () => 'Compare them on what? For example: "compare applications received by A and B".',
  compare: ({ metric, sides }) => `${metric}: ${sides.map((s) => `${s.office} (${s.year}): ${s.value}`).join('; ')}.`,
  compareVerdict: ({ diff, more }) => (diff === null ? 'They are equal.' : `${more} has ${diff} more.`),
  change: ({ office, metric, cur, prev }) =>
    `${office} — ${metric}: ${cur.year}: ${cur.value}; ${prev.year}: ${prev.value}.`,
  changeDelta: ({ delta, abs }) => (delta === 0 ? 'No change.' : `${delta > 0 ? 'Up' : 'Down'} ${abs}.`),
  changePct: ({ from, to, pct }) => `(a change of ${pct}%, derived: (${to} − ${from}) ÷ ${from})`,
  needTwoYears: ({ office, have }) =>
    `I need two consecutive years of ${office}'s reports to compare; I have: ${have.join('、') || 'none'}.`,
  statedChange: ({ office, year, line, sentence }) =>
    `I only have ${office}'s ${year} report, so I cannot compute the change from two years; ` +
    `the report itself says (line ${line}): “${sentence}”`,
  reportTextPart: 'the report text',
  trendHead: ({ office, metric, years }) =>
    `${office} — ${metric}, ${years[0]}–${years[years.length - 1]} (${plural(years.length, 'year')}):`,
  trendLine: ({ year, value }) => `· ${year}: ${value}`,
  trendPeak: ({ years, value, most }) => `The ${most ? 'most' : 'fewest'}: ${years.join(', ')} (${value}).`,
  trendOnly: ({ office, have, asked }) =>
    `I only have ${office}'s report for ${have.join(', ')}, ` +
    `so I cannot show ${asked ? `the last ${asked} years` : 'a trend'}.`,

  scope: ({ region, kind }) =>
    `${region ? `offices in ${region}` : 'all offices'}${kind ? ` (${kindEn(kind)} only)` : ''}`,
  eachScope: ({ region, kind }) =>
    [region ? `in ${region}` : '', kind ? `${kindEn(kind)} only` : ''].filter(Boolean).join(', '),
  noRowInFormat: ({ year, formats, metric }) =>
    `${year}: the reports use the ${formats} template, which has no row "${metric}".`,
  leftOut: ({ count, names }) =>
    `(${plural(count, 'report')} ${count === 1 ? 'does' : 'do'} not give this figure ` +
    `and ${count === 1 ? 'is' : 'are'} left out: ${some(names)})`,
  flagged: ({ count, names }) =>
    `⚠ ${count} of these values are approximate or come from reports that fail a check touching them: ` +
    names.join(', '),
  eachDerived: () => "(each office's figure is derived by adding cells of its table)",
  sum: ({ year, scope, reports, metric, total }) =>
    `${year}, ${scope} (${plural(reports, 'report')}): ${metric} — ${total} in total.`,
  sumParts: ({ parts, more, rest }) =>
    `Of which: ${parts.join('; ')}${more ? '; …' : ''}` +
    `${rest ? `; 0 for the other ${rest === 1 ? 'office' : `${rest} offices`}` : ''}.`,
  sumPart: ({ office, value }) => `${office} ${value}`,
  rankHead: ({ year, metric, most, scope, reports }) =>
    `${year}, ${metric} — ${most ? 'most' : 'fewest'} first (${scope}, ${plural(reports, 'report')}):`,
  rankLine: ({ n, office, value, approximate }) => `${n}. ${office} ${value}${approximate ? ' (approx.)' : ''}`,
  rankTie: ({ ties, value }) => `(${ties} offices have ${value})`,
  rankFlagged: (names) => `⚠ Reports failing a check that touches this figure: ${names.join(', ')}`,
  count: ({ year, offices, metric, positive }) => {
    const verb = positive.length === 1 ? 'reports' : 'report';
    const head = `${year}: ${positive.length} of ${plural(offices, 'office')} ${verb} ${metric} above zero.`;
    const list = positive.slice(0, 10).map((r) => `${r.office} (${fmtNum(r.value!)})`);
    return list.length ? `${head}\n${list.join(', ')}` : head;
  },
  whichHead: ({ year, metric, positive, offices }) =>
    positive
      ? `${year}: offices with ${metric} above zero (${positive} of ${offices}):`
      : `${year}: none of the ${plural(offices, 'office')} reports ${metric} above zero.`,
  whichLine: ({ office, value }) => `- ${office}: ${value}`,
  whichMore: () => '',
  eachHead: ({ year, scope, metric, offices }) =>
    `${year}, ${metric} — office by office (${plural(offices, 'office')}${scope ? `, ${scope}` : ''}; not added up):`,
  eachLine: ({ office, value, approximate }) =>
    `- ${office}: ${value === null ? 'not given in the report' : `${value}${approximate ? ' (approx.)' : ''}`}`,
  eachMore: ({ rest, shown }) =>
    `… and ${plural(rest, 'more office')} (the ${shown} with the most are shown; ask about one office by name).`,
  eachNone: () => 'No report of that year is stored for these offices.',
  eachOutOfFormat: ({ count, formats, names }) =>
    `(${plural(count, 'report')} ${count === 1 ? 'uses' : 'use'} the ${formats} template, ` +
    `which has no such row: ${some(names)})`,

  findingsAcross: (o) => renderYearFindings(o, 'en'),

  regionOffices: ({ region, names }) =>
    `${plural(names.length, 'office')} in ${region}:\n${names.map((n) => `· ${n}`).join('\n')}`,
  noRegionOffices: (region) => `None of the offices I have is in ${region}. Send "offices" to see them all.`,
  officeYears: ({ office, years }) => `${office} (${years.join(', ')})`,

  noPart5: (title) => `${title} has no part 5 (main problems and improvements).`,
  ownHead: ({ title, heading, labelled }) =>
    labelled
      ? `① Problems the report itself names (part 5, “${heading}”):`
      : `${title} names these problems in part 5 (“${heading}”):`,
  improvementsOf: ({ title, heading }) => `${title}: what it plans to improve (“${heading}”):`,
  noItems: '(the part lists no problem)',
  improvementsHead: 'What it plans to improve:',
  item: ({ n, topic, text, line }) => `${n}. ${topic ? `[${topic}] ` : ''}${text} (line ${line})`,
  findingsHead: ({ title, count, labelled }) => {
    const found = `${plural(count, 'finding')}:`;
    if (labelled)
      return `② What our checks find in the report's numbers: ${count === 0 ? 'nothing, every check passes.' : found}`;
    return `${title}: ${count === 0 ? 'every check passes.' : found}`;
  },
  bothIntro: (title) => `“Problems” of ${title} can mean two things; both follow.`,
  problemsAcross: (year) => `${year}: the problems each report names in its own part 5:`,
  problemsMore: ({ count, names }) =>
    `(${count} more reports, e.g. ${names.join(', ')}: ask about one office by name.)`,

  undated: (title) => `${title} carries no date of its own (no 落款 date at its end).`,
  dated: ({ title, date }) => `${title} is dated ${date}.`,
  dateWarning: (f, facts) => `⚠ ${findingSentenceEn(f, facts)}`,
  datePart: (found) => (found ? 'date at the end (落款)' : 'end of the report'),
  passageReport: ({ office, year }) => `${office} ${year} annual report`,
  passageOpening: 'the opening',
  passageQuote: ({ office, year, part, line, quote }) =>
    `From ${office}'s ${year} report (${part}, line ${line}):\n“${quote}”`,
  writtenSources: (cites) => `Sources: ${cites.map((c) => `[${c.n}] ${c.report}`).join('；')}`,
};
