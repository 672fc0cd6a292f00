import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const serviceSchema = new URL('../../../../../src/engine/journey.ts', import.meta.url);
const cardCopy = new URL('../shared/journey.ts', import.meta.url);

describe('shared/journey.ts', () => {
  it('shared/journey.ts is byte-identical to the service schema src/engine/journey.ts (copy it over when that changes)', () => {
    expect(readFileSync(cardCopy, 'utf8')).toBe(readFileSync(serviceSchema, 'utf8'));
  });
});
