// What the engine can answer, with example questions: shown for 帮助 and when a
// question is not understood.
import type { Lang } from '../ask/types.js';

export const EXAMPLES = {
  zh: ['只楚收到多少申请', '城关镇行政许可多少件', '2020年哪些单位收到过申请', '全区一共收到多少申请', '按收到申请数排个名', '只楚和城关镇一共收到多少申请', '只楚的予以公开率', '只楚街道微信公众号关注量是多少', '只楚的报告有什么问题'],
  en: ['how many applications did 只楚 receive', 'which offices received applications in 2020', 'rank offices by applications received', "what was 只楚's full disclosure rate", 'what is wrong with the 只楚 report'],
};

export function helpText(lang: Lang, notUnderstood = false): string {
  if (lang === 'en') {
    return [
      notUnderstood ? "Sorry, I didn't understand that question." : 'I answer questions about government information disclosure annual reports.',
      'I can give: one figure of one office; totals, rankings and counts across offices or over the ones you name; comparisons; rates (such as the full disclosure rate); changes over the years; the offices of a region; what fails the checks; and passages from the reports. Follow-ups such as "and 2019?" or "what about 城郊?" keep the office, figure and year of your last question for ten minutes.',
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
