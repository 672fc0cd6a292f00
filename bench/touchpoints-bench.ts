import { createTestDb } from '../test/helpers/test-db.ts';
import { captureLog } from '../test/helpers/capture-log.ts';
import { startFakeHubSpot } from '../test/helpers/fake-hubspot-server.ts';
import { createHubSpotTransport } from '../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../src/sync/hubspot-api.ts';
import { staticTokens } from '../src/sync/token-provider.ts';
import { readTouchpoints } from '../src/touchpoints/read-touchpoints.ts';
import type { EngagementType } from '../src/sandbox/fake-hubspot/engagements.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '62515';

/**
 * HubSpot calls one card view costs when the contact's touchpoints are not cached (counted
 * at the stand-in), for a typical contact and one with a long email history. A cached view
 * costs none (test/integration/journey-touchpoints.test.ts asserts it).
 */
export async function run(): Promise<BenchRow[]> {
  const t = await createTestDb('pglite');
  const fake = await startFakeHubSpot({ portalIds: [PORTAL] });
  try {
    const api = createHubSpotApi(
      createHubSpotTransport({
        baseUrl: fake.url,
        tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
        db: t.db,
        log: captureLog().log,
        now: () => new Date(),
        rateLimit: { max: 1000, intervalMs: 10_000 },
      }),
    );
    const rows: BenchRow[] = [];
    const shapes: Array<[string, Partial<Record<EngagementType, number>>]> = [
      [
        'typical contact: 6 emails, 2 calls, 1 meeting, 1 ticket, 1 form',
        { emails: 6, calls: 2, meetings: 1, tickets: 1 },
      ],
      [
        'long history: 250 emails, 40 calls, 12 meetings, 5 tickets, 1 form',
        { emails: 250, calls: 40, meetings: 12, tickets: 5 },
      ],
    ];
    for (const [label, counts] of shapes) {
      const contact = fake.state.createContact(PORTAL, { first_conversion_date: new Date().toISOString() });
      for (const [type, n] of Object.entries(counts) as Array<[EngagementType, number]>)
        for (let i = 0; i < n; i++)
          fake.state.logEngagement(PORTAL, type, contact, {
            hs_timestamp: new Date(Date.now() - i * 3_600_000).toISOString(),
          });
      fake.calls.length = 0;
      const started = performance.now();
      await readTouchpoints(api, PORTAL, contact, captureLog().log);
      const ms = performance.now() - started;
      rows.push({
        benchmark: 'touchpoints per card view, no cache (stand-in)',
        metric: `HubSpot calls / read time, ${label}`,
        value: `${fake.calls.length} / ${ms.toFixed(0)} ms`,
        goal: 'answer ≤ 1.5 s',
      });
    }
    rows.push({ benchmark: 'touchpoints per card view, cached', metric: 'HubSpot calls', value: '0', goal: '0' });
    return rows;
  } finally {
    await fake.close();
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
