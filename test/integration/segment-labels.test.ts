import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../helpers/test-db.ts';
import { getSigned } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DAY, PORTAL, stageOf, startHarness, type Harness } from './promises/harness.ts';
import { Funnel } from '@journey-stages/contract/funnel-schema';
import { REQUIRED_SCOPES } from '../../src/install/scopes.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

const propertyReads = (h: Harness) =>
  h.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/crm/properties/')).length;
const ownerReads = (h: Harness) =>
  h.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/crm/owners/')).length;
const labelsRead = async (h: Harness) =>
  (
    await h.svc.db.query<{ read_at: Date | string }>(
      `select read_at from segment_option_labels where portal_id = $1 and property = 'hs_persona'`,
      [PORTAL],
    )
  ).rows.map((r) => new Date(r.read_at).getTime())[0];

async function segmentsOf(h: Harness, property: string) {
  const path = `/api/journey/funnel?portalId=${PORTAL}&segment=${property}`;
  const res = await getSigned(h.svc, path, { timestamp: h.now().getTime() });
  const body: unknown = await res.json();
  if (res.status !== 200) throw new Error(JSON.stringify(body));
  return Funnel.parse(body).segments!.map((s) => [s.value, s.label]);
}

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

    const segments = (property: string) => segmentsOf(h, property);
    const reads = propertyReads(h);
    // Nothing stored yet: the answer does not wait on HubSpot, and the worker reads them.
    expect(await segments('hs_persona')).toEqual([['persona_1', 'persona_1']]);
    h.advance(0);
    await waitFor(async () => (await labelsRead(h)) !== undefined, { what: 'the stored labels' });
    await h.settle();
    expect(propertyReads(h) - reads).toBe(4); // one GET per segment property, within the general budget
    expect(await segments('hs_persona')).toEqual([['persona_1', 'Founder Fiona']]);
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

/** The contacts of an owner segment, once each is written. */
async function ownedContacts(h: Harness, owners: readonly string[]): Promise<void> {
  for (const owner of owners) {
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead', hubspot_owner_id: owner });
    await waitFor(() => stageOf(h, id) === 'consideration', { what: `the contact of owner ${owner}` });
  }
  await h.settle();
}

// HubSpot lists no options for hubspot_owner_id (externalOptions): owners are named from the owners API.
describe.each(dbKinds)('GET /api/journey/funnel?segment=hubspot_owner_id (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('names owners from the owners API, archived owners too: "First Last", else the email', async () => {
    h = await startHarness(kind);
    const gone = h.fake.state.addOwner(PORTAL, { firstName: 'Gil', lastName: 'Moreau', email: 'gil@example.com' });
    h.fake.state.archiveOwner(PORTAL, gone);
    const unnamed = h.fake.state.addOwner(PORTAL, { email: 'support-queue@example.com' });
    await ownedContacts(h, ['71000001', gone, unnamed]);

    const mark = ownerReads(h);
    await segmentsOf(h, 'hubspot_owner_id');
    h.advance(0);
    await waitFor(async () => (await labelsRead(h)) !== undefined, { what: 'the stored labels' });
    await h.settle();
    expect(new Map((await segmentsOf(h, 'hubspot_owner_id')) as [string, string][])).toEqual(
      new Map([
        ['71000001', 'Ana Costa'],
        [gone, 'Gil Moreau'],
        [unnamed, 'support-queue@example.com'],
      ]),
    );
    expect(ownerReads(h) - mark).toBe(2); // live owners, then archived ones: one page each
  });

  it('without the owners scope (403) shows owner ids, keeps the other labels, and is not retried', async () => {
    h = await startHarness(kind, { tokenScopes: REQUIRED_SCOPES });
    const id = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead', hs_persona: 'persona_2' });
    await waitFor(() => stageOf(h, id) === 'consideration', { what: 'the contact written' });
    await ownedContacts(h, ['71000003']);

    const mark = ownerReads(h);
    await segmentsOf(h, 'hubspot_owner_id');
    h.advance(0);
    await waitFor(async () => (await labelsRead(h)) !== undefined, { what: 'the stored labels' });
    await h.settle();
    expect(await segmentsOf(h, 'hubspot_owner_id')).toContainEqual(['71000003', '71000003']);
    expect(await segmentsOf(h, 'hs_persona')).toContainEqual(['persona_2', 'Operations Omar']);
    await h.settle();
    expect(ownerReads(h) - mark).toBe(1); // refused once; no retry, no archived pass
    const failed = await h.svc.db.query(
      `select task, last_error from jobs where last_error is not null or state = 'dead'`,
    );
    expect(failed.rows).toEqual([]);
  });
});
