import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HARNESS_PORTAL as PORTAL, startSyncHarness, type SyncHarness } from '../../helpers/sync-harness.ts';
import {
  DEFAULT_RECONCILE_INTERVAL_MS,
  processReconcile,
  scheduleReconcile,
} from '../../../src/sync/reconcile-sweep.ts';
import { processContacts } from '../../../src/sync/process-contacts.ts';
import { processDeals } from '../../../src/sync/process-deals.ts';
import { eraseContact } from '../../../src/store/contact-lifecycle.ts';
import { HubSpotError } from '../../../src/sync/hubspot-error.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * Being right when webhooks are missed (docs/reconciliation.md): a sweep reads what HubSpot
 * changed since the last one and gives every contact whose derivation is out of date a contact
 * job, the path a webhook takes. Against HubSpot's stand-in (test/helpers/sync-harness.ts).
 */
const MINUTE = 60_000;

describe('the reconciliation sweep', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A contact (and its deals) as the sync derived them from delivered webhooks. */
  const derived = async (values: Record<string, string>, deal?: Record<string, string>) => {
    const id = h.fake.state.createContact(PORTAL, values);
    const dealId = deal ? h.fake.state.createDeal(PORTAL, deal, [id]) : undefined;
    await h.deliver();
    const dealJobs = await h.take(TASKS.dealChanged);
    if (dealJobs.length > 0) await processDeals(h.deps, dealJobs);
    await h.complete(dealJobs);
    const contactJobs = await h.take(TASKS.contactChanged);
    await processContacts(h.deps, contactJobs);
    await h.complete(contactJobs);
    return { id, dealId };
  };
  /** Runs the sweep's pages until it schedules the next sweep (a page at most every 250 ms). */
  const sweep = async () => {
    for (let pages = 0; pages < 20; pages++) {
      const [job] = await h.take(TASKS.reconcile);
      if (!job) throw new Error('no sweep job');
      await processReconcile(h.deps, [job]);
      await h.complete([job]);
      const [next] = await h.t.db
        .query<{ run_at: Date | string }>('select run_at from jobs where portal_id = $1 and task = $2', [
          PORTAL,
          TASKS.reconcile,
        ])
        .then((r) => r.rows);
      if (next && new Date(next.run_at).getTime() - h.deps.now().getTime() > MINUTE) return new Date(next.run_at);
    }
    throw new Error('the sweep did not end in 20 pages');
  };
  const contactJobs = async () =>
    (
      await h.t.db.query<{ key: string; payload: Record<string, unknown> }>(
        'select key, payload from jobs where portal_id = $1 and task = $2 order by key',
        [PORTAL, TASKS.contactChanged],
      )
    ).rows;

  it('gives a contact changed without a webhook a contact job dated by its change, and none to the others', async () => {
    const changed = await derived({ lifecyclestage: 'lead' });
    await derived({ lifecyclestage: 'lead' });
    h.advance(MINUTE);
    h.fake.state.updateContact(PORTAL, changed.id, { lifecyclestage: 'customer' });
    const changedAt = h.deps.now().toISOString();
    h.miss();
    h.advance(MINUTE);
    await scheduleReconcile(h.t.db, PORTAL, h.deps.now(), h.deps.now());
    const startedAt = h.deps.now();
    const next = await sweep();
    expect(await contactJobs()).toEqual([{ key: changed.id, payload: { observedAt: changedAt } }]);
    // The next sweep an interval after this one started.
    expect(next).toEqual(new Date(startedAt.getTime() + DEFAULT_RECONCILE_INTERVAL_MS));
  });

  it('finds a deal changed without a webhook through its stored links, and gives its contact a job', async () => {
    const { id, dealId } = await derived(
      { lifecyclestage: 'lead' },
      { dealname: 'd', dealstage: 'appointmentscheduled', pipeline: 'default' },
    );
    h.advance(MINUTE);
    h.fake.state.updateDeal(PORTAL, dealId!, { dealstage: 'closedwon' });
    h.miss();
    h.advance(MINUTE);
    await scheduleReconcile(h.t.db, PORTAL, h.deps.now(), h.deps.now());
    h.calls();
    await sweep();
    expect((await contactJobs()).map((j) => j.key)).toEqual([id]);
    expect(h.callKinds()).not.toContain('associationReads');
  });

  it('gives no job to a contact erased here', async () => {
    const { id } = await derived({ lifecyclestage: 'lead' });
    h.advance(MINUTE);
    h.fake.state.updateContact(PORTAL, id, { lifecyclestage: 'customer' });
    h.miss();
    await eraseContact(h.t.db, PORTAL, id, h.deps.now());
    h.advance(MINUTE);
    await scheduleReconcile(h.t.db, PORTAL, h.deps.now(), h.deps.now());
    await sweep();
    expect(await contactJobs()).toEqual([]);
  });

  it('a page that fails on a passing fault is tried again a minute later; a 429 fails the job instead', async () => {
    await scheduleReconcile(h.t.db, PORTAL, h.deps.now(), h.deps.now());
    h.fake.faults.add({ path: /search$/, status: 503, times: 100 });
    const [job] = await h.take(TASKS.reconcile);
    await processReconcile(h.deps, [job!]);
    await h.complete([job!]);
    const [again] = await h.take(TASKS.reconcile);
    expect(again!.runAt.getTime() - h.deps.now().getTime()).toBeLessThanOrEqual(MINUTE);
    expect(again!.runAt.getTime() - h.deps.now().getTime()).toBeGreaterThan(MINUTE - 1_000);
    h.fake.faults.clear();
    const limited = {
      ...h.deps,
      api: {
        ...h.deps.api,
        searchModified: async () => {
          throw new HubSpotError('rate limited', { status: 429, retryable: true });
        },
      },
    };
    await expect(processReconcile(limited, [again!])).rejects.toThrow('rate limited');
  });
});
