import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The fast tier (`npm run test:unit`): the server's unit tests that open no database, start no
 * service and drive no browser, plus the three extensions' tests. It needs neither PostgreSQL
 * nor Chromium and runs in well under a minute; `npm test` stays the whole suite CI runs.
 * A test file joins the tier by what it imports, so a new test lands in the right tier on its own.
 */
const NEEDS_DATABASE_OR_BROWSER =
  /test-db|sync-harness|browser|start-test-service|fake-hubspot-server|queue-storm|from 'pg'|pglite|open-db/;

function fastServerTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !NEEDS_DATABASE_OR_BROWSER.test(readFileSync(path, 'utf8')));
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server-unit',
          include: fastServerTests('test/unit'),
          environment: 'node',
          setupFiles: ['test/setup/no-leaks.ts'],
        },
      },
      'app-card/src/app/cards/vitest.config.ts',
      'app-card/src/app/settings/vitest.config.ts',
      'app-card/src/app/pages/vitest.config.ts',
    ],
  },
});
