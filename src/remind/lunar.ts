// Lunar → Gregorian dates through chinese-days, only for the fixed lunar holidays of
// years its holiday data does not cover yet (see calendar.ts).
import chineseDays from 'chinese-days';
import type { IsoDate } from './calendar.js';

/**
 * The Gregorian day of lunar `year`-`month`-`day` (non-leap month).
 * The package reads a date's parts with local-time getters, so it gets a local-noon Date
 * (right in any machine time zone) rather than a string (parsed as UTC midnight).
 */
export function getSolarDateFromLunar(year: number, month: number, day: number): IsoDate {
  return chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day, 12)).date;
}
