import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';

const PORTAL = '62515';
const DAY = 86_400_000;

describe.each(dbKinds)('GET /api/journey/tickets/:ticketId (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  const contact = (lifecyclestage: string) =>
    fake.state.createContact(PORTAL, { lifecyclestage }, { at: new Date(Date.now() - 40 * DAY) });
  const ticket = (contactId: string) =>
    fake.state.logEngagement(PORTAL, 'tickets', contactId, { subject: 'Cannot log in', hs_pipeline_stage: '1' });
  const get = async (ticketId: string) => {
    const res = await getSigned(svc, `/api/journey/tickets/${ticketId}?portalId=${PORTAL}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it("answers each contact's journey, the one HubSpot labels Primary first, deriving contacts never seen", async () => {
    const requester = contact('lead');
    const buyer = contact('customer');
    const id = ticket(requester);
    fake.state.engagements.associateContact(PORTAL, 'tickets', id, buyer, 'Primary');
    const { status, body } = await get(id);
    expect(status).toBe(200);
    const answer = TicketJourneys.parse(body);
    expect(answer.contacts.map((c) => [c.contactId, c.primary, c.journey?.current.stage])).toEqual([
      [buyer, true, 'retention'],
      [requester, false, 'consideration'],
    ]);
    expect(answer.total).toBe(2);
    // Derived on demand, as the contact GET does: the stage is written back to HubSpot.
    expect(fake.state.getContact(PORTAL, buyer)!.properties.journey_stage).toBe('retention');
  });

  it('answers at most five contacts, following the association pages, and says how many there are', async () => {
    const first = contact('lead');
    const id = ticket(first);
    for (let i = 0; i < 6; i++) fake.state.engagements.associateContact(PORTAL, 'tickets', id, contact('lead'));
    const answer = TicketJourneys.parse((await get(id)).body);
    expect(answer.contacts).toHaveLength(5);
    expect(answer.contacts[0]!.contactId).toBe(first);
    expect(answer.total).toBe(7);
  });

  it('a ticket without contacts: {contacts: []}; a ticket HubSpot does not have: 404', async () => {
    // Deleting a ticket's only contact leaves the ticket without contacts, as in HubSpot.
    const gone = contact('lead');
    const lonely = ticket(gone);
    fake.state.deleteContact(PORTAL, gone);
    expect(await get(lonely)).toEqual({ status: 200, body: { ticketId: lonely, contacts: [], total: 0 } });
    expect((await get('987654321')).status).toBe(404);
  });

  it('a HubSpot fault reading the associations: 200 with unavailable, never a 5xx', async () => {
    const id = ticket(contact('lead'));
    fake.faults.add({ path: /tickets\/\d+\/associations/, status: 503, times: 4 });
    const { status, body } = await get(id);
    expect(status).toBe(200);
    expect(TicketJourneys.parse(body)).toMatchObject({ contacts: [], unavailable: true });
    expect(fake.faults.pending()).toBe(0);
  });

  it('refuses an unsigned request and a ticket id that is not a record id', async () => {
    expect((await fetch(`${svc.url}/api/journey/tickets/1?portalId=${PORTAL}`)).status).toBe(401);
    expect((await get('abc')).status).toBe(400);
  });
});
