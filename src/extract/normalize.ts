// Small text normalizations shared by every source kind.

/** White space as it appears in Chinese documents: ASCII, NBSP (&nbsp;), ideographic space, zero-width. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: zero-width joiners are removed one by one, never joined to a neighbour
const WS = /[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+/g;

// Han ideographs and the full-width punctuation that sits between them. A space
// between two of these is layout (justification, a source line break in HTML,
// letter-spaced headers like "商 业 企 业"), never meaning.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: single code points, as in WS
const HAS_WS = /[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]/;

const CJK =
  '\\u2e80-\\u2fdf\\u3001-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u201c\\u201d\\u2018\\u2019\\u2014\\u2026\\u00b7';
const CJK_SPACE_CJK = new RegExp(`([${CJK}]) (?=[${CJK}])`, 'g');
const CJK_CHAR = new RegExp(`[${CJK}]`);

/** Collapse white space runs to one space, drop spaces between CJK characters, trim. */
export function collapseSpaces(s: string): string {
  // Nothing to collapse or trim (most table cells): each step below would return s as it is.
  if (!HAS_WS.test(s)) return s;
  return s.replace(WS, ' ').replace(CJK_SPACE_CJK, '$1').trim();
}

/** Collapse white space but keep TABs (they separate cells). */
export function collapseSpacesKeepTabs(s: string): string {
  return s
    .split('\t')
    .map((part) => collapseSpaces(part))
    .join('\t');
}

/**
 * Join two pieces of one logical text that a layout broke apart (a wrapped
 * table cell, a <br> in a header): Chinese joins with nothing, Latin words
 * and numbers keep a space between them.
 */
export function joinWrapped(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const last = a[a.length - 1];
  const first = b[0];
  if (CJK_CHAR.test(last) || CJK_CHAR.test(first)) return a + b;
  return `${a} ${b}`;
}

// Word on some systems writes glyphs that map to Kangxi radicals (⼀ U+2F00 for
// 一, ⽇ for 日) or CJK compatibility ideographs; they look right and compare
// wrong. NFKC maps exactly these back to the ordinary ideographs; applying it
// to them only keeps full-width punctuation (（，：) as the author wrote it.
const COMPAT_HAN = /[\u2f00-\u2fdf\uf900-\ufaff]/g;

/** Map look-alike radical/compatibility code points to ordinary Han characters. */
export function foldCompatHan(s: string): string {
  return s.replace(COMPAT_HAN, (ch) => ch.normalize('NFKC'));
}

/** \r\n and lone \r → \n. */
export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}
