import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * The vitest config Stryker runs (stryker/*.config.mjs): the server tests only, without the
 * app-card projects. Each folder's Stryker config narrows it further with `vitest.dir`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    dir: 'test',
    include: ['**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['test/setup/no-leaks.ts'],
  },
});
