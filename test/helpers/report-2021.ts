// A 2021-format report in the TAB layout real reports come in (copied from a web
// page or a Word file), with numbers chosen so that every check holds. Tests
// mutate it into the shapes seen in the wild.

export const TITLE = '某某县某某镇人民政府2022年政府信息公开工作年度报告';

export const PART1 = `一、总体情况
2022年，某某镇认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息共312条，收到政府信息公开申请9件，均已按时答复。
（一）主动公开
依托镇政府网站和政务新媒体发布信息。`;

export const TABLE_A = `二、主动公开政府信息情况
第二十条第（一）项
信息内容	本年制发件数	本年废止件数	现行有效件数
规章	0	0	0
行政规范性文件	2	1	7
第二十条第（五）项
信息内容	本年处理决定数量
行政许可	136
第二十条第（六）项
信息内容	本年处理决定数量
行政处罚	24
行政强制	3
第二十条第（八）项
信息内容	本年收费金额（单位：万元）
行政事业性收费	12.5`;

// received 9 (natural 7, business 2) + carried 1 = handled 8 + forward 2.
export const TABLE_B_ROWS: [string, number[]][] = [
  ['一、本年新收政府信息公开申请数量', [7, 2, 0, 0, 0, 0, 9]],
  ['二、上年结转政府信息公开申请数量', [1, 0, 0, 0, 0, 0, 1]],
  ['三、本年度办理结果\t（一）予以公开', [3, 1, 0, 0, 0, 0, 4]],
  ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', [1, 0, 0, 0, 0, 0, 1]],
  ['（三）不予公开\t1.属于国家秘密', [0, 0, 0, 0, 0, 0, 0]],
  ['2.其他法律行政法规禁止公开', [0, 0, 0, 0, 0, 0, 0]],
  ['3.危及“三安全一稳定”', [0, 0, 0, 0, 0, 0, 0]],
  ['4.保护第三方合法权益', [1, 0, 0, 0, 0, 0, 1]],
  ['5.属于三类内部事务信息', [0, 0, 0, 0, 0, 0, 0]],
  ['6.属于四类过程性信息', [0, 0, 0, 0, 0, 0, 0]],
  ['7.属于行政执法案卷', [0, 0, 0, 0, 0, 0, 0]],
  ['8.属于行政查询事项', [0, 0, 0, 0, 0, 0, 0]],
  ['（四）无法提供\t1.本机关不掌握相关政府信息', [1, 0, 0, 0, 0, 0, 1]],
  ['2.没有现成信息需要另行制作', [0, 0, 0, 0, 0, 0, 0]],
  ['3.补正后申请内容仍不明确', [0, 0, 0, 0, 0, 0, 0]],
  ['（五）不予处理\t1.信访举报投诉类申请', [0, 0, 0, 0, 0, 0, 0]],
  ['2.重复申请', [0, 0, 0, 0, 0, 0, 0]],
  ['3.要求提供公开出版物', [0, 0, 0, 0, 0, 0, 0]],
  ['4.无正当理由大量反复申请', [0, 0, 0, 0, 0, 0, 0]],
  ['5.要求行政机关确认或重新出具已获取信息', [0, 0, 0, 0, 0, 0, 0]],
  ['（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', [0, 0, 0, 0, 0, 0, 0]],
  ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', [0, 0, 0, 0, 0, 0, 0]],
  ['3.其他', [0, 1, 0, 0, 0, 0, 1]],
  ['（七）总计', [6, 2, 0, 0, 0, 0, 8]],
  ['四、结转下年度继续办理', [2, 0, 0, 0, 0, 0, 2]],
];

export const TABLE_B_HEADER = `三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）	申请人情况
	自然人	法人或其他组织	总计
		商业企业	科研机构	社会公益组织	法律服务机构	其他	`;

export const TABLE_C = `四、政府信息公开行政复议、行政诉讼情况
行政复议	行政诉讼
结果维持	结果纠正	其他结果	尚未审结	总计	未经复议直接起诉	复议后起诉
					结果维持	结果纠正	其他结果	尚未审结	总计	结果维持	结果纠正	其他结果	尚未审结	总计
1	0	0	1	2	0	1	0	0	1	0	0	0	0	0`;

export const TAIL = `五、存在的主要问题及改进情况
一是公开内容不够丰富。下一步将加强培训。
六、其他需要报告的事项
本年度未收取信息处理费。
某某县某某镇人民政府
2023年1月18日`;

export function tableB(rows = TABLE_B_ROWS, sep = '\t'): string {
  return [TABLE_B_HEADER, ...rows.map(([label, vals]) => [label, ...vals].join(sep))].join('\n');
}

export function report2021(parts: { part1?: string; a?: string; b?: string; c?: string; tail?: string } = {}): string {
  return [
    TITLE,
    parts.part1 ?? PART1,
    parts.a ?? TABLE_A,
    parts.b ?? tableB(),
    parts.c ?? TABLE_C,
    parts.tail ?? TAIL,
  ].join('\n');
}

/** The fact-id row of each line of TABLE_B_ROWS, in order, and the applicant columns. */
export const TABLE_B_ROW_IDS = [
  'received',
  'carried_over',
  'granted',
  'partial',
  'denied.secret',
  'denied.prohibited',
  'denied.security',
  'denied.third_party',
  'denied.internal',
  'denied.process',
  'denied.case_file',
  'denied.query',
  'unavailable.not_held',
  'unavailable.needs_making',
  'unavailable.unclear',
  'not_processed.petition',
  'not_processed.duplicate',
  'not_processed.publication',
  'not_processed.excessive',
  'not_processed.confirm',
  'other.no_correction',
  'other.no_fee',
  'other.misc',
  'handled',
  'carried_forward',
];
export const APPLY_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];

/** The facts the untouched report states. */
export const EXPECTED_2021: Record<string, number> = (() => {
  const f: Record<string, number> = {
    'active.rules.issued': 0,
    'active.rules.repealed': 0,
    'active.rules.in_force': 0,
    'active.normative.issued': 2,
    'active.normative.repealed': 1,
    'active.normative.in_force': 7,
    'active.license.decisions': 136,
    'active.penalty.decisions': 24,
    'active.coercion.decisions': 3,
    'active.fees.amount': 12.5,
    'active.items': 312,
  };
  TABLE_B_ROWS.forEach(([, vals], i) =>
    APPLY_COLS.forEach((c, k) => (f[`apply.${TABLE_B_ROW_IDS[i]}.${c}`] = vals[k])),
  );
  const c = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0];
  const ids = ['review', 'litigation.direct', 'litigation.after_review'].flatMap((p) =>
    ['upheld', 'corrected', 'other', 'pending', 'total'].map((x) => `${p}.${x}`),
  );
  ids.forEach((id, k) => (f[id] = c[k]));
  return f;
})();
