import { folderConfig } from './base.mjs';

/*
 * src/sync against its unit tests only (test/unit/sync), for a quick per-file run
 * (`stryker run stryker/sync-unit.config.mjs --mutate src/sync/<file>.ts`). The product promises
 * (test/integration/promises) start the whole service per test: sync.config.mjs runs them too,
 * and its dry run alone exceeds Stryker's 5 minutes on a loaded machine (raise
 * --dryRunTimeoutMinutes). A mutant surviving here may still be killed there, never the reverse.
 */
const base = folderConfig('sync', 'test/unit/sync');
export default {
  ...base,
  incrementalFile: 'reports/stryker/sync-unit-incremental.json',
  htmlReporter: { fileName: 'reports/stryker/sync-unit.html' },
  jsonReporter: { fileName: 'reports/stryker/sync-unit.json' },
  tempDirName: '.stryker-tmp/sync-unit',
};
