import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/* src/sync's tests: its unit tests and the product promises (test/integration/promises). */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['unit/sync/**/*.test.ts', 'integration/promises/**/*.test.ts'] },
});
