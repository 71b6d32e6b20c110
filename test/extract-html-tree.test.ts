// The fast HTML tree (htmlparser2, src/extract/html-tree.ts) must read as parse5's: for
// every page, the text html.ts makes from it is the text it makes from parse5's own tree
// (cheerio, the HTML standard's tree builder), byte for byte. Pages it cannot vouch for
// are parsed by parse5; the synthetic corpus's pages must not be among them.
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/extract/html.js';
import { plainTree, standardTree } from '../src/extract/html-tree.js';
import { generateCorpus, mulberry32, mutateReport, type Rng } from '../tools/synth/index.js';

const same = (html: string) => expect(htmlToText(html)).toBe(htmlToText(html, standardTree));

describe('the fast HTML tree, markup htmlparser2 reads as written', () => {
  it('reads upper-case tags and attributes, repeated attributes (the first counts) and self-closing slashes', () => {
    const html =
      '<DIV CLASS="article"><P>一、总体情况</P><TABLE><TR><TD COLSPAN="2" colspan="3">甲</TD><TD>1</TD></TR>' +
      '<TR><TD>乙</TD><TD>2</TD><TD>3</TD></TR></TABLE><br/>完</DIV>';
    expect(plainTree(html)).not.toBeNull();
    same(html);
    expect(htmlToText(html)).toBe('一、总体情况\n甲\t\t1\n乙\t2\t3\n完');
  });
});

describe('the fast HTML tree', () => {
  it('reads every synthetic page, mutated or not, as parse5 does; clean pages take the fast tree', () => {
    const rng = mulberry32(3);
    let fast = 0;
    let pages = 0;
    for (const item of generateCorpus(60, 41, { layouts: ['html'] })) {
      pages++;
      if (plainTree(item.text)) fast++;
      same(item.text);
      same(mutateReport(item.text, rng).text);
      same(tagSoup(item.text, rng));
    }
    expect(fast).toBe(pages);
  });

  it('reads random documents as parse5 does', () => {
    const rng = mulberry32(11);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const html = randomDocument(rng);
      if (plainTree(html)) fast++;
      same(html);
    }
    // Most of them are plain enough for the fast tree: the comparison is not a vacuous one.
    expect(fast).toBeGreaterThan(1500);
  });

  it.each([
    ['a stray end tag', '<div>a</span>b</div>'],
    ['a stray </p>', '<div>a</p>b</div>'],
    ['a <p> closed by a block', '<p>a<div>b</div>c</p>'],
    ['a <p> closed by <center>', '<p>a<center>b</center>c</p>'],
    ['misnested formatting', '<div><b>a<i>b</b>c</i></div>'],
    ['a cell outside a row', '<table><td>a</td><td>b</td></table>'],
    ['text inside a table', '<table>注<tr><td>1</td><td>2</td></tr></table>'],
    ['a cell left open', '<table><tr><td>1<td>2</tr></table>'],
    ['a script end tag with more after it', '<title>年度报告</title/script><p>正文</p>'],
    ['a late <body>', '<html><head></head>抬头<body><p>正文</p></body></html>'],
    ['text before <html>', '采集于 2024-01-01\n<html><body><p>正文</p></body></html>'],
    ['content after </html>', '<html><body><p>正文</p></body></html><p>附</p>'],
    ['an element in <head>', '<html><head><div>横幅</div></head><body><p>正文</p></body></html>'],
    ['a declaration cut short', '<html><body><p>正文</p>\n<!DOCTYPE ht'],
    ['a <pre>', '<pre>\n一\n二</pre>'],
    ['a comment closed by --!>', '<p>a<!-- x --!><p>b</p> -->c</p>'],
    ['NUL', '<p>a\0b</p>'],
    ['a character reference after a < in a title', '<title>年报</ti<&lt;</title><p>正文</p>'],
    ['a title left open', '<title>年报 &amp; <p>正文</p>'],
    ['a stray </br>', '<div>a</br>b</div>'],
    ['an end tag of a void element', '<div>a<img src="x"></img>b</div>'],
    ['a list item that closes the one before', '<ul><li>a<li>b</li></ul>'],
    ['a paragraph that closes the one before', '<div><p>a<p>b</p></div>'],
  ])('leaves %s to parse5', (_, html) => {
    expect(plainTree(html)).toBeNull();
    same(html);
  });
});

/** A page with a few random edits: tags inserted or cut, entities, stray characters, pieces deleted. */
function tagSoup(html: string, rng: Rng): string {
  const TAGS = ['p', '/p', 'div', '/div', 'td', '/td', 'tr', '/tr', 'table', '/table', 'span', '/span', 'b', '/b'];
  const BITS = ['&nbsp;', '&amp;', '&gt', '&#12288;', '&#128;', '\r\n', '\t', '<', '>', '</>', '<!', '中文'];
  let s = html;
  for (let k = rng.int(1, 3); k > 0; k--) {
    const at = rng.int(0, s.length);
    const r = rng.next();
    if (r < 0.4) s = `${s.slice(0, at)}<${rng.pick(TAGS)}>${s.slice(at)}`;
    else if (r < 0.7) s = s.slice(0, at) + rng.pick(BITS) + s.slice(at);
    else s = s.slice(0, at) + s.slice(at + rng.int(0, 200));
  }
  return s;
}

const TEXT = ['政府信息公开', '12', ' ', '\n', '&nbsp;', '&amp;', '&lt;b&gt;', '&copy', '&#12288;', '&#128;', 'a b'];
const MORE_TEXT = [
  '字体：大 中 小',
  '打印',
  '当前位置：首页 > 公开',
  '首页 政务公开 政务服务 互动交流',
  '\r\n',
  '\t',
  '<',
  '"',
];
const INLINE = ['span', 'b', 'a', 'font', 'strong', 'em', 'u'];
const BLOCK = ['div', 'p', 'section', 'h1', 'h2', 'ul', 'li', 'center', 'header', 'footer', 'nav', 'table', 'br', 'hr'];
const ATTRS = ['', ' class="nav"', ' id="footer"', ' style="display:none"', ' hidden', ' class="content"', ' id=zoom'];

/** A small document, mostly well nested: blocks, inline elements, tables (with and without tbody), entities. */
function randomDocument(rng: Rng): string {
  const text = () => {
    let s = '';
    for (let n = rng.int(1, 3); n > 0; n--) s += rng.pick(rng.chance(0.8) ? TEXT : MORE_TEXT);
    return s;
  };
  const kids = (depth: number): string => {
    let s = '';
    for (let n = rng.int(0, 3); n > 0; n--) s += node(depth + 1);
    return s;
  };
  const table = (depth: number): string => {
    const section = rng.chance(0.5) ? rng.pick(['tbody', 'thead', 'tfoot']) : null;
    let rows = '';
    for (let r = rng.int(1, 4); r > 0; r--) {
      let cells = '';
      for (let c = rng.int(1, 4); c > 0; c--) {
        const tag = rng.chance(0.2) ? 'th' : 'td';
        const span = rng.pick(['', ' colspan="2"', ' rowspan="2"', ' rowspan="0"', ' hidden']);
        cells += `<${tag}${span}>${rng.chance(0.3) ? node(depth + 1) : text()}</${tag}>${rng.pick(['', ' ', '\n'])}`;
      }
      rows += `<tr>${rng.pick(['', ' ', '\n'])}${cells}</tr>${rng.pick(['', '\n'])}`;
    }
    const caption = rng.chance(0.2) ? `<caption>${text()}</caption>` : '';
    const cols = rng.chance(0.2) ? '<colgroup><col><col></colgroup>' : '';
    return `<table${rng.pick(['', ' class="nav"'])}>${caption}${cols}${section ? `<${section}>${rows}</${section}>` : rows}</table>`;
  };
  const node = (depth: number): string => {
    const r = rng.next();
    if (depth > 4 || r < 0.35) return text();
    if (r < 0.5) {
      const t = rng.pick(INLINE);
      return `<${t}${rng.pick(ATTRS)}>${kids(depth)}</${t}>`;
    }
    const t = rng.pick(BLOCK);
    if (t === 'table') return table(depth);
    if (t === 'br' || t === 'hr') return `<${t}${rng.pick(['', '/', ' /'])}>`;
    return `<${t}${rng.pick(ATTRS)}>${kids(depth)}</${t}>`;
  };
  const body = kids(0) + kids(0);
  const head = `<head>${rng.pick(['', '<meta charset="utf-8">', '<title>某某街道2024年政府信息公开工作年度报告_某某区人民政府</title>'])}</head>`;
  switch (rng.int(0, 4)) {
    case 0:
      return body;
    case 1:
      return `<!DOCTYPE html>\n<html>${head}\n<body>${body}</body>\n</html>\n`;
    case 2:
      return `${head}${body}`;
    case 3:
      return `<html><body>${body}`;
    default:
      return `${rng.pick(['', '\n'])}${body}${rng.pick(['', '</body>', '<!-- end -->'])}`;
  }
}
