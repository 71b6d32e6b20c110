// A ChartSpec drawn to PNG on the server, with no browser: ECharts renders SVG in
// server-side mode, resvg turns it into pixels with the Noto Sans CJK SC font that the
// npm package @embedpdf/fonts-sc installs (loaded by path; nothing is downloaded and
// no system font is needed). Deterministic for a given spec.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartSpec } from './chart-plan.js';

/** The font's family name as its file declares it. */
export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';

/** The CJK font file, from the installed package (dist/index.cjs sits beside fonts/). */
export function chartFontFile(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

const WIDTH = 960;
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

/** The chart as SVG text (ECharts, server-side). */
export function chartSvg(spec: ChartSpec): string {
  const rank = spec.kind === 'rank';
  const n = spec.bars.length;
  const height = rank ? Math.max(320, 150 + n * 30) : 520;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  const labels = spec.bars.map((b) => `${b.label}${b.flagged ? ' *' : ''}`);
  const values = spec.bars.map((b) => b.value);
  const category = {
    type: 'category' as const,
    data: labels,
    inverse: rank,
    axisLabel: { fontSize: 13, width: 260, overflow: 'truncate' as const },
  };
  const value = {
    type: 'value' as const,
    name: `单位：${spec.unit}`,
    nameTextStyle: { fontSize: 13 },
    axisLabel: { fontSize: 12 },
  };
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: { text: spec.title, left: 'center', top: 14, textStyle: { fontSize: 20, fontFamily: CHART_FONT_FAMILY } },
    grid: { left: 24, right: 70, top: 70, bottom: 56, containLabel: true },
    xAxis: rank ? value : category,
    yAxis: rank ? category : value,
    series: [
      {
        type: rank ? 'bar' : 'line',
        data: values,
        barMaxWidth: 22,
        symbolSize: 9,
        itemStyle: { color: '#c23531' },
        label: {
          show: true,
          position: rank ? 'right' : 'top',
          fontSize: 13,
          formatter: (p: { value: unknown }) => fmt(Number(p.value)),
        },
      },
    ],
    graphic: [
      {
        type: 'text',
        left: 24,
        bottom: 14,
        style: { text: spec.source, fontSize: 12, fill: '#666666', fontFamily: CHART_FONT_FAMILY },
      },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The chart as PNG bytes. */
export function renderChartPng(spec: ChartSpec): Buffer {
  const resvg = new Resvg(chartSvg(spec), {
    font: {
      fontFiles: [chartFontFile()],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
  });
  return resvg.render().asPng();
}
