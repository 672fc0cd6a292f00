import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { readEvidence } from '../../src/sync/read-evidence.ts';
import { deriveAndWrite, propertiesFor } from '../../src/sync/derive-and-write.ts';
import {
  CONTACT_WORK_RECHECK_MS,
  CONTACT_WORK_WAIT_MS,
  processStageDwell,
} from '../../src/sync/process-stage-dwell.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { TASKS } from '../../src/queue/tasks.ts';

// A fresh portal has no thresholds (docs/health.md): the batch whose moves give a stage its
// basis computes them before it classifies its own contacts, so they are written once with
// their verdict, not empty and then again by the stage-dwell job (one call per 100 saved).
const PORTAL = '62515';
const DAY = 86_400_000;
const T = new Date('2026-12-01T00:00:00.000Z');
const UPDATE = '/crm/objects/2026-09/contacts/batch/update';
const model = presets['classic-5']!;

describe.each(dbKinds)('the first basis before the batch that makes it is written (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL], now: () => T });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      now: () => T,
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await provisionProperties(svc.db, svc.api, PORTAL, model);
    fake.calls.length = 0;
  });
  afterEach(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const ago = (days: number) => new Date(T.getTime() - days * DAY);
  const updates = () => fake.calls.filter((c) => c.method === 'POST' && c.path === UPDATE).length;
  /** New contacts in the CRM `days` ago: awareness since then. */
  const newContacts = (n: number, days: number) =>
    Array.from({ length: n }, () => fake.state.createContact(PORTAL, {}, { at: ago(days) }));
  /** Reads and derives contacts as a contact job does (one batch). */
  const derive = async (ids: string[]) => {
    const { evidence } = await readEvidence(svc.db, svc.api, PORTAL, ids, propertiesFor(model));
    fake.calls.length = 0;
    await deriveAndWrite(
      svc.sync,
      PORTAL,
      [...evidence].map(([contactId, ev]) => ({ contactId, evidence: ev, observedAt: T })),
    );
  };
  /** 25 movers stored as another path would store them (awareness stays of 1 to 5 days): awareness gets its basis. */
  const seedMovers = async () => {
    for (let i = 0; i < 25; i++)
      await seedPath(t.db, {
        portalId: PORTAL,
        contactId: `mover-${i}`,
        start: ago(10),
        path: [
          ['awareness', 0],
          ['consideration', 1 + (i % 5)],
        ],
      });
  };
  /** The stage-dwell task's handler on one job. */
  const stageDwell = (payload: Record<string, unknown> = {}, id = 1) =>
    processStageDwell(svc.sync, [
      { portalId: PORTAL, id, task: TASKS.stageDwell, key: 'dwell', payload, attempts: 1, maxAttempts: 5, runAt: T },
    ]);

  it('contacts still in the stage that just got its basis are written with their verdict in the same call', async () => {
    // 25 movers: in the CRM 10 days ago, leads 5 days later (awareness stays of 1 to 5 days).
    const movers = Array.from({ length: 25 }, (_, i) => {
      const id = fake.state.createContact(PORTAL, {}, { at: ago(10) });
      fake.state.updateContact(PORTAL, id, { lifecyclestage: 'lead' }, { at: ago(10 - 1 - (i % 5)) });
      return id;
    });
    // 10 contacts in awareness for 2 days: on track against the movers' p75 of 4 days.
    const waiting = newContacts(10, 2);
    await derive([...movers, ...waiting]);
    expect(updates()).toBe(1);
    for (const id of waiting)
      expect(fake.state.getContact(PORTAL, id)?.properties).toMatchObject({
        journey_stage: 'awareness',
        journey_stage_health: 'on_track',
      });

    // The stage-dwell job the growth asked for re-classifies the portal: nothing left to write.
    const job = await t.db.query<{ id: string }>(
      `select id from jobs where portal_id = $1 and task = $2 and state = 'pending'`,
      [PORTAL, TASKS.stageDwell],
    );
    expect(job.rows).toHaveLength(1);
    fake.calls.length = 0;
    await stageDwell({}, Number(job.rows[0]!.id));
    expect(updates()).toBe(0);
  });

  it("the portal's re-classification waits while contact work is queued or running (at most a minute), then writes what changed", async () => {
    // Contacts written before any basis: no verdict yet; then awareness gets its basis.
    const waiting = newContacts(10, 2);
    await derive(waiting);
    await seedMovers();
    const pendingDwell = async () =>
      (
        await t.db.query<{ run_at: Date | string; payload: Record<string, unknown> }>(
          `select run_at, payload from jobs where portal_id = $1 and task = $2 and state = 'pending'`,
          [PORTAL, TASKS.stageDwell],
        )
      ).rows.map((r) => ({ runAt: new Date(r.run_at).toISOString(), payload: r.payload }));
    const contactWork = () => enqueue(t.db, [{ portalId: PORTAL, task: TASKS.contactChanged, key: '999' }], T);
    const clear = () => t.db.query('delete from jobs where portal_id = $1', [PORTAL]);

    await clear();
    await contactWork();
    fake.calls.length = 0;
    await stageDwell();
    expect(updates()).toBe(0);
    expect(await pendingDwell()).toEqual([
      {
        runAt: new Date(T.getTime() + CONTACT_WORK_RECHECK_MS).toISOString(),
        payload: { waitingForContactsSince: T.toISOString() },
      },
    ]);

    // A minute of waiting is enough, however busy the portal stays.
    await clear();
    await contactWork();
    await stageDwell({ waitingForContactsSince: new Date(T.getTime() - CONTACT_WORK_WAIT_MS).toISOString() });
    expect(updates()).toBe(1);
    for (const id of waiting)
      expect(fake.state.getContact(PORTAL, id)?.properties.journey_stage_health).toBe('on_track');
    expect((await pendingDwell()).map((j) => j.runAt)).toEqual([new Date(T.getTime() + DAY).toISOString()]);
  });

  it('the re-classification runs at once when no contact work is queued or running', async () => {
    await derive(newContacts(3, 2));
    await seedMovers();
    await t.db.query('delete from jobs where portal_id = $1', [PORTAL]);
    fake.calls.length = 0;
    await stageDwell();
    expect(updates()).toBe(1);
  });
});
