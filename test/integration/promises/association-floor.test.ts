import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { postSigned } from '../../helpers/start-test-service.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { genericAssociation, genericCreation } from '../../helpers/webhook-events.ts';
import { storeBatch, type StorableEvent } from '../../../src/intake/store-batch.ts';
import { linksKnownFor } from '../../../src/sync/process-contacts.ts';
import { loadPendingEvents } from '../../../src/store/pending-events.ts';
import { forgetReads, noteLinksKnown } from '../../../src/store/hubspot-reads.ts';
import { DAY, PORTAL, startHarness, type Harness } from './harness.ts';

vi.setConfig({ testTimeout: 180_000 });

/*
 * Beat the floor: a contact whose deal links we already hold needs no association
 * read. HubSpot's deliveries are written by the test here (one request of up to 100 events, as
 * HubSpot batches them), so the burst is one job batch and the calls can be counted exactly.
 */

const READ = 'POST /crm/objects/2026-09/contacts/batch/read';
const ASSOCIATIONS = 'POST /crm/associations/2026-09/contacts/deals/batch/read';
const DEALS = 'POST /crm/objects/2026-09/0-3/batch/read';
const UPDATE = 'POST /crm/objects/2026-09/contacts/batch/update';

async function stages(h: Harness, ids: string[]): Promise<Map<string, string | null>> {
  const r = await h.svc.db.query<{ contact_id: string; stage: string | null }>(
    'select contact_id, stage from contacts where portal_id = $1 and contact_id = any($2::text[])',
    [PORTAL, ids],
  );
  return new Map(r.rows.map((x) => [x.contact_id, x.stage]));
}

const hubspotStage = (h: Harness, id: string) => h.fake.state.getContact(PORTAL, id)?.properties.journey_stage;

describe.each(dbKinds)('a contact whose deal links we know costs no association read (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a burst of 100 new contacts costs 2 calls (read, write), not 3', async () => {
    const ids: string[] = [];
    h = await startHarness(kind, {
      seed: (fake) => {
        for (let i = 0; i < 100; i++) ids.push(fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }));
      },
    });
    const body = ids.map((id) => genericCreation(Number(id), '0-1', Number(PORTAL), h.now().getTime()));
    expect((await postSigned(h.svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    await waitFor(async () => (await stages(h, ids)).size === 100, { what: '100 derived contacts', timeout: 120_000 });
    await h.settle();

    expect(h.callsSince(0)).toEqual([READ, UPDATE]);
    expect([...(await stages(h, ids)).values()].every((s) => s === 'consideration')).toBe(true);
    expect(ids.every((id) => hubspotStage(h, id) === 'consideration')).toBe(true);
  });

  it('a new contact linked to a won deal in the same burst (contact-side association event) gets purchase without the association read', async () => {
    const ids: string[] = [];
    let dealId = '';
    h = await startHarness(kind, {
      seed: (fake) => {
        for (let i = 0; i < 99; i++) ids.push(fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }));
        dealId = fake.state.createDeal(
          PORTAL,
          {
            dealname: 'First order',
            pipeline: 'default',
            dealstage: 'closedwon',
            closedate: new Date(Date.now() - 2 * DAY).toISOString(),
          },
          [ids[7]!],
        );
      },
    });
    const at = h.now().getTime();
    const body = [
      ...ids.map((id) => genericCreation(Number(id), '0-1', Number(PORTAL), at)),
      genericAssociation(Number(ids[7]), Number(dealId), { occurredAt: at }),
    ];
    expect((await postSigned(h.svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    await waitFor(async () => (await stages(h, ids)).size === 99, { what: '99 derived contacts', timeout: 120_000 });
    await h.settle();

    // The deal pipelines are read once per portal (cached), not per batch.
    expect(h.callsSince(0).filter((c) => c !== 'GET /crm/pipelines/2026-09/deals')).toEqual([READ, DEALS, UPDATE]);
    expect(hubspotStage(h, ids[7]!)).toBe('purchase');
    expect(hubspotStage(h, ids[8]!)).toBe('consideration');
  });

  it("a contact with a deal on HubSpot's side that we never heard of is read, and gets the deal's stage", async () => {
    let id = '';
    h = await startHarness(kind, {
      // Made before the service listens: no creation or association event ever reaches us.
      seed: (fake) => {
        id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
        fake.state.createDeal(
          PORTAL,
          {
            dealname: 'Old order',
            pipeline: 'default',
            dealstage: 'closedwon',
            closedate: new Date(Date.now() - 9 * DAY).toISOString(),
          },
          [id],
        );
      },
    });
    // A creation event for a contact we already hold (a late redelivery) must not be trusted either:
    // first make us hold it with a plain change, then deliver a creation.
    const change = {
      ...genericCreation(Number(id), '0-1', Number(PORTAL), h.now().getTime()),
      subscriptionType: 'object.propertyChange',
      propertyName: 'lifecyclestage',
      propertyValue: 'lead',
    };
    expect((await postSigned(h.svc, '/webhooks/hubspot', JSON.stringify([change]))).status).toBe(204);
    await waitFor(() => hubspotStage(h, id) === 'purchase', { what: 'purchase from the deal only HubSpot knew of' });
    expect(h.callsSince(0)).toContain(ASSOCIATIONS);
  });
});

describe.each(dbKinds)('when stored links are not trusted (%s)', (kind) => {
  let t: TestDb | undefined;
  afterEach(async () => t?.drop());

  // Whole events, as the intake stores them: the worker reads them back through the stored-event schema.
  const base = {
    portalId: PORTAL,
    subscriptionType: 'object.creation',
    occurredAt: 1_760_000_000_000,
    format: 'generic',
    subscriptionId: null,
    appId: null,
    attemptNumber: null,
    changeSource: null,
    sourceId: null,
  };
  const associationDetails = {
    isPrimaryAssociation: null,
    associationType: null,
    associationTypeId: null,
    associationCategory: null,
  };
  const creation = (id: string): StorableEvent => ({
    ...base,
    dedupeKey: `c${id}`,
    eventId: `c${id}`,
    kind: 'creation',
    objectType: 'contact',
    objectId: id,
  });

  it('only a contact created now, never seen, with no removal, merge or deal-side association is trusted', async () => {
    t = await createTestDb(kind);
    const db = t.db;
    await db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    await db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, deleted, updated_at) values ($1, '2', 'classic-5', 'awareness', now(), '{}', false, now())`,
      [PORTAL],
    );
    const assoc = (id: string, over: Partial<StorableEvent>): StorableEvent => ({
      ...base,
      ...associationDetails,
      subscriptionType: 'object.associationChange',
      dedupeKey: `a${id}${over.objectType ?? ''}`,
      eventId: `a${id}`,
      kind: 'associationChange',
      objectType: 'contact',
      objectId: id,
      toObjectType: 'deal',
      toObjectId: '900',
      associationRemoved: false,
      ...over,
    });
    await storeBatch(
      db,
      [
        creation('1'), // trusted
        creation('2'), // we hold a row for it already
        creation('3'),
        assoc('3', { associationRemoved: true }), // a link went away
        creation('4'),
        assoc('4', { objectType: 'deal', objectId: '900', toObjectType: 'contact', toObjectId: '4' }), // told from the deal's side
        creation('5'),
        assoc('5', {}), // a link told from the contact's side: stored at intake, trusted
      ],
      [],
      new Date(),
    );
    const ids = ['1', '2', '3', '4', '5', '6'];
    const events = await loadPendingEvents(db, PORTAL, 'contact', ids);
    expect([...(await linksKnownFor(db, PORTAL, ids, events))].sort()).toEqual(['1', '5']);

    // A try that trusted '1' (and noted it) stored its stage, then died: its retry trusts '1'
    // still. Without the note, a row counts ('2'); once a job processed the events, it counts again.
    await noteLinksKnown(db, PORTAL, ['1'], new Date());
    await db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, deleted, updated_at) values ($1, '1', 'classic-5', 'awareness', now(), '{}', false, now())`,
      [PORTAL],
    );
    expect([...(await linksKnownFor(db, PORTAL, ids, events))].sort()).toEqual(['1', '5']);
    await forgetReads(db, PORTAL, 'contact', ['1']);
    expect([...(await linksKnownFor(db, PORTAL, ids, events))].sort()).toEqual(['5']);
  });
});
