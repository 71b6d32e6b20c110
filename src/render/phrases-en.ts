// English wording of the answer shapes in render.ts. Pure.
import type { Phrases } from './phrases.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const en: Phrases = {
  understood: (items) => items.map((i) => `(reading "${i.said}" as ${i.as})`).join(' '),
  carried: ({ office, metric, year, question }) => {
    if (question) return `(read as your last question: "${question}")`;
    const parts = [office ? `office: ${office}` : '', metric ? `figure: ${metric}` : '', year ? `year: ${year}` : ''].filter(Boolean);
    return parts.length ? `(carried over from your last question — ${parts.join('; ')})` : '';
  },
  yesNo: ({ claimed, value, unit, office, year, metric }) =>
    claimed === value ? `Yes: ${office}, ${year}: ${metric} — ${value}${unit}.` : `No: ${office}, ${year}: ${metric} — ${value}${unit}, not ${claimed}.`,
  exists: ({ value, unit, office, year, metric }) => (value > 0 ? `Yes: ${office}, ${year}: ${metric} — ${value}${unit}.` : `No: ${office}, ${year}: ${metric} — 0${unit}.`),
  changePct: ({ from, to, pct }) => `(a change of ${pct}%, derived: (${to} − ${from}) ÷ ${from})`,
  yearsSum: ({ office, metric, years, total, parts }) => `${office}, ${years.join(' and ')}: ${metric} — ${total} together (derived: the years added up).\nOf which: ${parts.join('; ')}.`,
  rate: ({ office, year, metric, base, num, den, pct }) =>
    `${office}, ${year}: ${pct}% of the ${base} were ${metric} (derived: ${metric} ${num} ÷ ${base} ${den}; the report does not state this rate).`,
  rateUndefined: ({ office, year, metric, base, den }) =>
    den === 0 ? `${office}, ${year}: ${base} is 0, so there is no ${metric} rate.` : `${office}, ${year}: the report lacks ${den === null ? base : metric}, so the rate cannot be computed.`,
  noRate: (metric) => `There is no rate for "${metric}": only outcomes of disclosure requests (granted, partially granted, denied, …) have a rate over the requests handled.`,
  namedSum: ({ year, offices, metric, total, parts }) => `${year}${offices.join(' and ')}: ${metric} — ${total} together (derived: the offices added up).\nOf which: ${parts.join('; ')}.`,
  trendHead: ({ office, metric, years }) => `${office} — ${metric}, ${years[0]}–${years[years.length - 1]} (${plural(years.length, 'year')}):`,
  trendLine: ({ year, value }) => `· ${year}: ${value}`,
  trendPeak: ({ years, value, most }) => `The ${most ? 'most' : 'fewest'}: ${years.join(', ')} (${value}).`,
  trendOnly: ({ office, have, asked }) => `I only have ${office}'s report for ${have.join(', ')}, so I cannot show ${asked ? `the last ${asked} years` : 'a trend'}.`,
  statedChange: ({ office, year, line, sentence }) => `I only have ${office}'s ${year} report, so I cannot compute the change from two years; the report itself says (line ${line}): “${sentence}”`,
  regionOffices: ({ region, names }) => `${plural(names.length, 'office')} in ${region}:\n${names.map((n) => `· ${n}`).join('\n')}`,
  noRegionOffices: (region) => `None of the offices I have is in ${region}. Send "offices" to see them all.`,
  count: plural,
};
