// Web pages turned into text the ways crawlers and converters do it, for tests and
// benches: the page's tables become markdown (merged cells repeated in every column
// they cover, or left empty), a cell per line (empty cells kept or dropped), cells
// joined by single spaces, or run together with nothing between them.
import * as cheerio from 'cheerio';
import { placeSpanRows } from '../../src/extract/table.js';

export const CRAWL_MODES = [
  'tabs',
  'md-repeat',
  'md-empty',
  'lines-keep-empty',
  'lines-drop-empty',
  'spaces',
  'glued',
] as const;
export type CrawlMode = (typeof CRAWL_MODES)[number];

export function crawlToText(html: string, mode: CrawlMode): string {
  const $ = cheerio.load(html);
  $('script,style').remove();
  $('table').each((_, t) => {
    const rows = $(t)
      .find('tr')
      .toArray()
      .map((tr) =>
        $(tr)
          .children('td,th')
          .toArray()
          .map((td) => ({
            text: $(td).text().replace(/\s+/g, ' ').trim(),
            rowspan: Number($(td).attr('rowspan') ?? 1),
            colspan: Number($(td).attr('colspan') ?? 1),
          })),
      );
    const placed = placeSpanRows(rows);
    const height = Math.max(...placed.map((p) => p.row + p.rowspan));
    const width = Math.max(...placed.map((p) => p.col + p.colspan));
    const grid: string[][] = Array.from({ length: height }, () => Array<string>(width).fill(''));
    for (const p of placed) {
      for (let r = p.row; r < p.row + p.rowspan; r++) {
        for (let c = p.col; c < p.col + p.colspan; c++)
          grid[r][c] = mode === 'md-repeat' || (r === p.row && c === p.col) ? p.text : '';
      }
    }
    const text =
      mode === 'md-repeat' || mode === 'md-empty'
        ? grid.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`).join('\n')
        : mode === 'lines-keep-empty'
          ? grid.map((r) => r.join('\n')).join('\n')
          : mode === 'lines-drop-empty'
            ? grid.map((r) => r.filter((x) => x).join('\n')).join('\n')
            : mode === 'spaces'
              ? grid.map((r) => r.filter((x) => x).join(' ')).join('\n')
              : mode === 'glued'
                ? grid.map((r) => r.join('')).join('\n')
                : grid.map((r) => r.join('\t')).join('\n');
    $(t).replaceWith(`<pre>\n${text}\n</pre>`);
  });
  $('p,h1,h2,h3,div,br,li').each((_, e) => {
    $(e).append('\n');
  });
  return $('body')
    .text()
    .replace(/\n{3,}/g, '\n\n');
}
