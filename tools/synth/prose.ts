// Prose of a synthetic report: the intro and parts 1, 3–6, written from stock
// sentences like the ones real offices use. The only numbers that the spec reads
// from prose (主动公开政府信息N条, 收到政府信息公开申请N件) match the facts; the
// other numbers (篇, 次, 年, 日) are the distractors real prose is full of.
import type { FactId, ReportFormat } from '../../src/catalogue/facts.js';
import type { SynthKind } from './office.js';
import type { Rng } from './rng.js';

/** What a synthetic report is about: the truth it is rendered from. */
export interface ReportTruth {
  office: string;
  region: string;
  kind: SynthKind;
  year: number;
  format: ReportFormat;
  facts: Record<FactId, number>;
}

export type ProseInput = ReportTruth;

/** How the body calls itself in its own report. */
export function selfName(office: string, kind: SynthKind): string {
  if (kind === '乡镇') return office.includes('乡') && !office.includes('镇') ? '我乡' : '我镇';
  if (kind === '街道') return '我街道';
  if (kind === '部门') return office.endsWith('委员会') ? '我委' : '我局';
  if (kind === '县级以上人民政府') return office.replace(/人民政府$/, '').endsWith('县') ? '我县' : '我区';
  return '本机关';
}

/** The office name without the part of the region it repeats (洛阳市嵩县城关镇… → 城关镇…). */
function withoutRegion(office: string, region: string): string {
  for (let k = office.length; k > 0; k--) if (region.endsWith(office.slice(0, k))) return office.slice(k);
  return office;
}

function fill(rng: Rng, templates: string[], vars: Record<string, string | number>): string {
  return rng.pick(templates).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
}

export function intro(rng: Rng, p: ProseInput): string[] {
  // Real reports cite either notice, whatever tables they then use (but none cites 2021's before it existed).
  const notice =
    p.year < 2021 || rng.chance(0.5)
      ? '《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）'
      : '《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）';
  const out = [
    `根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和${notice}要求，现公布${p.office}${p.year}年度政府信息公开工作年度报告。`,
  ];
  if (rng.chance(0.6)) {
    out.push(
      `本报告中所列数据的统计期限自${p.year}年1月1日起至${p.year}年12月31日止。本报告电子版可在${p.region.replace(/^.*?(省|自治区)/, '')}人民政府门户网站查阅。`,
    );
  }
  return out;
}

export interface SubPart {
  heading: string;
  paras: string[];
}

export function overview(rng: Rng, p: ProseInput): { lead: string; subs: SubPart[] } {
  const we = selfName(p.office, p.kind);
  const v = { we, year: p.year, items: p.facts['active.items'], n1: rng.int(12, 480), n2: rng.int(1, 6) };
  const lead = fill(
    rng,
    [
      '{year}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，不断完善公开机制、拓展公开渠道，政府信息公开工作取得了新的进展。',
      '{year}年以来，{we}紧紧围绕中心工作，进一步加强政府信息公开工作的组织领导，深入推进政务公开标准化规范化建设，扎实推进政府信息公开工作。',
      '{we}高度重视政府信息公开工作，坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。',
    ],
    v,
  );
  const paren = (i: number, s: string) => `（${'一二三四五'[i]}）${s}`;
  const active = fill(
    rng,
    [
      '{year}年，{we}通过政府门户网站、政务新媒体等渠道主动公开政府信息{items}条，公开的主要类别为机构职能、工作动态、通知公告、财政预决算等。',
      '按照《条例》要求，结合政务公开工作要点，全面深化政务公开内容。{year}年{we}主动公开政府信息共{items}条。',
      '{we}严格落实主动公开基本目录，全年共主动公开政府信息{items}条，及时公开重点领域信息，做好政策解读和回应关切。',
    ],
    v,
  );
  const received = p.facts['apply.received.total'];
  const carried = p.facts['apply.carried_over.total'];
  const applyTemplates =
    received === 0
      ? [
          '{year}年，{we}未收到政府信息公开申请。',
          '{year}年，{we}收到政府信息公开申请0件。',
          '进一步规范依申请公开办理流程，统一答复模板，规范申请答复。',
        ]
      : [
          `{year}年，{we}共收到政府信息公开申请${received}件${carried > 0 ? `，上年结转${carried}件` : ''}，均已依法依规按时答复。`,
          `{year}年，{we}收到政府信息公开申请${received}件，已全部按照法定时限和程序办理完毕。`,
          '严格依照依申请公开工作要求，专人负责登记、办理、答复，第一时间完成依申请公开回复，并与申请人积极沟通。',
        ];
  const apply = fill(rng, applyTemplates, v);
  const manage = fill(
    rng,
    [
      '健全完善信息公开保密审查机制，坚持“先审查、后公开”和“一事一审”原则，确保公开内容准确规范，全年未发生泄密事件。',
      '建立健全政府信息公开内部管理制度，明确专人负责政府信息的收集、审核与发布，规范政府信息公开流程。',
    ],
    v,
  );
  const platform = fill(
    rng,
    [
      '充分利用政府门户网站和政务新媒体，及时发布工作动态、惠民政策等各类信息，全年通过微信公众号发布信息{n1}篇。',
      '加强政务新媒体管理，规范政务新媒体开设程序，强化内容保障，政务微信公众号全年推送信息{n1}篇。',
    ],
    v,
  );
  const oversight = fill(
    rng,
    [
      '成立政务公开工作领导小组，明确分管领导和具体工作人员，全年组织开展政务公开业务培训{n2}次，未发生因政府信息公开工作引发的责任追究情况。',
      '将政务公开工作纳入年度考核，组织工作人员参加业务培训{n2}次，不断提升政务公开意识和能力。',
    ],
    v,
  );
  const heads = rng.chance(0.5)
    ? ['主动公开情况', '依申请公开情况', '政府信息管理情况', '平台建设情况', '监督保障情况']
    : ['主动公开', '依申请公开', '政府信息管理', '平台建设', '监督保障'];
  const paras = [active, apply, manage, platform, oversight];
  return { lead, subs: heads.map((h, i) => ({ heading: paren(i, h), paras: [paras[i]] })) };
}

/** An optional sentence under the heading of part 3 or 4, only where it is true. */
export function tableLead(rng: Rng, p: ProseInput, part: 3 | 4): string | null {
  if (!rng.chance(0.3)) return null;
  if (part === 3)
    return p.facts['apply.received.total'] === 0
      ? `${p.year}年，${selfName(p.office, p.kind)}没有收到依申请公开的政府信息。`
      : null;
  const anyCase = ['review.total', 'litigation.direct.total', 'litigation.after_review.total'].some(
    (id) => p.facts[id] > 0,
  );
  return anyCase ? null : `${p.year}年，没有与本单位有关的因政府信息公开申请行政复议、提起行政诉讼的案件。`;
}

export function problems(rng: Rng, p: ProseInput): string[] {
  const we = selfName(p.office, p.kind);
  return rng.pick([
    [
      '（一）存在的问题：一是信息公开的主动性还需增强，公开内容不够丰富；二是工作人员业务能力有待提高；三是政务新媒体运用还不充分。',
      `（二）改进措施：一是加强业务培训，提升工作人员业务素养；二是丰富公开内容，做好政策解读；三是加强平台管理，${we}将进一步规范政务新媒体运行。`,
    ],
    [
      '政府信息公开工作虽取得一定成效，但仍存在薄弱环节：信息发布及时性不够，公开形式较为单一。',
      `下一步，${we}将进一步健全和完善信息公开各项制度，以社会需求为导向，提高政府工作的透明度，引导公众依法有序参与政府信息公开。`,
    ],
  ]);
}

export function otherMatters(rng: Rng, p: ProseInput): string[] {
  const out: string[] = [];
  if (p.format === '2021' || rng.chance(0.3))
    out.push(rng.pick(['本年度未收取信息处理费。', `${p.year}年度，${selfName(p.office, p.kind)}未收取信息处理费。`]));
  else out.push(rng.pick(['无。', '暂无需要报告的事项。']));
  if (rng.chance(0.5)) {
    out.push(
      `如对本报告有任何疑问，请与${p.region}${withoutRegion(p.office, p.region)}办公室联系（电话：0${rng.int(310, 999)}-${rng.int(2000000, 8999999)}）。`,
    );
  }
  return out;
}
