import { afterEach, describe, expect, it } from 'vitest';
import {
  BatchResponseAssociations,
  BatchResponseSimplePublicObject,
  CollectionResponsePipeline,
  CollectionResponseProperty,
  CollectionResponsePropertyGroup,
  CollectionResponseSimplePublicObject,
  HubSpotErrorBody,
  Property,
  PropertyGroup,
  SimplePublicObject,
} from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { PORTAL, startFake, stopFakes, type RunningFake } from './start-fake.ts';

afterEach(stopFakes);

async function seeded(): Promise<RunningFake & { contactId: string; dealId: string }> {
  const running = await startFake();
  const { state } = running.fake;
  const contactId = state.createContact(PORTAL, { email: 'ada@example.com', lifecyclestage: 'lead' });
  state.updateContact(PORTAL, contactId, { lifecyclestage: 'opportunity' });
  const dealId = state.createDeal(PORTAL, { dealname: 'Ada / Pro', amount: '1200' }, [contactId]);
  return { ...running, contactId, dealId };
}

describe('fake HubSpot answers parse with the service schemas', () => {
  it('GET contact with propertiesWithHistory parses as SimplePublicObject, history newest first', async () => {
    const { call, contactId } = await seeded();
    const res = await call(
      'GET',
      hubspotPaths.contact(contactId, { properties: ['lifecyclestage'], propertiesWithHistory: ['lifecyclestage'] }),
    );
    expect(res.status).toBe(200);
    const contact = SimplePublicObject.parse(await res.json());
    expect(contact.properties.lifecyclestage).toBe('opportunity');
    expect(contact.propertiesWithHistory?.lifecyclestage?.map((v) => v.value)).toEqual(['opportunity', 'lead']);
  });

  it('contacts list parses as a collection and pages with paging.next.after until the end', async () => {
    const { call, fake } = await seeded();
    for (let i = 0; i < 4; i += 1) fake.state.createContact(PORTAL, { email: `c${i}@example.com` });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = CollectionResponseSimplePublicObject.parse(
        await (
          await call('GET', hubspotPaths.contactsList({ limit: 2, ...(after === undefined ? {} : { after }) }))
        ).json(),
      );
      seen.push(...page.results.map((c) => c.id));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('contacts and deals batch reads parse as BatchResponse', async () => {
    const { call, contactId, dealId } = await seeded();
    const contacts = await call('POST', hubspotPaths.contactsBatchRead(), {
      inputs: [{ id: contactId }],
      properties: ['email'],
      propertiesWithHistory: [],
    });
    expect(contacts.status).toBe(200);
    expect(BatchResponseSimplePublicObject.parse(await contacts.json()).results[0]?.properties.email).toBe(
      'ada@example.com',
    );
    const deals = await call('POST', hubspotPaths.dealsBatchRead(), {
      inputs: [{ id: dealId }],
      properties: ['dealstage', 'hs_is_closed_won', 'closedate'],
      propertiesWithHistory: [],
    });
    const deal = BatchResponseSimplePublicObject.parse(await deals.json()).results[0];
    expect(deal?.properties).toMatchObject({
      dealstage: 'appointmentscheduled',
      hs_is_closed_won: 'false',
      closedate: null,
    });
  });

  it('contact batch update answers with the updated records', async () => {
    const { call, contactId } = await seeded();
    const res = await call('POST', hubspotPaths.contactsBatchUpdate(), {
      inputs: [{ id: contactId, properties: { firstname: 'Ada' } }],
    });
    expect(res.status).toBe(200);
    expect(BatchResponseSimplePublicObject.parse(await res.json()).results[0]?.properties.firstname).toBe('Ada');
  });

  it('associations batch read parses both ways, with HubSpot-defined type ids 4 and 3', async () => {
    const { call, contactId, dealId } = await seeded();
    const toDeals = BatchResponseAssociations.parse(
      await (await call('POST', hubspotPaths.contactsToDealsBatchRead(), { inputs: [{ id: contactId }] })).json(),
    );
    expect(toDeals.results[0]?.to).toEqual([
      { toObjectId: dealId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }] },
    ]);
    const toContacts = BatchResponseAssociations.parse(
      await (await call('POST', hubspotPaths.dealsToContactsBatchRead(), { inputs: [{ id: dealId }] })).json(),
    );
    expect(toContacts.results[0]?.to[0]?.toObjectId).toBe(contactId);
  });

  it('deal pipelines parse, closedwon closed with probability 1.0 and closedlost with 0.0', async () => {
    const { call } = await seeded();
    const pipelines = CollectionResponsePipeline.parse(await (await call('GET', hubspotPaths.dealPipelines())).json());
    const stages = pipelines.results.find((p) => p.id === 'default')?.stages ?? [];
    expect(stages.find((s) => s.id === 'closedwon')?.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(stages.find((s) => s.id === 'closedlost')?.metadata).toEqual({ isClosed: 'true', probability: '0.0' });
  });

  it('properties and groups parse: list, create, read back, update', async () => {
    const { call } = await seeded();
    const list = CollectionResponseProperty.parse(await (await call('GET', hubspotPaths.contactProperties())).json());
    expect(list.results.find((p) => p.name === 'lifecyclestage')?.options.map((o) => o.value)).toContain('evangelist');
    const group = await call('POST', hubspotPaths.contactPropertyGroups(), {
      name: 'journey_stages',
      label: 'Journey Stages',
    });
    expect(group.status).toBe(201);
    PropertyGroup.parse(await group.json());
    PropertyGroup.parse(await (await call('GET', hubspotPaths.contactPropertyGroup('journey_stages'))).json());
    CollectionResponsePropertyGroup.parse(await (await call('GET', hubspotPaths.contactPropertyGroups())).json());
    const created = await call('POST', hubspotPaths.contactProperties(), {
      name: 'journey_stage',
      label: 'Journey stage (Journey Stages app)',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'journey_stages',
      options: [{ label: 'Awareness', value: 'awareness' }],
    });
    expect(created.status).toBe(201);
    expect(Property.parse(await created.json()).options[0]).toMatchObject({
      value: 'awareness',
      hidden: false,
      displayOrder: 0,
    });
    const updated = await call('PATCH', hubspotPaths.contactProperty('journey_stage'), {
      options: [{ label: 'Purchase', value: 'purchase' }],
    });
    expect(Property.parse(await updated.json()).options.map((o) => o.value)).toEqual(['purchase']);
  });

  it('errors parse as HubSpot error bodies: unknown contact 404, no token 401', async () => {
    const { call } = await seeded();
    const missing = await call('GET', hubspotPaths.contact('999999'));
    expect(missing.status).toBe(404);
    expect(HubSpotErrorBody.parse(await missing.json()).category).toBe('OBJECT_NOT_FOUND');
    const anonymous = await call('GET', hubspotPaths.contact('999999'), undefined, null);
    expect(anonymous.status).toBe(401);
    expect(HubSpotErrorBody.parse(await anonymous.json()).category).toBe('INVALID_AUTHENTICATION');
  });
});
