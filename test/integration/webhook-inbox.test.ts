import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, TEST_APP_ID, type TestService } from '../helpers/start-test-service.ts';
import { contactCreation, contactPropertyChange } from '../helpers/webhook-events.ts';
import { expandInbox } from '../helpers/expand-inbox.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { expandInboxHandler } from '../../src/intake/expand-inbox.ts';
import { claim } from '../../src/queue/sql/claim.ts';
import { TASKS } from '../../src/queue/tasks.ts';
import type { Db } from '../../src/store/db.ts';
import { failing, interceptQueries } from '../helpers/intercept-queries.ts';

const count = async (t: TestDb, table: string) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

/** The service's expansion, as a worker runs it, on the jobs claimed now. */
const expander = (svc: TestService, db: Db = svc.db) =>
  expandInboxHandler({
    db,
    appId: TEST_APP_ID,
    now: () => new Date(),
    log: captureLog().log,
    metrics: svc.metrics,
    debounceMs: 0,
  });
const claimInbox = (db: Db, workerId: string) =>
  claim(db, { workerId, now: new Date(), limit: 10, lockMs: 60_000, tasks: [TASKS.webhookInbox] });

/** `db` whose transactions fail at the statement that deletes an inbox row, `times` times. */
const failingAtInboxDelete = (db: Db, times: number): Db =>
  interceptQueries(
    db,
    failing(times, (sql) => sql.startsWith('delete from webhook_inbox')),
  );

describe.each(dbKinds)('webhook inbox: a request is answered once stored as received, then expanded (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active'), ('777', 'active')`);
    svc = await startTestService(t); // web role only: nothing expands unless the test does it
  });
  afterEach(async () => {
    await svc.stop();
    await t.drop();
  });

  it('answers 204 with the request in the inbox, one row and one job per portal it names, and no event parsed yet', async () => {
    const body = [contactCreation(101), contactCreation(102, 777), contactPropertyChange({ objectId: 103 })];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    const rows = await t.db.query<{ portal_id: string; events: string }>(
      'select portal_id, events from webhook_inbox order by portal_id',
    );
    expect(rows.rows.map((r) => [r.portal_id, (JSON.parse(r.events) as unknown[]).length])).toEqual([
      ['62515', 2],
      ['777', 1],
    ]);
    const jobs = await t.db.query<{ portal_id: string; task: string }>('select portal_id, task from jobs order by 1');
    expect(jobs.rows).toEqual([
      { portal_id: '62515', task: TASKS.webhookInbox },
      { portal_id: '777', task: TASKS.webhookInbox },
    ]);
    expect(await count(t, 'webhook_events')).toBe(0);

    await expandInbox(svc);
    expect(await count(t, 'webhook_inbox')).toBe(0);
    const stored = await t.db.query<{ portal_id: string; object_id: string }>(
      'select portal_id, object_id from webhook_events order by object_id',
    );
    expect(stored.rows).toEqual([
      { portal_id: '62515', object_id: '101' },
      { portal_id: '777', object_id: '102' },
      { portal_id: '62515', object_id: '103' },
    ]);
    const objectJobs = await t.db.query<{ key: string }>(`select key from jobs where task = $1 order by key`, [
      TASKS.contactChanged,
    ]);
    expect(objectJobs.rows.map((r) => r.key)).toEqual(['101', '102', '103']);
  });

  it('events that name no readable portal still end in quarantine, not lost', async () => {
    const body = [{ ...contactCreation(201), portalId: 'not-a-portal' }];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    expect((await t.db.query<{ portal_id: string }>('select portal_id from webhook_inbox')).rows).toEqual([
      { portal_id: '' },
    ]);
    await expandInbox(svc);
    const q = await t.db.query<{ portal_id: string; reason: string }>(
      'select portal_id, reason from quarantined_events',
    );
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]!.reason).toMatch(/portalId/);
    expect(await count(t, 'webhook_inbox')).toBe(0);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'event'],
    ['an array', [1]],
  ])(
    'an item that is %s is quarantined and the rest of its request stored; no row or job is left behind',
    async (_name, item) => {
      const body = [item, contactCreation(202)];
      expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      await expandInbox(svc);
      const q = await t.db.query<{ portal_id: string; raw: unknown }>('select portal_id, raw from quarantined_events');
      expect(q.rows).toEqual([{ portal_id: '', raw: item }]);
      expect(await count(t, 'webhook_events')).toBe(1);
      expect(await count(t, 'webhook_inbox')).toBe(0);
      expect(await count(t, "jobs where task = 'webhook-inbox'")).toBe(0);
    },
  );

  it.each([
    ['an extra field', 10_000],
    ['its propertyValue', 200_000],
  ])(
    'an event nesting %s thousands of levels deep is quarantined with the reason, the rest stored, and the answer is 204 (#25)',
    async (where, depth) => {
      // Written out by hand: JSON.stringify itself overflows the stack at such depths.
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const deep = JSON.stringify(contactPropertyChange({ objectId: 204 })).replace(
        where === 'an extra field' ? /^\{/ : /"propertyValue":"lead"/,
        where === 'an extra field' ? `{"extra":${nested},` : `"propertyValue":${nested}`,
      );
      const body = `[${deep},${JSON.stringify(contactCreation(205))}]`;
      expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
      await expandInbox(svc);
      const q = await t.db.query<{ portal_id: string; reason: string }>(
        'select portal_id, reason from quarantined_events',
      );
      expect(q.rows).toEqual([
        {
          portal_id: '62515',
          reason: "the event nests more than 64 levels deep (HubSpot's events are flat); kept cut at that depth",
        },
      ]);
      const stored = await t.db.query<{ object_id: string }>('select object_id from webhook_events');
      expect(stored.rows).toEqual([{ object_id: '205' }]);
      expect(await count(t, 'webhook_inbox')).toBe(0);
    },
  );

  it('an event dated in the year 9999 is quarantined, not stored to date the contact in the future', async () => {
    const future = contactPropertyChange({ objectId: 203, propertyValue: 'customer', occurredAt: 253_402_300_799_999 });
    const body = [future, contactPropertyChange({ objectId: 203, propertyValue: 'lead' })];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    await expandInbox(svc);
    const q = await t.db.query<{ reason: string }>('select reason from quarantined_events');
    expect(q.rows).toEqual([
      { reason: 'occurredAt: 9999-12-31T23:59:59.999Z is more than a day after the request arrived' },
    ]);
    const stored = await t.db.query<{ occurred_at: Date }>('select occurred_at from webhook_events');
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.occurred_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('an expansion that fails before its commit leaves the request whole, and the retry stores it once', async () => {
    const body = [contactCreation(301), { ...contactCreation(302), objectId: 'bad' }];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    const jobs = await claimInbox(t.db, 'w1');
    const failures = await expander(svc, failingAtInboxDelete(t.db, 1))(jobs);
    expect(failures.map((f) => f.error)).toEqual(['connection lost (test)']);
    expect(await count(t, 'webhook_inbox')).toBe(1);
    expect(await count(t, 'webhook_events')).toBe(0);
    expect(await count(t, 'quarantined_events')).toBe(0);

    expect(await expander(svc)(jobs)).toEqual([]);
    expect(await count(t, 'webhook_inbox')).toBe(0);
    expect(await count(t, 'webhook_events')).toBe(1);
    expect(await count(t, 'quarantined_events')).toBe(1);
  });

  it('a request of many events that fails at its end is stored once by the retry', async () => {
    const body = [
      ...Array.from({ length: 60 }, (_, i) => contactCreation(500 + i)),
      { ...contactCreation(599), objectId: 'bad' },
    ];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    const jobs = await claimInbox(t.db, 'w1');
    expect((await expander(svc, failingAtInboxDelete(t.db, 1))(jobs)).map((f) => f.error)).toEqual([
      'connection lost (test)',
    ]);
    expect(await count(t, 'webhook_inbox')).toBe(1);
    expect(await count(t, 'quarantined_events')).toBe(0);

    expect(await expander(svc)(jobs)).toEqual([]);
    expect(await count(t, 'webhook_inbox')).toBe(0);
    expect(await count(t, 'webhook_events')).toBe(60);
    expect(await count(t, 'quarantined_events')).toBe(1);
    const pending = await t.db.query<{ n: number }>(
      `select count(distinct key)::int as n from jobs where task = $1 and state = 'pending'`,
      [TASKS.contactChanged],
    );
    expect(pending.rows[0]!.n).toBe(60);
  });

  it('two workers expanding the same request (a lease lost in a stall) store it once', async () => {
    const body = [contactCreation(401), { ...contactCreation(402), objectId: 'bad' }];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    const jobs = await claimInbox(t.db, 'w1');
    const [a, b] = await Promise.all([expander(svc)(jobs), expander(svc)(jobs)]);
    expect([...a, ...b]).toEqual([]);
    expect(await count(t, 'webhook_inbox')).toBe(0);
    expect(await count(t, 'webhook_events')).toBe(1);
    expect(await count(t, 'quarantined_events')).toBe(1);
  });
});
