import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { seedExample, seedPath } from '../helpers/seed-stays.ts';
import { computeStageDwell } from '../../src/analytics/compute-stage-dwell.ts';
import { loadStageDwell } from '../../src/analytics/load-stage-dwell.ts';
import { presets } from '../../src/engine/presets/index.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const model = presets['classic-5']!;

describe.each(dbKinds)('stage dwell quantiles from stored timelines (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('match the hand-computed Kaplan–Meier example, with ongoing stays censored, and one portal does not leak into another', async () => {
    // Consideration: 13 finished stays (2,2,4,4,4,6,6,8,8,10,12,14,16 days) and 7 ongoing (3,5,5,7,9,11,13).
    //   t=2:  20 at risk, 2 end: S = 18/20            = 0.9
    //   t=4:  17 at risk, 3 end: S = 0.9 * 14/17      = 0.7412
    //   t=6:  12 at risk, 2 end: S = 0.7412 * 10/12   = 0.6176
    //   t=8:   9 at risk, 2 end: S = 0.6176 * 7/9     = 0.4804  -> p50 = 8
    //   t=10:  6 at risk, 1 end: S = 0.4003
    //   t=12:  4 at risk, 1 end: S = 0.3002
    //   t=14:  2 at risk, 1 end: S = 0.1501                     -> p75 = 14
    //   t=16:  1 at risk, 1 end: S = 0                          -> p90 = 16
    // Leaving the ongoing stays out would give a median of 6.
    await seedExample(t.db, { portalId: 'A', now: NOW });
    // Portal B: 20 one-day stays in consideration, the same model.
    for (let i = 0; i < 20; i++)
      await seedPath(t.db, {
        portalId: 'B',
        contactId: `b${i}`,
        start: new Date(NOW.getTime() - 10 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', 1],
        ],
      });
    // Not counted: a stay that began more than 365 days ago, and a deleted contact's stays.
    await seedPath(t.db, {
      portalId: 'A',
      contactId: 'old',
      start: new Date(NOW.getTime() - 400 * DAY),
      path: [
        ['consideration', 0],
        ['purchase', 100],
      ],
    });
    await seedPath(t.db, {
      portalId: 'A',
      contactId: 'gone',
      start: new Date(NOW.getTime() - 30 * DAY),
      path: [
        ['consideration', 0],
        ['purchase', 1],
      ],
      deleted: true,
    });

    const a = await computeStageDwell(t.db, 'A', model, NOW);
    expect(a.get('consideration')).toEqual({ p50: 8, p75: 14, p90: 16, basis: 20 });
    const b = await computeStageDwell(t.db, 'B', model, NOW);
    expect(b.get('consideration')).toEqual({ p50: 1, p75: 1, p90: 1, basis: 20 });
    // Stored, and read back per portal.
    expect((await loadStageDwell(t.db, 'A', model.id)).get('consideration')).toEqual({
      p50: 8,
      p75: 14,
      p90: 16,
      basis: 20,
    });
    expect((await loadStageDwell(t.db, 'B', model.id)).get('consideration')).toEqual({
      p50: 1,
      p75: 1,
      p90: 1,
      basis: 20,
    });
  });

  it('needs 20 stays: 19 give no quantiles, the 20th gives them', async () => {
    // 13 contacts moved on to purchase and are still there: 13 ongoing purchase stays.
    await seedExample(t.db, { portalId: 'A', now: NOW });
    expect((await computeStageDwell(t.db, 'A', model, NOW)).get('purchase')).toEqual({
      p50: null,
      p75: null,
      p90: null,
      basis: 13,
    });
    await t.db.query(`update contacts set deleted = true where portal_id = 'A' and contact_id = 'A-1'`);
    expect((await computeStageDwell(t.db, 'A', model, NOW)).get('consideration')).toEqual({
      p50: null,
      p75: null,
      p90: null,
      basis: 19,
    });
    await seedPath(t.db, {
      portalId: 'A',
      contactId: 'late',
      start: new Date(NOW.getTime() - 30 * DAY),
      path: [
        ['consideration', 0],
        ['purchase', 2],
      ],
    });
    expect((await computeStageDwell(t.db, 'A', model, NOW)).get('consideration')).toMatchObject({ p50: 8, basis: 20 });
  });
});
