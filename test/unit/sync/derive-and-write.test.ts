import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { deriveAndWrite } from '../../../src/sync/derive-and-write.ts';
import { processTimers } from '../../../src/sync/process-timers.ts';
import { processHealthTimers } from '../../../src/sync/process-health-timers.ts';
import type { SyncDeps } from '../../../src/sync/sync-deps.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY } from '../../../src/sync/write-stages.ts';
import { HEALTH_PROPERTY } from '../../../src/sync/write-health.ts';
import { replaceStageDwell } from '../../../src/store/stage-dwell-store.ts';
import type { StoredEvidence } from '../../../src/store/contact-store.ts';
import { jobOf } from '../../helpers/job.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * The common tail of every sync path (derive, store, classify, write what changed, book the
 * next change) and the two timed jobs that run it without reading HubSpot: a time rule that
 * comes due (purchase + 30 days) and a health crossing (p75, p90). HubSpot is a fake that
 * records the calls; PGlite only: the statements are the stores', tested on both databases.
 */
const PORTAL = '62515';
const model = presets['classic-5']!;
const DAY = 86_400_000;
type Inputs = Array<{ id: string; properties: Record<string, string> }>;

const customerSince = (id: string, at: string): StoredEvidence => ({
  contact: {
    id,
    properties: {
      createdate: '2026-09-01T10:00:00.000Z',
      lifecyclestage: 'customer',
      hs_lifecyclestage_customer_date: at,
    },
  },
  deals: [],
});
const leadSince = (id: string, at: string): StoredEvidence => ({
  contact: {
    id,
    properties: { createdate: '2026-09-01T10:00:00.000Z', lifecyclestage: 'lead', hs_lifecyclestage_lead_date: at },
  },
  deals: [],
});

describe('deriveAndWrite and the timed jobs', () => {
  let t: TestDb;
  let clock: Date;
  let writes: Inputs[];
  let provisioningCalls: number;
  let deps: SyncDeps;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    clock = new Date('2026-11-20T12:00:00.000Z');
    writes = [];
    provisioningCalls = 0;
    const api = {
      async updateContacts(_portalId: string, inputs: Inputs) {
        writes.push(inputs);
        return [];
      },
      async createContactPropertyGroup() {
        provisioningCalls++;
        return true;
      },
      async createContactProperty() {
        provisioningCalls++;
        return true;
      },
    } as unknown as HubSpotApi;
    deps = { db: t.db, api, log: captureLog().log, now: () => clock, modelFor: async () => model };
  });
  afterEach(async () => {
    await t.drop();
  });

  const derive = (inputs: Array<[string, StoredEvidence]>) =>
    deriveAndWrite(
      deps,
      PORTAL,
      inputs.map(([contactId, evidence]) => ({ contactId, evidence, observedAt: clock })),
    );
  /** Consideration's thresholds: p75 20 days, p90 30 days, on 50 movers. */
  const considerationThresholds = () =>
    t.db.transaction((tx) =>
      replaceStageDwell(tx, PORTAL, model.id, {
        dwell: [{ stage: 'consideration', p50: 10, p75: 20, p90: 30, basis: 50 }],
        survival: [],
        movers: 50,
        now: clock,
      }),
    );
  const jobsOf = async (task: string) =>
    (
      await t.db.query<{ key: string; run_at: Date | string }>(
        'select key, run_at from jobs where portal_id = $1 and task = $2 order by key',
        [PORTAL, task],
      )
    ).rows.map((r) => [r.key, new Date(r.run_at).toISOString()]);
  const job = (task: string, key: string, runAt: Date) => jobOf(task, key, { runAt });
  const stageOf = async (id: string) =>
    (
      await t.db.query<{ stage: string }>('select stage from contacts where portal_id = $1 and contact_id = $2', [
        PORTAL,
        id,
      ])
    ).rows[0]?.stage;

  it('does nothing for no contacts', async () => {
    expect(await derive([])).toEqual({ written: 0, appended: 0, moves: 0 });
    expect(writes).toEqual([]);
  });

  it('provisions our properties once, writes each contact in one batch call, and books the time rule', async () => {
    const result = await derive([
      ['X', customerSince('X', '2026-11-01T09:00:00.000Z')],
      ['Y', leadSince('Y', '2026-11-10T09:00:00.000Z')],
    ]);
    expect(result.written).toBe(2);
    expect(provisioningCalls).toBeGreaterThan(0);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map((w) => [w.id, w.properties[STAGE_PROPERTY], w.properties[HIGHEST_PROPERTY]])).toEqual([
      ['X', 'purchase', 'purchase'],
      ['Y', 'consideration', 'consideration'],
    ]);
    expect(Date.parse(writes[0]![0]!.properties[ENTERED_AT_PROPERTY]!)).toBe(Date.parse('2026-11-01T09:00:00.000Z'));
    // Purchase + 30 days: retention, booked as a timed job at that instant.
    expect(await jobsOf(TASKS.contactTimer)).toEqual([
      ['X', new Date(Date.parse('2026-11-01T09:00:00.000Z') + 30 * DAY).toISOString()],
    ]);
  });

  it('writes nothing and provisions nothing again when the same evidence comes back', async () => {
    await derive([['X', customerSince('X', '2026-11-01T09:00:00.000Z')]]);
    const calls = provisioningCalls;
    writes.length = 0;
    expect((await derive([['X', customerSince('X', '2026-11-01T09:00:00.000Z')]])).written).toBe(0);
    expect(writes).toEqual([]);
    expect(provisioningCalls).toBe(calls);
  });

  it("sends a contact's stage and its health in the same call", async () => {
    await considerationThresholds();
    await derive([['Y', leadSince('Y', '2026-10-01T09:00:00.000Z')]]); // 50 days in consideration
    expect(writes).toEqual([
      [
        {
          id: 'Y',
          properties: expect.objectContaining({ [STAGE_PROPERTY]: 'consideration', [HEALTH_PROPERTY]: 'stuck' }),
        },
      ],
    ]);
  });

  it('a time rule that comes due moves the contact from its stored evidence, without reading HubSpot', async () => {
    await derive([['X', customerSince('X', '2026-11-01T09:00:00.000Z')]]);
    writes.length = 0;
    const due = new Date(Date.parse('2026-11-01T09:00:00.000Z') + 30 * DAY);
    clock = new Date(due.getTime() + 5_000);
    await processTimers(deps, [job(TASKS.contactTimer, 'X', due), job(TASKS.contactTimer, 'unknown', due)]);
    expect(await stageOf('X')).toBe('retention');
    expect(writes).toEqual([[{ id: 'X', properties: expect.objectContaining({ [STAGE_PROPERTY]: 'retention' }) }]]);
    expect(Date.parse(writes[0]![0]!.properties[ENTERED_AT_PROPERTY]!)).toBe(due.getTime());
  });

  it('a time rule of a contact deleted since writes nothing', async () => {
    await derive([['X', customerSince('X', '2026-11-01T09:00:00.000Z')]]);
    writes.length = 0;
    await t.db.query(`update contacts set deleted = true where contact_id = 'X'`);
    const due = new Date(Date.parse('2026-11-01T09:00:00.000Z') + 30 * DAY);
    clock = new Date(due.getTime() + 5_000);
    await processTimers(deps, [job(TASKS.contactTimer, 'X', due)]);
    expect(writes).toEqual([]);
    expect(await stageOf('X')).toBe('purchase');
  });

  it('a health crossing writes the new health and books the next crossing', async () => {
    await considerationThresholds();
    const entered = '2026-11-10T09:00:00.000Z';
    await derive([['Y', leadSince('Y', entered)]]);
    expect(writes.at(-1)).toEqual([
      { id: 'Y', properties: expect.objectContaining({ [HEALTH_PROPERTY]: 'on_track' }) },
    ]);
    const p75 = new Date(Date.parse(entered) + 20 * DAY + 1);
    expect(await jobsOf(TASKS.contactHealth)).toEqual([['Y', p75.toISOString()]]);
    await t.db.query('delete from jobs');
    writes.length = 0;
    clock = p75;
    await processHealthTimers(deps, [job(TASKS.contactHealth, 'Y', p75)]);
    expect(writes).toEqual([[{ id: 'Y', properties: { [HEALTH_PROPERTY]: 'behind' } }]]);
    expect(await jobsOf(TASKS.contactHealth)).toEqual([
      ['Y', new Date(Date.parse(entered) + 30 * DAY + 1).toISOString()],
    ]);
  });
});
