// The property: any report the generator writes, in any layout and either format,
// parses back to exactly the facts, office, year and format it was written from.
// HTML goes the way real pages go: extract (bytes → text), then parse.
import { describe, expect, it } from 'vitest';
import { extractBuffer } from '../src/extract/index.js';
import { parseReport } from '../src/parse/index.js';
import type { ReportFormat } from '../src/catalogue/facts.js';
import {
  LAYOUTS,
  mulberry32,
  randomFacts,
  randomOffice,
  renderReport,
  type Layout,
  type ReportSpec,
} from '../tools/synth/index.js';

const CASES_PER_LAYOUT = 50; // half in each format

function caseFor(layout: Layout, i: number): { seed: number; spec: ReportSpec } {
  const seed = (LAYOUTS.indexOf(layout) + 1) * 100_000 + i;
  const rng = mulberry32(seed);
  const format: ReportFormat = i % 2 === 0 ? '2019' : '2021';
  const office = randomOffice(rng);
  // The 2019 format is also still used by some bodies after 2020.
  const year = format === '2021' ? rng.int(2021, 2024) : rng.chance(0.8) ? rng.int(2019, 2020) : rng.int(2021, 2024);
  const facts = randomFacts(rng, { format, profile: i % 3 === 0 ? 'busy' : 'quiet' });
  return { seed, spec: { office: office.name, region: office.region, kind: office.kind, year, format, facts } };
}

/** What differs between the truth and the parse, in a few readable lines. */
function differences(spec: ReportSpec, got: ReturnType<typeof parseReport>): string[] {
  const out: string[] = [];
  if (got.office !== spec.office) out.push(`office: want ${spec.office}, got ${got.office}`);
  if (got.year !== spec.year) out.push(`year: want ${spec.year}, got ${got.year}`);
  if (got.format !== spec.format) out.push(`format: want ${spec.format}, got ${got.format}`);
  const ids = new Set([...Object.keys(spec.facts), ...Object.keys(got.facts)]);
  const wrong: string[] = [];
  for (const id of ids) {
    const want = id in spec.facts ? spec.facts[id] : 'absent';
    const have = id in got.facts ? got.facts[id] : 'absent';
    if (want !== have) wrong.push(`${id}: want ${want}, got ${have}`);
  }
  if (wrong.length) out.push(`${wrong.length} facts differ, e.g. ${wrong.slice(0, 4).join('; ')}`);
  return out;
}

describe('render → parse round trip', () => {
  for (const layout of LAYOUTS) {
    it(`${layout}: ${CASES_PER_LAYOUT} reports parse back to their truth`, async () => {
      const failures: string[] = [];
      for (let i = 0; i < CASES_PER_LAYOUT; i++) {
        const { seed, spec } = caseFor(layout, i);
        const rendered = renderReport(spec, layout, mulberry32(seed));
        const text =
          layout === 'html'
            ? (await extractBuffer(Buffer.from(rendered, 'utf8'), `synth-${seed}.html`)).text
            : rendered;
        const diff = differences(spec, parseReport(text, { file: `synth-${seed}` }));
        if (diff.length) failures.push(`seed ${seed} (${spec.format}): ${diff.join(' | ')}`);
      }
      expect(
        failures,
        `${failures.length}/${CASES_PER_LAYOUT} ${layout} reports differ:\n${failures.slice(0, 6).join('\n')}`,
      ).toEqual([]);
    });
  }
});
