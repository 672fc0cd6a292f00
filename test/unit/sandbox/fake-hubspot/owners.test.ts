import { afterEach, describe, expect, it } from 'vitest';
import { CollectionResponsePublicOwner, HubSpotErrorBody } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

// The owners API as the 2026-03 CRM Owners spec has it; hubspot_owner_id itself lists no options.
describe('GET /crm/owners/2026-03', () => {
  it('pages with limit and after; archived=true lists only the archived owners', async () => {
    const r = await startFake();
    const gone = r.fake.state.addOwner(PORTAL, { firstName: 'Gil', lastName: 'Moreau' });
    r.fake.state.archiveOwner(PORTAL, gone);
    const page = async (query: string) =>
      CollectionResponsePublicOwner.parse(await (await r.call('GET', `/crm/owners/2026-03?${query}`)).json());

    const first = await page('limit=3');
    expect(first.results.map((o) => o.id)).toEqual(['71000001', '71000002', '71000003']);
    expect(first.results[0]).toMatchObject({ firstName: 'Ana', lastName: 'Costa', archived: false, type: 'PERSON' });
    const second = await page(`limit=3&after=${first.paging!.next.after}`);
    expect(second.results.map((o) => o.id)).toEqual(['71000004']);
    expect(second.paging).toBeUndefined();
    expect((await page('archived=true')).results.map((o) => [o.id, o.archived])).toEqual([[gone, true]]);
  });

  it('answers 403 MISSING_SCOPES to a token granted neither crm.objects.owners.read nor automation', async () => {
    const r = await startFake();
    const without = r.fake.state.issueStaticToken(PORTAL, undefined, ['oauth', 'crm.objects.contacts.read']);
    const refused = await r.call('GET', '/crm/owners/2026-03', undefined, without);
    expect(refused.status).toBe(403);
    expect(HubSpotErrorBody.parse(await refused.json()).category).toBe('MISSING_SCOPES');
    const granted = r.fake.state.issueStaticToken(PORTAL, undefined, ['oauth', 'crm.objects.owners.read']);
    expect((await r.call('GET', '/crm/owners/2026-03', undefined, granted)).status).toBe(200);
  });

  it('hubspot_owner_id has no options and externalOptions, as HubSpot answers it', async () => {
    const r = await startFake();
    const body = (await (await r.call('GET', '/crm/properties/2026-09/contacts/hubspot_owner_id')).json()) as {
      options: unknown[];
      externalOptions: boolean;
    };
    expect(body).toMatchObject({ options: [], externalOptions: true });
  });
});
