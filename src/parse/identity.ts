// Whose report, which year: every place a report names its body and its year,
// tried from the most to the least trusted, with where each answer came from.
// Pure: the caller's options (--office/--region/--year) and the file name come in
// as arguments; an option always wins over the text and says what it replaced.
import type { Line } from './lines.js';
import {
  findHeadingOffice,
  findProseOffice,
  findPublisherOffice,
  findSignatureOffice,
  findTitle,
  type TitleInfo,
  identityFromFileName,
  yearFromPeriod,
  yearFromProse,
} from './office.js';
import type { OfficeSource, Origin, ReportOrigin, YearSource } from './types.js';

export interface IdentityOptions {
  /** The body's name, supplied by the user (--office): overrides the text. */
  office?: string;
  /** The report year, supplied by the user (--year): overrides the text. */
  year?: number;
  /** The file's name or path, read only when the text names no office. */
  file?: string;
}

export interface Identity {
  office: string | null;
  year: number | null;
  /** Office and year origins; region is decided later, from the office. */
  origin: Pick<ReportOrigin, 'office' | 'year'>;
}

interface Found<S extends string, V> {
  value: V;
  from: S;
  line?: number;
}

/** Office and year of a report, and where each came from. */
export function identify(lines: Line[], text: string, opts: IdentityOptions = {}): Identity {
  const title = findTitle(lines);
  const officeFound = officeFromText(lines, title);
  const yearFound = yearFromText(lines, text, title);

  // Last resort for what the text lacks: a file name that clearly names an office.
  const fromName = (!officeFound || !yearFound) && opts.file ? identityFromFileName(opts.file) : null;
  const officeByName: Found<OfficeSource, string> | null = fromName
    ? { value: fromName.office, from: 'filename' }
    : null;
  // A year from the file name only beside an office the file name names (not another's).
  const nameYear =
    fromName?.year != null && (officeFound === null || officeFound.value === fromName.office) ? fromName.year : null;
  const yearByName: Found<YearSource, number> | null = nameYear !== null ? { value: nameYear, from: 'filename' } : null;

  const office = decide<OfficeSource, string>(opts.office?.trim() || undefined, officeFound ?? officeByName);
  const year = decide<YearSource, number>(opts.year, yearFound ?? yearByName);
  return { office: office.value, year: year.value, origin: { office: office.origin, year: year.origin } };
}

/** The option when given (saying what it replaced), else what was found. */
export function decide<S extends string, V extends string | number>(
  option: V | undefined,
  found: Found<S, V> | null,
): { value: V | null; origin: Origin<S | 'option'> | null } {
  if (option !== undefined) {
    return {
      value: option,
      origin: { from: 'option', ...(found && found.value !== option ? { replaced: found.value } : {}) },
    };
  }
  if (!found) return { value: null, origin: null };
  return {
    value: found.value,
    origin: { from: found.from, ...(found.line !== undefined ? { line: found.line } : {}) },
  };
}

// From the most to the least trusted: the title (and a name line beside it), the
// page's 发布机构, the signature, a bare name heading the text (on a crawled page it
// may be the site's banner, hence after the signature), 来源, then the prose.
function officeFromText(lines: Line[], title: TitleInfo): Found<OfficeSource, string> | null {
  const publisher = findPublisherOffice(lines, true);
  // A name beside the title may be the site's banner: the page's 发布机构 says whose report it is.
  if (title.office && !(title.besideTitle && publisher && publisher.office !== title.office)) {
    return { value: title.office, from: 'title', ...(title.line !== null ? { line: title.line } : {}) };
  }
  if (publisher) return { value: publisher.office, from: 'metadata', line: publisher.line };
  const signature = findSignatureOffice(lines);
  if (signature) return { value: signature.office, from: 'signature', line: signature.line };
  const heading = findHeadingOffice(lines);
  if (heading) return { value: heading.office, from: 'title', line: heading.line };
  const source = findPublisherOffice(lines, false);
  if (source) return { value: source.office, from: 'metadata', line: source.line };
  const prose = findProseOffice(lines);
  if (prose) return { value: prose.office, from: 'prose', line: prose.line };
  return null;
}

function yearFromText(lines: Line[], text: string, title: TitleInfo): Found<YearSource, number> | null {
  if (title.year !== null)
    return { value: title.year, from: 'title', ...(title.line !== null ? { line: title.line } : {}) };
  const period = yearFromPeriod(text);
  if (period) return { value: period.year, from: 'period', line: period.line };
  const prose = yearFromProse(lines);
  if (prose) return { value: prose.year, from: 'prose', line: prose.line };
  return null;
}
