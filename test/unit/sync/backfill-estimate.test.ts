import { describe, expect, it } from 'vitest';
import { estimateBackfillSeconds } from '../../../src/sync/backfill-estimate.ts';

describe('estimateBackfillSeconds', () => {
  it.each([
    // one count, then 4 calls per page of 100, at max calls per interval
    [0, { max: 100, intervalMs: 10_000 }, 1],
    [100, { max: 100, intervalMs: 10_000 }, 1],
    [100_000, { max: 100, intervalMs: 10_000 }, 401],
    [100_000, { max: 190, intervalMs: 10_000 }, 211],
    [101, { max: 1, intervalMs: 1_000 }, 9],
  ])('estimateBackfillSeconds(%i contacts, %o) is %i s', (contacts, limit, seconds) => {
    expect(estimateBackfillSeconds(contacts, limit)).toBe(seconds);
  });
});
