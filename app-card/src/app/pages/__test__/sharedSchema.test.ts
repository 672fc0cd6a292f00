import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

// The copies keep the service's relative layout (shared/api/funnel imports ../../engine),
// so they stay byte-identical and still compile inside this extension point.
const pairs = [
  ['../../../../../src/engine/journey.ts', '../shared/engine/journey.ts'],
  ['../../../../../src/api/funnel/funnel-schema.ts', '../shared/api/funnel/funnel-schema.ts'],
  ['../../../../../src/api/analytics/analytics-schema.ts', '../shared/api/analytics/analytics-schema.ts'],
] as const;

describe('pages/shared', () => {
  for (const [service, copy] of pairs) {
    it(`${copy.slice(3)} is byte-identical to the service's ${service.slice(15)} (copy it over when that changes)`, () => {
      expect(readFileSync(new URL(copy, import.meta.url), 'utf8')).toBe(readFileSync(new URL(service, import.meta.url), 'utf8'));
    });
  }
});
