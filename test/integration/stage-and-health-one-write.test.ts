import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { computeStageDwell } from '../../src/analytics/compute-stage-dwell.ts';
import { readEvidence } from '../../src/sync/read-evidence.ts';
import { deriveAndWrite, propertiesFor } from '../../src/sync/derive-and-write.ts';
import { refreshHealth } from '../../src/sync/refresh-health.ts';
import { presets } from '../../src/engine/presets/index.ts';
import type { SyncDeps } from '../../src/sync/sync-deps.ts';

// A contact whose stage and health both change is written in one batch update carrying both
// properties: a burst of 100 such contacts costs one call, not two (API usage sits at the
// rate-limit floor). Health alone (the timers) still writes health alone.
const PORTAL = '62515';
const DAY = 86_400_000;
const T = new Date('2026-12-01T00:00:00.000Z');
const UPDATE = '/crm/objects/2026-09/contacts/batch/update';
const model = presets['classic-5']!;
const BURST = 100;

type Sent = Array<{ id: string; properties: Record<string, string> }>;

describe.each(dbKinds)('stage and health in one batch update (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let clock: Date;
  let deps: SyncDeps;
  /** The inputs of every batch update HubSpot answered or refused, in order. */
  let sent: Sent[];

  beforeEach(async () => {
    clock = T;
    sent = [];
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL], now: () => clock });
    // Web role: no worker, so only the derivations this test runs write (the stand-in's webhooks go nowhere).
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      now: () => clock,
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    const api = svc.sync.api;
    const updateContacts: typeof api.updateContacts = (p, inputs) => {
      sent.push(inputs);
      return api.updateContacts(p, inputs);
    };
    deps = { ...svc.sync, api: { ...api, updateContacts } };
    await provisionProperties(svc.db, svc.api, PORTAL, model);
    // A basis (docs/health.md): 20 finished stays of 1..20 days in consideration and in purchase,
    // so p75 = 16 and p90 = 19 days in both; the seeded contacts are not in the stand-in.
    for (let d = 1; d <= 20; d++)
      await seedPath(svc.db, {
        portalId: PORTAL,
        contactId: `seed-${d}`,
        start: new Date(T.getTime() - 90 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', d],
          ['retention', d + d],
        ],
      });
    await svc.db.transaction((tx) => computeStageDwell(tx, PORTAL, model, clock));
    fake.calls.length = 0;
  });
  afterEach(async () => {
    nock.cleanAll();
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const derive = async (ids: string[]) => {
    const { evidence } = await readEvidence(svc.db, svc.api, PORTAL, ids, propertiesFor(model));
    const inputs = [...evidence].map(([contactId, ev]) => ({ contactId, evidence: ev, observedAt: clock }));
    await deriveAndWrite(deps, PORTAL, inputs);
  };
  const updateCalls = () => fake.calls.filter((c) => c.method === 'POST' && c.path === UPDATE).length;
  const held = (id: string) => fake.state.getContact(PORTAL, id)?.properties ?? {};
  type Written = { written_stage: string | null; written_health: string | null; write_error: string | null };
  const onTrack: Written = { written_stage: 'consideration', written_health: 'on_track', write_error: null };
  const written = async (id: string) =>
    (
      await svc.db.query<Written>(
        'select written_stage, written_health, write_error from contacts where portal_id = $1 and contact_id = $2',
        [PORTAL, id],
      )
    ).rows[0];
  // Leads since 5 days by default: consideration for 5 days, on track (p75 = 16).
  const newLeads = (n: number, daysAgo = 5) =>
    Array.from({ length: n }, () =>
      fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: new Date(T.getTime() - daysAgo * DAY) }),
    );

  it(`a burst of ${BURST} new contacts: one batch update carries each contact's stage and first health`, async () => {
    const ids = newLeads(BURST);
    await derive(ids);
    expect(updateCalls()).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((u) => u.id).sort()).toEqual([...ids].sort());
    for (const u of sent[0]!)
      expect(u.properties).toEqual({
        journey_stage: 'consideration',
        journey_stage_entered_at: new Date(T.getTime() - 5 * DAY).toISOString(),
        journey_stage_highest: 'consideration',
        journey_stage_health: 'on_track',
      });
    expect(held(ids[0]!)).toMatchObject({ journey_stage: 'consideration', journey_stage_health: 'on_track' });
    expect(await written(ids[0]!)).toEqual(onTrack);

    // The same evidence again: nothing changed, nothing sent.
    fake.calls.length = 0;
    sent = [];
    await derive(ids);
    expect(updateCalls()).toBe(0);
    expect(sent).toEqual([]);
  });

  it(`a burst of ${BURST} stage changes that change health too: one call with both; later health alone`, async () => {
    const ids = newLeads(BURST, 25);
    await derive(ids);
    expect(held(ids[0]!)).toMatchObject({ journey_stage: 'consideration', journey_stage_health: 'stuck' });
    // Each becomes a customer 17 days ago: purchase for 17 days, past p75 = 16, so "behind".
    const customerSince = new Date(T.getTime() - 17 * DAY);
    for (const id of ids) fake.state.updateContact(PORTAL, id, { lifecyclestage: 'customer' }, { at: customerSince });
    fake.calls.length = 0;
    sent = [];
    await derive(ids);
    expect(updateCalls()).toBe(1);
    expect(sent).toHaveLength(1);
    for (const u of sent[0]!)
      expect(u.properties).toEqual({
        journey_stage: 'purchase',
        journey_stage_entered_at: customerSince.toISOString(),
        journey_stage_highest: 'purchase',
        journey_stage_health: 'behind',
      });
    expect(held(ids[0]!)).toMatchObject({ journey_stage: 'purchase', journey_stage_health: 'behind' });
    expect(await written(ids[0]!)).toEqual({ written_stage: 'purchase', written_health: 'behind', write_error: null });

    // Time alone moves them past p90 (19 days): the health timers' path sends health and nothing else.
    clock = new Date(T.getTime() + 3 * DAY);
    fake.calls.length = 0;
    sent = [];
    await refreshHealth(deps, PORTAL, model, ids, clock);
    expect(updateCalls()).toBe(1);
    expect(sent[0]!.map((u) => u.properties)).toEqual(ids.map(() => ({ journey_stage_health: 'stuck' })));
    expect(await written(ids[0]!)).toEqual({ written_stage: 'purchase', written_health: 'stuck', write_error: null });
    expect(held(ids[0]!)).toMatchObject({ journey_stage: 'purchase', journey_stage_health: 'stuck' });
  });

  it('a contact HubSpot refuses does not block the others; neither its stage nor its health is recorded', async () => {
    const ids = newLeads(4);
    const refused = ids[2]!;
    // The portal's validation rule refuses any batch holding this contact (400 for the whole batch, as HubSpot does).
    nock(fake.url, { allowUnmocked: true })
      .post(UPDATE, (body: { inputs: Sent }) => body.inputs.some((i) => i.id === refused))
      .times(3)
      .reply(400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        correlationId: 'a6f1c1c2-0000-4000-8000-000000000000',
        message: `Property values were not valid: blocked by the portal's validation rule for contact ${refused}`,
      });
    await derive(ids);
    // Refused as a batch of 4, then of 2, then alone; every other contact written with both properties.
    expect(sent.map((b) => b.map((u) => u.id))).toEqual([ids, [ids[0], ids[1]], [ids[2], ids[3]], [ids[2]], [ids[3]]]);
    expect(nock.pendingMocks()).toEqual([]);
    for (const id of ids.filter((i) => i !== refused)) {
      expect(held(id)).toMatchObject({ journey_stage: 'consideration', journey_stage_health: 'on_track' });
      expect(await written(id)).toEqual(onTrack);
    }
    expect(held(refused).journey_stage).toBeUndefined();
    expect(held(refused).journey_stage_health).toBeUndefined();
    const row = await written(refused);
    expect(row).toMatchObject({ written_stage: null, written_health: null });
    expect(row!.write_error).toContain('validation rule');
  });
});
