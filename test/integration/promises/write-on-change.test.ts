import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../../helpers/test-db.ts';
import { postSigned, TEST_APP_ID } from '../../helpers/start-test-service.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { PORTAL, isUpdate, stageOf, startHarness, type Harness } from './harness.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

/** A webhook as HubSpot sends it (generic format), for a change we make up. */
function propertyChange(
  objectId: string,
  propertyName: string,
  propertyValue: string,
  source: { changeSource: string; sourceId?: string },
  occurredAt: number,
) {
  return {
    eventId: Math.floor(Math.random() * 1e9),
    subscriptionId: 9100,
    portalId: Number(PORTAL),
    appId: Number(TEST_APP_ID),
    occurredAt,
    subscriptionType: 'object.propertyChange',
    attemptNumber: 0,
    objectId: Number(objectId),
    objectTypeId: '0-1',
    propertyName,
    propertyValue,
    ...source,
  };
}

describe.each(dbKinds)('promise: a stage is written to HubSpot only when it changed (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a second derivation with nothing changed reads HubSpot again but makes no write', async () => {
    h = await startHarness(kind);
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await waitFor(() => stageOf(h, id) === 'consideration', { what: 'the first write' });
    await h.settle();
    expect(h.callsSince(0).filter(isUpdate)).toHaveLength(1);
    const rows = await h.svc.db.query<{ stage: string; written_stage: string }>(
      'select stage, written_stage from contacts where contact_id = $1',
      [id],
    );
    expect(rows.rows).toEqual([{ stage: 'consideration', written_stage: 'consideration' }]);

    // HubSpot says "something changed" (a user saved the same value again): we must look...
    const mark = h.fake.calls.length;
    const res = await postSigned(
      h.svc,
      '/webhooks/hubspot',
      JSON.stringify([
        propertyChange(
          id,
          'lifecyclestage',
          'lead',
          { changeSource: 'CRM_UI', sourceId: 'userId:1000001' },
          h.now().getTime(),
        ),
      ]),
    );
    expect(res.status).toBe(204);
    await waitFor(() => h.callsSince(mark).some((c) => c.endsWith('/contacts/batch/read')), {
      what: "the second derivation's read",
    });
    await h.settle();
    // ...and, the stage being the same, write nothing.
    expect(h.callsSince(mark).filter(isUpdate)).toEqual([]);
    expect(h.callsSince(mark)).toContain('POST /crm/objects/2026-09/contacts/batch/read');
    const entries = await h.svc.db.query<{ n: number }>(
      'select count(*)::int as n from timeline_entries where contact_id = $1',
      [id],
    );
    expect(entries.rows[0]!.n).toBe(2); // awareness, consideration: nothing appended by the second pass
  });
});

describe.each(dbKinds)('promise: our own writes echoing back cost nothing (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it("the stand-in's echo of our write (INTEGRATION, sourceId = our app id) arrives, and makes no job, no read, no write", async () => {
    h = await startHarness(kind, { echoOwnWrites: true });
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    await waitFor(() => stageOf(h, id) === 'purchase', { what: 'the first write' });
    // The echo really is sent: the stand-in emitted it for our write, and the intake counted it as ours.
    const echoes = await waitFor(
      () => h.emitted.filter((e) => e.propertyName === 'journey_stage' && String(e.objectId) === id),
      { what: 'the echo' },
    );
    expect(echoes[0]).toMatchObject({ changeSource: 'INTEGRATION', sourceId: TEST_APP_ID, propertyValue: 'purchase' });
    await h.settle(); // every emitted echo delivered (signed, 204) and the queue idle

    expect(h.callsSince(0)).toEqual([
      'POST /crm/objects/2026-09/contacts/batch/read',
      'POST /crm/objects/2026-09/contacts/batch/update',
    ]);
    const stored = await h.svc.db.query<{ n: number }>(
      `select count(*)::int as n from webhook_events where payload->>'propertyName' like 'journey_stage%'`,
    );
    expect(stored.rows[0]!.n).toBe(0);
    const jobs = await h.svc.db.query<{ n: number }>(
      `select count(*)::int as n from jobs where task = 'contact-changed'`,
    );
    expect(jobs.rows[0]!.n).toBe(0);
    const ownWrites = (await h.svc.metrics.webhookEvents.get()).values.find(
      (v) => v.labels.outcome === 'own_write',
    )?.value;
    expect(ownWrites).toBe(2); // journey_stage and journey_stage_entered_at, both recognised as ours
  });

  it('the same property change made by someone else (another app, a user) is worked on', async () => {
    h = await startHarness(kind);
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    await waitFor(() => stageOf(h, id) === 'purchase', { what: 'the first write' });
    await h.settle();
    const mark = h.fake.calls.length;
    const res = await postSigned(
      h.svc,
      '/webhooks/hubspot',
      JSON.stringify([
        propertyChange(
          id,
          'lifecyclestage',
          'customer',
          { changeSource: 'INTEGRATION', sourceId: '999999' },
          h.now().getTime(),
        ),
      ]),
    );
    expect(res.status).toBe(204);
    await waitFor(() => h.callsSince(mark).length > 0, { what: "a read for another app's change" });
    await h.settle();
    expect(h.callsSince(mark)).toContain('POST /crm/objects/2026-09/contacts/batch/read');
  });
});
