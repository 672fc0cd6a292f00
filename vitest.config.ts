import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Fails a test (or file) that leaves a server, service, worker or database connection open.
          setupFiles: ['test/setup/no-leaks.ts'],
        },
      },
      // The HubSpot card (React, @hubspot/ui-extensions): its own JSX and environment settings.
      'app-card/src/app/cards/vitest.config.ts',
      'app-card/src/app/settings/vitest.config.ts',
      'app-card/src/app/pages/vitest.config.ts',
    ],
  },
});
