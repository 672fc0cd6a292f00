import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HARNESS_PORTAL as PORTAL, startSyncHarness, type SyncHarness } from '../../helpers/sync-harness.ts';
import { processContacts } from '../../../src/sync/process-contacts.ts';
import { HELD_ONCE } from '../../../src/sync/next-claim.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * A burst read in whole batches (docs/performance.md, "Realistic burst"): when more contact work
 * is queued, the contacts whose deals would make a last part batch wait for the next claim, once.
 * Against HubSpot's stand-in (test/helpers/sync-harness.ts); the calls are what HubSpot counts.
 */

describe('contacts held for the next claim', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** `n` new contacts, each with a new open deal, delivered as HubSpot sends them. */
  const newContactsWithDeals = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const c = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
      h.fake.state.createDeal(PORTAL, { dealname: `d${i}`, dealstage: 'appointmentscheduled', pipeline: 'default' }, [
        c,
      ]);
    }
    await h.deliver();
    await h.complete(await h.take(TASKS.dealChanged));
  };
  const dealReads = () => h.callKinds().filter((k) => k === 'dealReads').length;
  const pending = async () =>
    (
      await h.t.db.query<{ key: string; payload: Record<string, unknown> }>(
        `select key, payload from jobs where portal_id = $1 and task = $2 and state = 'pending'`,
        [PORTAL, TASKS.contactChanged],
      )
    ).rows;

  it('104 contacts with a deal each, more queued: 4 wait, once, so 100 deals cost one call', async () => {
    await newContactsWithDeals(110);
    h.calls();
    const first = await h.take(TASKS.contactChanged, 104);
    await processContacts(h.deps, first);
    await h.complete(first);
    expect(dealReads()).toBe(1);
    const waiting = await pending();
    expect(waiting).toHaveLength(10); // 6 never claimed, 4 held back
    expect(waiting.filter((j) => j.payload[HELD_ONCE] === true)).toHaveLength(4);
    // Their events wait with them: nothing of theirs was written yet.
    const held = waiting.filter((j) => j.payload[HELD_ONCE] === true).map((j) => j.key);
    expect(held.map((id) => h.fake.state.getContact(PORTAL, id)?.properties.journey_stage)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // The last claim reads whatever is left, held ones included.
    const last = await h.take(TASKS.contactChanged);
    await processContacts(h.deps, last);
    expect(dealReads()).toBe(1);
    expect(await pending()).toEqual([]);
    expect(h.fake.state.listContacts(PORTAL).every((c) => c.properties.journey_stage === 'consideration')).toBe(true);
  });

  it('in a trickle (fewer than 100 jobs queued) a part batch does not wait', async () => {
    await newContactsWithDeals(40);
    const first = await h.take(TASKS.contactChanged, 30);
    await processContacts(h.deps, first);
    await h.complete(first);
    expect((await pending()).filter((j) => j.payload[HELD_ONCE] === true)).toEqual([]);
    expect(await pending()).toHaveLength(10);
  });

  it('nobody waits when nothing else is queued', async () => {
    await newContactsWithDeals(104);
    await processContacts(h.deps, await h.take(TASKS.contactChanged));
    expect(await pending()).toEqual([]);
  });
});
