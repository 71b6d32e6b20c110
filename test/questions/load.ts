// The project's own question set (questions.yaml): its shape, read and checked.
// Every expected answer in the file was checked by hand against the report text;
// this module only makes sure the file says what the judge can read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const QUESTIONS_FILE = path.join(import.meta.dirname, 'questions.yaml');

const names = z.array(z.string().min(1)).min(1);

const numberExpect = z.strictObject({
  kind: z.literal('number'),
  /** The exact number a right answer must state (as the report writes it: 万元 stay 万元, % as a percent). */
  value: z.number(),
  /** A name (or short name) of the office the answer must be about. */
  office: z.string().optional(),
  year: z.number().int().optional(),
  /** The spec's fact id, or a derived label (`sum:…`, `rate:…`, `prose:…`, `change:…`). */
  id: z.string().optional(),
  /** For rates and other rounded values: how far a stated number may lie from `value`. */
  tolerance: z.number().nonnegative().optional(),
  /** The true numbers a derived value is made of (15 and 11 of a sum 26; 3 and 4 of a rate): stating them is not a wrong number. */
  parts: z.array(z.number()).optional(),
  /** Text a right answer must not contain (an all-office sum given for one office). */
  not_contains: z.array(z.string()).optional(),
});

const refuseExpect = z.strictObject({
  kind: z.literal('refuse'),
  /** Names a right refusal offers (the nearest stored offices). */
  suggest: names.optional(),
  /** The year asked for that the store does not hold. */
  year: z.number().int().optional(),
});

const askBackExpect = z.strictObject({
  kind: z.literal('ask_back'),
  /** Names the question could mean; a right answer offers each. */
  options: names.optional(),
});

const textExpect = z.strictObject({
  kind: z.literal('text'),
  contains: names,
  not_contains: z.array(z.string()).optional(),
  /** The `contains` strings must appear in this order (rankings). */
  ordered: z.boolean().optional(),
});

const yesNoExpect = z.strictObject({
  kind: z.literal('yes_no'),
  answer: z.enum(['yes', 'no']),
  /** The true number, which a right answer states. */
  value: z.number(),
  office: z.string().optional(),
  year: z.number().int().optional(),
  id: z.string().optional(),
});

export const expectSchema = z.discriminatedUnion('kind', [
  numberExpect,
  refuseExpect,
  askBackExpect,
  textExpect,
  yesNoExpect,
]);

export const questionSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+\d+$/),
  q: z.string().min(1),
  lang: z.enum(['zh', 'en']),
  /** The id of the question asked just before, by the same person in the same room. */
  follows: z.string().optional(),
  corpus: z.enum(['bundled', 'realworld']),
  /** Who would ask it: staff filing a report, or a supervisor (政务公开办). */
  who: z.enum(['staff', 'supervisor']).optional(),
  /** The shape of the question (fact, sum, rank, rate, yes_no, change, trend, region, findings, problems, prose, passage, unknown, typo, name, followup, list, command). */
  shape: z.string(),
  expect: expectSchema,
  /** Where the truth comes from, when it is not a table cell (the sentence, a hand computation). */
  note: z.string().optional(),
});

export type Expect = z.infer<typeof expectSchema>;
export type Question = z.infer<typeof questionSchema>;

/** Reads and checks the question set; throws naming the entry that is malformed. */
export function loadQuestions(file: string = QUESTIONS_FILE): Question[] {
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(doc)) throw new Error(`${file}: expected a list of questions`);
  const out: Question[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of doc.entries()) {
    const got = questionSchema.safeParse(raw);
    if (!got.success)
      throw new Error(`${file}: entry ${i + 1} (${(raw as { id?: string })?.id ?? '?'}): ${got.error.message}`);
    const q = got.data;
    if (seen.has(q.id)) throw new Error(`${file}: duplicate id ${q.id}`);
    if (q.follows !== undefined) {
      const parent = out.find((p) => p.id === q.follows);
      if (!parent) throw new Error(`${file}: ${q.id} follows ${q.follows}, which is not an earlier question`);
      if (parent.corpus !== q.corpus) throw new Error(`${file}: ${q.id} follows a question over another corpus`);
    }
    seen.add(q.id);
    out.push(q);
  }
  return out;
}
