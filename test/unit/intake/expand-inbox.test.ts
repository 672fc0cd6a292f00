import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expandInboxHandler } from '../../../src/intake/expand-inbox.ts';
import { inboxWriter } from '../../../src/intake/inbox-writer.ts';
import type { Job } from '../../../src/queue/job.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { createMetrics, type Metrics } from '../../../src/metrics.ts';
import type { Db } from '../../../src/store/db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { failing, interceptQueries } from '../../helpers/intercept-queries.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { contactCreation, contactPropertyChange, genericAssociation } from '../../helpers/webhook-events.ts';

/*
 * The worker's side of the intake: webhook requests stored as received (inbox-writer.ts)
 * expanded into stored events, quarantine and jobs, on one PGlite database for the file.
 */

const NOW = new Date('2026-12-07T04:00:00.000Z');
const RECEIVED = new Date('2026-12-07T03:59:58.000Z');
const OCCURRED = RECEIVED.getTime() - 60_000;
const APP_ID = '424242';
const DEBOUNCE_MS = 1_000;

type LogLine = { level: number; msg: string; notInstalled?: number; quarantined?: number; reason?: string };

describe('expandInboxHandler (on PGlite)', () => {
  let t: TestDb;
  let metrics: Metrics;
  let logLines: () => LogLine[];
  let wakes: number[];

  const rows = async <R>(sql: string) => (await t.db.query<R>(sql)).rows;
  const count = async (table: string) => (await rows<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  function handler(options: { db?: Db; onStored?: boolean } = {}) {
    return expandInboxHandler({
      db: options.db ?? t.db,
      appId: APP_ID,
      now: () => NOW,
      log: (() => {
        const captured = captureLog();
        logLines = () => captured.lines().map((line) => JSON.parse(line) as LogLine);
        return captured.log;
      })(),
      metrics,
      debounceMs: DEBOUNCE_MS,
      ...(options.onStored === false ? {} : { onStored: (ms: number) => void wakes.push(ms) }),
    });
  }

  /** Stores a request as the route does and returns the jobs that expand it, as a worker claims them. */
  async function receive(events: unknown[]): Promise<Job[]> {
    await inboxWriter(t.db)(events, RECEIVED);
    return pendingInboxJobs();
  }

  async function pendingInboxJobs(): Promise<Job[]> {
    const found = await t.db.query<{ portal_id: string; id: string | number; key: string }>(
      `select portal_id, id, key from jobs where task = '${TASKS.webhookInbox}' and state = 'pending' order by id`,
    );
    return found.rows.map((r) => ({
      portalId: r.portal_id,
      id: Number(r.id),
      task: TASKS.webhookInbox,
      key: r.key,
      payload: {},
      attempts: 1,
      maxAttempts: 10,
      runAt: RECEIVED,
    }));
  }

  const outcomes = async () =>
    Object.fromEntries(
      [...(await metrics.registry.metrics()).matchAll(/journey_webhook_events_total\{outcome="(\w+)"\} (\d+)/g)].map(
        (m) => [m[1], Number(m[2])],
      ),
    );

  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    for (const table of [
      'webhook_inbox',
      'jobs',
      'webhook_events',
      'quarantined_events',
      'contact_touchpoints',
      'portals',
    ])
      await t.db.query(`delete from ${table}`);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
    metrics = createMetrics();
    wakes = [];
  });

  it('a request becomes its stored events, their jobs due after the debounce, quarantine with the reason; the row goes and /metrics counts each outcome', async () => {
    await t.db.query(
      `insert into contact_touchpoints (portal_id, contact_id, items, read_at) values ('62515', '103', '[]', $1)`,
      [NOW.toISOString()],
    );
    const created = contactCreation(101, 62515, OCCURRED);
    const jobs = await receive([
      created,
      { ...contactCreation(102, 62515, OCCURRED), objectId: 'not-a-number' },
      contactPropertyChange({
        objectId: 101,
        occurredAt: OCCURRED,
        propertyName: 'journey_stage',
        changeSource: 'INTEGRATION',
        sourceId: APP_ID,
      }),
      { ...contactCreation(105, 62515, OCCURRED), subscriptionType: 'company.creation' },
      genericAssociation(103, 5001, { fromObjectTypeId: '0-1', toObjectTypeId: '0-5', occurredAt: OCCURRED }),
      contactCreation(104, 999, OCCURRED),
    ]);
    expect(jobs).toHaveLength(2); // one row per portal named

    const expand = handler();
    expect(await expand(jobs)).toEqual([]);

    expect(
      (
        await rows<{ object_id: string; received_at: Date | string }>(
          'select object_id, received_at from webhook_events',
        )
      ).map((r) => [r.object_id, new Date(r.received_at).toISOString()]),
    ).toEqual([['101', RECEIVED.toISOString()]]);
    expect(
      (
        await rows<{ task: string; key: string; run_at: Date | string }>(
          `select task, key, run_at from jobs where task <> '${TASKS.webhookInbox}'`,
        )
      ).map((r) => [r.task, r.key, new Date(r.run_at).toISOString()]),
    ).toEqual([['contact-changed', '101', new Date(NOW.getTime() + DEBOUNCE_MS).toISOString()]]);
    const quarantined = await rows<{ portal_id: string; reason: string }>(
      'select portal_id, reason from quarantined_events',
    );
    expect(quarantined).toEqual([{ portal_id: '62515', reason: expect.stringMatching(/^objectId: /) }]);
    expect(await count('webhook_inbox')).toBe(0);
    const touchpoints = await rows<{ read_at: Date | string }>('select read_at from contact_touchpoints');
    expect(touchpoints.map((r) => new Date(r.read_at).getTime())).toEqual([0]);
    expect(await outcomes()).toEqual({
      stored: 1,
      duplicate: 0,
      quarantined: 1,
      ignored: 1,
      touchpoints_expired: 1,
      own_write: 1,
      not_installed: 1,
    });
    expect(wakes).toEqual([DEBOUNCE_MS]);
    const logged = logLines();
    expect(logged.filter((l) => l.level === 30)).toEqual([
      expect.objectContaining({
        notInstalled: 1,
        msg: 'webhook events for a portal that is not installed were dropped: HubSpot stops once the app is uninstalled',
      }),
    ]);
    expect(logged.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({
        quarantined: 1,
        reason: quarantined[0]!.reason,
        msg: 'webhook events quarantined: they did not parse or could not be stored; see quarantined_events',
      }),
    ]);

    // HubSpot's retry of the stored event: a duplicate, nothing to wake a worker for, nothing to log.
    metrics = createMetrics();
    const again = handler();
    expect(await again(await receive([created]))).toEqual([]);
    expect(await count('webhook_events')).toBe(1);
    expect(await outcomes()).toEqual({
      stored: 0,
      duplicate: 1,
      quarantined: 0,
      ignored: 0,
      touchpoints_expired: 0,
      own_write: 0,
      not_installed: 0,
    });
    expect(wakes).toEqual([DEBOUNCE_MS]);
    expect(logLines()).toEqual([]);
  });

  it('a row the intake quarantined whole (an event nested too deep) quarantines its events with that reason, unparsed', async () => {
    const nested = JSON.parse('['.repeat(70) + ']'.repeat(70));
    const deep = { ...contactCreation(201, 62515, OCCURRED), extra: nested };
    const jobs = await receive([deep, contactCreation(202, 62515, OCCURRED)]);
    expect(await handler()(jobs)).toEqual([]);
    expect((await rows<{ object_id: string }>('select object_id from webhook_events')).map((r) => r.object_id)).toEqual(
      ['202'],
    );
    const quarantined = await rows<{ portal_id: string; reason: string; raw: { objectId: number } }>(
      'select portal_id, reason, raw from quarantined_events',
    );
    expect(quarantined).toEqual([
      {
        portal_id: '62515',
        reason: expect.stringMatching(/^the event nests more than 64 levels deep/),
        raw: expect.objectContaining({ objectId: 201 }),
      },
    ]);
    expect(await count('webhook_inbox')).toBe(0);
    expect(await outcomes()).toMatchObject({ stored: 1, quarantined: 1, ignored: 0, touchpoints_expired: 0 });
  });

  it('an event dated more than a day after its request arrived (not after its expansion) is quarantined', async () => {
    const day = 86_400_000;
    const jobs = await receive([contactCreation(501, 62515, RECEIVED.getTime() + day + 1)]);
    expect(await handler()(jobs)).toEqual([]);
    expect(await count('webhook_events')).toBe(0);
    expect(await rows<{ reason: string }>('select reason from quarantined_events')).toEqual([
      { reason: expect.stringMatching(/is more than a day after the request arrived$/) },
    ]);
  });

  it('a request with nothing to store (events of objects we do not use) is expanded all the same: its row goes', async () => {
    const jobs = await receive([{ ...contactCreation(601, 62515, OCCURRED), subscriptionType: 'company.creation' }]);
    expect(await handler()(jobs)).toEqual([]);
    expect(await count('webhook_inbox')).toBe(0);
    expect(await outcomes()).toMatchObject({ stored: 0, ignored: 1 });
    expect(wakes).toEqual([]);
  });

  it('two workers expanding the same row at once store it once and neither fails; expanding it again does nothing', async () => {
    const jobs = await receive([
      contactCreation(301, 62515, OCCURRED),
      { ...contactCreation(302, 62515, OCCURRED), objectId: 'x' },
    ]);
    // No worker to wake in this process (a worker without listeners).
    const [first, second] = await Promise.all([handler({ onStored: false })(jobs), handler({ onStored: false })(jobs)]);
    expect([first, second]).toEqual([[], []]);
    expect(await count('webhook_events')).toBe(1);
    expect(await count('quarantined_events')).toBe(1);
    expect(await outcomes()).toMatchObject({ stored: 1, quarantined: 1 });

    expect(await handler()(jobs)).toEqual([]);
    expect(await count('quarantined_events')).toBe(1);
    expect(await outcomes()).toMatchObject({ stored: 1, quarantined: 1 });
  });

  it('a row whose events are not a JSON array fails its job with the reason and stays in the inbox', async () => {
    const inserted = await t.db.query<{ id: string | number }>(
      `insert into webhook_inbox (portal_id, events, received_at) values ('62515', '{"events":[]}', $1) returning id`,
      [RECEIVED.toISOString()],
    );
    const id = String(inserted.rows[0]!.id);
    const job: Job = {
      portalId: '62515',
      id: 1,
      task: TASKS.webhookInbox,
      key: id,
      payload: {},
      attempts: 1,
      maxAttempts: 10,
      runAt: RECEIVED,
    };
    expect(await handler()([job])).toEqual([
      { job, error: `webhook_inbox 62515/${id}: webhook body: expected a JSON array of events` },
    ]);
    expect(await count('webhook_inbox')).toBe(1);
  });

  it('a job whose storage fails is reported failed, its row kept; the other jobs of the claim are expanded', async () => {
    await t.db.query(`insert into portals (portal_id, status) values ('777', 'active')`);
    const jobs = await receive([contactCreation(401, 62515, OCCURRED), contactCreation(402, 777, OCCURRED)]);
    expect(jobs).toHaveLength(2);
    const db = interceptQueries(
      t.db,
      failing(1, (sql) => sql.includes('insert into webhook_events')),
    );
    const failures = await handler({ db })(jobs);
    expect(failures).toEqual([{ job: jobs[0], error: 'connection lost (test)' }]);
    expect((await rows<{ portal_id: string }>('select portal_id from webhook_inbox')).map((r) => r.portal_id)).toEqual([
      jobs[0]!.portalId,
    ]);
    expect(await count('webhook_events')).toBe(1);
  });
});
