// The office resolver's face: which stored office(s) a text names, for questions
// (OfficeIndex.resolve), for commands (findOffices) and for places (officeInRegion).
// Sits above the store's identity rules (src/store/identity.ts), below ask and bot.
export * from './resolver.js';
export { findOffices, type FoundOffices } from './find.js';
export { officeRefOf } from './refs.js';
