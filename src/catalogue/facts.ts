// The canonical fact ids of ../shared/spec/report-facts.md, as data.
// Everything that names a number (parser, store, question engine, generator)
// takes its ids and labels from here, so there is one list to keep right.

export type ReportFormat = '2019' | '2021';

/** A fact id such as `apply.received.total`; always one of the ids listed here. */
export type FactId = string;

export interface FactDef {
  id: FactId;
  table: 'A' | 'B' | 'C' | 'prose';
  /** Row id within its table (`rules`, `denied.secret`, `review`, …). */
  row: string;
  /** Column id (`made`, `natural`, `upheld`, …). */
  col: string;
  /** Chinese label of the row as the template prints it. */
  rowLabel: string;
  /** Chinese label of the column. */
  colLabel: string;
  /** Which formats carry this fact. */
  formats: ReportFormat[];
  unit: '件' | '条' | '万元' | '个' | '项';
}

// ---------- Table A ----------

export const ACTIVE_ROWS = {
  rules: '规章',
  normative: '规范性文件',
  license: '行政许可',
  other_services: '其他对外管理服务事项',
  penalty: '行政处罚',
  coercion: '行政强制',
  fees: '行政事业性收费',
  procurement: '政府集中采购',
} as const;
export type ActiveRow = keyof typeof ACTIVE_ROWS;

export const ACTIVE_COLS = {
  made: '本年新制作数量',
  published: '本年新公开数量',
  total: '对外公开总数量',
  prev_items: '上一年项目数量',
  change: '本年增/减',
  decisions: '处理决定数量',
  count: '采购项目数量',
  amount: '金额',
  issued: '本年制发件数',
  repealed: '本年废止件数',
  in_force: '现行有效件数',
} as const;
export type ActiveCol = keyof typeof ACTIVE_COLS;

/** English names of table A's rows and columns, for English answers (data only). */
export const ACTIVE_ROWS_EN: Record<ActiveRow, string> = {
  rules: 'regulations',
  normative: 'normative documents',
  license: 'administrative licensing',
  other_services: 'other public management services',
  penalty: 'administrative penalties',
  coercion: 'administrative coercion',
  fees: 'administrative fees',
  procurement: 'centralised government procurement',
};
export const ACTIVE_COLS_EN: Record<ActiveCol, string> = {
  made: 'made this year',
  published: 'newly published this year',
  total: 'total published',
  prev_items: 'items the year before',
  change: 'change this year',
  decisions: 'decisions',
  count: 'projects',
  amount: 'amount (10,000 yuan)',
  issued: 'issued this year',
  repealed: 'repealed this year',
  in_force: 'in force',
};

/** Table A blocks per format: which rows carry which columns, in print order. */
export const ACTIVE_BLOCKS: Record<ReportFormat, { item: string; cols: ActiveCol[]; rows: ActiveRow[] }[]> = {
  '2019': [
    { item: '第二十条第（一）项', cols: ['made', 'published', 'total'], rows: ['rules', 'normative'] },
    { item: '第二十条第（五）项', cols: ['prev_items', 'change', 'decisions'], rows: ['license', 'other_services'] },
    { item: '第二十条第（六）项', cols: ['prev_items', 'change', 'decisions'], rows: ['penalty', 'coercion'] },
    { item: '第二十条第（八）项', cols: ['prev_items', 'change'], rows: ['fees'] },
    { item: '第二十条第（九）项', cols: ['count', 'amount'], rows: ['procurement'] },
  ],
  '2021': [
    { item: '第二十条第（一）项', cols: ['issued', 'repealed', 'in_force'], rows: ['rules', 'normative'] },
    { item: '第二十条第（五）项', cols: ['decisions'], rows: ['license'] },
    { item: '第二十条第（六）项', cols: ['decisions'], rows: ['penalty', 'coercion'] },
    { item: '第二十条第（八）项', cols: ['amount'], rows: ['fees'] },
  ],
};

// ---------- Table B ----------

export const APPLY_COLS = {
  natural: '自然人',
  business: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legal: '法律服务机构',
  other_org: '其他',
  total: '总计',
} as const;
export type ApplyCol = keyof typeof APPLY_COLS;
/** English names of table B's columns (data only). */
export const APPLY_COLS_EN: Record<ApplyCol, string> = {
  natural: 'natural persons',
  business: 'businesses',
  research: 'research institutions',
  nonprofit: 'non-profit organisations',
  legal: 'legal service providers',
  other_org: 'other organisations',
  total: 'total',
};
export const APPLY_COL_ORDER = Object.keys(APPLY_COLS) as ApplyCol[];
/** The applicant columns that add up to `total`. */
export const APPLY_PARTS: ApplyCol[] = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org'];

export interface ApplyRowDef {
  row: string;
  label: string;
  /** Group heading the row sits under, e.g. `（三）不予公开`. */
  group?: string;
  formats: ReportFormat[];
  /** Result rows are the ones that add up to `handled`. */
  result: boolean;
}

const both: ReportFormat[] = ['2019', '2021'];
export const APPLY_ROWS: ApplyRowDef[] = [
  { row: 'received', label: '本年新收政府信息公开申请数量', formats: both, result: false },
  { row: 'carried_over', label: '上年结转政府信息公开申请数量', formats: both, result: false },
  { row: 'granted', label: '予以公开', formats: both, result: true },
  { row: 'partial', label: '部分公开', formats: both, result: true },
  { row: 'denied.secret', label: '属于国家秘密', group: '不予公开', formats: both, result: true },
  { row: 'denied.prohibited', label: '其他法律行政法规禁止公开', group: '不予公开', formats: both, result: true },
  { row: 'denied.security', label: '危及“三安全一稳定”', group: '不予公开', formats: both, result: true },
  { row: 'denied.third_party', label: '保护第三方合法权益', group: '不予公开', formats: both, result: true },
  { row: 'denied.internal', label: '属于三类内部事务信息', group: '不予公开', formats: both, result: true },
  { row: 'denied.process', label: '属于四类过程性信息', group: '不予公开', formats: both, result: true },
  { row: 'denied.case_file', label: '属于行政执法案卷', group: '不予公开', formats: both, result: true },
  { row: 'denied.query', label: '属于行政查询事项', group: '不予公开', formats: both, result: true },
  { row: 'unavailable.not_held', label: '本机关不掌握相关政府信息', group: '无法提供', formats: both, result: true },
  {
    row: 'unavailable.needs_making',
    label: '没有现成信息需要另行制作',
    group: '无法提供',
    formats: both,
    result: true,
  },
  { row: 'unavailable.unclear', label: '补正后申请内容仍不明确', group: '无法提供', formats: both, result: true },
  { row: 'not_processed.petition', label: '信访举报投诉类申请', group: '不予处理', formats: both, result: true },
  { row: 'not_processed.duplicate', label: '重复申请', group: '不予处理', formats: both, result: true },
  { row: 'not_processed.publication', label: '要求提供公开出版物', group: '不予处理', formats: both, result: true },
  { row: 'not_processed.excessive', label: '无正当理由大量反复申请', group: '不予处理', formats: both, result: true },
  {
    row: 'not_processed.confirm',
    label: '要求行政机关确认或重新出具已获取信息',
    group: '不予处理',
    formats: both,
    result: true,
  },
  { row: 'other', label: '其他处理', formats: ['2019'], result: true },
  {
    row: 'other.no_correction',
    label: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    group: '其他处理',
    formats: ['2021'],
    result: true,
  },
  {
    row: 'other.no_fee',
    label: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    group: '其他处理',
    formats: ['2021'],
    result: true,
  },
  { row: 'other.misc', label: '其他', group: '其他处理', formats: ['2021'], result: true },
  { row: 'handled', label: '总计', formats: both, result: false },
  { row: 'carried_forward', label: '结转下年度继续办理', formats: both, result: false },
];

/** English names of table B's rows, by row id (data only). */
export const APPLY_ROWS_EN: Record<string, string> = {
  received: 'new applications received this year',
  carried_over: 'applications carried over from the previous year',
  granted: 'granted in full',
  partial: 'partially granted',
  'denied.secret': 'denied: state secrets',
  'denied.prohibited': 'denied: prohibited by other laws and regulations',
  'denied.security': 'denied: would endanger security or stability',
  'denied.third_party': 'denied: to protect third parties',
  'denied.internal': 'denied: internal affairs',
  'denied.process': 'denied: process information',
  'denied.case_file': 'denied: enforcement case files',
  'denied.query': 'denied: administrative queries',
  'unavailable.not_held': 'unavailable: information not held',
  'unavailable.needs_making': 'unavailable: would have to be created',
  'unavailable.unclear': 'unavailable: still unclear after correction',
  'not_processed.petition': 'not processed: petitions, reports and complaints',
  'not_processed.duplicate': 'not processed: duplicate applications',
  'not_processed.publication': 'not processed: asked for publications',
  'not_processed.excessive': 'not processed: excessive repeated applications',
  'not_processed.confirm': 'not processed: asked to confirm or reissue information',
  other: 'handled otherwise',
  'other.no_correction': 'handled otherwise: applicant did not supplement in time',
  'other.no_fee': 'handled otherwise: applicant did not pay the fee in time',
  'other.misc': 'handled otherwise: other',
  handled: 'total handled',
  carried_forward: 'carried forward to next year',
};

const APPLY_ROWS_BY_FORMAT: Record<ReportFormat, ApplyRowDef[]> = {
  '2019': APPLY_ROWS.filter((r) => r.formats.includes('2019')),
  '2021': APPLY_ROWS.filter((r) => r.formats.includes('2021')),
};

export function applyRows(format: ReportFormat): ApplyRowDef[] {
  return APPLY_ROWS_BY_FORMAT[format];
}

// Built once: the parser and the checks look ids up per cell.
const APPLY_ROW_IDS = new Map<string, readonly FactId[]>(
  APPLY_ROWS.map((r) => [r.row, (Object.keys(APPLY_COLS) as ApplyCol[]).map((c) => `apply.${r.row}.${c}`)]),
);
const APPLY_COL_INDEX = new Map<string, number>(Object.keys(APPLY_COLS).map((c, i) => [c, i]));

/** The ids of a table B row, in column order (自然人 … 总计). */
export function applyIdsOf(row: string): readonly FactId[] {
  const ids = APPLY_ROW_IDS.get(row);
  if (!ids) throw new Error(`unknown table B row: ${row}`);
  return ids;
}

/** `apply.<row>.<col>` for a table B row and column of the catalogue. */
export function applyId(row: string, col: ApplyCol): FactId {
  return applyIdsOf(row)[APPLY_COL_INDEX.get(col)!];
}

/** Groups of result rows whose sum the question engine may derive (`apply.denied.total`). */
export const APPLY_GROUPS: Record<string, string> = {
  denied: '不予公开',
  unavailable: '无法提供',
  not_processed: '不予处理',
  other: '其他处理',
};

// ---------- Table C ----------

export const REVIEW_COLS = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
} as const;
export type ReviewCol = keyof typeof REVIEW_COLS;
/** English names of table C's columns and groups (data only). */
export const REVIEW_COLS_EN: Record<ReviewCol, string> = {
  upheld: 'upheld',
  corrected: 'corrected',
  other: 'other result',
  pending: 'pending',
  total: 'total',
};
export const REVIEW_GROUPS_EN: Record<string, string> = {
  review: 'administrative review',
  'litigation.direct': 'lawsuits filed directly',
  'litigation.after_review': 'lawsuits filed after review',
};
export const REVIEW_COL_ORDER = Object.keys(REVIEW_COLS) as ReviewCol[];
export const REVIEW_GROUPS = [
  { prefix: 'review', label: '行政复议' },
  { prefix: 'litigation.direct', label: '行政诉讼（未经复议直接起诉）' },
  { prefix: 'litigation.after_review', label: '行政诉讼（复议后起诉）' },
] as const;

/** The 15 ids of table C in print order. */
export const REVIEW_IDS: FactId[] = REVIEW_GROUPS.flatMap((g) => REVIEW_COL_ORDER.map((c) => `${g.prefix}.${c}`));

// ---------- the full catalogue ----------

function buildCatalogue(): FactDef[] {
  const defs = new Map<FactId, FactDef>();
  for (const format of ['2019', '2021'] as ReportFormat[]) {
    for (const block of ACTIVE_BLOCKS[format]) {
      for (const row of block.rows) {
        for (const col of block.cols) {
          const id = `active.${row}.${col}`;
          const prev = defs.get(id);
          if (prev) {
            prev.formats.push(format);
            continue;
          }
          defs.set(id, {
            id,
            table: 'A',
            row,
            col,
            rowLabel: row === 'normative' && format === '2021' ? '行政规范性文件' : ACTIVE_ROWS[row],
            colLabel: col === 'amount' ? (row === 'fees' ? '本年收费金额' : '采购总金额') : ACTIVE_COLS[col],
            formats: [format],
            unit: col === 'amount' ? '万元' : col === 'prev_items' || col === 'count' ? '项' : '件',
          });
        }
      }
    }
  }
  defs.set('active.items', {
    id: 'active.items',
    table: 'prose',
    row: 'items',
    col: 'items',
    rowLabel: '主动公开政府信息',
    colLabel: '条数',
    formats: ['2019', '2021'],
    unit: '条',
  });
  for (const r of APPLY_ROWS) {
    for (const col of APPLY_COL_ORDER) {
      const id = `apply.${r.row}.${col}`;
      defs.set(id, {
        id,
        table: 'B',
        row: r.row,
        col,
        rowLabel: r.group ? `${r.group}·${r.label}` : r.label,
        colLabel: APPLY_COLS[col],
        formats: [...r.formats],
        unit: '件',
      });
    }
  }
  for (const g of REVIEW_GROUPS) {
    for (const col of REVIEW_COL_ORDER) {
      const id = `${g.prefix}.${col}`;
      defs.set(id, {
        id,
        table: 'C',
        row: g.prefix,
        col,
        rowLabel: g.label,
        colLabel: REVIEW_COLS[col],
        formats: ['2019', '2021'],
        unit: '件',
      });
    }
  }
  return [...defs.values()];
}

export const FACTS: readonly FactDef[] = buildCatalogue();
export const FACT_BY_ID: ReadonlyMap<FactId, FactDef> = new Map(FACTS.map((f) => [f.id, f]));

const TABLE_IDS: Record<ReportFormat, FactId[]> = {
  '2019': FACTS.filter((f) => f.table !== 'prose' && f.formats.includes('2019')).map((f) => f.id),
  '2021': FACTS.filter((f) => f.table !== 'prose' && f.formats.includes('2021')).map((f) => f.id),
};

/** Every table id a report of this format should show (prose facts excluded). */
export function tableIds(format: ReportFormat): FactId[] {
  return TABLE_IDS[format];
}

export function isFactId(id: string): boolean {
  return FACT_BY_ID.has(id);
}

/** A label a person reads: `收到和处理申请·本年新收…（总计）`. */
export function describeFact(id: FactId): string {
  const def = FACT_BY_ID.get(id);
  if (!def) return id;
  if (def.table === 'prose') return '主动公开信息总条数（正文）';
  return `${def.rowLabel}（${def.colLabel}）`;
}

export const TABLE_TITLES = {
  A: '二、主动公开政府信息情况',
  B: '三、收到和处理政府信息公开申请情况',
  C: '四、政府信息公开行政复议、行政诉讼情况',
  prose: '一、总体情况',
} as const;

/** The report's parts and tables in English (data only). */
export const PART_TITLES_EN = [
  '',
  'overview',
  'proactive disclosure',
  'applications received and handled',
  'administrative review and litigation',
  'main problems and improvements',
  'other matters',
] as const;
export const TABLE_TITLES_EN = {
  A: 'part 2 (proactive disclosure)',
  B: 'part 3 (applications received and handled)',
  C: 'part 4 (administrative review and litigation)',
  prose: 'part 1 (overview)',
} as const;
