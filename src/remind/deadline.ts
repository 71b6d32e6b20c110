// When an office's annual report for year Y is due (always a day of Y+1), and why.
// Precedence: the office's own `deadline` > a region override (most specific region
// first, one naming the kind before one that does not) > a kind override > the 条例.
import { foldText } from '../store/identity.js';
import { isoDate, type IsoDate } from './calendar.js';
import type { OfficeEntry, OfficeKindName, RemindSection } from './config.js';

export const LAW_NAME = '《中华人民共和国政府信息公开条例》';

const ART_49_1 =
  '县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。';
const ART_49_2 =
  '县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。';

interface LawRule {
  monthDay: string;
  /** One line for the message: the article and what it says. */
  basis: string;
}

/** The 条例's defaults by kind (第四十九条). 乡镇 and 街道 report to their county, which sets
 *  the date; absent a county rule they follow the 部门 date. */
export const LAW_DEFAULTS: Record<OfficeKindName, LawRule> = {
  部门: { monthDay: '01-31', basis: `依据${LAW_NAME}第四十九条第一款：${ART_49_1}` },
  县级以上人民政府: { monthDay: '03-31', basis: `依据${LAW_NAME}第四十九条第二款：${ART_49_2}` },
  乡镇: {
    monthDay: '01-31',
    basis: `依据${LAW_NAME}第四十九条，乡镇人民政府的年度报告按县级人民政府确定的时限报送；未另行规定的，参照每年1月31日前报送并向社会公布。`,
  },
  街道: {
    monthDay: '01-31',
    basis: `依据${LAW_NAME}第四十九条，街道办事处的年度报告按县级人民政府确定的时限报送；未另行规定的，参照每年1月31日前报送并向社会公布。`,
  },
  其他: { monthDay: '01-31', basis: `依据${LAW_NAME}第四十九条第一款：${ART_49_1}` },
};

export type DeadlineSource = 'office' | 'region' | 'kind' | 'law';

export interface Deadline {
  /** The day the report for `year` is due, in year + 1. */
  date: IsoDate;
  year: number;
  monthDay: string;
  source: DeadlineSource;
  /** Chinese: the legal basis and, for an override, who set the date. */
  basis: string;
}

function mmdd(monthDay: string): string {
  const [m, d] = monthDay.split('-').map(Number);
  return `${m}月${d}日`;
}

/** The rule that sets the office's deadline, without a year. */
export function deadlineRule(
  office: Pick<OfficeEntry, 'kind' | 'region' | 'deadline'>,
  rules: RemindSection,
): Omit<Deadline, 'date' | 'year'> {
  const law = LAW_DEFAULTS[office.kind];
  if (office.deadline) {
    return {
      monthDay: office.deadline,
      source: 'office',
      basis: `${law.basis}本单位的报送时限按主管部门要求为每年${mmdd(office.deadline)}前。`,
    };
  }
  const region = office.region ? foldText(office.region) : null;
  if (region) {
    const matches = rules.deadlines.byRegion
      .filter((r) => region.includes(foldText(r.region)) && (!r.kind || r.kind === office.kind))
      .sort((a, b) => foldText(b.region).length - foldText(a.region).length || Number(!!b.kind) - Number(!!a.kind));
    const best = matches[0];
    if (best) {
      return {
        monthDay: best.deadline,
        source: 'region',
        basis: `${law.basis}${best.region}要求${best.kind ? `${best.kind}` : '各单位'}于每年${mmdd(best.deadline)}前报送。`,
      };
    }
  }
  const byKind = rules.deadlines.byKind[office.kind];
  if (byKind) {
    return {
      monthDay: byKind,
      source: 'kind',
      basis: `${law.basis}主管部门要求${office.kind}于每年${mmdd(byKind)}前报送。`,
    };
  }
  return { monthDay: law.monthDay, source: 'law', basis: law.basis };
}

/** The deadline of the report covering `year`. */
export function deadlineFor(
  office: Pick<OfficeEntry, 'kind' | 'region' | 'deadline'>,
  rules: RemindSection,
  year: number,
): Deadline {
  const rule = deadlineRule(office, rules);
  const [m, d] = rule.monthDay.split('-').map(Number);
  return { ...rule, year, date: isoDate(year + 1, m, d) };
}
