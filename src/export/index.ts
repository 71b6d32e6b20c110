// The supervisors' outputs: the Excel workbook, charts as PNG, and 报送情况.
export { collectExport, type ExportData, type ExportSource, YOY_FACTS } from './collect.js';
export { buildWorkbook, factHeader, LEAD_HEADERS, SHEET_NAMES } from './workbook.js';
export { planChart, metricValue, MAX_BARS, type ChartSpec, type ChartBar, type ChartSource } from './chart-plan.js';
export { renderChartPng, chartSvg, chartFontFile, CHART_FONT_FAMILY } from './chart-render.js';
export { filingStatus, filingReportText } from './filing.js';
