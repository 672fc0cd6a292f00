import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../helpers/test-db.ts';
import { getSigned } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DAY, PORTAL, stageOf, startHarness, type Harness } from './promises/harness.ts';
import { Funnel } from '@journey-stages/contract/funnel-schema';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

const propertyReads = (h: Harness) =>
  h.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/crm/properties/')).length;
const labelsRead = async (h: Harness) =>
  (
    await h.svc.db.query<{ read_at: Date | string }>(
      `select read_at from segment_option_labels where portal_id = $1 and property = 'hs_persona'`,
      [PORTAL],
    )
  ).rows.map((r) => new Date(r.read_at).getTime())[0];

// Segments answer the property's option labels, read from HubSpot by the worker.
describe.each(dbKinds)('GET /api/journey/funnel?segment= labels (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('answers ids until the options are read, then their labels; reads them again when a day old', async () => {
    h = await startHarness(kind);
    const values = { lifecyclestage: 'lead', hs_persona: 'persona_1', hubspot_owner_id: '71000002' };
    const id = h.fake.state.createContact(PORTAL, values);
    await waitFor(() => stageOf(h, id) === 'consideration', { what: 'the contact written' });
    await h.settle();
    const segments = async (property: string) => {
      const path = `/api/journey/funnel?portalId=${PORTAL}&segment=${property}`;
      const res = await getSigned(h.svc, path, { timestamp: h.now().getTime() });
      const body: unknown = await res.json();
      if (res.status !== 200) throw new Error(JSON.stringify(body));
      return Funnel.parse(body).segments!.map((s) => [s.value, s.label]);
    };

    const reads = propertyReads(h);
    // Nothing stored yet: the answer does not wait on HubSpot, and the worker reads them.
    expect(await segments('hs_persona')).toEqual([['persona_1', 'persona_1']]);
    h.advance(0);
    await waitFor(async () => (await labelsRead(h)) !== undefined, { what: 'the stored labels' });
    await h.settle();
    expect(propertyReads(h) - reads).toBe(4); // one GET per segment property, within the general budget
    expect(await segments('hs_persona')).toEqual([['persona_1', 'Founder Fiona']]);
    // HubSpot lists the portal's owners as the options of the owner property: its name, no owners scope needed.
    expect(await segments('hubspot_owner_id')).toEqual([['71000002', 'Ben Okafor']]);
    await h.settle();
    expect(propertyReads(h) - reads).toBe(4);

    const first = await labelsRead(h);
    h.advance(DAY + 60_000);
    await segments('hs_persona');
    h.advance(0);
    await waitFor(async () => (await labelsRead(h))! > first!, { what: 'the labels read again' });
    await h.settle();
    expect(propertyReads(h) - reads).toBe(8);
  });
});
