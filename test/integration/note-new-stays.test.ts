import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { noteNewStays } from '../../src/sync/note-new-stays.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');

describe.each(dbKinds)('recomputing dwell quantiles when the stays grew by a tenth (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  const pending = async () =>
    (
      await t.db.query<{ portal_id: string; run_at: Date | string }>(
        `select portal_id, run_at from jobs where task = 'stage-dwell' and state = 'pending'`,
      )
    ).rows.map((r) => ({ portalId: r.portal_id, runAt: new Date(r.run_at) }));

  it('a portal never computed is computed as soon as it has 20 movers', async () => {
    const moved: Array<[string, number]> = [
      ['awareness', 0],
      ['consideration', 1],
    ];
    for (let i = 0; i < 19; i++) await seedPath(t.db, { portalId: 'A', contactId: `a${i}`, start: NOW, path: moved });
    // Stays that have not ended by moving forward do not count, however many.
    for (let i = 0; i < 30; i++)
      await seedPath(t.db, { portalId: 'A', contactId: `w${i}`, start: NOW, path: [['awareness', 0]] });
    expect(await noteNewStays(t.db, 'A', 'classic-5', 19, NOW)).toBe(false);
    expect(await pending()).toEqual([]);
    await seedPath(t.db, { portalId: 'A', contactId: 'a19', start: NOW, path: moved });
    expect(await noteNewStays(t.db, 'A', 'classic-5', 1, NOW)).toBe(true);
    expect(await pending()).toEqual([{ portalId: 'A', runAt: NOW }]);
  });

  it('after a computation on 100 stays, 9 new ones wait and the 10th brings the run forward to now', async () => {
    await t.db.query(
      `insert into stage_dwell_runs (portal_id, model_id, stays, computed_at) values ('A', 'classic-5', 100, $1), ('B', 'classic-5', 100, $1)`,
      [NOW.toISOString()],
    );
    expect(await noteNewStays(t.db, 'A', 'classic-5', 5, NOW)).toBe(false);
    expect(await noteNewStays(t.db, 'A', 'classic-5', 4, NOW)).toBe(false);
    // Another portal's growth counts for that portal only.
    expect(await noteNewStays(t.db, 'B', 'classic-5', 9, NOW)).toBe(false);
    expect(await pending()).toEqual([]);
    expect(await noteNewStays(t.db, 'A', 'classic-5', 1, NOW)).toBe(true);
    expect(await pending()).toEqual([{ portalId: 'A', runAt: NOW }]);
  });
});
