// The one findings text, office list, help text and reminder status, as pure renderers
// of structured data (src/render). The inputs are written here by hand and each
// expected text is the wording a reader is shown today (the bot's 核查, 单位列表, 帮助),
// written out in full, not produced by the code under test.
import { describe, expect, it } from 'vitest';
import { renderReportFindings, renderYearFindings, type ReportFindings } from '../src/render/findings.js';
import { EXAMPLE_QUESTIONS, renderHelp, renderNotUnderstood } from '../src/render/help.js';
import { renderOfficeList } from '../src/render/offices.js';
import { renderRemindStatus } from '../src/render/remind-status.js';
import type { Finding } from '../src/parse/types.js';

const balance: Finding = {
  code: 'balance',
  severity: 'error',
  ids: ['apply.received.total', 'apply.handled.total'],
  message: '本年新收 5 件 + 上年结转 0 件 ≠ 办理结果总计 4 件 + 结转下年 0 件。',
};
const date: Finding = {
  code: 'date',
  severity: 'warning',
  ids: [],
  message: '报告落款日期为 2020年1月26日，早于所报告年度（2020年）结束，可能是笔误（如应为 2021 年）。',
};

const report = (over: Partial<ReportFindings> = {}): ReportFindings => ({
  office: '芝罘区只楚街道办事处',
  year: 2020,
  format: '2019',
  file: 'corpus/2020/只楚街道-2020.txt',
  findings: [balance, date],
  facts: { 'apply.received.total': 5, 'apply.handled.total': 4 },
  ...over,
});

describe('one report’s findings', () => {
  it('Chinese: the head, each finding numbered with its severity and check, the other years', () => {
    expect(renderReportFindings(report({ otherYears: [2019] }), 'zh')).toBe(
      [
        '芝罘区只楚街道办事处 2020 年度报告（2019 版格式）核查结果：',
        '发现 2 个问题：',
        '1.【错误·申请收支不平衡】本年新收 5 件 + 上年结转 0 件 ≠ 办理结果总计 4 件 + 结转下年 0 件。',
        '2.【注意·落款日期异常】报告落款日期为 2020年1月26日，早于所报告年度（2020年）结束，可能是笔误（如应为 2021 年）。',
        '另有 2019 年度的年报，可发送「核查 芝罘区只楚街道办事处 2019」。',
      ].join('\n'),
    );
  });

  it('Chinese: a clean report, and a text cut short', () => {
    expect(renderReportFindings(report({ findings: [], incomplete: true }), 'zh')).toBe(
      [
        '芝罘区只楚街道办事处 2020 年度报告（2019 版格式）核查结果：',
        '按模板勾稽关系逐项核查，未发现问题。',
        '注意：这份年报的文本不完整（在表格或第六部分之前中断）。',
      ].join('\n'),
    );
  });

  it('English: the count with its plural, every finding in English, the file named', () => {
    const text = renderReportFindings(report(), 'en');
    expect(text.split('\n')[0]).toBe('芝罘区只楚街道办事处 2020 annual report (只楚街道-2020.txt): 2 findings:');
    expect(text.split('\n')).toHaveLength(3);
    expect(text).not.toMatch(/落款|不平衡|\[date\]/);
    expect(renderReportFindings(report({ findings: [date] }), 'en')).toMatch(/: 1 finding:\n/);
    expect(renderReportFindings(report({ findings: [] }), 'en')).toBe(
      '芝罘区只楚街道办事处 2020 annual report (只楚街道-2020.txt): passes every check.',
    );
  });
});

describe('a year’s findings across offices', () => {
  const year = {
    year: 2020,
    reports: 5,
    failing: [{ office: '西工区洛北街道办事处', findings: [balance, date, balance] }],
  };
  it('Chinese: how many reports fail, each with its checks once', () => {
    expect(renderYearFindings(year, 'zh')).toBe(
      [
        '2020 年度共 5 份报告，其中 1 份核查发现问题：',
        '西工区洛北街道办事处：3 项（申请收支不平衡、落款日期异常）',
        '发送“核查 单位名”查看详情。',
      ].join('\n'),
    );
    expect(renderYearFindings({ year: 2020, reports: 5, failing: [] }, 'zh')).toBe(
      '2020 年度共 5 份报告，其中 0 份核查发现问题：',
    );
  });
  it('English', () => {
    expect(renderYearFindings(year, 'en')).toBe(
      [
        '2020: 1 of 5 reports fail at least one check.',
        '西工区洛北街道办事处: 3 findings (applications do not balance; a doubtful report date)',
      ].join('\n'),
    );
  });
});

describe('the office list', () => {
  const offices = [
    { name: '城郊街道', region: null, years: [2020] },
    { name: '西工区洛北街道办事处', region: '河南省洛阳市西工区', years: [2020, 2019] },
    { name: '芝罘区只楚街道办事处', region: '山东省烟台市芝罘区', years: [2020] },
    { name: '新设街道', region: '河南省洛阳市西工区', years: [] },
  ];
  it('Chinese: by region in Chinese order, offices with no region last, years in order', () => {
    expect(renderOfficeList({ year: null, offices }, 'zh')).toBe(
      [
        '已收录 4 个单位（按地区）：',
        '【河南省洛阳市西工区】',
        '· 西工区洛北街道办事处（2019、2020）',
        '· 新设街道',
        '【山东省烟台市芝罘区】',
        '· 芝罘区只楚街道办事处（2020）',
        '【未注明地区】',
        '· 城郊街道（2020）',
      ].join('\n'),
    );
    expect(renderOfficeList({ year: null, offices: [] }, 'zh')).toBe('还没有收录任何单位的年报。');
    expect(renderOfficeList({ year: 2020, offices: offices.slice(0, 1) }, 'zh').split('\n')[0]).toBe(
      '2020 年度已收录 1 个单位的报告（按地区）：',
    );
  });
  it('English', () => {
    expect(renderOfficeList({ year: null, offices: offices.slice(0, 2) }, 'en')).toBe(
      [
        'I have reports from 2 offices (years in brackets):',
        '河南省洛阳市西工区:',
        '  · 西工区洛北街道办事处 (2019, 2020)',
        '(region not stated):',
        '  · 城郊街道 (2020)',
      ].join('\n'),
    );
    expect(renderOfficeList({ year: 2020, offices: offices.slice(0, 1) }, 'en').split('\n')[0]).toBe(
      '1 office has filed a 2020 report:',
    );
  });
});

describe('the help text', () => {
  it('Chinese: how to ask where it is asked, the examples, every command', () => {
    const inRoom = renderHelp('zh', { name: '年报助手', prefix: '年报', inRoom: true });
    expect(inRoom.split('\n')[0]).toBe(
      '我是年报助手，回答政府信息公开工作年度报告里的问题，数字都出自年报原文。在群里请 @年报助手，或以「年报」开头提问。',
    );
    for (const q of EXAMPLE_QUESTIONS) expect(inRoom).toContain(`· ${q}`);
    for (const c of [
      '核查 单位名',
      '单位列表',
      '提醒状态',
      '暂停提醒 / 恢复提醒',
      '指定地区',
      '报送情况',
      '图表',
      '导出',
      '帮助',
    ])
      expect(inRoom).toContain(`· ${c}`);
    expect(renderHelp('zh', { name: '年报助手', prefix: '', inRoom: false }).split('\n')[0]).toMatch(
      /直接发送问题即可。$/,
    );
  });
  it('English', () => {
    const text = renderHelp('en', { name: '年报助手', prefix: '年报', inRoom: true });
    expect(text.split('\n')[0]).toMatch(/^I am 年报助手\. .* In a group, @年报助手 or start with "年报"\.$/);
    expect(text).toContain('Commands: check <office>');
  });
  it('a question not understood: the apology, what can be asked, three examples', () => {
    const zh = renderNotUnderstood('zh').split('\n');
    expect(zh[0]).toBe('抱歉，没能理解这个问题。');
    expect(zh.filter((l) => l.startsWith('· '))).toHaveLength(3);
    expect(renderNotUnderstood('en').split('\n')[0]).toBe("Sorry, I didn't understand that question.");
  });
});

describe('the reminder status', () => {
  it('missing first with the days left or past, then filed, then sends in doubt', () => {
    const text = renderRemindStatus({
      year: 2020,
      today: '2021-02-03',
      offices: [
        {
          office: '城关镇人民政府',
          kind: '乡镇',
          region: null,
          room: 'r',
          deadline: '2021-01-31',
          filed: false,
          paused: true,
          daysLeft: -3,
          lastReminder: { step: 'overdue-1', status: 'sent', at: '2021-02-01T01:00:00Z' },
        },
        {
          office: '城郊街道',
          kind: '街道',
          region: null,
          room: 'r',
          deadline: '2021-03-31',
          filed: true,
          paused: false,
          daysLeft: null,
          lastReminder: null,
        },
      ],
      uncertain: [],
    });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^2020年度政府信息公开工作年度报告报送情况（截至.*）：共 2 家，已报送 1 家，未报送 1 家。$/,
    );
    expect(lines[1]).toBe('未报送：');
    expect(lines[2]).toMatch(
      /^1\. 城关镇人民政府：截止.*，已逾期 3 天；已暂停提醒；最近：第1次逾期提醒（2021-02-01）$/,
    );
    expect(lines[3]).toBe('已报送：');
    expect(lines[4]).toMatch(/^1\. 城郊街道（截止.*）$/);
  });
});
