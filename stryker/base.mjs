/*
 * Shared StrykerJS settings for `npm run mutate` (not run in CI: too slow for it).
 * One config per folder (stryker/<folder>.config.mjs) mutates that folder and runs only the
 * tests under its test folder; per-test coverage runs each mutant against the tests that reach it.
 */
export function folderConfig(
  folder,
  testDir,
  { vitestConfig = 'stryker/vitest.config.ts', ignoreStatic = false } = {},
) {
  return {
    testRunner: 'vitest',
    // forks, not the runner's default threads: PGlite's WebAssembly in worker threads hits a V8
    // race on CPUs with memory protection keys (docs/performance.md, "PGlite on a thread of its
    // own"), which killed runners with SIGABRT and SIGTRAP mid-run; `npm test` runs in forks too.
    vitest: { configFile: vitestConfig, dir: testDir, related: true, pool: 'forks' },
    coverageAnalysis: 'perTest',
    mutate: [`src/${folder}/**/*.ts`],
    // Not read from the sandbox: the server reaches app-card/src/app/packages through the
    // node_modules workspace link, which points at the original checkout.
    ignorePatterns: ['app-card', 'bench', 'docs', '.data', 'test-results'],
    incremental: true,
    incrementalFile: `reports/stryker/${folder}-incremental.json`,
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/stryker/${folder}.html` },
    jsonReporter: { fileName: `reports/stryker/${folder}.json` },
    tempDirName: `.stryker-tmp/${folder}`,
    // Static mutants (module-level constants) rerun every test file per mutant: src/engine skips its preset tables.
    ignoreStatic,
    concurrency: 2,
    timeoutMS: 10_000,
    thresholds: { high: 90, low: 80, break: null },
  };
}
