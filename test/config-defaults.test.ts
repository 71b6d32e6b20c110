// A command with no configuration file takes src/config/defaults.ts as it is, without
// the schema (zod); a file's missing sections and fields take the schema's defaults. The
// two must be one configuration, key order included (it is printed and logged).
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../src/config/defaults.js';
import { loadConfig } from '../src/config/load.js';
import { parseConfig } from '../src/config/parse.js';
import { fileSchema } from '../src/config/schema.js';
import { tempDirs } from './support/temp-dirs.js';

const freshDir = tempDirs('nianbao-config-defaults-');
const ENVS: NodeJS.ProcessEnv[] = [
  {},
  { OPENAI_BASE_URL: 'https://api.example.com/v1', OPENAI_API_KEY: 'sk-1', DATABASE_URL: 'postgres://a@127.0.0.1/b' },
  { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'token' },
];

describe('no configuration file', () => {
  it.each(ENVS)('is what the schema makes of an empty file (environment %j)', async (env) => {
    const withoutFile = await loadConfig({ cwd: freshDir(), env });
    const emptyFile = parseConfig({}, { env });
    expect(withoutFile).toStrictEqual(emptyFile);
    expect(JSON.stringify(withoutFile)).toBe(JSON.stringify(emptyFile));
  });

  it('a field left out of a written section takes the same default as a section left out', () => {
    const sections = fileSchema.parse({
      bot: { rate: {}, flood: {}, retry: {}, filing: {} },
      llm: {},
      log: {},
    });
    expect(sections.bot).toEqual(CONFIG_DEFAULTS.bot);
    expect(sections.llm).toEqual(CONFIG_DEFAULTS.llm);
    expect(sections.log).toEqual(CONFIG_DEFAULTS.log);
  });

  it('each configuration has lists of its own', async () => {
    const a = await loadConfig({ cwd: freshDir(), env: {} });
    a.bot.rooms.push('某群');
    a.bot.filing.contacts.push('某人');
    const b = await loadConfig({ cwd: freshDir(), env: {} });
    const c = parseConfig({}, { env: {} });
    expect([b.bot.rooms, b.bot.filing.contacts, c.bot.rooms, c.bot.filing.contacts]).toEqual([[], [], [], []]);
    expect(CONFIG_DEFAULTS.bot.rooms).toEqual([]);
  });
});
