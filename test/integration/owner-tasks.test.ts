import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { getSigned, putSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { failing, interceptQueries } from '../helpers/intercept-queries.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { noteNewStays } from '../../src/sync/note-new-stays.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { Settings } from '@journey-stages/contract/settings-schema';
import { TASK_SEND_DELAY_MS } from '../../src/sync/plan-owner-tasks.ts';
import type { Db } from '../../src/store/db.ts';

const PORTAL = '62515';
const DAY = 86_400_000;
const T = new Date('2026-12-01T00:00:00.000Z');
const CREATE = 'POST /crm/objects/2026-09/tasks/batch/create';
const model = presets['classic-5']!;

// 20 movers of 1..20 days in consideration: p75 = 15, p90 = 18 (see stage-health.test.ts).
// The contacts watched here entered consideration 17.2 days before T: behind at T, stuck at
// entered + 18 days + 1 ms, 0.8 days later.
const enteredAt = new Date(T.getTime() - 17.2 * DAY);
const stuckAt = new Date(enteredAt.getTime() + 18 * DAY + 1);
// Planned tasks are sent a few minutes after the crossing, in one batch.
const sendAt = new Date(stuckAt.getTime() + TASK_SEND_DELAY_MS);

describe.each(dbKinds)('tasks for owners when a contact stalls (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService | undefined;
  let clock: Date;

  beforeEach(async () => {
    clock = T;
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
  });
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
    await fake.close();
    await t.drop();
  });

  /** The service, the movers, and one watched contact per name (HubSpot records with an owner). */
  async function start(
    o: { scopes?: string[]; db?: (db: Db) => Db; hubspotTimeoutMs?: number; watched?: string[] } = {},
  ) {
    svc = await startTestService(o.db ? { ...t, db: o.db(t.db) } : t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL, undefined, o.scopes) }),
      now: () => clock,
      ...(o.hubspotTimeoutMs ? { hubspotTimeoutMs: o.hubspotTimeoutMs } : {}),
    });
    await provisionProperties(t.db, svc.api, PORTAL, model);
    for (let d = 1; d <= 20; d++)
      await seedPath(t.db, {
        portalId: PORTAL,
        contactId: fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }),
        start: new Date(T.getTime() - 60 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
    const ids = new Map<string, string>();
    for (const name of o.watched ?? ['Jane']) {
      const id = fake.state.createContact(PORTAL, {
        lifecyclestage: 'lead',
        firstname: name,
        lastname: 'Doe',
        hubspot_owner_id: '71000001',
      });
      await seedPath(t.db, { portalId: PORTAL, contactId: id, start: enteredAt, path: [['consideration', 0]] });
      ids.set(name, id);
    }
    // The thresholds: every watched contact is behind at T, with no alert on.
    await noteNewStays(t.db, PORTAL, model.id, 20, clock);
    await settle();
    return ids;
  }

  // Every job due by the test's clock has run.
  const settle = () =>
    vi.waitFor(
      async () => {
        const r = await t.db.query<{ n: number }>(
          `select count(*)::int as n from jobs where state = 'running' or (state = 'pending' and run_at <= $1)`,
          [clock.toISOString()],
        );
        expect(r.rows[0]!.n).toBe(0);
      },
      { timeout: 30_000, interval: 50 },
    );
  const tasks = () =>
    fake.state.engagements
      .idsOf(PORTAL, 'tasks', () => true)
      .map((id) => fake.state.engagements.get(PORTAL, 'tasks', id)!);
  const creates = () => fake.calls.filter((c) => `${c.method} ${c.path.split('?')[0]}` === CREATE).length;
  const rows = async () =>
    (await t.db.query<{ state: string; task_id: string | null }>('select state, task_id from owner_tasks')).rows;
  const putSettings = (body: unknown) =>
    putSigned(svc!, `/api/settings?portalId=${PORTAL}`, JSON.stringify(body), { timestamp: clock.getTime() });
  const settings = async () =>
    Settings.parse(
      await (await getSigned(svc!, `/api/settings?portalId=${PORTAL}`, { timestamp: clock.getTime() })).json(),
    );

  it('a contact that becomes stuck gets exactly one task, owned by its owner, and none for crossings before the alert', async () => {
    const ids = await start();
    const jane = ids.get('Jane')!;
    expect((await settings()).alerts).toMatchObject({ behindTask: false, stuckTask: false, maxTasksPerDay: 200 });
    const res = await putSettings({ alerts: { behindTask: true, stuckTask: true } });
    expect(res.status).toBe(200);
    expect((await settings()).alerts).toMatchObject({ behindTask: true, stuckTask: true });
    // A contact first classified after the alert is on, stuck since long before it: backlog, no task.
    const old = fake.state.createContact(PORTAL, {
      lifecyclestage: 'lead',
      firstname: 'Old',
      hubspot_owner_id: '71000001',
    });
    await seedPath(t.db, {
      portalId: PORTAL,
      contactId: old,
      start: new Date(T.getTime() - 30 * DAY),
      path: [['consideration', 0]],
    });
    clock = new Date(T.getTime() + 60_000);
    await enqueue(t.db, [{ portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: clock }], clock);
    await settle();
    expect((await t.db.query('select health from contacts where contact_id = $1', [old])).rows).toEqual([
      { health: 'stuck' },
    ]);
    // Jane became behind before the alert was on: no task for that crossing either.
    expect(tasks()).toEqual([]);

    clock = stuckAt;
    await settle();
    // Planned with the health change, sent a few minutes later with whatever else crossed.
    expect(await rows()).toEqual([{ state: 'pending', task_id: null }]);
    expect(tasks()).toEqual([]);
    clock = sendAt;
    await vi.waitFor(() => expect(tasks()).toHaveLength(1), { timeout: 30_000, interval: 50 });
    await settle();
    const [task] = tasks();
    expect(task!.contactId).toBe(jane);
    expect(task!.properties).toMatchObject({
      hubspot_owner_id: '71000001',
      hs_task_subject: 'Stuck in Consideration: Jane Doe, 18 days (3 in 4 who move on do so within 15)',
      hs_timestamp: new Date(sendAt.getTime() + DAY).toISOString(),
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: 'HIGH',
    });
    expect(task!.properties.hs_task_body).toContain(model.stages[1]!.guidance!.help[0]!);
    expect(await rows()).toEqual([{ state: 'created', task_id: task!.id }]);

    // The same crossing handled again (a retried timer, a recomputation): no second task.
    await enqueue(
      t.db,
      [
        { portalId: PORTAL, task: 'contact-health', key: jane, runAt: clock },
        { portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: clock },
        { portalId: PORTAL, task: 'owner-tasks', key: 'tasks', runAt: clock },
      ],
      clock,
    );
    await settle();
    expect(tasks()).toHaveLength(1);
    expect(creates()).toBe(1);
    expect((await settings()).alerts?.today).toMatchObject({ created: 1, capped: 0, planned: 0 });
  });

  it('none while a rep snoozed the flag, none for a deleted contact, and the daily cap counts the rest', async () => {
    const ids = await start({ watched: ['Ann', 'Bob', 'Cid', 'Dee'] });
    expect((await putSettings({ alerts: { stuckTask: true, maxTasksPerDay: 1 } })).status).toBe(200);
    await t.db.query(
      `insert into health_snoozes (portal_id, contact_id, until_at, reason, created_at) values ($1, $2, $3, 'on leave', $4)`,
      [PORTAL, ids.get('Bob'), new Date(T.getTime() + 30 * DAY).toISOString(), T.toISOString()],
    );
    await t.db.query('update contacts set deleted = true where portal_id = $1 and contact_id = $2', [
      PORTAL,
      ids.get('Dee'),
    ]);
    clock = stuckAt;
    await enqueue(t.db, [{ portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: clock }], clock);
    await settle();
    clock = sendAt;
    await vi.waitFor(() => expect(tasks()).toHaveLength(1), { timeout: 30_000, interval: 50 });
    await settle();
    expect([ids.get('Ann'), ids.get('Cid')]).toContain(tasks()[0]!.contactId);
    expect((await settings()).alerts?.today).toMatchObject({ created: 1, capped: 1 });
    expect(await rows()).toHaveLength(2);
  });

  it('bad toggles or cap: 400 naming the field, nothing stored', async () => {
    await start();
    for (const [alerts, field] of [
      [{ behindTask: 'yes' }, 'alerts.behindTask'],
      [{ maxTasksPerDay: 0 }, 'alerts.maxTasksPerDay'],
      [{ maxTasksPerDay: 5001 }, 'alerts.maxTasksPerDay'],
      [{ stuckTask: true, extra: 1 }, 'alerts'],
    ] as const) {
      const res = await putSettings({ alerts });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(field);
    }
    expect((await t.db.query('select * from portal_alerts')).rows).toEqual([]);
  });

  it('HubSpot refusing the create (a missing scope) is recorded, counted and shown, never retried', async () => {
    await start({ scopes: ['crm.objects.contacts.read'] });
    await putSettings({ alerts: { stuckTask: true } });
    clock = stuckAt;
    await settle();
    clock = sendAt;
    await vi.waitFor(async () => expect(await rows()).toEqual([{ state: 'refused', task_id: null }]), {
      timeout: 30_000,
      interval: 50,
    });
    await settle();
    clock = new Date(clock.getTime() + 3_600_000);
    await enqueue(t.db, [{ portalId: PORTAL, task: 'owner-tasks', key: 'tasks', runAt: clock }], clock);
    await settle();
    expect(creates()).toBe(1);
    expect(tasks()).toEqual([]);
    const alerts = (await settings()).alerts!;
    expect(alerts.lastRefusal?.reason).toMatch(/scopes/);
    expect(alerts.today.refused).toBe(1);
    expect(await (await fetch(`${svc!.url}/metrics`)).text()).toMatch(
      /journey_owner_tasks_total\{outcome="refused"\} 1/,
    );
  });

  it('a crash between HubSpot creating the task and our commit never makes a second one', async () => {
    // The statement recording the outcome fails once, as if the worker died after HubSpot answered.
    await start({
      db: (db) =>
        interceptQueries(
          db,
          failing(1, (sql) => sql.includes('update owner_tasks o set state = x.state')),
        ),
    });
    await putSettings({ alerts: { stuckTask: true } });
    clock = stuckAt;
    await settle();
    clock = sendAt;
    await vi.waitFor(() => expect(tasks()).toHaveLength(1), { timeout: 30_000, interval: 50 });
    await settle();
    expect(await rows()).toEqual([{ state: 'sending', task_id: null }]);
    // The job's retry comes after its backoff: it finds the task by its marker and creates none.
    clock = new Date(clock.getTime() + 3_600_000);
    await vi.waitFor(async () => expect((await rows())[0]?.state).toBe('created'), { timeout: 30_000, interval: 50 });
    expect(tasks()).toHaveLength(1);
    expect(creates()).toBe(1);
    expect(await rows()).toEqual([{ state: 'created', task_id: tasks()[0]!.id }]);
  });
});
