import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { createWebhookSender, type WebhookSender } from '../../src/sandbox/webhook-sender.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { loadTimelines } from '../../src/store/timeline-store.ts';

const PORTAL = '62515';
const DAY = 86_400_000;

describe('sync end to end: signed webhooks in, HubSpot calls out (PGlite, HubSpot stand-in)', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let sender: WebhookSender;

  beforeEach(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL], webhookFormat: 'generic', appId: 424242 });
    const token = fake.state.issueStaticToken(PORTAL);
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: token }),
    });
    sender = createWebhookSender({
      targetUrl: `${svc.url}/webhooks/hubspot`,
      signedUrl: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
      secret: TEST_SECRET,
      log: svc.sync.log,
    });
    fake.state.onEvents((events) => sender.send(events));
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    fake.calls.length = 0;
  });
  afterEach(async () => {
    await sender.stop();
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const stageOf = (id: string) => fake.state.getContact(PORTAL, id)?.properties.journey_stage;
  const settle = async () => {
    await sender.idle();
    await vi.waitFor(async () => {
      const r = await svc.db.query<{ n: number }>(`select count(*)::int as n from jobs where state <> 'dead' and run_at <= now()`);
      expect(r.rows[0]!.n).toBe(0);
    }, { timeout: 20_000, interval: 50 });
    await sender.idle();
  };

  it('a new lead is written as consideration, dated by HubSpot\'s lifecycle date, in 3 calls', async () => {
    const leadAt = new Date(Date.now() - 3 * DAY);
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: leadAt });
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    await settle();
    expect(new Date(fake.state.getContact(PORTAL, id)!.properties.journey_stage_entered_at!).getTime()).toBe(leadAt.getTime());
    expect(fake.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /crm/objects/2026-03/contacts/batch/read',
      'POST /crm/associations/2026-03/contacts/deals/batch/read',
      'POST /crm/objects/2026-03/contacts/batch/update',
    ]);
  });

  it('a won deal moves the contact to purchase; deleting it adds a regression entry and writes consideration back', async () => {
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    const closeDate = new Date(Date.now() - 2 * DAY).toISOString();
    const dealId = fake.state.createDeal(PORTAL, { dealname: 'ACME renewal', pipeline: 'default', dealstage: 'closedwon', closedate: closeDate }, [id]);
    await vi.waitFor(() => expect(stageOf(id)).toBe('purchase'), { timeout: 20_000 });
    expect(fake.state.getContact(PORTAL, id)!.properties.journey_stage_entered_at).toBe(closeDate);

    fake.state.deleteDeal(PORTAL, dealId);
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    await settle();
    const timeline = (await loadTimelines(svc.db, PORTAL, [id])).get(id)!;
    expect(timeline.map((e) => `${e.direction}:${e.stage}`)).toEqual([
      'advance:awareness', 'advance:consideration', 'advance:purchase', 'regression:consideration',
    ]);
    expect(timeline[2]!.reason).toContain('ACME renewal');
    expect(timeline[2]!.evidence).toContainEqual(expect.objectContaining({ object: 'deal', id: dealId }));
  });

  it('our own writes echo back as webhooks and cause no further read or write', async () => {
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    await vi.waitFor(() => expect(stageOf(id)).toBe('purchase'), { timeout: 20_000 });
    await settle();
    const after = fake.calls.length;
    await new Promise((r) => setTimeout(r, 500));
    await settle();
    expect(fake.calls.length).toBe(after);
  });

  it('a burst of 300 new contacts costs at most 0.05 calls per contact; an unchanged stage is never written', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(fake.state.createContact(PORTAL, { lifecyclestage: i % 2 === 0 ? 'lead' : 'subscriber' }));
    await vi.waitFor(() => expect(ids.every((id) => stageOf(id) !== undefined)).toBe(true), { timeout: 30_000, interval: 100 });
    await settle();
    expect(fake.calls.length / 300).toBeLessThanOrEqual(0.05);
    const writesBefore = fake.calls.filter((c) => c.path.includes('batch/update')).length;
    // A change that does not move the stage (subscriber → other non-lead value): read, not written.
    fake.state.updateContact(PORTAL, ids[1]!, { lifecyclestage: 'other' });
    await settle();
    expect(fake.calls.filter((c) => c.path.includes('batch/update')).length).toBe(writesBefore);
  });
});
