import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { Journey } from '@journey-stages/contract/journey';

const PORTAL = '62515';
const DAY = 86_400_000;

describe('GET /api/journey/contacts/:contactId', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let contactId: string;
  let dealId: string;
  const created = new Date(Date.now() - 40 * DAY);

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL, '777'] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({
        [PORTAL]: fake.state.issueStaticToken(PORTAL),
        '777': fake.state.issueStaticToken('777'),
      }),
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    contactId = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: created });
    dealId = fake.state.createDeal(
      PORTAL,
      {
        dealname: 'ACME pilot',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: new Date(Date.now() - 10 * DAY).toISOString(),
      },
      [contactId],
    );
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('a contact never seen before is derived on demand from HubSpot, stored and written back', async () => {
    fake.calls.length = 0;
    const res = await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`);
    expect(res.status).toBe(200);
    const journey = Journey.parse(await res.json());
    expect(journey).toMatchObject({
      portalId: PORTAL,
      contactId,
      model: { id: 'classic-5' },
      current: { stage: 'purchase' },
    });
    expect(journey.model.stages.map((s) => s.id)).toEqual([
      'awareness',
      'consideration',
      'purchase',
      'retention',
      'advocacy',
    ]);
    expect(journey.timeline.map((e) => e.stage)).toEqual(['awareness', 'consideration', 'purchase']);
    expect(journey.timeline[0]!.enteredAt).toBe(created.toISOString());
    expect(journey.timeline[2]!.evidence).toContainEqual(expect.objectContaining({ object: 'deal', id: dealId }));
    expect(fake.state.getContact(PORTAL, contactId)!.properties.journey_stage).toBe('purchase');
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path.includes('batch/read')).length).toBeGreaterThan(0);
  });

  it('answers from stored state with no HubSpot call', async () => {
    fake.calls.length = 0;
    const res = await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`);
    expect(res.status).toBe(200);
    expect(fake.calls).toEqual([]);
  });

  it("the stand-in's engagements come back as touchpoints per stay (the card in `npm start`)", async () => {
    const buyer = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }, { at: created });
    fake.state.logEngagement(PORTAL, 'emails', buyer, {
      hs_timestamp: new Date(Date.now() - 39 * DAY).toISOString(),
      hs_email_subject: 'Welcome',
    });
    fake.state.logEngagement(
      PORTAL,
      'tickets',
      buyer,
      { subject: 'Cannot log in' },
      { at: new Date(Date.now() - DAY) },
    );
    const journey = Journey.parse(
      await (await getSigned(svc, `/api/journey/contacts/${buyer}?portalId=${PORTAL}`)).json(),
    );
    expect(journey.touchpointsStatus).toBe('ok');
    const total = (type: 'email' | 'ticket') => journey.touchpoints!.reduce((n, s) => n + s.counts[type], 0);
    expect([total('email'), total('ticket')]).toEqual([1, 1]);
    expect(journey.touchpoints!.at(-1)!.recent[0]).toMatchObject({ type: 'ticket', title: 'Cannot log in' });
  });

  it('401 without a signature, or signed with another secret', async () => {
    expect((await fetch(`${svc.url}/api/journey/contacts/${contactId}?portalId=${PORTAL}`)).status).toBe(401);
    expect(
      (await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`, { secret: 'nope' })).status,
    ).toBe(401);
  });

  it('404 when HubSpot has no such contact', async () => {
    expect((await getSigned(svc, `/api/journey/contacts/999999?portalId=${PORTAL}`)).status).toBe(404);
  });

  it("another portal cannot read this portal's contact", async () => {
    expect((await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=777`)).status).toBe(404);
  });
});
