// HTML → text lines. Reports are often copied from government web pages, and
// docx comes here too (mammoth → HTML). Block elements become lines; a data
// table becomes one TAB-separated line per row (see table.ts); page
// furniture (banners, menus, footers, 打印/字体大小 bars) is left out.
import { htmlTree } from './html-tree.js';
import { collapseSpaces, joinWrapped } from './normalize.js';
import { gridLines, placeSpanRows, type SpanCell } from './table.js';
import { memoize } from '../parse/memo.js';
import { isWhiteSpaceUnit } from '../parse/white-space.js';

/** The part of domhandler's node shape this module reads. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/**
 * Convert an HTML document (or fragment) to text. Pure. `tree` parses it (default: the
 * cheapest parse that reads as parse5's; tests pass parse5's own).
 */
export function htmlToText(html: string, tree: (html: string) => unknown = htmlTree): string {
  const root = tree(html) as DomNode;
  const sink = new LineSink();
  walk(root, sink);
  sink.flush();
  const title = reportTitle(textContent(firstElement(root, 'title')));
  // A page whose article carries no heading: its <title> is the report's title.
  if (title && !sink.lines.slice(0, 15).some((l) => /信息公开|政务公开/.test(l) && /报告|年报/.test(l)))
    sink.lines.unshift(title);
  return sink.lines.join('\n');
}

/** The first element of that name in document order (what `$(name).first()` finds, without a CSS engine). */
function firstElement(node: DomNode, name: string): DomNode | null {
  for (const c of node.children ?? []) {
    if (c.type === 'tag' && c.name === name) return c;
    const inner = firstElement(c, name);
    if (inner) return inner;
  }
  return null;
}

/** An element's text as cheerio's `.text()` gives it: every text and CDATA node below it, comments left out. */
function textContent(node: DomNode | null): string {
  if (!node) return '';
  if (node.children && node.type !== 'comment') return node.children.map(textContent).join('');
  return node.type === 'text' ? (node.data ?? '') : '';
}

/** A <title> that names a report, without the site's name after it ("…年度报告_某某县人民政府"). */
function reportTitle(raw: string): string | null {
  const t = collapseSpaces(raw);
  if (!/信息公开|政务公开/.test(t) || !/报告|年报/.test(t)) return null;
  const parts = t.split(/\s*[_|｜]\s*|\s+[-—－]\s+/);
  return parts.find((p) => /报告|年报/.test(p)) ?? null;
}

/** The charset a page declares in <meta>, read from its first bytes. */
export function declaredCharset(head: Buffer): string | null {
  const s = head.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(s);
  return m ? m[1] : null;
}

/**
 * Does this text look like an HTML document rather than plain text? Read by
 * content, whatever the file is called: a page saved as .txt, or with a crawler's
 * header lines above it, is HTML; so is text dense with paragraph markup.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).replace(/^\ufeff/, '');
  if (/^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b/i.test(head)) return true;
  if (/^\s*<\?xml[^>]*>\s*<html\b/i.test(head)) return true;
  if (/<(?:!doctype\s+html|html)\b[^>]*>/i.test(head) && /<\/(?:body|html|p|div)>/i.test(text)) return true;
  if ((text.slice(0, 65536).match(/<\/(?:p|div)>/gi)?.length ?? 0) >= 10) return true;
  // A fragment copied from a page's source ("<table>…</table>", "<p>…</p>").
  return (
    /^\s*<(table|tbody|tr|div|p|section|article|center|font|span)\b[^>]*>/i.test(head) &&
    /<\/(table|tr|td|div|p|span)>/i.test(text)
  );
}

// Never content.
const SKIP_TAGS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'select',
  'button',
  'input',
  'textarea',
  'map',
  'link',
  'meta',
  'nav',
  'aside',
  // Read apart (see htmlToText): a <title> outside <head> (text before <html>) is not body text.
  'title',
]);

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
]);

// Class/id words of site furniture in common CMS templates (TRS, 大汉, 开普云 …).
const FURNITURE_RE =
  /(^|[\s_-])(header|head|top|topbar|banner|logo|nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|sidebar|footer|foot|bottom|copyright|share|bdshare\w*|print|fontsize|toolbar|tools?|search|login|friendlinks?|yqlj)(?=$|[\s_-]|\d)/i;
// Containers only: a <p class="top"> or <span class="share"> is too small a unit to judge;
// toolbar words inside content are caught line by line instead.
const FURNITURE_TAGS = new Set(['header', 'footer', 'div', 'ul', 'ol', 'dl', 'section', 'form']);

// Toolbar words: 【字体：大 中 小】【打印】【关闭】 and friends. A line made only of these is dropped.
const TOOLBAR_TOKEN =
  /[【[]?\s*(?:(?:字体|字号)\s*[:：]?\s*(?:[大中小]|默认|T)?(?:\s*[|｜/]?\s*(?:[大中小]|默认|T))*|打印(?:本页|此页|文章)?|关闭(?:窗口|本页)?|返回(?:顶部|首页)?|收藏(?:本页)?|分享(?:到)?\s*[:：]?|纠错|保存(?:本页)?|视力保护色|朗读)\s*[】\]]?/g;
const BREADCRUMB = /^(当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]/;

class LineSink {
  readonly lines: string[] = [];
  private cur: string[] = [];

  text(s: string): void {
    this.cur.push(s);
  }

  /** End the current line (if it has text). */
  flush(): void {
    const line = collapseSpaces(this.cur.join(''));
    this.cur = [];
    if (line && !isFurnitureLine(line)) this.lines.push(line);
  }

  /** Lines produced elsewhere (table rows), kept as they are. */
  raw(lines: string[]): void {
    this.flush();
    this.lines.push(...lines);
  }
}

// Site menus: a line of three or more of these words and nothing else.
const MENU_WORD =
  /^(?:网站首页|首页|政务公开|政府信息公开|信息公开|政务服务|办事服务|互动交流|政民互动|公众参与|新闻中心|新闻动态|要闻动态|专题专栏|数据开放|网站地图|无障碍(?:浏览|阅读)?|长者模式|关怀版|适老版|繁體|繁体|简体|English|登录|注册|个人中心|走进[\u4e00-\u9fa5]{1,4}|[\u4e00-\u9fa5]{2,4}概况)$/;

// Whole lines that are only furniture: 【大 中 小】, 分享到：微信 微博, 扫一扫在手机打开当前页, 首页 > 政务公开 > ….
const WHOLE_LINE_FURNITURE = [
  /^\s*[【[]?\s*大\s*[|｜/]?\s*中\s*[|｜/]?\s*小\s*[】\]]?\s*$/,
  /^\s*分享到\s*[:：]?(?:\s*(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|朋友圈|人人网|豆瓣|更多)\s*[|｜]?)*\s*$/,
  /^\s*(?:扫一扫|用手机扫描|手机扫码|微信扫一扫).{0,12}(?:打开|阅读|浏览|分享)[^，。]{0,8}$/,
  /^\s*(?:网站首页|首页)\s*[>›»]/,
];

const NEVER_FURNITURE_CHAR = /[0-9，。、]/;
// How the anchored patterns begin: BREADCRUMB, 扫一扫… and 首页 > ….
const FURNITURE_START_CHARS = '当您你所扫用手微网首';
const FURNITURE_START = new RegExp(`^\\s*[${FURNITURE_START_CHARS}]`);

/** What the patterns said of a line, remembered: reports repeat their template's label rows and headings. */
const furnitureSeen = memoize(furnitureByPatterns);

/** A line of page furniture: a toolbar (打印/关闭/字体大小/分享到), a breadcrumb, a site menu. */
export function isFurnitureLine(line: string): boolean {
  // Most lines are prose or table rows: the patterns below that are not anchored at the
  // line's start are made of words, brackets and separators only, never digits or ，。、.
  if (NEVER_FURNITURE_CHAR.test(line) && !FURNITURE_START.test(line)) return false;
  // Blank lines (most of those a text file's lines that get this far) are never furniture.
  if (line === '') return false;
  // Long lines are not kept (at most the memo's 20,000 × 200 characters are).
  return line.length > 200 ? furnitureByPatterns(line) : furnitureSeen(line);
}

// FURNITURE_START at a line's start inside a whole text: its \s never crosses the line's end.
const FURNITURE_START_AT = new RegExp(`[^\\S\\n]*[${FURNITURE_START_CHARS}]`, 'y');
const START_CHARS = new Set([...FURNITURE_START_CHARS].map((c) => c.charCodeAt(0)));

/**
 * Whether some line of `text` (split at '\n') of at most `maxLength` characters is furniture:
 * isFurnitureLine's first test made in place, by character codes, and only the lines it lets
 * through sliced and asked (a text file's ~190 lines cost two regex calls each: issue 13).
 */
export function hasFurnitureLine(text: string, maxLength: number): boolean {
  const end = text.length;
  let start = 0;
  while (start <= end) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = end;
    if (stop > start && stop - start <= maxLength && mayBeFurniture(text, start, stop)) {
      if (isFurnitureLine(text.slice(start, stop))) return true;
    }
    start = stop + 1;
  }
  return false;
}

/** False where isFurnitureLine's first test answers false for text[start, stop) (a line). */
function mayBeFurniture(text: string, start: number, stop: number): boolean {
  let i = start;
  let c = text.charCodeAt(i);
  while ((c === 9 || c === 32) && ++i < stop) c = text.charCodeAt(i);
  // FURNITURE_START: a start character after white space; other white space asked of the regex.
  if (i < stop && START_CHARS.has(c)) return true;
  if (i < stop && (c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x3000) || c === 0xfeff)) {
    FURNITURE_START_AT.lastIndex = start;
    if (FURNITURE_START_AT.test(text) && FURNITURE_START_AT.lastIndex <= stop) return true;
  }
  // NEVER_FURNITURE_CHAR: a digit, ，。 or 、 anywhere in the line.
  for (let k = start; k < stop; k++) {
    const d = text.charCodeAt(k);
    if ((d >= 48 && d <= 57) || d === 0xff0c || d === 0x3002 || d === 0x3001) return false;
  }
  return opensFurnitureWord(text, start, stop);
}

// The characters a furniture pattern's first word can start with, past white space and the
// menus' separators: the anchored patterns' (FURNITURE_START_CHARS, 【 [ 大 分), a toolbar
// token's (【 [ 字 打 关 返 收 分 纠 保 视 朗) and a menu word's (MENU_WORD's literal words).
const WORD_HEADS = new Set(
  [...`${FURNITURE_START_CHARS}【[大分字打关返收纠保视朗网首政信办互公新要专数无长适繁简E登注个走`].map((c) =>
    c.charCodeAt(0),
  ),
);
// What a menu line is split at (furnitureByPatterns' words), white space aside.
const MENU_SEPARATORS = new Set([...'|｜·•/>›»'].map((c) => c.charCodeAt(0)));
const isMenuSeparator = (c: number) => isWhiteSpaceUnit(c) || MENU_SEPARATORS.has(c);

/**
 * False where no furniture pattern can match text[start, stop) (a line with no digit, ，。
 * or 、): each pattern's first word starts with a WORD_HEADS character, but MENU_WORD's
 * last form ("…概况"). Most such lines are table headers and labels (信息内容, （一）…,
 * 一、总体情况): ~44 a text report, ~5 left to slice and ask.
 */
function opensFurnitureWord(text: string, start: number, stop: number): boolean {
  let i = start;
  while (i < stop && isMenuSeparator(text.charCodeAt(i))) i++;
  // Separators alone: no word for any pattern.
  if (i === stop) return false;
  if (WORD_HEADS.has(text.charCodeAt(i))) return true;
  let j = i + 1;
  while (j < stop && !isMenuSeparator(text.charCodeAt(j))) j++;
  return j - i >= 4 && text.charCodeAt(j - 2) === 0x6982 && text.charCodeAt(j - 1) === 0x51b5;
}

function furnitureByPatterns(line: string): boolean {
  if (BREADCRUMB.test(line) || WHOLE_LINE_FURNITURE.some((re) => re.test(line))) return true;
  const rest = line.replace(TOOLBAR_TOKEN, '').replace(/[\s|｜·•/]+/g, '');
  if (rest === '') return line.replace(/[\s|｜·•/【】[\]]+/g, '') !== '';
  const words = line.split(/[\s|｜·•/>›»]+/).filter(Boolean);
  return words.length >= 3 && words.every((w) => MENU_WORD.test(w) || w.replace(TOOLBAR_TOKEN, '') === '');
}

function walk(node: DomNode, sink: LineSink): void {
  if (node.type === 'text' || node.type === 'cdata') {
    if (node.data) sink.text(node.data);
    else for (const c of node.children ?? []) walk(c, sink);
    return;
  }
  if (node.type === 'root') {
    for (const c of node.children ?? []) walk(c, sink);
    return;
  }
  if (node.type !== 'tag' || skipElement(node)) return;
  const name = node.name ?? '';
  if (name === 'br') {
    sink.flush();
    return;
  }
  if (name === 'table') {
    const lines = dataTableLines(node);
    if (lines) {
      sink.raw(lines);
      return;
    }
  }
  const block = BLOCK_TAGS.has(name);
  if (block) sink.flush();
  for (const c of node.children ?? []) walk(c, sink);
  if (block) sink.flush();
}

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

function skipElement(el: DomNode): boolean {
  const name = el.name ?? '';
  if (SKIP_TAGS.has(name)) return true;
  const a = el.attribs ?? {};
  if ('hidden' in a) return true;
  if (a.style && HIDDEN_STYLE.test(a.style)) return true;
  return isFurniture(el);
}

// A banner, menu or footer: named so by its tag or class/id, and not holding
// the report itself (no table, no main heading, not much text).
function isFurniture(el: DomNode): boolean {
  const name = el.name ?? '';
  if (!FURNITURE_TAGS.has(name)) return false;
  const a = el.attribs ?? {};
  const named = name === 'header' || name === 'footer' || FURNITURE_RE.test(`${a.class ?? ''} ${a.id ?? ''}`);
  if (!named) return false;
  return !hasDescendant(el, (n) => n.name === 'table' || n.name === 'h1') && textOf(el).length < 2000;
}

function hasDescendant(el: DomNode, pred: (n: DomNode) => boolean): boolean {
  for (const c of el.children ?? []) {
    if (c.type === 'tag' && (pred(c) || hasDescendant(c, pred))) return true;
  }
  return false;
}

function textOf(el: DomNode): string {
  if (el.type === 'text') return el.data ?? '';
  if (el.type !== 'tag' && el.type !== 'root') return '';
  return (el.children ?? []).map(textOf).join('');
}

function elementChildren(el: DomNode, names: string[]): DomNode[] {
  return (el.children ?? []).filter((c) => c.type === 'tag' && names.includes(c.name ?? ''));
}

/** The rows of a table, through thead/tbody/tfoot, in document order. */
function tableRows(table: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  for (const c of table.children ?? []) {
    if (c.type !== 'tag') continue;
    if (c.name === 'tr') rows.push(c);
    else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') rows.push(...elementChildren(c, ['tr']));
  }
  return rows;
}

/**
 * Lines for a data table, or null for a layout table (one that holds other
 * tables, has a single column, or holds long prose in a cell), whose cells
 * are then read as ordinary blocks.
 */
function dataTableLines(table: DomNode): string[] | null {
  if (hasDescendant(table, (n) => n.name === 'table')) return null;
  const rows = tableRows(table);
  const spanRows: SpanCell[][] = rows.map((tr) =>
    elementChildren(tr, ['td', 'th'])
      .filter((td) => !skipElement(td))
      .map((td) => ({ text: cellText(td), colspan: spanAttr(td, 'colspan'), rowspan: spanAttr(td, 'rowspan') })),
  );
  const widest = Math.max(0, ...spanRows.map((r) => r.reduce((n, c) => n + c.colspan, 0)));
  if (widest < 2 || spanRows.some((r) => r.some((c) => c.text.length > 300))) return null;
  const lines: string[] = [];
  for (const cap of elementChildren(table, ['caption'])) {
    const t = collapseSpaces(textOf(cap));
    if (t) lines.push(t);
  }
  return lines.concat(gridLines(placeSpanRows(spanRows)));
}

function spanAttr(td: DomNode, attr: 'colspan' | 'rowspan'): number {
  const n = parseInt(td.attribs?.[attr] ?? '1', 10);
  // rowspan="0" means "to the end of the table"; placeSpanRows clamps it.
  if (attr === 'rowspan' && n === 0) return 1_000_000;
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

// A cell's text: its lines (<br>, <p>) joined without a space for Chinese, so
// a header written "本年新<br />制作数量" reads 本年新制作数量; &nbsp; is blank.
function cellText(td: DomNode): string {
  const only = onlyText(td);
  if (only !== null) {
    // What the sink below makes of text alone: one line, or none.
    const line = collapseSpaces(only);
    return line && !isFurnitureLine(line) ? collapseSpaces(line) : '';
  }
  const sink = new LineSink();
  for (const c of td.children ?? []) walk(c, sink);
  sink.flush();
  return sink.lines.map((l) => collapseSpaces(l)).reduce(joinWrapped, '');
}

/** The text of an element whose children are all text nodes (most table cells), else null. */
function onlyText(el: DomNode): string | null {
  let out = '';
  for (const c of el.children ?? []) {
    if (c.type !== 'text' || c.children) return null;
    out += c.data ?? '';
  }
  return out;
}
