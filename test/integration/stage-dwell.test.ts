import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { computeStageDwell } from '../../src/analytics/compute-stage-dwell.ts';
import { loadStageDwell } from '../../src/analytics/load-stage-dwell.ts';
import { loadStoredJourney } from '../../src/store/stored-journey.ts';
import { forecastFrom } from '../../src/analytics/forecast.ts';
import { presets } from '../../src/engine/presets/index.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T00:00:00.000Z');
const model = presets['classic-5']!;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A contact that stayed `days` in consideration, then moved forward to purchase (a mover). */
const mover = (db: TestDb['db'], portalId: string, contactId: string, days: number, start = ago(days + 5)) =>
  seedPath(db, {
    portalId,
    contactId,
    start,
    path: [
      ['consideration', 0],
      ['purchase', days],
    ],
  });

describe.each(dbKinds)('health thresholds from the movers (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('are the quantiles of the stays that ended by moving forward in the last 365 days, per portal', async () => {
    // 20 movers of 1..20 days: the shortest length at least half of them had is 10, 3 in 4: 15, 9 in 10: 18.
    for (let d = 1; d <= 20; d++) await mover(t.db, 'A', `m${d}`, d);
    // Not movers: stays still going, and stays a regression ended (back to awareness)...
    for (let i = 0; i < 5; i++)
      await seedPath(t.db, { portalId: 'A', contactId: `wait${i}`, start: ago(30 + i), path: [['consideration', 0]] });
    for (let i = 0; i < 3; i++)
      await seedPath(t.db, {
        portalId: 'A',
        contactId: `back${i}`,
        start: ago(40),
        path: [
          ['consideration', 0],
          ['awareness', 2],
        ],
      });
    // ...nor a move more than 365 days ago, nor a deleted contact's.
    await mover(t.db, 'A', 'old', 100, ago(500));
    await seedPath(t.db, {
      portalId: 'A',
      contactId: 'gone',
      start: ago(30),
      path: [
        ['consideration', 0],
        ['purchase', 1],
      ],
      deleted: true,
    });
    // Portal B: 20 one-day movers, the same model.
    for (let i = 0; i < 20; i++) await mover(t.db, 'B', `b${i}`, 1);

    const a = await computeStageDwell(t.db, 'A', model, NOW);
    expect(a.get('consideration')).toEqual({ p50: 10, p75: 15, p90: 18, basis: 20 });
    const b = await computeStageDwell(t.db, 'B', model, NOW);
    expect(b.get('consideration')).toEqual({ p50: 1, p75: 1, p90: 1, basis: 20 });
    // Stored, and read back per portal.
    expect((await loadStageDwell(t.db, 'A', model.id)).get('consideration')).toEqual({
      p50: 10,
      p75: 15,
      p90: 18,
      basis: 20,
    });
    expect((await loadStageDwell(t.db, 'B', model.id)).get('consideration')).toEqual({
      p50: 1,
      p75: 1,
      p90: 1,
      basis: 20,
    });
  });

  it('give a verdict on a stage most contacts never leave, and need 20 movers', async () => {
    // 19 movers and 200 contacts still waiting (under 10 % conversion): Kaplan–Meier has no
    // median here; the movers do, once there are 20 of them.
    for (let d = 1; d <= 19; d++) await mover(t.db, 'A', `m${d}`, d);
    for (let i = 0; i < 200; i++)
      await seedPath(t.db, { portalId: 'A', contactId: `w${i}`, start: ago(1 + i), path: [['consideration', 0]] });
    expect((await computeStageDwell(t.db, 'A', model, NOW)).get('consideration')).toEqual({
      p50: null,
      p75: null,
      p90: null,
      basis: 19,
    });
    await mover(t.db, 'A', 'm20', 20);
    expect((await computeStageDwell(t.db, 'A', model, NOW)).get('consideration')).toEqual({
      p50: 10,
      p75: 15,
      p90: 18,
      basis: 20,
    });
  });
});

describe.each(dbKinds)('the forecast from stored timelines (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('matches a hand-computed survival table with censoring, ties, regressions and re-entries', async () => {
    // Consideration stays that began in the last 365 days (days):
    //   moved forward (the event): 20 20 40 40 40 60 60 80 80 100 120 140 160, and 50 (re-entry's first stay)
    //   still going (censored):    30 50 50 70 90 110 130, and 30 (re-entry's second stay)
    //   ended by a regression (censored): 40 60 (tied with moves: the moves count first)
    // 24 stays. Kaplan–Meier, moving forward as the event:
    //   t=20:  24 at risk, 2 move: S = 22/24                = 0.916667
    //   t=30:  22 at risk, 0 move (2 censored)
    //   t=40:  20 at risk, 3 move: S = 0.916667 * 17/20     = 0.779167
    //   t=50:  16 at risk, 1 move: S = 0.779167 * 15/16     = 0.730469
    //   t=60:  13 at risk, 2 move: S = 0.730469 * 11/13     = 0.618089
    //   ...
    // A contact 30 days in: 22 still at risk; (S(30) - S(60)) / S(30) = (0.916667 - 0.618089) / 0.916667 = 0.3257.
    // A contact 50 days in: 16 at risk, under 20: no forecast.
    const moves = [20, 20, 40, 40, 40, 60, 60, 80, 80, 100, 120, 140, 160];
    for (const [i, d] of moves.entries()) await mover(t.db, 'A', `m${i}`, d, ago(200));
    // Still going: 'thirty', 'fifty' and these five.
    for (const [i, d] of [50, 70, 90, 110, 130].entries())
      await seedPath(t.db, { portalId: 'A', contactId: `going${i}`, start: ago(d), path: [['consideration', 0]] });
    await seedPath(t.db, { portalId: 'A', contactId: 'thirty', start: ago(30), path: [['consideration', 0]] });
    await seedPath(t.db, { portalId: 'A', contactId: 'fifty', start: ago(50), path: [['consideration', 0]] });
    for (const d of [40, 60])
      await seedPath(t.db, {
        portalId: 'A',
        contactId: `back${d}`,
        start: ago(200),
        path: [
          ['consideration', 0],
          ['awareness', d],
        ],
      });
    // Re-entry: 50 days in consideration, forward to purchase, back to consideration 30 days ago.
    await seedPath(t.db, {
      portalId: 'A',
      contactId: 'again',
      start: ago(110),
      path: [
        ['consideration', 0],
        ['purchase', 50],
        ['consideration', 80],
      ],
    });

    await computeStageDwell(t.db, 'A', model, NOW);
    const forecastOf = async (id: string) =>
      forecastFrom((await loadStoredJourney(t.db, 'A', id, NOW)).forecast, false);
    expect(await forecastOf('thirty')).toEqual({ withinDays: 30, probability: 0.326, basis: 22 });
    expect(await forecastOf('again')).toEqual({ withinDays: 30, probability: 0.326, basis: 22 });
    expect(await forecastOf('fifty')).toBeNull();
    // The thresholds stay silent here (14 movers), the forecast speaks.
    expect((await loadStageDwell(t.db, 'A', model.id)).get('consideration')).toMatchObject({ p75: null, basis: 14 });
  });
});
