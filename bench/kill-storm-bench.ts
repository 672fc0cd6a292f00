import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { createTestDb } from '../test/helpers/test-db.ts';
import { killHard, startCountingFake, startWorkerProcess } from '../test/helpers/queue-storm.ts';
import { enqueue } from '../src/queue/sql/enqueue.ts';
import { TASKS } from '../src/queue/tasks.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '62515';
const CONTACTS = 3_000;
// The rate limit of the first kill-storm measurement: 30 calls per 10 s, on both sides.
const RATE = { max: 30, intervalMs: 10_000 };
const WORKERS = 3;
const KILLS = 10;
const LEASE_MS = 15_000; // the production default
const QUEUE = { leaseMs: LEASE_MS };

/**
 * A burst of new contacts processed by worker processes on one PostgreSQL, once with no
 * fault and once with KILLS `kill -9` of a worker (restarted at once) spread over the run.
 * HubSpot is the stand-in limited to 30 calls per 10 s, as in the first kill-storm measurement. Reports both times, their ratio
 * (goal: at most 2x) and contacts written more than once.
 */
async function burst(kills: number): Promise<{ ms: number; right: number; twice: number }> {
  const fake = await startCountingFake(PORTAL, RATE);
  const t = await createTestDb('postgres');
  const workers: ChildProcess[] = [];
  try {
    const ids = Array.from({ length: CONTACTS }, (_, i) =>
      fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'customer' }),
    );
    await t.db.query('insert into portals (portal_id) values ($1)', [PORTAL]);
    const env = {
      DATABASE_URL: t.url!,
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: 's',
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
    };
    for (let i = 0; i < WORKERS; i++) workers.push(startWorkerProcess(env, QUEUE, RATE));
    // Every worker up (listening) before the clock starts.
    while (
      (
        await t.db.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
        )
      ).rows[0]!.n < WORKERS
    )
      await sleep(20);
    const started = Date.now();
    await enqueue(
      t.db,
      ids.map((id) => ({ portalId: PORTAL, task: TASKS.contactChanged, key: id })),
      new Date(),
    );
    let killed = 0;
    for (;;) {
      const left = (
        await t.db.query<{ n: number }>(`select count(*)::int as n from jobs where task = $1`, [TASKS.contactChanged])
      ).rows[0]!.n;
      if (left === 0) break;
      // Kills spread over the burst: one each time another tenth of the contacts is done.
      if (killed < kills && CONTACTS - left >= ((killed + 1) * CONTACTS) / (kills + 2)) {
        const running = (
          await t.db.query<{ locked_by: string }>(`select distinct locked_by from jobs where state = 'running'`)
        ).rows;
        const victim = workers.find(
          (w) =>
            w.exitCode === null && w.signalCode === null && running.some((r) => r.locked_by.startsWith(`${w.pid}-`)),
        );
        if (victim) {
          await killHard(victim);
          workers.push(startWorkerProcess(env, QUEUE, RATE));
          killed++;
        }
      }
      await sleep(50);
    }
    const ms = Date.now() - started;
    const right = ids.filter(
      (id, i) => fake.state.getContact(PORTAL, id)?.properties.journey_stage === (i % 2 ? 'consideration' : 'purchase'),
    ).length;
    const twice = [...fake.writes.values()].filter((n) => n > 1).length;
    return { ms, right, twice };
  } finally {
    await Promise.all(workers.map((w) => killHard(w)));
    await fake.close();
    await t.drop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const calm = await burst(0);
  const storm = await burst(KILLS);
  const b = `kill storm (PostgreSQL, ${WORKERS} worker processes, ${CONTACTS} contacts, lease ${LEASE_MS / 1000} s)`;
  return [
    {
      benchmark: b,
      metric: 'no-fault time',
      value: `${(calm.ms / 1000).toFixed(1)} s (${calm.right}/${CONTACTS} right)`,
    },
    {
      benchmark: b,
      metric: `time with ${KILLS} kill -9`,
      value: `${(storm.ms / 1000).toFixed(1)} s (${storm.right}/${CONTACTS} right)`,
    },
    { benchmark: b, metric: 'storm / no-fault', value: `${(storm.ms / calm.ms).toFixed(2)}x`, goal: '≤ 2x' },
    { benchmark: b, metric: 'contacts written twice', value: String(storm.twice + calm.twice), goal: '0' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
