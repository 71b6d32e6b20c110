// The wording of the newer answer shapes, apart from deciding them: the engine
// decides the answer as data and asks one Phrases object per language to word it
// (render-zh.ts, render-en.ts). Pure.
import type { Lang } from '../ask/types.js';
import { zh } from './phrases-zh.js';
import { en } from './phrases-en.js';

export interface Phrases {
  /** 按「只楚街道」理解. */
  understood(items: { said: string; as: string }[]): string;
  /** What a follow-up took over from the previous question. */
  carried(what: { office?: string; metric?: string; year?: number | null; question?: string }): string;
  /** A yes/no question about one number. */
  yesNo(o: { claimed: number; value: number; unit: string; office: string; year: number; metric: string }): string;
  /** A derived share, with its formula. */
  /** 有没有…: whether the figure is above zero. */
  exists(o: { value: number; unit: string; office: string; year: number; metric: string }): string;
  /** The change as a share of the earlier year, derived, with its formula. */
  changePct(o: { from: number; to: number; pct: string }): string;
  /** A sum of one office's figure over several years. */
  yearsSum(o: { office: string; metric: string; years: number[]; total: string; parts: string[] }): string;
  rate(o: { office: string; year: number; metric: string; base: string; num: number; den: number; pct: string }): string;
  rateUndefined(o: { office: string; year: number; metric: string; base: string; den: number | null }): string;
  noRate(metric: string): string;
  /** A sum over named offices. */
  namedSum(o: { year: string; offices: string[]; metric: string; total: string; parts: string[] }): string;
  /** Every stored year of one office. */
  trendHead(o: { office: string; metric: string; years: number[] }): string;
  trendLine(o: { year: number; value: string }): string;
  trendPeak(o: { years: number[]; value: string; most: boolean }): string;
  trendOnly(o: { office: string; have: number[]; asked: number | null }): string;
  /** With one stored year: the change the report's own prose states. */
  statedChange(o: { office: string; year: number; line: number; sentence: string }): string;
  /** Offices in a region. */
  regionOffices(o: { region: string; names: string[] }): string;
  noRegionOffices(region: string): string;
  /** "N finding(s)" with the right plural. */
  count(n: number, one: string, many?: string): string;
}

export function phrases(lang: Lang): Phrases {
  return lang === 'en' ? en : zh;
}
