import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../../helpers/test-db.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { computeSegments } from '../../../src/api/funnel/compute-segments.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { DAY, PORTAL, stageOf, startHarness, type Harness } from './harness.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

describe.each(dbKinds)('promise: a segment change is a stored fact with its date (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a lifecyclestage change is stored at its webhook date; stays count in their first value', async () => {
    h = await startHarness(kind);
    const id = h.fake.state.createContact(
      PORTAL,
      { lifecyclestage: 'lead' },
      { at: new Date(h.now().getTime() - 10 * DAY) },
    );
    await waitFor(() => stageOf(h, id) === 'consideration', { what: 'the lead written as consideration' });
    await h.settle();
    h.advance(2 * DAY);
    const changedAt = h.now();
    const calls = h.fake.calls.length;
    h.fake.state.updateContact(PORTAL, id, { lifecyclestage: 'customer' });
    const changedBy = h.now(); // the shared clock runs on between the two reads
    await waitFor(() => stageOf(h, id) === 'purchase', { what: 'the customer written as purchase' });
    await h.settle();

    const values = await h.svc.db.query<{ value: string; since: Date | string }>(
      `select value, since from contact_segment_values
        where portal_id = $1 and contact_id = $2 and property = 'lifecyclestage' order by since`,
      [PORTAL, id],
    );
    expect(values.rows.map((r) => r.value)).toEqual(['lead', 'customer']);
    const since = new Date(values.rows[1]!.since).getTime();
    expect(since).toBeGreaterThanOrEqual(changedAt.getTime());
    expect(since).toBeLessThanOrEqual(changedBy.getTime());
    // No HubSpot call was added for it: the change is read with the evidence, one batch read.
    expect(h.callsSince(calls).filter((c) => c.includes('/contacts/batch/read'))).toHaveLength(1);

    const model = presets['classic-5']!;
    const period = {
      from: new Date(h.now().getTime() - 30 * DAY),
      to: new Date(h.now().getTime() + DAY),
      now: h.now(),
    };
    const segments = await computeSegments(h.svc.db, { portalId: PORTAL, model, ...period }, 'lifecyclestage');
    const enteredIn = (value: string) =>
      segments
        .find((s) => s.value === value)
        ?.stages.filter((s) => s.entered > 0)
        .map((s) => s.stage);
    expect(enteredIn('lead')).toEqual(['awareness', 'consideration']);
    expect(enteredIn('customer')).toEqual(['purchase']);
  });
});
