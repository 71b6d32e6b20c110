// The reminders' part of a configuration, as src/remind reads it: the `reminders:`
// rules (their defaults when the file has none) and the registry (`offices:`). Config
// composes remind's schema; remind never imports config.
import { remindSectionSchema, type RemindConfig } from '../remind/config.js';
import type { Config } from './schema.js';

export function remindConfigOf(config: Pick<Config, 'reminders' | 'offices'>): RemindConfig {
  return { reminders: config.reminders ?? remindSectionSchema.parse({}), offices: config.offices ?? [] };
}
