// Where a report's region comes from when its text does not say: pure functions
// over the file's path and the registry. Each answer says its source, so the
// store records it and the ingest line can tell the user.
import path from 'node:path';
import { foldText, normalizeOfficeName, regionUnits, stripLeadingUnits } from '../store/identity.js';

/** A registry entry as far as regions go (`offices:` in the configuration). */
export interface RegistryOffice {
  name: string;
  region?: string;
  aliases?: string[];
}

/** A folder name that is nothing but administrative units: 河南省, 洛阳市, 嵩县, 河南省洛阳市. */
function unitsOnly(name: string): string | null {
  const folded = foldText(name);
  const units = regionUnits(folded);
  return units.length && units.join('') === folded ? folded : null;
}

/**
 * The region the folders above a file spell (`--region-from-folder`): the run of
 * folders nearest the file that are administrative units, outermost first
 * (…/河南省/洛阳市/嵩县/城关镇-2020.txt → 河南省洛阳市嵩县). Null when the file's
 * own folder is not one.
 */
export function regionFromFolder(file: string): string | null {
  const dirs = path.resolve(file).split(path.sep).slice(0, -1);
  const run: string[] = [];
  for (let i = dirs.length - 1; i >= 0; i--) {
    const units = unitsOnly(dirs[i]);
    if (!units) break;
    run.unshift(units);
  }
  return run.length ? run.join('') : null;
}

/**
 * The registry entry that claims a report by its name: one entry whose name or
 * alias is the report's name (compared as the store compares names), and which
 * gives a region. Two entries that could claim it claim nothing.
 */
export function registryRegion(
  officeName: string,
  registry: readonly RegistryOffice[],
): { region: string; entry: string } | null {
  const bare = (n: string) => stripLeadingUnits(normalizeOfficeName(n, null)).rest;
  const want = new Set([foldText(officeName), bare(officeName)]);
  const claims = registry.filter(
    (e) => e.region && [e.name, ...(e.aliases ?? [])].some((n) => want.has(foldText(n)) || want.has(bare(n))),
  );
  // An entry whose name carries units the report's name contradicts is another body.
  const fitting = claims.filter((e) => stripLeadingUnits(officeName).units.every((u) => e.region!.includes(u)));
  if (fitting.length !== 1) return null;
  return { region: fitting[0].region!, entry: fitting[0].name };
}
