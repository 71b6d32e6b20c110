// The words people use for each number, in Chinese and English, and the fact
// ids each reads in either format. Ids come from the catalogue; nothing here
// invents a number, it only says where to look.
import {
  APPLY_COLS,
  APPLY_PARTS,
  applyRows,
  type ApplyCol,
  type FactId,
  type ReportFormat,
} from '../catalogue/facts.js';
import { pinyinKey } from '../offices/pinyin.js';
import type { Metric } from './types.js';
import { alt } from './regex.js';

const same = (ids: FactId[]): Record<ReportFormat, FactId[]> => ({ '2019': ids, '2021': ids });
const JIAN = { zh: '件', en: '' };

// ---------- table B ----------

interface RowTerm {
  /** A row id, or a group whose rows are summed. */
  row?: string;
  group?: 'denied' | 'unavailable' | 'not_processed' | 'other' | 'disclosed';
  zh: RegExp;
  en: RegExp;
  label: { zh: string; en: string };
}

// Most specific first: the first term that matches the question decides the row.
const ROW_TERMS: RowTerm[] = [
  {
    row: 'denied.secret',
    zh: /国家秘密|涉密/,
    en: /state secret/,
    label: { zh: '不予公开（属于国家秘密）', en: 'denied as state secrets' },
  },
  {
    row: 'denied.prohibited',
    zh: /禁止公开/,
    en: /prohibited/,
    label: { zh: '不予公开（其他法律行政法规禁止公开）', en: 'denied as prohibited by law' },
  },
  {
    row: 'denied.security',
    zh: /三安全|一稳定/,
    en: /security|stability/,
    label: { zh: '不予公开（危及“三安全一稳定”）', en: 'denied for security and stability' },
  },
  {
    row: 'denied.third_party',
    zh: /第三方/,
    en: /third[- ]part/,
    label: { zh: '不予公开（保护第三方合法权益）', en: 'denied to protect third parties' },
  },
  {
    row: 'denied.internal',
    zh: /内部事务/,
    en: /internal affair/,
    label: { zh: '不予公开（属于三类内部事务信息）', en: 'denied as internal affairs' },
  },
  {
    row: 'denied.process',
    zh: /过程性/,
    en: /process information|deliberative|in-process/,
    label: { zh: '不予公开（属于四类过程性信息）', en: 'denied as process information' },
  },
  {
    row: 'denied.case_file',
    zh: /案卷/,
    en: /case file/,
    label: { zh: '不予公开（属于行政执法案卷）', en: 'denied as enforcement case files' },
  },
  {
    row: 'denied.query',
    zh: /行政查询|查询事项/,
    en: /administrative quer/,
    label: { zh: '不予公开（属于行政查询事项）', en: 'denied as administrative queries' },
  },
  {
    row: 'unavailable.not_held',
    zh: /不掌握|未掌握|没有掌握/,
    en: /not held|does not hold|doesn't hold|didn't hold/,
    label: { zh: '无法提供（本机关不掌握相关政府信息）', en: 'unavailable: information not held' },
  },
  {
    row: 'unavailable.needs_making',
    zh: /另行制作|需要制作/,
    en: /to be (?:made|created|compiled)/,
    label: { zh: '无法提供（没有现成信息需要另行制作）', en: 'unavailable: would have to be created' },
  },
  {
    row: 'unavailable.unclear',
    zh: /不明确|补正后/,
    en: /unclear/,
    label: { zh: '无法提供（补正后申请内容仍不明确）', en: 'unavailable: request still unclear' },
  },
  {
    row: 'not_processed.petition',
    zh: /信访|举报|投诉/,
    en: /petition|complaint/,
    label: { zh: '不予处理（信访举报投诉类申请）', en: 'not processed: petitions and complaints' },
  },
  {
    row: 'not_processed.duplicate',
    zh: /重复申请/,
    en: /duplicate|repeated request|repeat request/,
    label: { zh: '不予处理（重复申请）', en: 'not processed: duplicate requests' },
  },
  {
    row: 'not_processed.publication',
    zh: /出版物/,
    en: /publication/,
    label: { zh: '不予处理（要求提供公开出版物）', en: 'not processed: asked for publications' },
  },
  {
    row: 'not_processed.excessive',
    zh: /大量反复|反复申请/,
    en: /excessive|vexatious|repeatedly/,
    label: { zh: '不予处理（无正当理由大量反复申请）', en: 'not processed: excessive requests' },
  },
  {
    row: 'not_processed.confirm',
    zh: /重新出具|要求确认|确认或重新/,
    en: /confirm|re-?issue/,
    label: { zh: '不予处理（要求行政机关确认或重新出具已获取信息）', en: 'not processed: asked to confirm or reissue' },
  },
  {
    row: 'other.no_correction',
    zh: /不补正/,
    en: /(?:did not|didn't|failed to|not) (?:correct|supplement)|no correction/,
    label: { zh: '其他处理（逾期不补正）', en: 'other: applicant did not supplement' },
  },
  {
    row: 'other.no_fee',
    zh: /缴纳费用|缴费|收费通知/,
    en: /(?:did not|didn't|failed to|not) pay|unpaid|fee notice/,
    label: { zh: '其他处理（逾期未缴纳费用）', en: 'other: applicant did not pay the fee' },
  },
  {
    row: 'other.misc',
    zh: /其他处理[^。？?]*(?:中的|里的|之)?其他(?!处理)|其他处理（其他）/,
    en: /other outcomes? \(other\)|handled otherwise \(other\)|miscellaneous/,
    label: { zh: '其他处理（其他）', en: 'handled otherwise: other' },
  },
  {
    group: 'denied',
    zh: /不予公开|不公开|拒绝公开|拒绝/,
    en: /denied|refused|withheld|rejected/,
    label: { zh: '不予公开', en: 'denied' },
  },
  {
    group: 'unavailable',
    zh: /无法提供|不能提供/,
    en: /could not be provided|unable to provide|unavailable/,
    label: { zh: '无法提供', en: 'could not be provided' },
  },
  {
    group: 'not_processed',
    zh: /不予处理|不处理/,
    en: /not processed|declined to process/,
    label: { zh: '不予处理', en: 'not processed' },
  },
  {
    group: 'other',
    zh: /其他处理/,
    en: /other outcome|otherwise handled|other handling/,
    label: { zh: '其他处理', en: 'handled otherwise' },
  },
  {
    group: 'disclosed',
    zh: /(?:予以公开|全部公开)(?:加|和|与|\+|及)部分公开|(?<!予以|部分|不予|全部)公开率/,
    en: /(?:granted|full(?:y)?)[^?]*(?:plus|and|\+)[^?]*partial|(?<!full )disclosure rate/,
    label: { zh: '予以公开与部分公开', en: 'granted in full or in part' },
  },
  {
    row: 'partial',
    zh: /部分公开/,
    en: /partial|partly|in part\b/,
    label: { zh: '部分公开', en: 'partially granted' },
  },
  {
    row: 'granted',
    zh: /予以公开|同意公开|全部公开|准予公开/,
    en: /granted|grant(?:ed)?\b[^?]*\bin full|disclosed in full|fully disclosed|full disclosure|approved/,
    label: { zh: '予以公开', en: 'granted in full' },
  },
  {
    row: 'carried_over',
    zh: /上年结转|去年结转|结转到本年|结转至本年/,
    en: /carried over/,
    label: { zh: '上年结转的申请', en: 'applications carried over from the previous year' },
  },
  {
    row: 'carried_forward',
    zh: /结转下年|转入下年|下年度继续|结转到下|结转至下/,
    en: /carried forward|into next year|still pending/,
    label: { zh: '结转下年度继续办理的申请', en: 'applications carried forward to next year' },
  },
  {
    row: 'handled',
    zh: /办结|办理完|处理完|答复|办理了|办理结果|处理了/,
    en: /\b(?:handled|processed|answered|responded|closed)\b/,
    label: { zh: '办理结果总计', en: 'applications handled' },
  },
  {
    row: 'received',
    zh: /新收|收到|接到|受理|收了|申请/,
    en: /application|request|received|receive/,
    label: { zh: '新收政府信息公开申请', en: 'new information disclosure applications received' },
  },
];

interface ColTerm {
  col: ApplyCol | 'orgs';
  zh: RegExp;
  en: RegExp;
  label: { zh: string; en: string };
}

const COL_TERMS: ColTerm[] = [
  // 法人或其他组织 (all five organisation columns) before 其他组织 (the last of them).
  {
    col: 'orgs',
    zh: /法人/,
    en: /legal persons?|(?<!other )organi[sz]ations/,
    label: { zh: '法人或其他组织', en: 'from legal persons and other organisations' },
  },
  {
    col: 'natural',
    zh: /自然人|个人|公民|群众/,
    en: /natural person|individual|citizen|private person/,
    label: { zh: '自然人', en: 'from natural persons' },
  },
  {
    col: 'business',
    zh: /商业企业|企业|公司/,
    en: /business|compan|enterprise|firm\b/,
    label: { zh: '商业企业', en: 'from businesses' },
  },
  { col: 'research', zh: /科研/, en: /research/, label: { zh: '科研机构', en: 'from research institutions' } },
  {
    col: 'nonprofit',
    zh: /公益组织|社会组织/,
    en: /non-?profit|ngo|public welfare/,
    label: { zh: '社会公益组织', en: 'from non-profits' },
  },
  {
    col: 'legal',
    zh: /法律服务|律师/,
    en: /legal service|law firm|lawyer/,
    label: { zh: '法律服务机构', en: 'from legal service providers' },
  },
  {
    col: 'other_org',
    zh: /其他组织|其他机构|其他法人/,
    en: /other organi[sz]ation/,
    label: { zh: '其他组织', en: 'from other organisations' },
  },
];

const GROUP_PREFIX = {
  denied: 'denied.',
  unavailable: 'unavailable.',
  not_processed: 'not_processed.',
  other: 'other',
  disclosed: '',
} as const;

function applyIds(term: RowTerm, col: ApplyCol | 'orgs', format: ReportFormat): FactId[] {
  const rows = term.row
    ? [term.row]
    : applyRows(format)
        .map((r) => r.row)
        .filter((r) =>
          term.group === 'other'
            ? r === 'other' || r.startsWith('other.')
            : term.group === 'disclosed'
              ? r === 'granted' || r === 'partial'
              : r.startsWith(GROUP_PREFIX[term.group!]),
        );
  const cols: ApplyCol[] = col === 'orgs' ? APPLY_PARTS.filter((c) => c !== 'natural') : [col];
  return rows.flatMap((r) => cols.map((c) => `apply.${r}.${c}`));
}

function applyMetric(term: RowTerm, col: ColTerm | null): Metric {
  const c = col?.col ?? 'total';
  const rowKey = term.row ?? term.group!;
  const colLabel = col ? col.label : { zh: '', en: '' };
  return {
    key: `apply.${rowKey}.${c}`,
    label: {
      zh: col ? `${term.label.zh}（${colLabel.zh}）` : term.label.zh,
      en: col ? `${term.label.en} ${colLabel.en}` : term.label.en,
    },
    ids: { '2019': applyIds(term, c, '2019'), '2021': applyIds(term, c, '2021') },
    unit: JIAN,
  };
}

// ---------- tables A and C, prose ----------

interface SimpleTerm {
  zh: RegExp;
  en: RegExp;
  metric: Metric;
}

const m = (key: string, zh: string, en: string, ids: Record<ReportFormat, FactId[]>, unit = JIAN): Metric => ({
  key,
  label: { zh, en },
  ids,
  unit,
});

const REVIEW_COL = (c: string) =>
  ({ upheld: /维持/, corrected: /纠正|撤销/, other: /其他结果/, pending: /未审结|尚未|未结/ })[c]!;
const REVIEW_COL_EN = (c: string) =>
  ({
    upheld: /upheld|maintained/,
    corrected: /corrected|overturned|revoked/,
    other: /other result/,
    pending: /pending|undecided|ongoing/,
  })[c]!;
const REVIEW_LABEL: Record<string, [string, string]> = {
  upheld: ['结果维持', 'upheld'],
  corrected: ['结果纠正', 'corrected'],
  other: ['其他结果', 'with other results'],
  pending: ['尚未审结', 'pending'],
};

function reviewTerms(): SimpleTerm[] {
  const out: SimpleTerm[] = [];
  const groups = [
    {
      zh: /复议后(?:起诉|诉讼)/,
      en: /after (?:administrative )?review/,
      prefixes: ['litigation.after_review'],
      key: 'litigation.after_review',
      label: ['行政诉讼（复议后起诉）', 'lawsuits filed after review'],
    },
    {
      zh: /直接起诉|未经复议/,
      en: /directly|without review/,
      prefixes: ['litigation.direct'],
      key: 'litigation.direct',
      label: ['行政诉讼（未经复议直接起诉）', 'lawsuits filed directly'],
    },
    {
      zh: /行政诉讼|诉讼|被告|起诉|被诉|官司|应诉/,
      en: /lawsuit|litigation|sued|court|suit/,
      prefixes: ['litigation.direct', 'litigation.after_review'],
      key: 'litigation',
      label: ['行政诉讼', 'lawsuits'],
    },
    {
      zh: /复议/,
      en: /administrative review|reconsideration|review/,
      prefixes: ['review'],
      key: 'review',
      label: ['行政复议', 'administrative reviews'],
    },
  ] as const;
  for (const g of groups) {
    for (const c of ['upheld', 'corrected', 'other', 'pending']) {
      const ids = g.prefixes.map((p) => `${p}.${c}`);
      out.push({
        zh: new RegExp(
          `(?:${g.zh.source})[^。？?]*(?:${REVIEW_COL(c).source})|(?:${REVIEW_COL(c).source})[^。？?]*(?:${g.zh.source})`,
        ),
        en: new RegExp(
          `(?:${g.en.source}).*(?:${REVIEW_COL_EN(c).source})|(?:${REVIEW_COL_EN(c).source}).*(?:${g.en.source})`,
          'i',
        ),
        metric: m(
          ids.length > 1 ? `${g.key}.${c}` : ids[0],
          `${g.label[0]}${REVIEW_LABEL[c][0]}`,
          `${g.label[1]} ${REVIEW_LABEL[c][1]}`,
          same(ids),
        ),
      });
    }
    const totals = g.prefixes.map((p) => `${p}.total`);
    out.push({
      zh: g.zh,
      en: new RegExp(g.en.source, 'i'),
      metric: m(totals.length > 1 ? `${g.key}.total` : totals[0], g.label[0], g.label[1], same(totals)),
    });
  }
  return out;
}

function activeTerms(): SimpleTerm[] {
  const docCols = (
    row: 'rules' | 'normative',
    zhName: string,
    enName: string,
    zh: RegExp,
    en: RegExp,
  ): SimpleTerm[] => [
    {
      zh: new RegExp(`(?:${zh.source})[^。？?]*废止|废止[^。？?]*(?:${zh.source})`),
      en: new RegExp(`(?:${en.source}).*repeal|repeal.*(?:${en.source})`, 'i'),
      metric: m(`active.${row}.repealed`, `本年废止${zhName}`, `${enName} repealed`, {
        '2019': [],
        '2021': [`active.${row}.repealed`],
      }),
    },
    {
      zh: new RegExp(
        `(?:${zh.source})[^。？?]*(?:现行有效|有效|总数)|(?:现行有效|对外公开总)[^。？?]*(?:${zh.source})`,
      ),
      en: new RegExp(`(?:${en.source}).*(?:in force|total|valid)|(?:in force|valid).*(?:${en.source})`, 'i'),
      metric: m(`active.${row}.in_force`, `现行有效${zhName}`, `${enName} in force`, {
        '2019': [`active.${row}.total`],
        '2021': [`active.${row}.in_force`],
      }),
    },
    {
      zh: new RegExp(`(?:${zh.source})[^。？?]*新公开|新公开[^。？?]*(?:${zh.source})`),
      en: new RegExp(`(?:${en.source}).*newly published`, 'i'),
      metric: m(`active.${row}.published`, `本年新公开${zhName}`, `${enName} newly published`, {
        '2019': [`active.${row}.published`],
        '2021': [],
      }),
    },
    {
      zh,
      en,
      metric: m(`active.${row}.issued`, `本年制发${zhName}`, `${enName} issued this year`, {
        '2019': [`active.${row}.made`],
        '2021': [`active.${row}.issued`],
      }),
    },
  ];
  const decisions = (
    row: 'license' | 'penalty' | 'coercion' | 'other_services',
    zhName: string,
    enName: string,
    zh: RegExp,
    en: RegExp,
    in2021 = true,
  ): SimpleTerm[] => [
    {
      zh: new RegExp(`(?:${zh.source})[^。？?]*(?:上一年|上年项目|项目数)`),
      en: new RegExp(
        `(?:${en.source}).*(?:items?.*(?:previous|prior) year|(?:previous|prior) year.*items?|items? the year before)`,
        'i',
      ),
      metric: m(
        `active.${row}.prev_items`,
        `${zhName}上一年项目数量`,
        `${enName} items the year before`,
        { '2019': [`active.${row}.prev_items`], '2021': [] },
        { zh: '项', en: '' },
      ),
    },
    {
      zh: new RegExp(`(?:${zh.source})[^。？?]*(?:增减|增\\/减)`),
      en: new RegExp(
        `(?:${en.source}).*items?.*(?:change|increase|decrease)|(?:change|increase|decrease) in (?:the )?(?:number of )?(?:${en.source}).*items`,
        'i',
      ),
      metric: m(
        `active.${row}.change`,
        `${zhName}本年增/减`,
        `${enName} change this year`,
        { '2019': [`active.${row}.change`], '2021': [] },
        { zh: '项', en: '' },
      ),
    },
    {
      zh,
      en,
      metric: m(`active.${row}.decisions`, `${zhName}处理决定数量`, `${enName} decisions`, {
        '2019': [`active.${row}.decisions`],
        '2021': in2021 ? [`active.${row}.decisions`] : [],
      }),
    },
  ];
  return [
    ...docCols('normative', '规范性文件', 'normative documents', /规范性文件/, /normative document/),
    ...docCols('rules', '规章', 'regulations', /规章/, /regulation|\brules\b/),
    ...decisions(
      'other_services',
      '其他对外管理服务事项',
      'other public services',
      /其他对外管理服务|对外管理服务/,
      /other (?:external |public |administrative )*(?:management )?services?/,
      false,
    ),
    ...decisions('license', '行政许可', 'administrative licensing', /行政许可|许可/, /licen[cs]/),
    ...decisions('penalty', '行政处罚', 'administrative penalty', /行政处罚|处罚/, /penalt|punish/),
    ...decisions('coercion', '行政强制', 'administrative coercion', /行政强制|强制/, /coerci|enforcement measure/),
    {
      zh: /采购[^。？?]*(?:项目|个数|几个|几项)|(?:项目|个数)[^。？?]*采购/,
      en: /procurement.*(?:projects|items|how many)|how many.*procurement/i,
      metric: m(
        'active.procurement.count',
        '政府集中采购项目数量',
        'centralised procurement projects',
        { '2019': ['active.procurement.count'], '2021': [] },
        { zh: '项', en: '' },
      ),
    },
    {
      zh: /采购/,
      en: /procurement/i,
      metric: m(
        'active.procurement.amount',
        '政府集中采购总金额',
        'centralised procurement amount',
        { '2019': ['active.procurement.amount'], '2021': [] },
        { zh: '万元', en: '10k yuan' },
      ),
    },
    {
      zh: /收费[^。？?]*(?:上一年|上年项目|项目数)/,
      en: /fee items?|fee.*(?:previous year|prior year|year before)/i,
      metric: m(
        'active.fees.prev_items',
        '行政事业性收费上一年项目数量',
        'fee items the year before',
        { '2019': ['active.fees.prev_items'], '2021': [] },
        { zh: '项', en: '' },
      ),
    },
    {
      zh: /收费[^。？?]*(?:增减|增\/减|增加|减少)/,
      en: /fee.*(?:change|increase|decrease)/i,
      metric: m(
        'active.fees.change',
        '行政事业性收费本年增/减',
        'change in fee items this year',
        { '2019': ['active.fees.change'], '2021': [] },
        { zh: '项', en: '' },
      ),
    },
    {
      zh: /收费|事业性收费/,
      en: /\bfees?\b|charges?/i,
      metric: m(
        'active.fees.amount',
        '行政事业性收费金额',
        'administrative fees',
        { '2019': [], '2021': ['active.fees.amount'] },
        { zh: '万元', en: '10k yuan' },
      ),
    },
    {
      zh: /主动公开|公开了?(?:多少|几)条|发布了?(?:多少|几)条.*信息|公开(?:政府|政务)?信息/,
      en: /proactive|published proactively|disclosed proactively|items? published/i,
      metric: m(
        'active.items',
        '主动公开政府信息',
        'items of government information published proactively',
        same(['active.items']),
        { zh: '条', en: '' },
      ),
    },
  ];
}

const SIMPLE_TERMS: SimpleTerm[] = [...reviewTerms(), ...activeTerms()];

/** Every metric the engine can name, for listing and for the language model's menu. */
export function allMetrics(): Metric[] {
  return [...metricsByKey().values()];
}

// Built once: a question's follow-up or fee rows look metrics up by key.
let byKey: Map<string, Metric> | null = null;
function metricsByKey(): Map<string, Metric> {
  if (byKey) return byKey;
  const out = new Map<string, Metric>();
  for (const t of SIMPLE_TERMS) out.set(t.metric.key, t.metric);
  for (const r of ROW_TERMS) {
    out.set(applyMetric(r, null).key, applyMetric(r, null));
    for (const c of COL_TERMS) out.set(applyMetric(r, c).key, applyMetric(r, c));
  }
  return (byKey = out);
}

export function metricByKey(key: string): Metric | null {
  return metricsByKey().get(key) ?? null;
}

/**
 * The metric a question asks about, or null. Table C and table A words are
 * tried before table B's, since "申请" alone is the weakest signal (行政复议申请
 * is a review, not an information request).
 */
export function findMetric(question: string, lang: 'zh' | 'en'): Metric | null {
  const q = lang === 'en' ? question.toLowerCase() : question;
  // 微博投诉, 公众号关注, 便民服务中心: the question is about something the tables do
  // not count; a loose table word in it (投诉, 申请, 公开) must not pick a row.
  if (
    (lang === 'en' ? PROSE_SUBJECT_EN : PROSE_SUBJECT_ZH).test(q) &&
    !(lang === 'en' ? TABLE_NAMED_EN : TABLE_NAMED_ZH).test(q)
  )
    return null;
  const hit = (t: { zh: RegExp; en: RegExp }) => (lang === 'en' ? t.en.test(q) : t.zh.test(q));
  const rowHit = ROW_TERMS.find((t) => hit(t) && !(t.row === 'received' && !hasApplyWord(q, lang)));
  // A table B outcome word ("不予公开") beats a table A word that also appears.
  const specificRow = rowHit && rowHit.row !== 'received' && rowHit.row !== 'handled';
  const simple = SIMPLE_TERMS.find(hit);
  if (simple && !specificRow) return simple.metric;
  if (rowHit) return applyMetric(rowHit, COL_TERMS.find(hit) ?? null);
  return null;
}

// Subjects of the prose, never of a table row.
const PROSE_SUBJECT_ZH = alt(
  /本级|其中|信息处理费|微博|微信|公众号|网站|网页|热线|信箱|留言|粉丝|关注|推送|浏览|访问|点击|阅读量|培训|会议|讲座|政策解读|解读|新闻发布/,
  /发布会|村|社区|便民|服务中心|栏目|专栏|政务新媒体|新媒体|短信|电话|来电|来信|来访|意见建议/,
);
const PROSE_SUBJECT_EN = alt(
  /processing fee|weibo|wechat|official account|website|web ?page|hotline|mailbox/,
  /message board|follower|push(?:ed)?\b|post(?:ed|s)?\b|visit|views?\b|training/,
  /meeting|interpretation|press conference|village|communit|service cent|column/,
  /new media|sms|phone|letters? and visits/,
);
// The table's own words for its rows: said in full, they name the row whatever else is said.
const TABLE_NAMED_ZH =
  /政府信息公开申请|依申请公开|新收|上年结转|结转下年|予以公开|部分公开|不予公开|无法提供|不予处理|信访举报投诉类|行政复议|行政诉讼|行政许可|行政处罚|行政强制|规范性文件|规章|事业性收费|集中采购|主动公开政府信息/;
const TABLE_NAMED_EN = alt(
  /information (?:disclosure )?(?:requests?|applications?)|disclosure applications?/,
  /administrative review|lawsuit|litigation|licens|penalt|coercion/,
  /normative document|regulations?\b|administrative fees|procurement/,
);

/**
 * Every metric a question names, in question order: one, or several joined by
 * 和/与/及/、 (行政复议和行政诉讼情况). Empty when it names none.
 */
export function findMetrics(question: string, lang: 'zh' | 'en'): Metric[] {
  const whole = findMetric(question, lang);
  const parts = question.split(lang === 'en' ? /\band\b|,|;/i : /和|与|及|、|以及|，|,/);
  if (parts.length < 2) return whole ? [whole] : [];
  const each = parts.map((p) => findMetric(p, lang)).filter((x): x is Metric => x !== null);
  const distinct = [...new Map(each.map((x) => [x.key, x])).values()];
  // "予以公开和部分公开各多少": each part a row; "只楚和城关镇收到多少申请": one metric.
  if (distinct.length >= 2) return distinct;
  return whole ? [whole] : distinct;
}

// The table's words as people type them in pinyin ("xingzheng fuyi" for 行政复议).
const PINYIN_TERMS = [
  '行政复议',
  '行政诉讼',
  '复议',
  '诉讼',
  '申请',
  '收到',
  '予以公开',
  '部分公开',
  '不予公开',
  '无法提供',
  '不予处理',
  '行政许可',
  '行政处罚',
  '行政强制',
  '主动公开',
  '收费',
  '采购',
  '规范性文件',
  '规章',
  '结转',
  '办结',
  '自然人',
  '法人',
];
let pinyinTerms: Map<string, string> | null = null;

/** The table's words by their pinyin; a bot builds it while warming up (src/ask/engine.ts), not in an answer. */
export function pinyinTermIndex(): Map<string, string> {
  pinyinTerms ??= new Map(PINYIN_TERMS.map((t) => [pinyinKey(t), t]));
  return pinyinTerms;
}

/**
 * Pinyin words of the table's vocabulary turned into Chinese ("hongzequ 2024 xingzheng fuyi"
 * → "… 行政复议"); null when there are none.
 */
export function chineseOfPinyin(text: string): string | null {
  const tokens = [...text.matchAll(/[A-Za-z]+/g)];
  // Built at the first text with Latin words: Chinese alone has no pinyin to turn (nor loads pinyin-pro).
  if (!tokens.length) return null;
  const terms = pinyinTermIndex();
  let out = text;
  let found = false;
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
      const run = tokens.slice(i, i + n);
      const term = terms.get(run.map((t) => t[0].toLowerCase()).join(''));
      if (!term) continue;
      out = out.replace(text.slice(run[0].index!, run[n - 1].index! + run[n - 1][0].length), term);
      found = true;
      i += n - 1;
      break;
    }
  }
  return found ? out : null;
}

/** The fee rows of both formats, for "收费情况": 2019 counts items, 2021 an amount. */
export function feeMetrics(): Metric[] {
  return ['active.fees.amount', 'active.fees.prev_items', 'active.fees.change'].map((k) => metricByKey(k)!);
}

/** The procurement rows (2019 format), for "采购情况". */
export function procurementMetrics(): Metric[] {
  return ['active.procurement.count', 'active.procurement.amount'].map((k) => metricByKey(k)!);
}

function hasApplyWord(q: string, lang: 'zh' | 'en'): boolean {
  // 收到/收了 alone is not enough: "信息处理费收了多少" is about fees, not applications.
  return lang === 'en' ? /application|request/.test(q) : /申请|新收|受理/.test(q);
}

export function describeMetric(metric: Metric, lang: 'zh' | 'en'): string {
  return metric.label[lang];
}

export { APPLY_COLS };
