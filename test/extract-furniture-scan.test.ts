// hasFurnitureLine (the in-place scan a text file's lines pass before any is sliced) against
// isFurnitureLine itself, line by line: on lines built of the furniture patterns' own words,
// their separators and brackets, table labels, 概况 words, digits and ，。、, the scan finds a
// furniture line exactly when isFurnitureLine calls one of the lines furniture.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../tools/synth/rng.js';
import { hasFurnitureLine, isFurnitureLine } from '../src/extract/html.js';

const WORDS = [
  // Menu words (MENU_WORD's literal forms), toolbar tokens, anchored heads.
  ...'网站首页 首页 政务公开 政府信息公开 信息公开 政务服务 办事服务 互动交流 政民互动 公众参与 新闻中心 新闻动态 要闻动态 专题专栏 数据开放 网站地图 无障碍 无障碍浏览 无障碍阅读 长者模式 关怀版 适老版 繁體 繁体 简体 English 登录 注册 个人中心 走进松岭 走进市'.split(
    ' ',
  ),
  ...'松岭概况 市情概况 本局概况 概况 情况'.split(' '),
  ...'字体 字号 字体：大 中 小 默认 T 打印 打印本页 打印此页 关闭 关闭窗口 返回 返回顶部 返回首页 收藏 收藏本页 分享 分享到 分享到： 纠错 保存 保存本页 视力保护色 朗读'.split(
    ' ',
  ),
  ...'当前位置： 您的位置: 你的位置 您现在的位置： 所在位置： 扫一扫 用手机扫描 手机扫码 微信扫一扫 在手机打开 当前页 微信 微博 QQ空间'.split(
    ' ',
  ),
  // What report lines hold.
  ...'信息内容 本年制发件数 （一）予以公开 一、总体情况 规章 政府 行政许可 自然人 总计 其他 申请 2022 0 15 ， 。 、'.split(
    ' ',
  ),
];
const SEPARATORS = [
  ' ',
  '  ',
  '\u3000',
  '\t',
  '\u00a0',
  '|',
  ' | ',
  '｜',
  '·',
  '•',
  '/',
  ' > ',
  '>',
  '›',
  '»',
  '【',
  '】',
  '[',
  ']',
  ':',
  '：',
  '',
];

function lines(count: number): string[] {
  const next = mulberry32(21).next;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let line = next() < 0.3 ? pick(SEPARATORS) : '';
    const words = 1 + Math.floor(next() * 5);
    for (let k = 0; k < words; k++) line += (k ? pick(SEPARATORS) : '') + pick(WORDS);
    if (next() < 0.3) line += pick(SEPARATORS);
    out.push(line);
  }
  return out;
}

describe('hasFurnitureLine', () => {
  it('finds a furniture line in a one-line text exactly when isFurnitureLine says it is one', () => {
    const differ: string[] = [];
    let furniture = 0;
    for (const line of lines(30_000)) {
      const expected = line !== '' && isFurnitureLine(line);
      if (expected) furniture++;
      if (hasFurnitureLine(line, 200) !== expected) differ.push(line);
    }
    expect(differ).toEqual([]);
    // The generated lines hold furniture of every kind, not only lines that are none.
    expect(furniture).toBeGreaterThan(1_000);
  });

  it('finds it among other lines, wherever it stands', () => {
    const all = lines(3_000);
    for (let i = 0; i + 6 <= all.length; i += 6) {
      const group = all.slice(i, i + 6);
      const expected = group.some((l) => l !== '' && isFurnitureLine(l));
      expect(hasFurnitureLine(group.join('\n'), 200)).toBe(expected);
    }
  });

  it('passes by table headers and labels, and finds menus, toolbars and 概况 menus', () => {
    expect(
      hasFurnitureLine('信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n一、总体情况\n（一）予以公开', 200),
    ).toBe(false);
    expect(hasFurnitureLine('松岭概况 | 新闻中心 | 政务公开', 200)).toBe(true);
    expect(hasFurnitureLine('\u3000· 公众参与 / 数据开放 / 网站地图', 200)).toBe(true);
    expect(hasFurnitureLine('【打印本页】【关闭窗口】', 200)).toBe(true);
  });
});
