import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines } from '../../helpers/store-timelines.ts';
import { noteNewStays } from '../../../src/sync/note-new-stays.ts';
import { replaceStageDwell } from '../../../src/store/stage-dwell-store.ts';
import { MIN_BASIS } from '../../../src/analytics/classify-health.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * When a portal's health thresholds are computed again (docs/health.md): a portal never computed
 * as soon as it has MIN_BASIS movers; afterwards when the movers have grown by a tenth since the
 * last computation. Too early costs a computation over every stay; too late leaves health on old
 * thresholds. PGlite only: the statements are the store's.
 */
const PORTAL = '62515';
const MODEL = 'classic-5';
const now = new Date('2026-11-20T12:00:00.000Z');

describe('noteNewStays', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('pglite');
  });
  afterEach(async () => {
    await t.drop();
  });

  const note = (moves: number) => noteNewStays(t.db, PORTAL, MODEL, moves, now);
  const computations = async () =>
    (
      await t.db.query<{ task: string; key: string; run_at: Date | string }>(
        'select task, key, run_at from jobs where portal_id = $1',
        [PORTAL],
      )
    ).rows.map((j) => ({ task: j.task, key: j.key, runAt: new Date(j.run_at).toISOString() }));
  /** `n` contacts that each moved forward once (awareness, then consideration). */
  const movers = (n: number, from = 0) =>
    storeTimelines(
      t.db,
      { portal: PORTAL, model: MODEL },
      Array.from({ length: n }, (_, i) => ({
        contact: String(1000 + from + i),
        path: 'awareness@2026-10-01 consideration@2026-10-15',
      })),
    );
  const computedWith = (stays: number) =>
    t.db.transaction((tx) =>
      replaceStageDwell(tx, PORTAL, MODEL, { dwell: [], survival: [], movers: stays, now: new Date('2026-11-01') }),
    );

  it('a portal never computed waits for MIN_BASIS movers, then asks for a computation at once', async () => {
    await movers(MIN_BASIS - 1);
    expect(await note(3)).toBe(false);
    expect(await computations()).toEqual([]);
    await movers(1, MIN_BASIS - 1);
    expect(await note(1)).toBe(true);
    expect(await computations()).toEqual([{ task: TASKS.stageDwell, key: 'dwell', runAt: now.toISOString() }]);
  });

  it('a portal never computed counts its movers even when this batch moved nobody (entries from before the check)', async () => {
    await movers(MIN_BASIS);
    expect(await note(0)).toBe(true);
  });

  it('after a computation, asks again once the movers grew by a tenth of those it saw', async () => {
    await computedWith(100);
    expect(await note(4)).toBe(false);
    expect(await note(5)).toBe(false); // 9 since: under a tenth
    expect(await computations()).toEqual([]);
    expect(await note(1)).toBe(true); // 10 since: a tenth
    expect(await computations()).toHaveLength(1);
  });

  it('after a computation, a batch without moves asks for nothing, however many came since', async () => {
    await computedWith(100);
    expect(await note(50)).toBe(true);
    await t.db.query('delete from jobs');
    expect(await note(0)).toBe(false);
    expect(await computations()).toEqual([]);
  });

  it('after a computation on few movers, waits until MIN_BASIS movers in all', async () => {
    await computedWith(5);
    expect(await note(MIN_BASIS - 6)).toBe(false); // 5 + 14 = 19: growth enough, basis not
    expect(await note(1)).toBe(true); // 20
  });
});
