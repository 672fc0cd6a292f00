import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { createHubSpotApi, type HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { MARKETPLACE_LIMIT } from '../../../src/sync/rate-limit.ts';
import { staticTokens } from '../../../src/sync/token-provider.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';

const PORTAL = '62515';

/*
 * Every call of the client against the stand-in, whose request and answer shapes come from
 * the specs at the version it serves each family: a request body the spec does not accept (a
 * missing required field) is refused there with 400, as HubSpot may; a path at another
 * version than the stand-in serves is a 404.
 */
describe('HubSpotApi against the stand-in (spec shapes per family version, association pages of 2)', () => {
  let t: TestDb;
  let server: Server;
  let fake: FakeHubSpot;
  let api: HubSpotApi;
  let clock = Date.parse('2026-11-22T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = createFakeHubSpot({ now: () => new Date(clock), portalIds: [PORTAL], associationPageSize: 2 });
    server = await new Promise<Server>((resolve) => {
      const s = fake.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    api = createHubSpotApi(
      createHubSpotTransport({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
        db: t.db,
        log: captureLog().log,
        now: () => new Date(clock),
        rateLimit: MARKETPLACE_LIMIT,
        wait: async (ms) => void (clock += ms),
      }),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  it('a contact whose won deal is on the third association page is read with it, from both sides', async () => {
    const contact = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const open = Array.from({ length: 4 }, (_, i) =>
      fake.state.createDeal(PORTAL, { dealname: `open ${i}`, dealstage: 'appointmentscheduled', pipeline: 'default' }, [
        contact,
      ]),
    );
    const won = fake.state.createDeal(PORTAL, { dealname: 'won', dealstage: 'closedwon', pipeline: 'default' }, [
      contact,
    ]);
    const dealIds = (await api.readAssociations(PORTAL, 'contacts', [contact])).get(contact)!;
    expect(dealIds.sort()).toEqual([...open, won].sort());
    const deals = await api.readDeals(PORTAL, dealIds, ['dealstage']);
    expect(deals.find((d) => d.id === won)?.properties.dealstage).toBe('closedwon');

    const others = Array.from({ length: 3 }, () => fake.state.createContact(PORTAL, {}));
    for (const other of others) fake.state.associate(PORTAL, other, won);
    expect((await api.readAssociations(PORTAL, 'deals', [won])).get(won)!.sort()).toEqual([contact, ...others].sort());
  });

  it('every other call is accepted and parsed', async () => {
    const contact = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    expect(await api.readContacts(PORTAL, [contact, '999999'], ['lifecyclestage'])).toEqual([
      { id: contact, properties: expect.objectContaining({ lifecyclestage: 'lead' }) },
    ]);
    expect(await api.countContacts(PORTAL)).toBeGreaterThan(0);
    expect((await api.listContacts(PORTAL, ['createdate'], undefined)).records.length).toBeGreaterThan(0);
    expect((await api.readDealPipelines(PORTAL)).some((p) => p.stages.some((s) => s.id === 'closedwon'))).toBe(true);
    expect(await api.createContactPropertyGroup(PORTAL, { name: 'journey_stages', label: 'Journey Stages' })).toBe(
      true,
    );
    const property = {
      name: 'journey_stage',
      label: 'Journey Stages: stage',
      description: 'x',
      groupName: 'journey_stages',
      type: 'enumeration',
      fieldType: 'select',
      options: [{ label: 'Awareness', value: 'awareness', displayOrder: 0, hidden: false }],
    } as const;
    expect(await api.createContactProperty(PORTAL, { ...property, options: [...property.options] })).toBe(true);
    expect(await api.createContactProperty(PORTAL, { ...property, options: [...property.options] })).toBe(false);
    await api.updateContactProperty(PORTAL, 'journey_stage', { label: 'Journey Stages: current stage' });
    expect(await api.updateContacts(PORTAL, [{ id: contact, properties: { journey_stage: 'awareness' } }])).toEqual([]);

    // Touchpoints, the help desk card, tasks and the account's domain.
    const email = fake.state.logEngagement(PORTAL, 'emails', contact, { hs_timestamp: '2026-11-20T09:00:00.000Z' });
    expect(await api.readAssociationPage(PORTAL, 'contacts', 'emails', [{ id: contact }])).toEqual([
      { id: contact, toIds: [email], after: undefined },
    ]);
    expect(await api.readObjects(PORTAL, 'emails', [email], ['hs_timestamp'])).toEqual([
      { id: email, properties: expect.objectContaining({ hs_timestamp: '2026-11-20T09:00:00.000Z' }) },
    ]);
    const ticket = fake.state.logEngagement(PORTAL, 'tickets', contact, { subject: 'Invoice missing' });
    expect(await api.ticketExists(PORTAL, ticket)).toBe(true);
    expect(await api.readTicketContacts(PORTAL, ticket)).toEqual([{ contactId: contact, labels: [] }]);
    const task = { traceId: 't-1', contactId: contact, properties: { hs_timestamp: '2026-11-23T09:00:00.000Z' } };
    expect((await api.createTasks(PORTAL, [task])).created).toEqual([{ traceId: 't-1', id: expect.any(String) }]);
    expect(await api.readUiDomain(PORTAL)).toMatch(/hubspot\.com$/);
    // No body the spec refuses (400), no path the stand-in does not serve at that version (404).
    expect(fake.calls.filter((c) => c.status === 400 || c.status === 404)).toEqual([]);
  });

  it('searchModified: the records changed in the window, oldest change first, paged by offset; the 10,000 cap is a 400', async () => {
    const base = clock;
    const at = (ms: number) => ({ at: new Date(base + ms) });
    const late = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, at(3_000));
    const early = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, at(1_000));
    const middle = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, at(2_000));
    fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, at(9_000)); // after the window
    const window = { from: new Date(base + 1_000), until: new Date(base + 3_000), properties: ['lifecyclestage'] };
    const first = await api.searchModified(PORTAL, 'contacts', { ...window, skip: 0, limit: 2 });
    expect(first.total).toBe(3);
    expect(first.records.map((r) => r.id)).toEqual([early, middle]);
    expect(first.records[0]!.properties).toMatchObject({
      lifecyclestage: 'lead',
      lastmodifieddate: expect.any(String),
    });
    const second = await api.searchModified(PORTAL, 'contacts', { ...window, skip: 2, limit: 2 });
    expect(second.records.map((r) => r.id)).toEqual([late]);
    const deal = fake.state.createDeal(
      PORTAL,
      { dealname: 'd', dealstage: 'closedwon', pipeline: 'default' },
      [],
      at(2_000),
    );
    const deals = await api.searchModified(PORTAL, 'deals', {
      ...window,
      skip: 0,
      limit: 200,
      properties: ['dealstage'],
    });
    expect(deals.records.map((r) => r.id)).toEqual([deal]);
    await expect(api.searchModified(PORTAL, 'contacts', { ...window, skip: 9_900, limit: 200 })).rejects.toMatchObject({
      status: 400,
    });
  });
});
