import { afterEach, describe, expect, it } from 'vitest';
import { BatchResponseAssociations } from '../../../../src/sandbox/fake-hubspot/spec-schemas.ts';
import { hubspotPaths } from '../../../../src/sync/hubspot-paths.ts';
import { PORTAL, startFake, stopFakes } from './start-fake.ts';

afterEach(stopFakes);

describe('POST associations batch/read', () => {
  it('answers 200 (2026-09 has no 207) with NO_ASSOCIATIONS_FOUND for a contact without deals', async () => {
    const { call, fake } = await startFake();
    const lonely = fake.state.createContact(PORTAL, {});
    const buyer = fake.state.createContact(PORTAL, {});
    const deal = fake.state.createDeal(PORTAL, { dealname: 'x' }, [buyer]);
    const res = await call('POST', hubspotPaths.contactsToDealsBatchRead(), {
      inputs: [{ id: buyer }, { id: lonely }],
    });
    expect(res.status).toBe(200);
    const body = BatchResponseAssociations.parse(await res.json());
    expect(body.results.map((r) => [r.from.id, r.to.map((t) => t.toObjectId)])).toEqual([[buyer, [deal]]]);
    expect(body.errors?.[0]).toMatchObject({
      subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
      context: { fromObjectId: [lonely] },
    });
  });

  it('stops listing a deal once it is deleted', async () => {
    const { call, fake } = await startFake();
    const contact = fake.state.createContact(PORTAL, {});
    const deal = fake.state.createDeal(PORTAL, {}, [contact]);
    fake.state.deleteDeal(PORTAL, deal);
    const res = await call('POST', hubspotPaths.contactsToDealsBatchRead(), { inputs: [{ id: contact }] });
    expect(res.status).toBe(200);
    expect(BatchResponseAssociations.parse(await res.json()).results).toEqual([]);
  });
});
