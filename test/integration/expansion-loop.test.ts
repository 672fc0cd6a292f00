import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { contactCreation } from '../helpers/webhook-events.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';

/*
 * The worker's loops may all be waiting on HubSpot (rate budget, a slow API's retries) for
 * minutes. Webhook requests keep arriving meanwhile: their expansion into stored events and the
 * objects' jobs has a loop of its own, so the inbox does not pile up behind the API.
 */
describe.each(dbKinds)('webhook expansion while every other job waits (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService | undefined;
  let release = () => {};
  afterEach(async () => {
    release();
    await svc?.stop();
    await t.drop();
  });

  it('expands a request that arrives while the worker loops are held by jobs waiting on HubSpot', async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = new Set<string>();
    // Two tasks: each claim takes one portal's jobs of one task, so each holds one loop.
    const waitingOnHubSpot = (task: string) => async () => {
      held.add(task);
      await gate;
    };
    svc = await startTestService(t, {
      role: 'all',
      handlers: () => ({ 'test.slow-a': waitingOnHubSpot('a'), 'test.slow-b': waitingOnHubSpot('b') }),
    });
    await enqueue(
      t.db,
      [
        { portalId: '62515', task: 'test.slow-a', key: '1' },
        { portalId: '62515', task: 'test.slow-b', key: '1' },
      ],
      new Date(),
    );
    await waitFor(() => held.size === 2, { what: 'both worker loops holding a job that waits' });

    const body = JSON.stringify([contactCreation(9001), contactCreation(9002)]);
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    const stored = await waitFor(
      async () => {
        const r = await t.db.query<{ object_id: string }>(
          `select object_id from webhook_events where portal_id = '62515' order by object_id`,
        );
        return r.rows.length === 2 ? r.rows.map((row) => row.object_id) : undefined;
      },
      { what: 'the request expanded into stored events', timeout: 20_000 },
    );
    expect(stored).toEqual(['9001', '9002']);
    expect(held.size).toBe(2); // still waiting: the expansion did not wait for them
    const inbox = await t.db.query<{ n: number }>('select count(*)::int as n from webhook_inbox');
    expect(inbox.rows[0]!.n).toBe(0);
  });
});
