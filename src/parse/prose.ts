// Numbers the prose states: active.items ("主动公开政府信息共523条", "180余条"),
// and what it says about applications received, for the prose_mismatch check.
import { fold } from './cells.js';
import type { Line } from './lines.js';

export interface ProseNumber {
  value: number;
  approximate: boolean;
  line: number;
  cell: string;
}

const ITEMS_RE = /主动公开(?:了)?(?:各类)?(?:政府|政务)?信息(?:共|总计|合计|累计)?(\d+)(余)?条/;

/** The total number of items the body says it published proactively. */
export function findActiveItems(lines: Line[], before?: number): ProseNumber | null {
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    const s = fold(l.text).replace(/\s+/g, '');
    const m = ITEMS_RE.exec(s);
    if (m) return { value: Number(m[1]), approximate: m[2] === '余', line: l.no, cell: m[0] };
  }
  return null;
}

const RECEIVED_NUMBER = [
  /(?:收到|接到|受理)(?:各类|群众|社会公众)?(?:政府信息公开|依申请公开|信息公开|公开)?(?:申请|事项)(?:共|总计)?(\d+)(?:例|件|个|份|次|起)/,
  /(?:收到|接到|受理)(?:了)?(?:各类)?(\d+)(?:例|件|个|份|次|起)(?:政府信息公开|依申请公开|信息公开|公开)?申请/,
  /(?:收到|接到|受理)(?:政府信息公开|依申请公开|信息公开)?申请(?:共)?(\d+)(?:例|件|个|份|次|起)/,
];
const RECEIVED_NONE = /(?:没有|未|无)(?:收到|接到|受理)(?:[^。；;]{0,12})(?:依申请公开|信息公开申请|公开申请|相关申请|申请)/;

/** What the prose says about applications received this year, if anything. */
export function findProseReceived(lines: Line[], before?: number): ProseNumber | null {
  for (const l of lines) {
    if (before !== undefined && l.no >= before) break;
    const s = fold(l.text).replace(/\s+/g, '');
    for (const sentence of s.split(/[。；;]/)) {
      // Years ago and comparisons ("与往年相比增加了3例") are not this year's count.
      for (const re of RECEIVED_NUMBER) {
        const m = re.exec(sentence);
        if (m) return { value: Number(m[1]), approximate: false, line: l.no, cell: m[0] };
      }
      const z = RECEIVED_NONE.exec(sentence);
      if (z && !/行政复议|行政诉讼/.test(z[0])) return { value: 0, approximate: false, line: l.no, cell: z[0] };
    }
  }
  return null;
}
