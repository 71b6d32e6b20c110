// An office as the office index takes it, its aliases made as the parser makes them.
import { officeAliases } from '../../src/parse/office.js';

export const office = (id: number, name: string, region: string | null, kind: string) => ({
  id,
  name,
  region,
  kind,
  aliases: officeAliases(name),
});
