// Where a stored report's office, year and region came from, and whether its region proves
// which body it is: pure rules shared by both backends of the store (SQLite and PostgreSQL
// must file a namesake the same way).
import { regionTellsApart } from './identity.js';
import type { FiledOrigin, SaveInput } from './types.js';

/** The origin stored with a report, from what the caller says or the parse's own. */
export function filedOrigin(input: SaveInput): FiledOrigin {
  if (input.origin) return input.origin;
  const o = input.parsed.origin;
  const region = input.parsed.region;
  return {
    office: o?.office ?? null,
    year: o?.year ?? null,
    region: region ? { ...(o?.region ?? { from: 'text' }), value: region } : null,
  };
}

/** The origin as stored (JSON), with the parts reports stored before it was kept lack as null. */
export function readOrigin(json: string): FiledOrigin {
  const o = JSON.parse(json) as Partial<FiledOrigin>;
  return { office: o.office ?? null, year: o.year ?? null, region: o.region ?? null };
}

/**
 * Does the region a report was filed under say which body it is? Read in its text or
 * stated for it, and precise enough for its kind, yes; claimed by the registry on the
 * name alone, no. Reports stored before origins were kept had a region only from their
 * text or --region.
 */
export function regionStated(origin: FiledOrigin, region: string | null, kind: string): boolean {
  if (!regionTellsApart(region, kind)) return false;
  if (!origin.region) return origin.office === null && origin.year === null;
  return origin.region.from !== 'registry';
}

/** The origin of a report someone assigned to `region`, saying the region it replaces (its own, else its office's). */
export function assignedOrigin(origin: FiledOrigin, officeRegion: string | null, region: string): FiledOrigin {
  const before = origin.region?.value ?? officeRegion;
  return {
    ...origin,
    region: { from: 'assign', value: region, ...(before && before !== region ? { replaced: before } : {}) },
  };
}
