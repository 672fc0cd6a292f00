import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDb } from '../test/helpers/test-db.ts';
import { startTestService, TEST_SECRET } from '../test/helpers/start-test-service.ts';
import { startFakeHubSpot } from '../test/helpers/fake-hubspot-server.ts';
import { createWebhookSender } from '../src/sandbox/webhook-sender.ts';
import { staticTokens } from '../src/sync/token-provider.ts';
import { provisionProperties } from '../src/sync/provision-properties.ts';
import { presets } from '../src/engine/presets/index.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '62515';
const CONTACTS = 2_000;

/**
 * A burst of new contacts (a third with a deal) into a portal whose HubSpot stand-in
 * enforces 100 requests per 10 s: how many calls per contact, how fast, any 429.
 */
export async function run(): Promise<BenchRow[]> {
  const rateLimit = { max: 100, intervalMs: 10_000 };
  const t = await createTestDb('pglite');
  const fake = await startFakeHubSpot({ portalIds: [PORTAL], webhookFormat: 'generic', rateLimit });
  const svc = await startTestService(t, {
    role: 'all',
    env: { HUBSPOT_API_BASE: fake.url, LOG_LEVEL: 'error' },
    tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    rateLimit,
  });
  const sender = createWebhookSender({
    targetUrl: `${svc.url}/webhooks/hubspot`,
    signedUrl: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
    secret: TEST_SECRET,
    log: svc.sync.log,
  });
  try {
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    // Let the provisioning calls leave the rate window before measuring.
    await sleep(10_500);
    fake.state.onEvents((events) => sender.send(events));
    fake.calls.length = 0;
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const id = fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'subscriber' });
      if (i % 3 === 0)
        fake.state.createDeal(
          PORTAL,
          { dealname: `Deal ${i}`, pipeline: 'default', dealstage: i % 2 ? 'closedwon' : 'qualifiedtobuy' },
          [id],
        );
      ids.push(id);
    }
    for (;;) {
      const done = ids.filter((id) => fake.state.getContact(PORTAL, id)?.properties.journey_stage !== undefined).length;
      if (done === ids.length) break;
      if (performance.now() - started > 300_000)
        throw new Error(`[bench] sync: only ${done}/${ids.length} contacts written after 300 s`);
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = fake.calls.length;
    if (process.env.BENCH_DEBUG) {
      const by: Record<string, number> = {};
      for (const c of fake.calls) {
        const k = `${c.method} ${c.path.split('?')[0]}`;
        by[k] = (by[k] ?? 0) + 1;
      }
      console.error(by);
    }
    const throttled = fake.calls.filter((c) => c.status === 429).length;
    return [
      {
        benchmark: 'sync burst (stand-in, 100 req / 10 s)',
        metric: `HubSpot calls per contact (${CONTACTS} new contacts, a third with deals)`,
        value: (calls / CONTACTS).toFixed(3),
        goal: '≤ 0.05',
      },
      {
        benchmark: 'sync burst (stand-in, 100 req / 10 s)',
        metric: 'contacts written per second / 429 answers',
        value: `${(CONTACTS / seconds).toFixed(0)} / ${throttled}`,
      },
    ];
  } finally {
    await sender.stop();
    await svc.stop();
    await fake.close();
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
