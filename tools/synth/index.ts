// Synthetic reports with known truth, for property tests, fuzzing and benchmarks.
export { mulberry32, type Rng } from './rng.js';
export { randomFacts, type Profile, type RandomFactsOptions } from './facts.js';
export { officeKey, officeNames, randomOffice, type SynthOffice } from './office.js';
export { LAYOUTS, type Layout } from './layouts.js';
export { renderReport, type ReportSpec } from './render.js';
export { generateCorpus, randomReport, type CorpusItem, type CorpusOptions, type CorpusTruth } from './corpus.js';
export { MUTATIONS, mutateReport, type Mutation } from './mutate.js';
export { GLUED_LAYOUTS, isGluedLayout, type AnyLayout, type GluedLayout } from './layouts.js';
export {
  allCuts,
  bruteForceSplits,
  gluedFacts,
  gluedRuns,
  type BruteTruth,
  type GluedFacts,
  type GluedRun,
  type GluedSplit,
} from './glued.js';
export { generateGluedCorpus, type GluedCorpusOptions, type GluedReport } from './glued-corpus.js';
