import { createTestDb } from '../test/helpers/test-db.ts';
import { startFakeHubSpot } from '../test/helpers/fake-hubspot-server.ts';
import { startTestService } from '../test/helpers/start-test-service.ts';
import { seedPath } from '../test/helpers/seed-stays.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { staticTokens } from '../src/sync/token-provider.ts';
import { provisionProperties } from '../src/sync/provision-properties.ts';
import { computeStageDwell } from '../src/analytics/compute-stage-dwell.ts';
import { saveAlerts } from '../src/store/owner-task-store.ts';
import { enqueue } from '../src/queue/sql/enqueue.ts';
import { presets } from '../src/engine/presets/index.ts';
import { TASK_SEND_DELAY_MS } from '../src/sync/plan-owner-tasks.ts';
import type { BenchRow } from './bench-row.ts';
import type { Queryable } from '../src/store/db.ts';

const PORTAL = '62515';
const DAY = 86_400_000;
const CROSSINGS = 1_000;
const model = presets['classic-5']!;

/**
 * HubSpot calls per 1,000 health crossings into "stuck" with the stuck-task alert on, counted
 * at the stand-in, in two workloads: all at once (a recomputation or an import's contacts
 * crossing together) and spread over a day (groups of 10 crossing 15 minutes apart, as timers
 * fire in a real portal). Each crossing writes journey_stage_health and makes one task. Also:
 * a recomputation that changes nothing.
 */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [label, groups] of [
    ['all at once', 1],
    ['spread over a day: 100 groups of 10, 15 min apart', 100],
  ] as const) {
    const T = new Date('2026-12-01T00:00:00.000Z');
    let clock = T;
    const t = await createTestDb('postgres');
    const fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    const svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
      rateLimit: { max: 100_000, intervalMs: 10_000 },
      now: () => clock,
    });
    try {
      await provisionProperties(t.db, svc.api, PORTAL, model);
      // 20 movers of 1..20 days: p75 = 15, p90 = 18.
      for (let d = 1; d <= 20; d++)
        await seedPath(t.db, {
          portalId: PORTAL,
          contactId: `m${d}`,
          start: new Date(T.getTime() - 60 * DAY),
          path: [
            ['consideration', 0],
            ['purchase', d],
          ],
        });
      // Contacts behind at T, crossing p90 in groups.
      const step = 15 * 60_000;
      const perGroup = CROSSINGS / groups;
      for (let i = 0; i < CROSSINGS; i++) {
        const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead', firstname: `C${i}` });
        const group = Math.floor(i / perGroup);
        const entered = new Date(T.getTime() - 18 * DAY + 3_600_000 + group * step);
        await seedPath(t.db, { portalId: PORTAL, contactId: id, start: entered, path: [['consideration', 0]] });
      }
      await t.db.transaction((tx) => computeStageDwell(tx, PORTAL, model, T));
      await enqueue(t.db, [{ portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: T }], T);
      await settled(t.db, clock);
      await saveAlerts(t.db, PORTAL, { stuckTask: true, maxTasksPerDay: 5000 }, T);
      fake.calls.length = 0;
      const started = performance.now();
      for (let g = 0; g < groups; g++) {
        clock = new Date(T.getTime() + 3_600_000 + g * step + 1_000);
        await settled(t.db, clock);
      }
      // The last crossings' tasks go out after the send delay.
      clock = new Date(clock.getTime() + TASK_SEND_DELAY_MS);
      await settled(t.db, clock);
      const ms = performance.now() - started;
      const count = (re: RegExp) => fake.calls.filter((c) => re.test(`${c.method} ${c.path}`)).length;
      const tasks = fake.state.engagements.idsOf(PORTAL, 'tasks', () => true).length;
      rows.push({
        benchmark: `owner tasks, ${CROSSINGS} crossings into stuck, ${label} (PostgreSQL, stand-in)`,
        metric: 'HubSpot calls: health writes / contact reads / task creates (tasks made)',
        value: `${count(/contacts\/batch\/update/)} / ${count(/contacts\/batch\/read/)} / ${count(/tasks\/batch\/create/)} (${tasks}) in ${(ms / 1000).toFixed(1)} s`,
        goal: 'tasks = crossings; ≤ 3 calls per 100 crossings at once',
        met: tasks === CROSSINGS && (groups > 1 || fake.calls.length <= (3 * CROSSINGS) / 100),
      });
      if (groups === 1) {
        fake.calls.length = 0;
        await enqueue(t.db, [{ portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: clock }], clock);
        await settled(t.db, clock);
        rows.push({
          benchmark: `health recomputation of ${CROSSINGS + 20} contacts, nothing changed`,
          metric: 'HubSpot calls',
          value: String(fake.calls.length),
          goal: '0',
          met: fake.calls.length === 0,
        });
      }
    } finally {
      await svc.stop();
      await fake.close();
      await t.drop();
    }
  }
  return rows;
}

/** Every job due by `clock` has run. */
const settled = (db: Queryable, clock: Date) =>
  waitFor(
    async () =>
      (await db.query(`select 1 from jobs where state = 'running' or (state = 'pending' and run_at <= $1)`, [clock]))
        .rows.length === 0,
    { timeout: 300_000, what: 'the queue to drain' },
  );

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
