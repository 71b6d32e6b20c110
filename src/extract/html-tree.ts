// HTML → a tree for html.ts that reads as cheerio's (parse5, the HTML standard's tree
// builder), at a fraction of the cost where that is safe (issue 13: parse5 was ~2 ms of
// a ~22 KB page). htmlparser2 reads the same nodes but makes none of the standard's
// repairs (implied <tbody>/<tr>, misnested tags closed and reopened, text moved out of
// tables, stray end tags, a late <body>), so its tree is kept only for a page it read
// without meeting any construct where parse5's tree could read differently; every other
// page is parsed by parse5 as before. The text html.ts reads from either is the same,
// byte for byte (test/extract-html-tree.test.ts compares them over pages and tag soup).
import { createRequire } from 'node:module';
import type { load as cheerioLoad } from 'cheerio';
import type { Document } from 'domhandler';
import { readHtml, type TreeEvents } from './html-reader.js';

const require = createRequire(import.meta.url);

// Both load on first use (cheerio takes ~150 ms, htmlparser2 about a fifth of it); a
// page the fast tree reads never loads cheerio at all.
let loadHtml: typeof cheerioLoad | null = null;

/** A node of the fast tree: the part of domhandler's node shape html.ts reads, without its links. */
export interface PlainNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: PlainNode[];
}

/** The page as parse5 reads it, through cheerio (the reference every tree here must read as). */
export function standardTree(html: string): Document {
  loadHtml ??= (require('cheerio') as { load: typeof cheerioLoad }).load;
  return loadHtml(html).root()[0] as unknown as Document;
}

/** The page's tree: htmlparser2's where it reads as parse5's would, else parse5's. */
export function htmlTree(html: string): PlainNode | Document {
  return plainTree(html) ?? standardTree(html);
}

// Markup whose handling differs between the two parsers (bogus and odd comments,
// processing instructions, CDATA, end tags not starting with a letter, a raw-text
// element's end tag not closed at once: htmlparser2 reads `</script/…>` as script), and NUL.
const ODD_MARKUP = /\0|<!-->|<!--->|--!>|<\?|<!(?!--|doctype)|<\/(?![a-z])|<\/(?:script|style|title)(?!>)/i;

/**
 * htmlparser2's reading of `html` as a tree, or null when the page holds anything parse5
 * would build differently (then nothing of it is used).
 */
export function plainTree(html: string): PlainNode | null {
  if (ODD_MARKUP.test(html)) return null;
  const builder = new TreeBuilder();
  // parse5 reads \r\n and a lone \r as \n before anything else: so does this copy.
  readHtml(html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html, builder);
  return builder.refused ? null : builder.root;
}

/**
 * Builds the tree from the reader's events (htmlparser2's, html-reader.ts), each checked
 * by the guard first: domhandler's nodes as html.ts reads them (elements, and text,
 * adjacent pieces joined), in plain objects. Comments and declarations are left out
 * (html.ts never reads them), and so is everything after the guard refuses the page.
 */
class TreeBuilder implements TreeEvents {
  readonly guard = new Guard();
  readonly root: PlainNode = { type: 'root', children: [] };
  private readonly open: PlainNode[] = [this.root];
  /** The text node the next text joins (domhandler's lastNode, for text): null after a tag or a comment. */
  private lastText: PlainNode | null = null;

  get refused(): boolean {
    return this.guard.refused;
  }

  get atEnd(): boolean {
    return this.guard.atEnd;
  }

  set atEnd(yes: boolean) {
    this.guard.atEnd = yes;
  }

  refuse(): void {
    this.guard.refuse();
  }

  onopentag(name: string, attribs: Record<string, string>, isImplied: boolean): void {
    const guard = this.guard;
    if (!guard.refused) guard.open(name, isImplied);
    if (guard.refused) return;
    // domhandler's element types: <script> and <style> are not 'tag'.
    const type = name === 'script' ? 'script' : name === 'style' ? 'style' : 'tag';
    const element: PlainNode = { type, name, attribs, children: [] };
    this.open[this.open.length - 1].children!.push(element);
    this.open.push(element);
    this.lastText = null;
  }

  onclosetag(name: string, isImplied: boolean): void {
    const guard = this.guard;
    if (!guard.refused) guard.close(name, isImplied);
    if (guard.refused) return;
    this.open.pop();
    this.lastText = null;
  }

  ontext(data: string): void {
    const guard = this.guard;
    if (!guard.refused) guard.text(data);
    if (guard.refused) return;
    if (this.lastText) this.lastText.data += data;
    else {
      this.lastText = { type: 'text', data };
      this.open[this.open.length - 1].children!.push(this.lastText);
    }
  }

  oncomment(): void {
    this.lastText = null;
  }
}

// Elements parse5 treats in ways htmlparser2 does not (foreign content, raw text htmlparser2
// reads as markup, forms and their controls, list and ruby items closed by scope, <pre>'s
// first newline, formatting elements that are re-opened, frames, templates).
const REFUSED_TAGS = new Set([
  'applet',
  'button',
  'dd',
  'dt',
  'form',
  'frame',
  'frameset',
  'iframe',
  'image',
  'input',
  'isindex',
  'keygen',
  'listing',
  'marquee',
  'math',
  'menuitem',
  'nobr',
  'noembed',
  'noframes',
  'noscript',
  'optgroup',
  'option',
  'plaintext',
  'pre',
  'rb',
  'rp',
  'rt',
  'rtc',
  'select',
  'svg',
  'template',
  'textarea',
  'xmp',
]);

/** What may sit in <head> itself (anything else makes parse5 leave the head). */
const HEAD_TAGS = new Set(['title', 'meta', 'link', 'style', 'script', 'base', 'basefont', 'bgsound']);
/** Elements whose text is raw: it is no content of the page's body. */
const RAW_TEXT = new Set(['title', 'style', 'script']);

/** Per table-structure element, the children parse5 keeps in place (others are moved out or imply more elements). */
const TABLE_CHILDREN = new Map<string, Set<string>>([
  ['table', new Set(['caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'script', 'style'])],
  ['thead', new Set(['tr', 'script', 'style'])],
  ['tbody', new Set(['tr', 'script', 'style'])],
  ['tfoot', new Set(['tr', 'script', 'style'])],
  ['tr', new Set(['td', 'th', 'script', 'style'])],
  ['colgroup', new Set(['col'])],
]);
/** Per table part, the parents it must have (parse5 ignores it, or adds a parent, elsewhere). */
const TABLE_PARENTS = new Map<string, Set<string>>([
  ['td', new Set(['tr'])],
  ['th', new Set(['tr'])],
  ['tr', new Set(['table', 'thead', 'tbody', 'tfoot'])],
  ['thead', new Set(['table'])],
  ['tbody', new Set(['table'])],
  ['tfoot', new Set(['table'])],
  ['caption', new Set(['table'])],
  ['colgroup', new Set(['table'])],
  ['col', new Set(['table', 'colgroup'])],
]);
/** Start tags before which parse5 closes an open <p> (htmlparser2 does for only some). */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hgroup',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'search',
  'section',
  'summary',
  'ul',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'table',
  'hr',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
// parse5's white space (a \r was made \n before).
const NOT_SPACE = /[^ \t\n\f]/;

/** Watches htmlparser2's events for anything parse5 would build differently; refused once seen. */
class Guard {
  refused = false;
  /** The input is read: what is still open is closed at its end, as parse5 leaves it. */
  atEnd = false;
  private readonly stack: string[] = [];
  /** An element was met (the <html> tag must come first: parse5 folds a late one into the first). */
  private sawElement = false;
  private sawHead = false;
  private sawBody = false;
  /** Body content (text, an element that is not the head's) was met. */
  private sawContent = false;
  /** </body> or </html> was met: parse5 moves anything after them back into the body. */
  private closedBody = false;
  /** The open <title>'s text so far. */
  private titleText = '';

  /** Gives the page up to parse5 (returns nothing: `return this.refuse()` ends a check). */
  refuse(): undefined {
    this.refused = true;
    return undefined;
  }

  open(name: string, implied: boolean): undefined {
    if (!this.placedAlike(name, implied)) return this.refuse();
    this.sawElement = true;
    if (!VOID.has(name)) this.stack.push(name);
  }

  /** Whether parse5 would open this element where htmlparser2 does, and nothing else with it. */
  private placedAlike(name: string, implied: boolean): boolean {
    const stack = this.stack;
    const top = stack.at(-1);
    if (implied || this.closedBody || REFUSED_TAGS.has(name)) return false;
    const atTop = top === undefined || top === 'html';
    if (name === 'html') {
      if (this.sawElement || this.sawContent) return false;
    } else if (name === 'head') {
      if (this.sawHead || this.sawBody || this.sawContent || !atTop) return false;
      this.sawHead = true;
    } else if (name === 'body') {
      if (this.sawBody || this.sawContent || !atTop) return false;
      this.sawBody = true;
    } else if (top === 'head') {
      if (!HEAD_TAGS.has(name)) return false;
    } else if (!HEAD_TAGS.has(name)) this.sawContent = true;
    if (top !== undefined && TABLE_CHILDREN.get(top)?.has(name) === false) return false;
    if (TABLE_PARENTS.get(name)?.has(top ?? '') === false) return false;
    if (CLOSES_P.has(name) && stack.includes('p')) return false;
    if (HEADINGS.has(name) && top !== undefined && HEADINGS.has(top)) return false;
    if (name === 'a' && stack.includes('a')) return false;
    return !(name === 'li' && stack.includes('li') && top !== 'ul' && top !== 'ol');
  }

  close(name: string, implied: boolean): undefined {
    if (VOID.has(name)) return;
    // An element closed by another tag than its own: parse5 may close, keep or reopen it elsewhere.
    if ((implied && !this.atEnd) || this.stack.pop() !== name) return this.refuse();
    if (name === 'title') {
      if (this.titleText.includes('<') && this.titleText.includes('&')) return this.refuse();
      this.titleText = '';
    }
    if (!this.atEnd && (name === 'body' || name === 'html')) this.closedBody = true;
  }

  text(data: string): undefined {
    // Text is handed over as it is read; what comes at the end is markup cut short (a
    // declaration, a raw-text end tag), text to htmlparser2, dropped or read by parse5.
    if (this.atEnd) return this.refuse();
    if (!NOT_SPACE.test(data)) return;
    const top = this.stack.at(-1);
    if (top !== undefined && RAW_TEXT.has(top)) {
      // parse5 reads <!-- inside a script as an escape that can hide its end tag;
      // htmlparser2 leaves a character reference in a title undecoded right after a `<`.
      if (top === 'script' && data.includes('<!--')) this.refuse();
      if (top === 'title') this.titleText += data;
      return;
    }
    if (this.closedBody || top === 'head' || (top !== undefined && TABLE_CHILDREN.has(top))) return this.refuse();
    this.sawContent = true;
  }
}
