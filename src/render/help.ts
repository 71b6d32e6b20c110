// The one help text, in Chinese and English: the bot's 帮助/help (what it answers, how
// to ask in a group, its commands) and the engine's answer to a question it did not
// understand (what it can answer, with examples). Pure. What to pass:
//   - the bot's 帮助: `renderHelp(lang, { name, prefix, inRoom })`;
//   - a question not understood: `renderNotUnderstood(lang)`;
//   - `helpText(lang, notUnderstood)` is the engine's older name for the same two texts.
import type { Lang } from '../ask/types.js';

/** How the bot is addressed where the help is asked for. */
export interface HelpContext {
  /** The bot's name (年报助手). */
  name: string;
  /** The message prefix that addresses it in a group ('' when none). */
  prefix: string;
  inRoom: boolean;
}

/** Questions shown under 帮助 and on the terminal's first screen. */
export const EXAMPLE_QUESTIONS = [
  '只楚街道2020年收到多少政府信息公开申请？',
  '2020年各单位一共收到多少申请？',
  '城关镇和洛北街道哪个予以公开的多？',
  '胜利街街道2020年行政复议有几件？',
];

/** Questions shown when a question is not understood: one per kind of answer. */
export const EXAMPLES = {
  zh: [
    '只楚收到多少申请',
    '城关镇行政许可多少件',
    '2020年哪些单位收到过申请',
    '全区一共收到多少申请',
    '按收到申请数排个名',
    '只楚和城关镇一共收到多少申请',
    '只楚的予以公开率',
    '只楚街道微信公众号关注量是多少',
    '只楚的报告有什么问题',
  ],
  en: [
    'how many applications did 只楚 receive',
    'which offices received applications in 2020',
    'rank offices by applications received',
    "what was 只楚's full disclosure rate",
    'what is wrong with the 只楚 report',
  ],
};

const FOLLOW_UP = {
  zh: '接着问“那部分公开呢”“城郊呢”“去年呢”，会沿用您上一问的单位、指标和年度（十分钟内，每人单独记）。',
  en: 'Follow-ups such as "and 2019?" or "what about 城郊?" keep the office, figure and year of your last question for ten minutes.',
};

/** The bot's 帮助 / help. */
export function renderHelp(lang: Lang, who: HelpContext): string {
  return lang === 'en' ? helpEn(who) : helpZh(who);
}

/** The answer to a question the engine did not understand. */
export function renderNotUnderstood(lang: Lang): string {
  return helpText(lang, true);
}

function helpZh(who: HelpContext): string {
  const how = who.inRoom
    ? `在群里请 @${who.name}${who.prefix ? `，或以「${who.prefix}」开头` : ''}提问。`
    : '直接发送问题即可。';
  return [
    `我是${who.name}，回答政府信息公开工作年度报告里的问题，数字都出自年报原文。${how}`,
    '可以这样问：',
    ...EXAMPLE_QUESTIONS.map((q) => `· ${q}`),
    FOLLOW_UP.zh,
    '命令：',
    '· 核查 单位名：列出该单位年报勾稽关系的问题，如「核查 只楚街道」',
    '· 单位列表：已收录的单位（按地区）',
    '· 提醒状态：年报报送情况',
    '· 暂停提醒 / 恢复提醒：仅管理员',
    '· 指定地区 单位或文件名 地区：仅管理员，指明同名单位的报告所在地区',
    '· 报送情况 [年份] [地区]：谁已报送、谁未报送，距截止或已逾期几天（也可以直接问“谁还没报送”）',
    '· 图表 指标 [年份] [地区或单位]：画成图片，如「图表 收到申请 2020」「图表 只楚 收到申请」',
    '· 导出 [年份] [地区]：仅管理员，导出 Excel 汇总表（各单位数据、核查问题、报送情况、同比变化）',
    '· 报送年报：把年报文件（PDF、Word .docx、网页、文本）直接发到群里，我会读出单位、年度和主要数据并核查；需要确认时回复「确认」或「取消」',
    '· 帮助：显示本说明',
    'English: help, check <office>, offices, status.',
  ].join('\n');
}

function helpEn(who: HelpContext): string {
  const how = who.inRoom
    ? `In a group, @${who.name}${who.prefix ? ` or start with "${who.prefix}"` : ''}.`
    : 'Just send your question.';
  return [
    `I am ${who.name}. I answer questions about government information disclosure annual reports (政府信息公开工作年度报告); every number comes from a report, with its line. ${how}`,
    'Try:',
    '· how many applications did 只楚 receive in 2020',
    '· which offices received applications in 2020',
    '· rank the offices by applications received',
    '· what is wrong with the 只楚 report',
    "· How many followers does 只楚's WeChat official account have?",
    "Commands: check <office> (the report's checks), offices (the offices I know), status (filing status), help.",
  ].join('\n');
}

/** What the engine can answer, with examples; `notUnderstood` opens with an apology. */
export function helpText(lang: Lang, notUnderstood = false): string {
  if (lang === 'en') {
    return [
      notUnderstood
        ? "Sorry, I didn't understand that question."
        : 'I answer questions about government information disclosure annual reports.',
      `I can give: one figure of one office; totals, rankings and counts across offices or over the ones you name; comparisons; rates (such as the full disclosure rate); changes over the years; the offices of a region; what fails the checks; and passages from the reports. ${FOLLOW_UP.en}`,
      'Try:',
      ...EXAMPLES.en.map((e) => `· ${e}`),
    ].join('\n');
  }
  return [
    notUnderstood ? '抱歉，没能理解这个问题。' : '我可以回答政府信息公开工作年度报告里的问题。',
    '可以问：某单位的某项数字；全部单位或几个单位的合计、排名、有几个单位；两个单位的比较；比率（如予以公开率）；历年变化；某地区有哪些单位；报告核查出的问题；以及报告正文里的内容。接着问“那部分公开呢”“城郊呢”“去年呢”，会沿用上一问的单位、指标和年度（十分钟内）。',
    '例如：',
    ...EXAMPLES.zh.slice(0, notUnderstood ? 3 : EXAMPLES.zh.length).map((e) => `· ${e}`),
  ].join('\n');
}
