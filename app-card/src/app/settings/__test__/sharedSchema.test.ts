import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const files = ['stage-model.ts', 'parse-stage-model.ts'];

describe('settings/shared', () => {
  for (const file of files) {
    it(`shared/engine/${file} is byte-identical to the service's src/engine/${file} (copy it over when that changes)`, () => {
      const copy = readFileSync(new URL(`../shared/engine/${file}`, import.meta.url), 'utf8');
      expect(copy).toBe(readFileSync(new URL(`../../../../../src/engine/${file}`, import.meta.url), 'utf8'));
    });
  }
});
