import { afterEach, describe, expect, it } from 'vitest';
import { SimplePublicObject } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import type { WebhookEvent } from '../../../../src/sandbox/fake-hubspot/webhook-events.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

function collect(onEvents: (listener: (events: WebhookEvent[]) => void) => unknown): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  onEvents((batch) => events.push(...batch));
  return events;
}

describe('events reported by the fake', () => {
  it('our own batch update yields propertyChange events with changeSource INTEGRATION and sourceId = app id', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const events = collect(fake.state.onEvents);
    const res = await call('POST', hubspotPaths.contactsBatchUpdate(), {
      inputs: [{ id, properties: { firstname: 'Ada', lifecyclestage: 'lead' } }],
    });
    expect(res.status).toBe(200);
    // lifecyclestage did not change, so only firstname is echoed.
    expect(events).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.propertyChange',
        portalId: Number(PORTAL),
        appId: fake.client.appId,
        objectId: Number(id),
        propertyName: 'firstname',
        propertyValue: 'Ada',
        changeSource: 'INTEGRATION',
        sourceId: String(fake.client.appId),
      }),
    ]);
    const history = SimplePublicObject.parse(
      await (await call('GET', hubspotPaths.contact(id, { propertiesWithHistory: ['firstname'] }))).json(),
    );
    expect(history.propertiesWithHistory?.firstname?.[0]).toMatchObject({
      value: 'Ada',
      sourceType: 'INTEGRATION',
      sourceId: String(fake.client.appId),
    });
  });

  it('a user winning a deal reports CRM_UI dealstage and calculated hs_is_closed_won changes, and stamps the close date', async () => {
    const { fake, clock } = await startFake();
    const contact = fake.state.createContact(PORTAL, {});
    const deal = fake.state.createDeal(PORTAL, { dealname: 'x' }, [contact]);
    clock.advance(3_600_000);
    const events = collect(fake.state.onEvents);
    fake.state.updateDeal(PORTAL, deal, { dealstage: 'closedwon' });
    expect(events.map((e) => [e.subscriptionType, e.propertyName, e.propertyValue, e.changeSource])).toEqual([
      ['deal.propertyChange', 'dealstage', 'closedwon', 'CRM_UI'],
      ['deal.propertyChange', 'hs_is_closed', 'true', 'CALCULATED'],
      ['deal.propertyChange', 'hs_is_closed_won', 'true', 'CALCULATED'],
      ['deal.propertyChange', 'closedate', '2026-03-02T11:00:00.000Z', 'CALCULATED'],
    ]);
    expect(fake.state.getDeal(PORTAL, deal)?.properties).toMatchObject({
      hs_is_closed_won: 'true',
      closedate: '2026-03-02T11:00:00.000Z',
    });
  });

  it('entering a lifecycle stage sets its hs_lifecyclestage_<stage>_date once', async () => {
    const { fake, clock } = await startFake();
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    clock.advance(86_400_000);
    fake.state.updateContact(PORTAL, id, { lifecyclestage: 'evangelist' });
    fake.state.updateContact(PORTAL, id, { lifecyclestage: 'customer' });
    expect(fake.state.getContact(PORTAL, id)?.properties).toMatchObject({
      hs_lifecyclestage_customer_date: '2026-03-02T10:00:00.000Z',
      hs_lifecyclestage_evangelist_date: '2026-03-03T10:00:00.000Z',
    });
  });

  it('creating a deal for a contact reports creation, its values and the association both ways', async () => {
    const { fake } = await startFake();
    const contact = fake.state.createContact(PORTAL, {});
    const events = collect(fake.state.onEvents);
    const deal = fake.state.createDeal(PORTAL, { dealname: 'x' }, [contact]);
    expect(events[0]).toMatchObject({
      subscriptionType: 'deal.creation',
      objectId: Number(deal),
      changeFlag: 'CREATED',
    });
    expect(events.filter((e) => e.subscriptionType.endsWith('.associationChange'))).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.associationChange',
        associationType: 'CONTACT_TO_DEAL',
        fromObjectId: Number(contact),
        toObjectId: Number(deal),
        associationRemoved: false,
      }),
      expect.objectContaining({
        subscriptionType: 'deal.associationChange',
        associationType: 'DEAL_TO_CONTACT',
        fromObjectId: Number(deal),
        toObjectId: Number(contact),
        associationRemoved: false,
      }),
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it('in the generic format names the object by objectTypeId', async () => {
    const { fake } = await startFake({ webhookFormat: 'generic' });
    const events = collect(fake.state.onEvents);
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    expect(events[0]).toMatchObject({ subscriptionType: 'object.creation', objectTypeId: '0-1', objectId: Number(id) });
    expect(events[1]).toMatchObject({
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-1',
      propertyName: 'lifecyclestage',
    });
  });

  it('reports the same change to a legacy and a generic listener, each in its own format', async () => {
    const { fake } = await startFake();
    const legacy: WebhookEvent[] = [];
    const generic: WebhookEvent[] = [];
    fake.state.onEvents((batch) => legacy.push(...batch));
    fake.state.onEvents((batch) => generic.push(...batch), { format: 'generic' });
    const contact = fake.state.createContact(PORTAL, {});
    fake.state.createDeal(PORTAL, {}, [contact]);
    expect(legacy.map((e) => e.subscriptionType)).toContain('deal.creation');
    expect(generic.filter((e) => e.subscriptionType === 'object.associationChange')).toEqual([
      expect.objectContaining({
        fromObjectTypeId: '0-1',
        toObjectTypeId: '0-3',
        associationTypeId: 4,
        associationCategory: 'HUBSPOT_DEFINED',
      }),
      expect.objectContaining({ fromObjectTypeId: '0-3', toObjectTypeId: '0-1', associationTypeId: 3 }),
    ]);
  });

  it('a privacy deletion reports contact.privacyDeletion and contact.deletion in separate batches, and the contact is gone', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, {});
    const batches: WebhookEvent[][] = [];
    fake.state.onEvents((batch) => batches.push(batch));
    fake.state.privacyDelete(PORTAL, id);
    expect(batches.map((b) => b.map((e) => e.subscriptionType))).toEqual([
      ['contact.privacyDeletion'],
      ['contact.deletion'],
    ]);
    expect((await call('GET', hubspotPaths.contact(id))).status).toBe(404);
    expect(() => fake.state.restore(PORTAL, 'contact', id)).toThrow(/no archived contact/);
  });

  it('a deleted contact answers 404 until restored', async () => {
    const { call, fake } = await startFake();
    const id = fake.state.createContact(PORTAL, {});
    const events = collect(fake.state.onEvents);
    fake.state.deleteContact(PORTAL, id);
    expect((await call('GET', hubspotPaths.contact(id))).status).toBe(404);
    fake.state.restore(PORTAL, 'contact', id);
    expect((await call('GET', hubspotPaths.contact(id))).status).toBe(200);
    expect(events.map((e) => e.subscriptionType)).toEqual(['contact.deletion', 'contact.restore']);
  });
});
