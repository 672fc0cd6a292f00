import { folderConfig } from './base.mjs';

/*
 * test/unit/analytics only: it reaches every file of src/analytics (compute-stage-dwell.test.ts
 * on PGlite). test/integration/stage-dwell.test.ts runs the same computation on both databases
 * but takes ~35 s a mutant on a quiet machine (well over the run's 20 minutes for the ~50
 * mutants it covers); the other tests that pass through src/analytics (journey API, sync,
 * funnel) reach it on the way to something else.
 */
export default folderConfig('analytics', 'test/unit/analytics');
