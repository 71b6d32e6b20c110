// HTML → a domhandler tree for html.ts, as cheerio (parse5, the HTML standard's tree
// builder) makes it, at a fifth of the cost where that is safe (issue 13: parse5 was
// ~2 ms of a ~22 KB page). htmlparser2 builds the same nodes but none of the standard's
// repairs (implied <tbody>/<tr>, misnested tags closed and reopened, text moved out of
// tables, stray end tags, a late <body>), so its tree is kept only for a page it read
// without meeting any construct where parse5's tree could read differently; every other
// page is parsed by parse5 as before. The text html.ts reads from either is the same,
// byte for byte (test/extract-html-tree.test.ts compares them over pages and tag soup).
import { createRequire } from 'node:module';
import type { load as cheerioLoad } from 'cheerio';
import type { Document } from 'domhandler';

const require = createRequire(import.meta.url);

// Both load on first use (cheerio takes ~150 ms, htmlparser2 about a fifth of it); a
// page the fast tree reads never loads cheerio at all.
let loadHtml: typeof cheerioLoad | null = null;
let fast: { Parser: typeof import('htmlparser2').Parser; DomHandler: typeof import('domhandler').DomHandler } | null =
  null;

/** The page as parse5 reads it, through cheerio (the reference every tree here must read as). */
export function standardTree(html: string): Document {
  loadHtml ??= (require('cheerio') as { load: typeof cheerioLoad }).load;
  return loadHtml(html).root()[0] as unknown as Document;
}

/** The page's tree: htmlparser2's where it reads as parse5's would, else parse5's. */
export function htmlTree(html: string): Document {
  return plainTree(html) ?? standardTree(html);
}

// Markup whose handling differs between the two parsers (bogus and odd comments,
// processing instructions, CDATA, end tags not starting with a letter, a raw-text
// element's end tag not closed at once: htmlparser2 reads `</script/…>` as script), and NUL.
const ODD_MARKUP = /\0|<!-->|<!--->|--!>|<\?|<!(?!--|doctype)|<\/(?![a-z])|<\/(?:script|style|title)(?!>)/i;

/**
 * htmlparser2's tree of `html`, or null when the page holds anything parse5 would build
 * differently (then nothing of it is used).
 */
export function plainTree(html: string): Document | null {
  if (ODD_MARKUP.test(html)) return null;
  fast ??= { Parser: require('htmlparser2').Parser, DomHandler: require('domhandler').DomHandler };
  const guard = new Guard();
  const handler = new fast.DomHandler();
  const parser = new fast.Parser(guard.wrap(handler), { decodeEntities: true });
  // An end tag that closes nothing is dropped by htmlparser2 without a callback; parse5
  // may not drop it (</p> makes a <p>, others close formatting elements). Seen here.
  const closeTag = (parser as unknown as { onclosetag(start: number, end: number): void }).onclosetag;
  (parser as unknown as { onclosetag(start: number, end: number): void }).onclosetag = function (start, end) {
    guard.answered = false;
    closeTag.call(this, start, end);
    if (!guard.answered) guard.refuse();
  };
  // parse5 reads \r\n and a lone \r as \n before anything else: so does this copy.
  parser.write(html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html);
  guard.atEnd = true;
  parser.end();
  return guard.refused ? null : handler.root;
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
  /** Whether the last end tag closed an element (set by the handler's onclosetag and onopentag). */
  answered = false;
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

  /** The handler, with each event checked before it is passed on. */
  wrap(handler: import('domhandler').DomHandler): Partial<import('htmlparser2').Handler> {
    // Events are checked, then handed over as they came; the handler keeps its own `this`.
    return {
      onparserinit: (p) => handler.onparserinit(p),
      onreset: () => handler.onreset(),
      onend: () => handler.onend(),
      onerror: (e) => handler.onerror(e),
      onopentag: (name, attribs, isImplied) => {
        this.answered = true;
        if (!this.refused) this.open(name, isImplied);
        handler.onopentag(name, attribs);
      },
      onclosetag: (name, isImplied) => {
        this.answered = true;
        if (!this.refused) this.close(name, isImplied);
        handler.onclosetag();
      },
      ontext: (data) => {
        if (!this.refused) this.text(data);
        handler.ontext(data);
      },
      oncomment: (data) => handler.oncomment(data),
      oncommentend: () => handler.oncommentend(),
      oncdatastart: () => {
        this.refuse();
        handler.oncdatastart();
      },
      oncdataend: () => handler.oncdataend(),
      onprocessinginstruction: (name, data) => handler.onprocessinginstruction(name, data),
    };
  }

  private open(name: string, implied: boolean): undefined {
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

  private close(name: string, implied: boolean): undefined {
    if (VOID.has(name)) return;
    // An element closed by another tag than its own: parse5 may close, keep or reopen it elsewhere.
    if ((implied && !this.atEnd) || this.stack.pop() !== name) return this.refuse();
    if (name === 'title') {
      if (this.titleText.includes('<') && this.titleText.includes('&')) return this.refuse();
      this.titleText = '';
    }
    if (!this.atEnd && (name === 'body' || name === 'html')) this.closedBody = true;
  }

  private text(data: string): undefined {
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
