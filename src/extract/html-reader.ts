// htmlparser2's Parser cut down to what the fast HTML tree keeps (html-tree.ts): its
// tokenizer's events turned into open, close and text events, exactly as the Parser
// turns them, for a page the tree builder may still accept. Whatever the Parser would
// do on its own (close an element that another tag implies closed, make an element for
// a stray </p> or </br>, drop an end tag that closes nothing) refuses the page instead,
// as the guard refused it when the Parser did it, and reading stops there. Without the
// Parser's indices, buffers and foreign-content bookkeeping a page costs about a third
// less (issue 13). Lists as in htmlparser2 10.1's Parser.
import { createRequire } from 'node:module';
import type { Tokenizer, TokenizerCallbacks } from 'htmlparser2';

const require = createRequire(import.meta.url);

/** What the reader tells the tree builder: the Parser's events, and the guard's verdict. */
export interface TreeEvents {
  onopentag(name: string, attribs: Record<string, string>, isImplied: boolean): void;
  onclosetag(name: string, isImplied: boolean): void;
  ontext(data: string): void;
  oncomment(): void;
  /** Gives the page up (to parse5). */
  refuse(): void;
  /** Whether the page was given up. */
  readonly refused: boolean;
  /** Set before the input's end is read (what is still open is then closed, as parse5 leaves it). */
  atEnd: boolean;
}

/** Elements the Parser closes at once after opening them. */
const PARSER_VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
/** Per start tag, the open elements it closes first (the Parser's implied end tags). */
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['p', P_TAG],
  ['h1', P_TAG],
  ['h2', P_TAG],
  ['h3', P_TAG],
  ['h4', P_TAG],
  ['h5', P_TAG],
  ['h6', P_TAG],
  ['select', FORM_TAGS],
  ['input', FORM_TAGS],
  ['output', FORM_TAGS],
  ['button', FORM_TAGS],
  ['datalist', FORM_TAGS],
  ['textarea', FORM_TAGS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ['address', P_TAG],
  ['article', P_TAG],
  ['aside', P_TAG],
  ['blockquote', P_TAG],
  ['details', P_TAG],
  ['div', P_TAG],
  ['dl', P_TAG],
  ['fieldset', P_TAG],
  ['figcaption', P_TAG],
  ['figure', P_TAG],
  ['footer', P_TAG],
  ['form', P_TAG],
  ['header', P_TAG],
  ['hr', P_TAG],
  ['main', P_TAG],
  ['nav', P_TAG],
  ['ol', P_TAG],
  ['pre', P_TAG],
  ['section', P_TAG],
  ['table', P_TAG],
  ['ul', P_TAG],
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);

let TokenizerClass: typeof Tokenizer | null = null;

/** Reads `html` (line breaks already as parse5 reads them) into `events`; stops at a refusal. */
export function readHtml(html: string, events: TreeEvents): void {
  TokenizerClass ??= (require('htmlparser2') as { Tokenizer: typeof Tokenizer }).Tokenizer;
  const reader = new Reader(html, events);
  const tokenizer = new TokenizerClass({ decodeEntities: true }, reader);
  reader.tokenizer = tokenizer;
  tokenizer.write(html);
  events.atEnd = true;
  tokenizer.end();
}

class Reader implements TokenizerCallbacks {
  tokenizer: Tokenizer | null = null;
  /** Open elements, innermost last. */
  private readonly stack: string[] = [];
  private tagname = '';
  private attribs: Record<string, string> = {};
  private attribname = '';
  private attribvalue = '';

  constructor(
    private readonly html: string,
    private readonly events: TreeEvents,
  ) {}

  /** The page is given up: nothing more of it is read. */
  private refuse(): void {
    this.events.refuse();
    this.tokenizer?.pause();
  }

  ontext(start: number, end: number): void {
    this.events.ontext(this.html.slice(start, end));
    if (this.events.refused) this.refuse();
  }

  ontextentity(codePoint: number): void {
    this.events.ontext(String.fromCodePoint(codePoint));
    if (this.events.refused) this.refuse();
  }

  onopentagname(start: number, end: number): void {
    const name = this.html.slice(start, end).toLowerCase();
    const top = this.stack[this.stack.length - 1];
    // The Parser would close the open element first, as implied: the guard refused that.
    if (top !== undefined && OPEN_IMPLIES_CLOSE.get(name)?.has(top)) {
      this.refuse();
      return;
    }
    this.tagname = name;
    if (!PARSER_VOID.has(name)) this.stack.push(name);
    this.attribs = {};
  }

  onattribname(start: number, end: number): void {
    this.attribname = this.html.slice(start, end).toLowerCase();
  }

  onattribdata(start: number, end: number): void {
    this.attribvalue += this.html.slice(start, end);
  }

  onattribentity(codePoint: number): void {
    this.attribvalue += String.fromCodePoint(codePoint);
  }

  onattribend(): void {
    // The first of two same-named attributes counts.
    if (!Object.hasOwn(this.attribs, this.attribname)) this.attribs[this.attribname] = this.attribvalue;
    this.attribvalue = '';
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  /** In HTML the slash of <div/> means nothing (inside <svg> or <math> it closes; the guard refuses those). */
  onselfclosingtag(): void {
    this.endOpenTag();
  }

  private endOpenTag(): void {
    const name = this.tagname;
    this.events.onopentag(name, this.attribs, false);
    if (PARSER_VOID.has(name)) this.events.onclosetag(name, true);
    this.tagname = '';
    if (this.events.refused) this.refuse();
  }

  onclosetag(start: number, end: number): void {
    const name = this.html.slice(start, end).toLowerCase();
    // Only the innermost open element is closed as written; anything else the Parser
    // repairs (closes what lies inside as implied, makes a <p> or <br>, drops the tag).
    if (PARSER_VOID.has(name) || this.stack[this.stack.length - 1] !== name) {
      this.refuse();
      return;
    }
    this.stack.pop();
    this.events.onclosetag(name, false);
    if (this.events.refused) this.refuse();
  }

  oncomment(): void {
    this.events.oncomment();
  }

  /** CDATA is a comment to the Parser in HTML (the fast tree never gets such a page). */
  oncdata(): void {
    this.events.oncomment();
  }

  /** <!doctype …>: a node html.ts never reads. */
  ondeclaration(): void {}

  onprocessinginstruction(): void {}

  /** What is still open is closed, innermost first, as implied. */
  onend(): void {
    for (let i = this.stack.length - 1; i >= 0; i--) this.events.onclosetag(this.stack[i], true);
  }
}
