import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines } from '../../helpers/store-timelines.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { storeHealth } from '../../../src/sync/store-health.ts';
import type { SyncDeps } from '../../../src/sync/sync-deps.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { replaceStageDwell } from '../../../src/store/stage-dwell-store.ts';
import { saveAlerts } from '../../../src/store/owner-task-store.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * A derivation's health step (docs/health.md): each contact's verdict against its portal's
 * thresholds is stored with when it next changes (a timed job), a crossing into stuck or behind
 * may plan an owner task, and what HubSpot does not hold yet is returned for the same batch
 * write. PGlite only: the statements are the store's, tested on both databases there.
 */
const PORTAL = '62515';
const model = presets['classic-5']!;
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY + 1).toISOString();

describe('storeHealth', () => {
  let t: TestDb;
  let deps: SyncDeps;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    deps = {
      db: t.db,
      api: {} as HubSpotApi, // storeHealth calls nothing in HubSpot
      log: captureLog().log,
      now: () => now,
      modelFor: async () => model,
    };
    // Consideration: p75 20 days, p90 30 days, on 50 movers.
    await t.db.transaction((tx) =>
      replaceStageDwell(tx, PORTAL, model.id, {
        dwell: [{ stage: 'consideration', p50: 10, p75: 20, p90: 30, basis: 50 }],
        survival: [],
        movers: 50,
        now: new Date('2026-11-01'),
      }),
    );
    await storeTimelines(t.db, { portal: PORTAL, model: model.id }, [
      { contact: 'A', path: 'awareness@2026-11-01 consideration@2026-11-15' }, // 5.5 days
      { contact: 'B', path: 'awareness@2026-10-01 consideration@2026-10-26' }, // 25.5 days
      { contact: 'C', path: 'awareness@2026-09-01 consideration@2026-10-10' }, // 41.5 days
      { contact: 'D', path: 'awareness@2026-01-01 advocacy@2026-08-01' }, // the last stage
      { contact: 'E', path: 'awareness@2026-01-01', model: 'other-model' },
    ]);
  });
  afterEach(async () => {
    await t.drop();
  });

  const stored = async () =>
    (
      await t.db.query<{ contact_id: string; health: string | null; health_changes_at: Date | string | null }>(
        'select contact_id, health, health_changes_at from contacts where portal_id = $1 order by contact_id',
        [PORTAL],
      )
    ).rows.map((r) => [r.contact_id, r.health, r.health_changes_at && new Date(r.health_changes_at).toISOString()]);
  const timers = async () =>
    (
      await t.db.query<{ key: string; run_at: Date | string }>(
        'select key, run_at from jobs where portal_id = $1 and task = $2 order by key',
        [PORTAL, TASKS.contactHealth],
      )
    ).rows.map((r) => [r.key, new Date(r.run_at).toISOString()]);

  it("stores each contact's verdict and when it next changes, and books that change", async () => {
    const result = await storeHealth(deps, PORTAL, model, ['A', 'B', 'C', 'D', 'E'], now);
    expect(result.changed).toBe(3);
    expect(await stored()).toEqual([
      ['A', 'on_track', plus('2026-11-15', 20)],
      ['B', 'behind', plus('2026-10-26', 30)],
      ['C', 'stuck', null],
      ['D', null, null], // nobody is expected to leave the last stage
      ['E', null, null], // a contact of another model has no verdict by this one
    ]);
    expect(await timers()).toEqual([
      ['A', plus('2026-11-15', 20)],
      ['B', plus('2026-10-26', 30)],
    ]);
  });

  it('returns the health HubSpot does not hold yet, cleared health included', async () => {
    await t.db.query(`update contacts set written_health = 'on_track' where contact_id in ('A', 'D')`);
    const { toWrite } = await storeHealth(deps, PORTAL, model, ['A', 'B', 'C', 'D'], now);
    expect(toWrite.sort((a, b) => a.contactId.localeCompare(b.contactId))).toEqual([
      { contactId: 'B', health: 'behind' },
      { contactId: 'C', health: 'stuck' },
      { contactId: 'D', health: null },
    ]);
  });

  it('changes nothing and books nothing more when run again at the same time', async () => {
    await storeHealth(deps, PORTAL, model, ['A', 'B', 'C'], now);
    await t.db.query('delete from jobs');
    const again = await storeHealth(deps, PORTAL, model, ['A', 'B', 'C'], now);
    expect(again.changed).toBe(0);
    expect(await timers()).toEqual([]);
  });

  it('stores and books a new change time when the thresholds moved, with the same verdict', async () => {
    await storeHealth(deps, PORTAL, model, ['A'], now);
    // (A timer booked earlier would stay: the queue keeps the earliest, which only classifies again.)
    await t.db.query('delete from jobs');
    await t.db.transaction((tx) =>
      replaceStageDwell(tx, PORTAL, model.id, {
        dwell: [{ stage: 'consideration', p50: 10, p75: 22, p90: 30, basis: 60 }],
        survival: [],
        movers: 60,
        now,
      }),
    );
    expect((await storeHealth(deps, PORTAL, model, ['A'], now)).changed).toBe(1);
    expect((await stored())[0]).toEqual(['A', 'on_track', plus('2026-11-15', 22)]);
    expect(await timers()).toEqual([['A', plus('2026-11-15', 22)]]);
  });

  it('plans an owner task for a crossing into a level whose alert is on, once', async () => {
    await saveAlerts(t.db, PORTAL, { stuckTask: true }, new Date('2026-10-01'));
    await storeHealth(deps, PORTAL, model, ['A', 'B', 'C'], now);
    await storeHealth(deps, PORTAL, model, ['A', 'B', 'C'], now);
    const tasks = await t.db.query<{ contact_id: string; level: string; stage: string; crossed_at: Date | string }>(
      'select contact_id, level, stage, crossed_at from owner_tasks where portal_id = $1',
      [PORTAL],
    );
    expect(tasks.rows.map((r) => [r.contact_id, r.level, r.stage, new Date(r.crossed_at).toISOString()])).toEqual([
      ['C', 'stuck', 'consideration', plus('2026-10-10', 30)],
    ]);
  });

  it('reads nothing for no contacts', async () => {
    await t.db.exec('drop table stage_dwell cascade');
    expect(await storeHealth(deps, PORTAL, model, [], now)).toEqual({ changed: 0, toWrite: [] });
  });
});
