import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { seedPath } from '../../helpers/seed-stays.ts';
import { computeStageDwell } from '../../../src/analytics/compute-stage-dwell.ts';
import { survivalTable } from '../../../src/analytics/kaplan-meier.ts';
import { loadStageDwell } from '../../../src/analytics/load-stage-dwell.ts';
import { addMovesSinceRun } from '../../../src/store/stage-dwell-store.ts';
import { presets } from '../../../src/engine/presets/index.ts';

// The thresholds and forecast curves as computed from stored stays and read back, on PGlite
// (test/integration/stage-dwell.test.ts runs the statements themselves on both databases).
const DAY = 86_400_000;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const model = presets['classic-5']!;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

describe('computeStageDwell (PGlite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    // Portal A: 20 stays of 1..20 days in consideration that moved on to purchase 5 days ago
    // (still there), and two contacts 30 and 31 days into consideration.
    for (let d = 1; d <= 20; d++)
      await seedPath(t.db, {
        portalId: 'A',
        contactId: `m${d}`,
        start: ago(d + 5),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
    for (const d of [30, 31])
      await seedPath(t.db, { portalId: 'A', contactId: `w${d}`, start: ago(d), path: [['consideration', 0]] });
    // Portal B: 19 movers, one short of a basis.
    for (let d = 1; d <= 19; d++)
      await seedPath(t.db, {
        portalId: 'B',
        contactId: `b${d}`,
        start: ago(d + 5),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
  });
  afterAll(async () => {
    await t.drop();
  });

  const none = (basis: number) => ({ p50: null, p75: null, p90: null, basis });

  it('gives every stage of the model its quantiles from 20 movers, and none (with the count) below that', async () => {
    const a = await computeStageDwell(t.db, 'A', model, NOW);
    expect(Object.fromEntries(a)).toEqual({
      awareness: none(0),
      consideration: { p50: 10, p75: 15, p90: 18, basis: 20 },
      purchase: none(0),
      retention: none(0),
      advocacy: none(0),
    });
    expect((await computeStageDwell(t.db, 'B', model, NOW)).get('consideration')).toEqual(none(19));
  });

  it('stores what it returns, per portal, and the movers the growth check counts from', async () => {
    const a = await computeStageDwell(t.db, 'A', model, NOW);
    const b = await computeStageDwell(t.db, 'B', model, NOW);
    expect(await loadStageDwell(t.db, 'A', model.id)).toEqual(a);
    expect(await loadStageDwell(t.db, 'B', model.id)).toEqual(b);
    expect(await addMovesSinceRun(t.db, 'A', model.id, 0)).toEqual({ stays: 20, appendedSince: 0 });
    expect(await addMovesSinceRun(t.db, 'B', model.id, 0)).toEqual({ stays: 19, appendedSince: 0 });
  });

  it("stores each stage's survival curve: moves on as events, stays still going censored", async () => {
    await computeStageDwell(t.db, 'A', model, NOW);
    const rows = await t.db.query<{ stage: string; days: number; at_risk: number; survival: number }>(
      `select stage, days, at_risk, survival from stage_survival where portal_id = 'A' order by stage, days`,
    );
    const stored = rows.rows.map((r) => ({
      stage: r.stage,
      days: Number(r.days),
      atRisk: Number(r.at_risk),
      survival: Number(r.survival),
    }));
    const moved = Array.from({ length: 20 }, (_, i) => ({ days: i + 1, ended: 1, ongoing: 0 }));
    const waiting = [30, 31].map((days) => ({ days, ended: 0, ongoing: 1 }));
    expect(stored).toEqual([
      ...survivalTable([...moved, ...waiting]).map((r) => ({ stage: 'consideration', ...r })),
      { stage: 'purchase', days: 5, atRisk: 20, survival: 1 },
    ]);
  });
});
