import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HARNESS_PORTAL as PORTAL, startSyncHarness, type SyncHarness } from '../../helpers/sync-harness.ts';
import { processContacts } from '../../../src/sync/process-contacts.ts';
import { processDeals } from '../../../src/sync/process-deals.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * The contact and deal jobs against HubSpot's stand-in (test/helpers/sync-harness.ts): what
 * lands in HubSpot's contact record, and what it costs in calls (API usage at the rate-limit
 * floor: one contact read, one deal read and one write per 100 contacts, no association read
 * when the events carried the links). The provisioning of our properties and the pipeline
 * read happen once per portal; the tests count the rest.
 */
describe('processContacts and processDeals', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const leadWithOpenDeal = () => {
    const c = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const d = h.fake.state.createDeal(
      PORTAL,
      { dealname: 'd', dealstage: 'appointmentscheduled', pipeline: 'default' },
      [c],
    );
    return { c, d };
  };
  const stageInHubSpot = (id: string) => h.fake.state.getContact(PORTAL, id)?.properties.journey_stage;
  const runContactJobs = async () => processContacts(h.deps, await h.take(TASKS.contactChanged));
  const runDealJobs = async () => {
    const jobs = await h.take(TASKS.dealChanged);
    if (jobs.length > 0) await processDeals(h.deps, jobs);
  };

  it('a new contact with a won deal: purchase in HubSpot for one contact read, one deal read and one write', async () => {
    const c = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead', firstname: 'Jane' });
    h.fake.state.createDeal(PORTAL, { dealname: 'won', dealstage: 'closedwon', pipeline: 'default' }, [c]);
    await h.deliver();
    await runDealJobs();
    expect(h.calls()).toEqual([]); // the deal's contact came with its association events
    await runContactJobs();
    expect(h.callKinds()).toEqual(['contactReads', 'dealReads', 'writes']);
    expect(stageInHubSpot(c)).toBe('purchase');
  });

  it('a deal won later reaches its known contact through the stored links (no association read for the deal), and the contact moves', async () => {
    const { c, d } = leadWithOpenDeal();
    await h.deliver();
    await runDealJobs();
    await runContactJobs();
    expect(stageInHubSpot(c)).toBe('consideration');
    h.calls();
    h.advance(60_000);
    h.fake.state.updateDeal(PORTAL, d, { dealstage: 'closedwon' });
    await h.deliver();
    await runDealJobs();
    expect(h.calls()).toEqual([]); // the link was stored: no association read
    const jobs = await h.take(TASKS.contactChanged);
    expect(jobs.map((j) => j.key)).toEqual([c]);
    await processContacts(h.deps, jobs);
    // A contact seen before reads its associations (docs/decisions/0001): links may have changed unseen.
    expect(h.callKinds()).toEqual(['contactReads', 'associationReads', 'dealReads', 'writes']);
    expect(stageInHubSpot(c)).toBe('purchase');
  });

  it('a deal event for a deal never seen asks HubSpot for its contacts once', async () => {
    const { c, d } = leadWithOpenDeal();
    await h.deliver();
    // Only the deal's later change is delivered to a portal that never saw the deal.
    await h.t.db.query('delete from webhook_events');
    await h.t.db.query('delete from jobs');
    await h.t.db.query('delete from deal_contacts');
    h.fake.state.updateDeal(PORTAL, d, { dealstage: 'closedwon' });
    await h.deliver();
    h.calls();
    await runDealJobs();
    expect(h.callKinds()).toEqual(['associationReads']);
    expect((await h.take(TASKS.contactChanged)).map((j) => j.key)).toEqual([c]);
  });

  it('a contact deleted in HubSpot before its job ran gets no write', async () => {
    const c = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await h.deliver();
    h.fake.state.deleteContact(PORTAL, c);
    await h.deliver();
    h.calls();
    await runContactJobs();
    expect(h.callKinds()).not.toContain('writes');
    const stored = await h.t.db.query<{ deleted: boolean }>('select deleted from contacts where contact_id = $1', [c]);
    expect(stored.rows.map((r) => r.deleted)).not.toContain(false);
  });

  it('a retry after a failed write reads again only the contacts whose write may have landed, not their deals', async () => {
    const c = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    h.fake.state.createDeal(PORTAL, { dealname: 'won', dealstage: 'closedwon', pipeline: 'default' }, [c]);
    await h.deliver();
    await runDealJobs();
    const jobs = await h.take(TASKS.contactChanged);
    h.fake.faults.add({ path: /contacts\/batch\/update$/, status: 503, times: 100 });
    await expect(processContacts(h.deps, jobs)).rejects.toThrow();
    expect(h.callKinds()).toEqual(expect.arrayContaining(['contactReads', 'dealReads', 'writes']));
    h.fake.faults.clear();
    await processContacts(h.deps, jobs);
    // The contact is read again: a write whose answer was lost may have landed, and what HubSpot
    // holds decides whether to send it again. Its deals, read before, are not.
    expect(h.callKinds()).toEqual(['contactReads', 'writes']);
    expect(stageInHubSpot(c)).toBe('purchase');
  });
});
