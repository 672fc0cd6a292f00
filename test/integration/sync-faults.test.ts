import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { createWebhookSender, type WebhookSender } from '../../src/sandbox/webhook-sender.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';

const PORTAL = '62515';

describe('HubSpot faults lose nothing: injected 429s, 5xx and timeouts', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let sender: WebhookSender;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    const rateLimit = { max: 1000, intervalMs: 1000 };
    fake = await startFakeHubSpot({ portalIds: [PORTAL], webhookFormat: 'generic', rateLimit });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
      rateLimit,
      hubspotTimeoutMs: 400,
    });
    sender = createWebhookSender({
      targetUrl: `${svc.url}/webhooks/hubspot`,
      signedUrl: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
      secret: TEST_SECRET,
      log: svc.sync.log,
    });
    fake.state.onEvents((events) => sender.send(events));
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
  });
  afterEach(async () => {
    await sender.stop();
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('every contact ends with the right stage and no job is dead', async () => {
    fake.faults.add({ path: /contacts\/batch\/read/, status: 429, times: 3 });
    fake.faults.add({ path: /associations/, status: 503, times: 2 });
    fake.faults.add({ path: /batch\/update/, status: 500, times: 1 });
    fake.faults.add({ path: /batch\/update/, status: 502, times: 1 });
    fake.faults.add({ path: /0-3\/batch\/read/, delayMs: 1_000, times: 1 });
    const expected = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const id = fake.state.createContact(PORTAL, { lifecyclestage: ['subscriber', 'lead', 'customer'][i % 3]! });
      if (i % 5 === 0)
        fake.state.createDeal(PORTAL, { dealname: `Deal ${i}`, pipeline: 'default', dealstage: 'closedwon' }, [id]);
      expected.set(id, i % 5 === 0 || i % 3 === 2 ? 'purchase' : i % 3 === 1 ? 'consideration' : 'awareness');
    }
    const allRight = () =>
      vi.waitFor(
        () => {
          for (const [id, stage] of expected)
            expect(fake.state.getContact(PORTAL, id)?.properties.journey_stage, id).toBe(stage);
        },
        { timeout: 60_000, interval: 200 },
      );
    await allRight();
    // New contacts need no association read; a change to contacts we hold does, and
    // meets the association faults.
    for (const [i, id] of [...expected.keys()].entries()) {
      if (i % 3 !== 0 || i % 5 === 0) continue;
      fake.state.updateContact(PORTAL, id, { lifecyclestage: 'lead' });
      expected.set(id, 'consideration');
    }
    await allRight();
    expect(fake.faults.pending()).toBe(0);
    const dead = await svc.db.query(`select task, last_error from jobs where state = 'dead'`);
    expect(dead.rows).toEqual([]);
    const failures = fake.calls.filter((c) => c.status >= 400).length;
    expect(failures).toBeGreaterThanOrEqual(7);
  });
});
