import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { realExpansion } from '../helpers/expand-inbox.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { TASKS } from '../../src/queue/tasks.ts';
import { CONTACT_GATHER } from '../../src/roles/worker-role.ts';
import type { WebhookEvent } from '../../src/sandbox/fake-hubspot/webhook-events.ts';

const PORTAL = '62515';

/*
 * HubSpot sends a burst as many requests, and one contact's events may straddle two of them. On
 * a busy machine the expansion trails the intake (a second and more in a burst on 2 cores), so
 * the contact's job can be due while the request with its later events waits unexpanded. Its
 * claim waits for that request (src/roles/worker-role.ts, CONTACT_GATHER; docs/performance.md,
 * "Realistic burst"): the contact is read and written once, not once per request.
 */
describe.each(dbKinds)('a contact whose events straddle two requests (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService | undefined;
  let release = () => {};
  afterEach(async () => {
    release();
    await svc?.stop();
    await fake.close();
    await t.drop();
  });

  it('is read and written once when the second request is expanded well after the first one came due', async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    const caught: WebhookEvent[] = [];
    const stop = fake.state.onEvents((events) => caught.push(...events), { format: 'generic' });
    const id = fake.state.createContact(PORTAL, { email: 'straddle@example.com', lifecyclestage: 'subscriber' });
    const first = caught.splice(0);
    fake.state.updateContact(PORTAL, id, { lifecyclestage: 'lead' });
    const second = caught.splice(0).filter((e) => e.propertyName === 'lifecyclestage');
    stop();
    expect(second).toHaveLength(1);

    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let expansions = 0;
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
      // The real expansion; from the second request on it waits for the gate (a busy expansion).
      handlers: (parts) => {
        const expand = realExpansion(parts);
        return {
          [TASKS.webhookInbox]: async (jobs) => {
            if (expansions++ > 0) await gate;
            return expand(jobs);
          },
        };
      },
    });
    const contactReads = () => fake.calls.filter((c) => c.path.endsWith('/contacts/batch/read'));
    fake.calls.length = 0;

    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(first))).status).toBe(204);
    await waitFor(
      async () =>
        (await t.db.query(`select 1 from jobs where task = $1 and key = $2`, [TASKS.contactChanged, id])).rows.length >
        0,
      { what: "the first request expanded into the contact's job" },
    );
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(second))).status).toBe(204);
    // The contact's job has been due longer than the gather waits for a quiet queue: without the
    // hold, the worker would have read the contact by now, before its second request.
    await waitFor(
      async () =>
        contactReads().length > 0 ||
        (
          await t.db.query(
            `select 1 from jobs where task = $1 and key = $2 and state = 'pending'
                and run_at < clock_timestamp() - $3 * interval '1 millisecond'`,
            [TASKS.contactChanged, id, 2 * CONTACT_GATHER.quietMs],
          )
        ).rows.length > 0,
      { what: "the contact's job due for twice the gather's quiet time, or the contact read", timeout: 10_000 },
    );
    expect(expansions).toBe(2); // the second request is being expanded, held at the gate
    expect(contactReads()).toEqual([]);

    release();
    await waitFor(() => fake.state.getContact(PORTAL, id)?.properties.journey_stage === 'consideration', {
      what: 'the stage both requests lead to written',
      timeout: 15_000,
    });
    await waitFor(
      async () => (await t.db.query(`select 1 from jobs where task = $1`, [TASKS.contactChanged])).rows.length === 0,
      { what: 'no contact job left' },
    );
    expect(contactReads()).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path.endsWith('/contacts/batch/update'))).toHaveLength(1);
  });
});
