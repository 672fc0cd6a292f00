import { afterEach, describe, expect, it } from 'vitest';
import {
  BatchResponseAssociations,
  BatchResponseSimplePublicObject,
  SimplePublicObject,
} from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import type { WebhookEvent } from '../../../../src/sandbox/fake-hubspot/webhook-events.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

describe('state.mergeContacts', () => {
  it('makes a new id that both old ids resolve to, over GET and batch read', async () => {
    const { call, fake, clock } = await startFake();
    const { state } = fake;
    const primary = state.createContact(PORTAL, { email: 'ada@example.com', lifecyclestage: 'lead' });
    clock.advance(60_000);
    const merged = state.createContact(PORTAL, { email: 'ada.l@example.com', firstname: 'Ada' });
    clock.advance(60_000);
    const newId = state.mergeContacts(PORTAL, primary, merged);

    expect([primary, merged]).not.toContain(newId);
    for (const oldId of [primary, merged]) {
      const res = await call('GET', hubspotPaths.contact(oldId, { properties: ['email', 'firstname'] }));
      expect(res.status).toBe(200);
      const contact = SimplePublicObject.parse(await res.json());
      expect(contact.id).toBe(newId);
      // The primary's values win; the merged record fills what the primary lacks.
      expect(contact.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada' });
    }
    const batch = BatchResponseSimplePublicObject.parse(
      await (
        await call('POST', hubspotPaths.contactsBatchRead(), {
          inputs: [{ id: primary }, { id: merged }],
          properties: [],
          propertiesWithHistory: [],
        })
      ).json(),
    );
    expect(batch.results.map((r) => r.id)).toEqual([newId]);
  });

  it('keeps both histories and the earliest create date under the new id', async () => {
    const { call, fake, clock } = await startFake();
    const { state } = fake;
    const primary = state.createContact(PORTAL, { email: 'a@example.com' });
    clock.advance(60_000);
    const merged = state.createContact(PORTAL, { email: 'b@example.com' });
    const newId = state.mergeContacts(PORTAL, primary, merged);
    const res = await call('GET', hubspotPaths.contact(newId, { propertiesWithHistory: ['email'] }));
    const contact = SimplePublicObject.parse(await res.json());
    expect(contact.propertiesWithHistory?.email?.map((v) => v.value)).toEqual(
      expect.arrayContaining(['a@example.com', 'b@example.com']),
    );
    expect(contact.properties.createdate).toBe('2026-03-02T10:00:00.000Z');
  });

  it('moves the deals of both contacts to the new id and reports a merge event with newObjectId', async () => {
    const { call, fake } = await startFake();
    const { state } = fake;
    const primary = state.createContact(PORTAL, {});
    const merged = state.createContact(PORTAL, {});
    const deal = state.createDeal(PORTAL, { dealname: 'x' }, [merged]);
    const events: WebhookEvent[] = [];
    state.onEvents((batch) => events.push(...batch));
    const newId = state.mergeContacts(PORTAL, primary, merged);

    const assoc = BatchResponseAssociations.parse(
      await (await call('POST', hubspotPaths.contactsToDealsBatchRead(), { inputs: [{ id: newId }] })).json(),
    );
    expect(assoc.results[0]?.to.map((t) => t.toObjectId)).toEqual([deal]);
    expect(events).toEqual([
      expect.objectContaining({
        subscriptionType: 'contact.merge',
        objectId: Number(newId),
        newObjectId: Number(newId),
        primaryObjectId: Number(primary),
        mergedObjectIds: [Number(merged)],
      }),
    ]);
  });
});
