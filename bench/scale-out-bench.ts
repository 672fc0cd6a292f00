import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { createTestDb } from '../test/helpers/test-db.ts';
import { killHard, startCountingFake, startWorkerProcess } from '../test/helpers/queue-storm.ts';
import { storeBatch, type StorableEvent } from '../src/intake/store-batch.ts';
import { MARKETPLACE_LIMIT } from '../src/sync/rate-limit.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '62515';
const CONTACTS = 3_000;
const BATCH = 100;
// The stand-in announces (headers) and enforces 30 calls per 10 s; the workers start with the
// production default and learn the lower limit from HubSpot's headers, as in production.
const LIMIT = { max: 30, intervalMs: 10_000 };
const DEBOUNCE_MS = 1_000; // the intake's default

type Result = { workers: number; ms: number; calls: number; limited: number; peak: number; right: number };

/**
 * Issue 14's scale-out measurement: the same burst of new contacts (creation events stored as
 * the intake stores them, in 100-event batches) worked off by 1, 2 or 4 worker processes on one
 * PostgreSQL, against the stand-in's 30 calls / 10 s. Reports the time from the first batch to
 * the last event processed, HubSpot calls, 429 answers, and the most calls in any rolling 10 s.
 */
async function burst(workerCount: number): Promise<Result> {
  const fake = await startCountingFake(PORTAL, LIMIT);
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
    for (let i = 0; i < workerCount; i++) workers.push(startWorkerProcess(env, {}, MARKETPLACE_LIMIT));
    // Every worker up (listening), and the start-up work (property provisioning) done, before the clock starts.
    const jobsLeft = async () =>
      (
        await t.db.query<{ n: number }>('select count(*)::int as n from jobs where run_at <= now() and task <> $1', [
          'purge-uninstalled',
        ])
      ).rows[0]!.n;
    while (
      (
        await t.db.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
        )
      ).rows[0]!.n < workerCount ||
      (await jobsLeft()) > 0
    )
      await sleep(50);
    const mark = fake.calls.length;
    const started = Date.now();
    for (let i = 0; i < CONTACTS; i += BATCH) {
      const events: StorableEvent[] = ids.slice(i, i + BATCH).map((id) => ({
        portalId: PORTAL,
        dedupeKey: `creation-${id}`,
        eventId: `e${id}`,
        subscriptionType: 'object.creation',
        kind: 'creation',
        objectType: 'contact',
        objectId: id,
        occurredAt: Date.now(),
      }));
      await storeBatch(t.db, events, [], new Date(), { debounceMs: DEBOUNCE_MS });
    }
    for (;;) {
      const left = (
        await t.db.query<{ n: number }>('select count(*)::int as n from webhook_events where processed_at is null')
      ).rows[0]!.n;
      if (left === 0) break;
      await sleep(50);
    }
    const ms = Date.now() - started;
    const calls = fake.calls.slice(mark).filter((c) => c.path.startsWith('/crm/'));
    const times = calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0, s = 0; i < times.length; i++) {
      while (times[s]! <= times[i]! - LIMIT.intervalMs) s++;
      peak = Math.max(peak, i - s + 1);
    }
    const right = ids.filter(
      (id, i) => fake.state.getContact(PORTAL, id)?.properties.journey_stage === (i % 2 ? 'consideration' : 'purchase'),
    ).length;
    return {
      workers: workerCount,
      ms,
      calls: calls.length,
      limited: calls.filter((c) => c.status === 429).length,
      peak,
      right,
    };
  } finally {
    await Promise.all(workers.map((w) => killHard(w)));
    await fake.close();
    await t.drop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [1, 2, 4]) {
    const r = await burst(n);
    const b = `scale-out (PostgreSQL, ${CONTACTS} new contacts in ${BATCH}-event batches, stand-in ${LIMIT.max} calls / ${LIMIT.intervalMs / 1000} s)`;
    rows.push({
      benchmark: b,
      metric: `${n} worker process${n > 1 ? 'es' : ''}: time / calls / 429s / peak calls in any 10 s`,
      value: `${(r.ms / 1000).toFixed(1)} s / ${r.calls} / ${r.limited} / ${r.peak} (${r.right}/${CONTACTS} right)`,
      goal: `peak ≤ ${LIMIT.max}, 0 × 429`,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
