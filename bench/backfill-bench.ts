import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDb } from '../test/helpers/test-db.ts';
import { startTestService } from '../test/helpers/start-test-service.ts';
import { startFakeHubSpot } from '../test/helpers/fake-hubspot-server.ts';
import { staticTokens } from '../src/sync/token-provider.ts';
import { provisionProperties } from '../src/sync/provision-properties.ts';
import { startBackfill, backfillStatus } from '../src/sync/backfill.ts';
import { presets } from '../src/engine/presets/index.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '62515';
const CONTACTS = Number(process.env.BACKFILL_CONTACTS ?? 100_000);

/**
 * Backfills a stand-in portal of CONTACTS contacts (one in five with a deal) that allows
 * 100 requests per 10 s: contacts per second, and the share of the limit the backfill used.
 */
export async function run(): Promise<BenchRow[]> {
  const rateLimit = { max: 100, intervalMs: 10_000 };
  const t = await createTestDb('postgres');
  const fake = await startFakeHubSpot({ portalIds: [PORTAL], rateLimit });
  const svc = await startTestService(t, {
    role: 'all',
    env: { HUBSPOT_API_BASE: fake.url, LOG_LEVEL: 'error' },
    tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    rateLimit,
  });
  try {
    const now = Date.now();
    for (let i = 0; i < CONTACTS; i++) {
      const id = fake.state.createContact(
        PORTAL,
        { lifecyclestage: i % 3 ? 'lead' : 'subscriber' },
        { at: new Date(now - (i % 300) * 86_400_000) },
      );
      if (i % 5 === 0)
        fake.state.createDeal(
          PORTAL,
          { dealname: `Deal ${i}`, pipeline: 'default', dealstage: i % 2 ? 'closedwon' : 'qualifiedtobuy' },
          [id],
        );
    }
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    await sleep(10_500); // start with an empty rate window
    fake.calls.length = 0;
    const started = Date.now();
    await startBackfill(svc.db, PORTAL, new Date());
    for (;;) {
      const status = await backfillStatus(svc.db, PORTAL, new Date());
      if (status?.state === 'done') break;
      if (Date.now() - started > 1_800_000)
        throw new Error(`[bench] backfill not done after 30 min: ${JSON.stringify(status)}`);
      await sleep(500);
    }
    const seconds = (Date.now() - started) / 1000;
    const calls = fake.calls.length;
    const throttled = fake.calls.filter((c) => c.status === 429).length;
    const share = calls / (((seconds * 1000) / rateLimit.intervalMs) * rateLimit.max);
    return [
      {
        benchmark: `backfill (${CONTACTS.toLocaleString('en-US')} contacts, stand-in 100 req / 10 s, PostgreSQL)`,
        metric: 'contacts per second',
        value: (CONTACTS / seconds).toFixed(0),
      },
      {
        benchmark: `backfill (${CONTACTS.toLocaleString('en-US')} contacts, stand-in 100 req / 10 s, PostgreSQL)`,
        metric: 'share of the rate limit used / 429 answers',
        value: `${(share * 100).toFixed(1)} % / ${throttled}`,
        goal: '≥ 90 % / 0',
        met: share >= 0.9 && throttled === 0,
      },
    ];
  } finally {
    await svc.stop();
    await fake.close();
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
