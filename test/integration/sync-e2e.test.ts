import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { createWebhookSender, type WebhookSender } from '../../src/sandbox/webhook-sender.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { loadTimelines } from '../../src/store/timeline-store.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { OWN_PROPERTY_SUBSCRIPTIONS } from './promises/harness.ts';

const PORTAL = '62515';
const DAY = 86_400_000;

describe('sync end to end: signed webhooks in, HubSpot calls out (PGlite, HubSpot stand-in)', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let sender: WebhookSender;
  /** Set by the echo test: delivers only the echoes of our own writes, as a portal subscribed to our properties gets them. */
  let echoSender: WebhookSender | undefined;
  let emissions = 0;

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
    fake.state.onEvents((events) => {
      emissions += 1;
      sender.send(events);
      echoSender?.send(events);
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    fake.calls.length = 0;
  });
  afterEach(async () => {
    await echoSender?.stop();
    echoSender = undefined;
    await sender.stop();
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const stageOf = (id: string) => fake.state.getContact(PORTAL, id)?.properties.journey_stage;
  /**
   * Quiet: no emitted webhook undelivered, no job running or due within the intake's debounce
   * window (a debounced job is pending with run_at a second ahead), and no emission meanwhile.
   */
  const settle = async () => {
    await waitFor(
      async () => {
        const before = emissions;
        await sender.idle();
        await echoSender?.idle();
        const r = await svc.db.query<{ n: number }>(
          `select count(*)::int as n from jobs where state = 'running' or (state = 'pending' and run_at <= now() + interval '5 seconds')`,
        );
        return r.rows[0]!.n === 0 && emissions === before;
      },
      { what: 'an idle queue and no webhook in flight', timeout: 30_000 },
    );
  };

  it("a new lead is written as consideration, dated by HubSpot's lifecycle date, in 2 calls (a new contact's links are known: no association read)", async () => {
    const leadAt = new Date(Date.now() - 3 * DAY);
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: leadAt });
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    await settle();
    expect(new Date(fake.state.getContact(PORTAL, id)!.properties.journey_stage_entered_at!).getTime()).toBe(
      leadAt.getTime(),
    );
    expect(fake.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /crm/objects/2026-09/contacts/batch/read',
      'POST /crm/objects/2026-09/contacts/batch/update',
    ]);
  });

  it('a won deal moves the contact to purchase; deleting it adds a regression entry and writes consideration back', async () => {
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    const closeDate = new Date(Date.now() - 2 * DAY).toISOString();
    const dealId = fake.state.createDeal(
      PORTAL,
      { dealname: 'ACME renewal', pipeline: 'default', dealstage: 'closedwon', closedate: closeDate },
      [id],
    );
    await vi.waitFor(() => expect(stageOf(id)).toBe('purchase'), { timeout: 20_000 });
    expect(fake.state.getContact(PORTAL, id)!.properties.journey_stage_entered_at).toBe(closeDate);

    fake.state.deleteDeal(PORTAL, dealId);
    await vi.waitFor(() => expect(stageOf(id)).toBe('consideration'), { timeout: 20_000 });
    await settle();
    const timeline = (await loadTimelines(svc.db, PORTAL, [id])).get(id)!;
    expect(timeline.map((e) => `${e.direction}:${e.stage}`)).toEqual([
      'advance:awareness',
      'advance:consideration',
      'advance:purchase',
      'regression:consideration',
    ]);
    expect(timeline[2]!.reason).toContain('ACME renewal');
    expect(timeline[2]!.evidence).toContainEqual(expect.objectContaining({ object: 'deal', id: dealId }));
  });

  it('our own writes echo back as webhooks and cause no further read or write', async () => {
    echoSender = createWebhookSender({
      targetUrl: `${svc.url}/webhooks/hubspot`,
      signedUrl: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
      secret: TEST_SECRET,
      subscriptions: OWN_PROPERTY_SUBSCRIPTIONS,
      log: svc.sync.log,
    });
    const ownWrites = async () =>
      (await svc.metrics.webhookEvents.get()).values.find((v) => v.labels.outcome === 'own_write')?.value ?? 0;
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    await vi.waitFor(() => expect(stageOf(id)).toBe('purchase'), { timeout: 20_000 });
    await settle();
    // The echoes of our write (journey_stage and journey_stage_entered_at) really arrived, signed...
    expect(await ownWrites()).toBe(2);
    // ...and cost nothing: the first derivation's two calls are all there is.
    expect(fake.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /crm/objects/2026-09/contacts/batch/read',
      'POST /crm/objects/2026-09/contacts/batch/update',
    ]);
    const stored = await svc.db.query<{ n: number }>(
      `select count(*)::int as n from webhook_events where payload->>'propertyName' like 'journey_stage%'`,
    );
    expect(stored.rows[0]!.n).toBe(0);
  });

  it('a burst of 300 new contacts costs at most 0.05 calls per contact; an unchanged stage is never written', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 300; i++)
      ids.push(fake.state.createContact(PORTAL, { lifecyclestage: i % 2 === 0 ? 'lead' : 'subscriber' }));
    await vi.waitFor(() => expect(ids.every((id) => stageOf(id) !== undefined)).toBe(true), {
      timeout: 30_000,
      interval: 100,
    });
    await settle();
    expect(fake.calls.length / 300).toBeLessThanOrEqual(0.05);
    const writesBefore = fake.calls.filter((c) => c.path.includes('batch/update')).length;
    // A change that does not move the stage (subscriber → other non-lead value): read, not written.
    const mark = fake.calls.length;
    fake.state.updateContact(PORTAL, ids[1]!, { lifecyclestage: 'other' });
    await waitFor(() => fake.calls.slice(mark).some((c) => c.path.endsWith('/contacts/batch/read')), {
      what: 'the change read',
    });
    await settle();
    expect(fake.calls.filter((c) => c.path.includes('batch/update')).length).toBe(writesBefore);
  });
});
