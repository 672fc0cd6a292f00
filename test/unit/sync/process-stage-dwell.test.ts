import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { storeTimelines } from '../../helpers/store-timelines.ts';
import {
  CONTACT_WORK_RECHECK_MS,
  CONTACT_WORK_WAIT_MS,
  processStageDwell,
} from '../../../src/sync/process-stage-dwell.ts';
import type { SyncDeps } from '../../../src/sync/sync-deps.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { HEALTH_PROPERTY } from '../../../src/sync/write-health.ts';
import { enqueue } from '../../../src/queue/sql/enqueue.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { jobOf } from '../../helpers/job.ts';

/*
 * The daily threshold job (docs/health.md): it waits while a burst's contact jobs run (each
 * batch computes what it needs; re-classifying meanwhile would write health twice), but not
 * for more than a minute; then computes the portal's quantiles, re-classifies every contact,
 * writes the health that changed, and books itself a day later. HubSpot is a fake that records
 * the calls; PGlite only.
 */
const PORTAL = '62515';
const model = presets['classic-5']!;
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
type Inputs = Array<{ id: string; properties: Record<string, string> }>;

const job = (payload: Record<string, unknown> = {}) => jobOf(TASKS.stageDwell, 'dwell', { payload, runAt: now });

describe('processStageDwell', () => {
  let t: TestDb;
  let writes: Inputs[];
  let deps: SyncDeps;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    writes = [];
    const api = {
      async updateContacts(_p: string, inputs: Inputs) {
        writes.push(inputs);
        return [];
      },
      createContactPropertyGroup: async () => true,
      createContactProperty: async () => true,
    } as unknown as HubSpotApi;
    deps = { db: t.db, api, log: captureLog().log, now: () => now, modelFor: async () => model };
    // 25 contacts left awareness after 1 to 25 days; one has been in awareness for 60 days.
    await storeTimelines(t.db, { portal: PORTAL, model: model.id }, [
      ...Array.from({ length: 25 }, (_, i) => ({
        contact: `m${i + 1}`,
        path: `awareness@2026-09-01 consideration@${new Date(Date.parse('2026-09-01') + (i + 1) * DAY).toISOString().slice(0, 10)}`,
      })),
      { contact: 'late', path: 'awareness@2026-09-21' },
    ]);
  });
  afterEach(async () => {
    await t.drop();
  });

  const jobs = async () =>
    (
      await t.db.query<{ task: string; run_at: Date | string; payload: Record<string, unknown> }>(
        'select task, run_at, payload from jobs where portal_id = $1 and task = $2',
        [PORTAL, TASKS.stageDwell],
      )
    ).rows.map((r) => ({ runAt: new Date(r.run_at).toISOString(), payload: r.payload }));
  /** The stages with a basis (the computation stores a row for every stage). */
  const thresholds = async () =>
    (
      await t.db.query<{ stage: string; basis: number; p75_days: number }>(
        'select stage, basis, p75_days from stage_dwell where portal_id = $1 and basis > 0 order by stage',
        [PORTAL],
      )
    ).rows;
  const contactWorkQueued = () =>
    enqueue(t.db, [{ portalId: PORTAL, task: TASKS.contactChanged, key: 'm1', runAt: now }], now);

  it('computes the thresholds, writes the health that changed, and books the next run a day later', async () => {
    await processStageDwell(deps, [job()]);
    expect(await thresholds()).toEqual([expect.objectContaining({ stage: 'awareness', basis: 25 })]);
    // Only the contact still in awareness has a basis to be judged by: 60 days is past p90.
    expect(writes).toEqual([[{ id: 'late', properties: { [HEALTH_PROPERTY]: 'stuck' } }]]);
    expect(await jobs()).toEqual([{ runAt: new Date(now.getTime() + DAY).toISOString(), payload: {} }]);
  });

  it("waits while the portal's contact jobs are queued, remembering since when", async () => {
    await contactWorkQueued();
    await processStageDwell(deps, [job()]);
    expect(await thresholds()).toEqual([]);
    expect(writes).toEqual([]);
    expect(await jobs()).toEqual([
      {
        runAt: new Date(now.getTime() + CONTACT_WORK_RECHECK_MS).toISOString(),
        payload: { waitingForContactsSince: now.toISOString() },
      },
    ]);
  });

  it('keeps the first waiting time across rechecks, and waits no longer than its limit', async () => {
    await contactWorkQueued();
    const since = new Date(now.getTime() - CONTACT_WORK_WAIT_MS + 1);
    await processStageDwell(deps, [job({ waitingForContactsSince: since.toISOString() })]);
    expect(await thresholds()).toEqual([]);
    expect((await jobs())[0]?.payload).toEqual({ waitingForContactsSince: since.toISOString() });
    await t.db.query(`delete from jobs where task = $1`, [TASKS.stageDwell]);
    const longAgo = new Date(now.getTime() - CONTACT_WORK_WAIT_MS);
    await processStageDwell(deps, [job({ waitingForContactsSince: longAgo.toISOString() })]);
    expect(await thresholds()).toHaveLength(1);
  });
});
