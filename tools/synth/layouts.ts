// How a report's blocks (title, headings, paragraphs, tables, 落款) become text.
// Each layout copies a shape seen in real reports (corpus/2020/ and the web):
//
//   tab                 Word → text: one table row per line, cells split by tabs,
//                       spans leave empty cells (城关镇-2020.txt).
//   cell-per-line       PDF → text: one non-empty cell per line, rows not marked.
//   cell-per-paragraph  docx cells: each cell on its own tab-indented line, wrapped
//                       header cells keep their line break, rows end with a blank
//                       line, vertical spans leave an empty "\t" cell (城郊街道-2020.txt).
//   pipe                markdown-ish `| a | b |` rows; spans leave `|||` filler.
//   html                a whole web page: banner, 字体：大 中 小 / 打印 links, tables
//                       with rowspan/colspan, <br /> in headers, &nbsp; in blanks.
//   glued               PDF → text that loses cell breaks in table A. Rule: a table-A
//                       row is glued (规章000) only when every value in it is a single
//                       digit 0–9, the only case where it can be read back unambiguously;
//                       any other table-A row keeps tabs. Table-A header rows are glued
//                       (信息内容本年新制作数量…); tables B and C are as in `tab`.
//   split-page          `tab` with table B broken across two pages: the row before the
//                       break loses the last 1–2 characters of its label, then a page
//                       number line (- 4 -), the three header rows again, and the lost
//                       characters as a stray line (只楚街道-2020.txt).
//   glued-rows          crawler / PDF text that loses every cell break: each table row is
//                       its cells run together, label and digits alike (一、本年新收政府信息
//                       公开申请数量632000065, 000000000000000 for table C's numbers).
//   glued-line          the same with the row breaks lost too: a whole table on one line.
//   The two glued layouts are kept apart from LAYOUTS (GLUED_LAYOUTS): their facts must
//   be chosen for the digits to split (synth/glued.ts), which the corpus does for them.
import { expandedRows, layoutGrid, wordCells, type Grid } from './tables.js';
import type { Rng } from './rng.js';

export const LAYOUTS = ['tab', 'cell-per-line', 'cell-per-paragraph', 'pipe', 'html', 'glued', 'split-page'] as const;
/** Layouts with no separator between cells: facts from `gluedFacts`, not `randomFacts`. */
export const GLUED_LAYOUTS = ['glued-rows', 'glued-line'] as const;
export type GluedLayout = (typeof GLUED_LAYOUTS)[number];
export type Layout = (typeof LAYOUTS)[number];
/** Every layout `renderReport` can write. */
export type AnyLayout = Layout | GluedLayout;
export const isGluedLayout = (l: AnyLayout): l is GluedLayout => (GLUED_LAYOUTS as readonly string[]).includes(l);

export type Block =
  | { t: 'title'; text: string }
  | { t: 'heading'; text: string; level: 1 | 2 }
  | { t: 'para'; text: string }
  | { t: 'table'; table: 'A' | 'B' | 'C'; grid: Grid }
  /** A page number line between paragraphs (only layouts that show pages print it). */
  | { t: 'page'; n: number }
  | { t: 'sign'; lines: string[] };

export interface PageMeta {
  title: string;
  /** Site that publishes the report, e.g. 洛阳市嵩县人民政府. */
  site: string;
  /** Province abbreviation for the ICP number in the footer (豫, 鲁 …). */
  icp: string;
  office: string;
  /** Publication date, yyyy-mm-dd. */
  published: string;
}

const isDigit = (s: string) => /^[0-9]$/.test(s);

function tableLines(grid: Grid, which: 'A' | 'B' | 'C', layout: Exclude<AnyLayout, 'html'>, rng: Rng): string[] {
  switch (layout) {
    case 'tab':
      return expandedRows(grid).map((r) => r.join('\t'));
    case 'glued':
      return which === 'A' ? gluedA(grid) : expandedRows(grid).map((r) => r.join('\t'));
    case 'glued-rows':
      return expandedRows(grid).map((r) => r.join(''));
    case 'glued-line':
      return [
        expandedRows(grid)
          .map((r) => r.join(''))
          .join(''),
      ];
    case 'split-page':
      return which === 'B' ? splitB(grid, rng) : expandedRows(grid).map((r) => r.join('\t'));
    case 'pipe': {
      const rows = expandedRows(grid).map((r) => `|${r.map((c) => (c ? ` ${c} ` : '')).join('|')}|`);
      rows.splice(1, 0, `|${new Array(grid.cols).fill(' --- ').join('|')}|`);
      return rows;
    }
    case 'cell-per-line':
      return wordCells(grid).flatMap((row) => row.filter((c) => c.text !== '').map((c) => c.text.replace(/\n/g, '')));
    case 'cell-per-paragraph':
      return wordCells(grid).flatMap((row) => [...row.map((c) => `\t${c.text}`), '']);
  }
}

function gluedA(grid: Grid): string[] {
  return layoutGrid(grid).map((slots) => {
    const origins = slots.filter((s) => s.origin).map((s) => s.cell);
    const values = origins.filter((c) => c.role === 'value');
    if (values.length === 0 || values.every((c) => isDigit(c.text)))
      return origins.map((c) => c.text.replace(/\n/g, '')).join('');
    return slots.map((s) => (s.origin ? s.cell.text.replace(/\n/g, '') : '')).join('\t');
  });
}

function splitB(grid: Grid, rng: Rng): string[] {
  const slots = layoutGrid(grid);
  const rows = expandedRows(grid);
  // Break after a row whose last label is long enough to wrap in print.
  const lastLabel = (r: number) => {
    for (let c = grid.cols - 1; c >= 0; c--) if (slots[r][c].origin && slots[r][c].cell.role === 'label') return c;
    return -1;
  };
  const candidates: number[] = [];
  for (let r = grid.headRows; r < rows.length - 1; r++) {
    const c = lastLabel(r);
    if (c >= 0 && rows[r][c].length >= 10) candidates.push(r);
  }
  const r = rng.pick(candidates);
  const c = lastLabel(r);
  const cut = rng.int(1, 2);
  const text = rows[r][c];
  const before = rows.slice(0, r + 1).map((row) => [...row]);
  before[r][c] = text.slice(0, -cut);
  const fragment = [text.slice(-cut), ...new Array<string>(grid.cols - 1).fill('')];
  return [
    ...before.map((row) => row.join('\t')),
    '',
    `- ${rng.int(3, 6)} -`,
    '',
    ...rows.slice(0, grid.headRows).map((row) => row.join('\t')),
    fragment.join('\t'),
    ...rows.slice(r + 1).map((row) => row.join('\t')),
  ];
}

/** A plain-text report in one of the text layouts. */
export function writeText(blocks: Block[], layout: Exclude<AnyLayout, 'html'>, rng: Rng): string {
  const out: string[] = [];
  // PDF-like text has no blank lines; Word/markdown exports separate paragraphs by one.
  const gap = layout === 'cell-per-line' ? [] : [''];
  for (const b of blocks) {
    switch (b.t) {
      case 'title':
        out.push(layout === 'pipe' ? `# ${b.text}` : b.text, ...gap);
        break;
      case 'heading':
        out.push(layout === 'pipe' ? `${b.level === 1 ? '##' : '###'} ${b.text}` : b.text, ...gap);
        break;
      case 'para':
        out.push(b.text, ...gap);
        break;
      case 'table':
        out.push(...tableLines(b.grid, b.table, layout, rng), ...gap);
        break;
      case 'page':
        if (layout === 'split-page' || layout === 'cell-per-line') out.push(`- ${b.n} -`, ...gap);
        break;
      case 'sign':
        for (const line of b.lines) out.push(line, ...gap);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(grid: Grid, rng: Rng): string {
  // Word-exported pages wrap every cell's text in <p><span>; hand-made ones do not.
  const wordish = rng.chance(0.5);
  const rows = grid.rows.map((row) => {
    const tds = row.map((cell) => {
      const attrs = `${cell.colspan ? ` colspan="${cell.colspan}"` : ''}${cell.rowspan ? ` rowspan="${cell.rowspan}"` : ''}`;
      const inner = cell.text === '' ? '&nbsp;' : cell.text.split('\n').map(esc).join('<br />');
      const body = wordish
        ? `<p style="text-align:center"><span style="font-size:14px;font-family:宋体">${inner}</span></p>`
        : inner;
      return `<td${attrs}${wordish ? ' valign="middle"' : ''}>${body}</td>`;
    });
    return `<tr>${tds.join('')}</tr>`;
  });
  return `<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** A whole web page, as a government site serves the report. */
export function writeHtml(blocks: Block[], meta: PageMeta, rng: Rng): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.t) {
      case 'title':
        body.push(`<h1 class="article-title">${esc(b.text)}</h1>`);
        body.push(
          `<div class="article-info">发布时间：${meta.published}　来源：${esc(meta.office)}　` +
            `字体：<a href="javascript:void(0)" onclick="doZoom(18)">大</a> <a href="javascript:void(0)" onclick="doZoom(16)">中</a> ` +
            `<a href="javascript:void(0)" onclick="doZoom(14)">小</a>　<a href="javascript:window.print()">打印</a></div>`,
          '<div class="article-content" id="zoom">',
        );
        break;
      case 'heading':
        body.push(
          b.level === 1
            ? `<p style="text-indent:2em"><strong>${esc(b.text)}</strong></p>`
            : `<p style="text-indent:2em"><b>${esc(b.text)}</b></p>`,
        );
        break;
      case 'para':
        body.push(`<p style="text-indent:2em">${esc(b.text)}</p>`);
        break;
      case 'table':
        body.push(htmlTable(b.grid, rng));
        break;
      case 'page':
        break;
      case 'sign':
        for (const line of b.lines) body.push(`<p style="text-align:right">${esc(line)}</p>`);
        break;
    }
  }
  body.push('</div>');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8" />',
    `<title>${esc(meta.title)}_${esc(meta.site)}</title>`,
    '<link rel="stylesheet" href="/css/style.css" />',
    '<script src="/js/jquery.min.js"></script>',
    '<script>function doZoom(size){document.getElementById("zoom").style.fontSize=size+"px";}</script>',
    '</head>',
    '<body>',
    `<div class="header"><div class="banner"><img src="/images/logo.png" alt="${esc(meta.site)}" /><span class="site-name">${esc(meta.site)}门户网站</span></div>`,
    '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>',
    '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>',
    '<div class="article">',
    ...body,
    '<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>',
    '</div>',
    `<div class="footer"><p>主办：${esc(meta.site)}办公室　网站标识码：${rng.int(1000000000, 9999999999)}</p><p>${meta.icp}ICP备${rng.int(10000000, 99999999)}号　${meta.icp}公网安备 ${rng.int(10000000000000, 99999999999999)}号</p></div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
