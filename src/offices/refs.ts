// A stored office as the resolver sees it: name, region, kind, aliases, and for a
// namesake kept apart, its files. Pure.
import type { Office } from '../store/types.js';
import type { OfficeRef } from './resolver.js';

export function officeRefOf(o: Office): OfficeRef {
  return {
    id: o.id,
    name: o.name,
    region: o.region,
    kind: o.kind,
    aliases: o.aliases,
    ...(o.files ? { files: o.files } : {}),
  };
}
