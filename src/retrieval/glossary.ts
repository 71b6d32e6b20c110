// English questions about the reports' prose, made searchable offline: the
// reports are Chinese, and BM25 over jieba finds only Chinese words. A small
// bilingual glossary of the reports' own vocabulary adds the Chinese terms an
// English phrase stands for ("WeChat official account" → 政务微信 公众号) to the
// query before search. Pure; longest phrases first, each phrase used once.

const GLOSSARY: [RegExp, string][] = [
  [/wechat official accounts?|official wechat accounts?|public accounts?/i, '政务微信 微信公众号 公众号'],
  [/\bwechat\b/i, '微信 政务微信'],
  [/\bweibo\b|micro-?blog/i, '微博 政务微博'],
  [/followers?|subscribers?|fans\b/i, '关注 粉丝 关注量'],
  [/\bposts?\b|articles?|pushed|push(?:es)?\b/i, '推送 发布 信息 篇'],
  [/\bviews?\b|\bvisits?\b|page views|clicks?/i, '浏览 访问量 点击'],
  [/trainings?|trained|training sessions?/i, '培训 业务培训'],
  [/main problems|problems?|shortcomings?|weakness(?:es)?|issues?/i, '存在的问题 存在的主要问题 不足'],
  [/improve(?:ments?|d)?|rectif(?:y|ication)|next steps?|plans?\b/i, '改进 整改 下一步 改进情况'],
  [/policy interpretations?|interpret(?:ation|ed|s)?/i, '政策解读 解读'],
  [/press conferences?|news conferences?/i, '新闻发布会 发布会'],
  [/websites?|portal|web ?site/i, '网站 政府网站 门户网站'],
  [/hotlines?|12345/i, '热线 12345'],
  [/complaints?/i, '投诉'],
  [/consultations?|inquir(?:y|ies)/i, '咨询'],
  [/processing fees?|information processing fees?/i, '信息处理费 收费'],
  [/\bfees?\b|charges?/i, '收费 费用'],
  [/proactive(?:ly)? (?:disclos|publish)\w*|disclosed proactively|published proactively/i, '主动公开'],
  [/on request|upon application|requests? for disclosure/i, '依申请公开'],
  [/information management/i, '政府信息管理'],
  [/platforms?|channels?/i, '平台建设 平台 渠道'],
  [/supervision|oversight|accountability|assessment/i, '监督保障 监督 考核'],
  [/staff|personnel|workers/i, '工作人员 人员'],
  [/villages?/i, '村'],
  [/communit(?:y|ies)|neighbou?rhoods?/i, '社区'],
  [/service cent(?:er|re)s?|service halls?/i, '便民服务中心 服务中心 服务大厅'],
  [/bulletin boards?|notice boards?|public notice/i, '公开栏 公示栏'],
  [/government affairs/i, '政务'],
  [/open government|government (?:information )?disclosure|transparency/i, '政务公开 政府信息公开'],
  [/poverty alleviation/i, '扶贫 脱贫攻坚'],
  [/epidemic|covid|pandemic/i, '疫情 疫情防控'],
  [/budgets?|final accounts/i, '预算 决算'],
  [/other matters/i, '其他需要报告的事项'],
  [/overview|overall situation|summary/i, '总体情况'],
  [/meetings?/i, '会议'],
  [/regulations?|rules/i, '规章 制度'],
  [/reply rate|response rate/i, '回复率'],
  [/replied|replies|responded|answered/i, '回复 答复'],
  [/messages?|letters?/i, '留言 来信'],
];

/** The English question with the Chinese terms of its phrases appended; other text unchanged. */
export function expandQuery(text: string): string {
  const terms: string[] = [];
  let rest = text;
  for (const [re, zh] of GLOSSARY) {
    if (!re.test(rest)) continue;
    rest = rest.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), ' ');
    terms.push(zh);
  }
  return terms.length ? `${text} ${terms.join(' ')}` : text;
}
