import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHubSpotV3 } from '../test/helpers/sign-hubspot-v3.ts';
import { genericCreation } from '../test/helpers/webhook-events.ts';
import { createTestDb } from '../test/helpers/test-db.ts';
import { type CountingFake, killHard, startCountingFake, startWorkerProcess } from '../test/helpers/queue-storm.ts';
import { inboxWriter } from '../src/intake/inbox-writer.ts';
import { MARKETPLACE_LIMIT } from '../src/sync/rate-limit.ts';
import type { BenchRow } from './bench-row.ts';
import { BENCH_PORTS } from './ports.ts';

const PORTAL = '62515';
const SECRET = 'bench-secret';
const CONTACTS = 3_000;
const BATCH = 100;
// The stand-in announces (headers) and enforces 30 calls per 10 s; the workers start with the
// production default and learn the lower limit from HubSpot's headers, as in production.
const LIMIT = { max: 30, intervalMs: 10_000 };

type Result = { ms: number; calls: number; limited: number; peak: number; right: number };

/** HubSpot counts a call for its interval (and our pacing for half a second more): start on a fresh budget. */
const FRESH_MS = LIMIT.intervalMs + 600;

/** Resolves once the stand-in has seen no call for FRESH_MS, so set-up calls do not spend the burst's budget. */
export async function budgetFresh(fake: CountingFake): Promise<void> {
  for (;;) {
    const last = fake.calls.at(-1)?.at.getTime() ?? 0;
    const wait = last + FRESH_MS - Date.now();
    if (wait <= 0) return;
    await sleep(wait);
  }
}

/** New-contact events as HubSpot sends them (generic format). */
const creationEvents = (ids: string[]) => ids.map((id) => genericCreation(Number(id), '0-1', Number(PORTAL)));

/** What the burst cost: time, calls after `mark`, 429s, the most calls in any rolling interval, contacts right. */
function measured(fake: CountingFake, mark: number, started: number, ids: string[]): Result {
  const ms = Date.now() - started;
  const calls = fake.calls.slice(mark).filter((c) => c.path.startsWith('/crm/'));
  return {
    ms,
    calls: calls.length,
    limited: calls.filter((c) => c.status === 429).length,
    peak: peakCalls(calls, LIMIT.intervalMs),
    right: rightCount(fake, ids),
  };
}

/** The most calls in any rolling `intervalMs`. */
export function peakCalls(calls: ReadonlyArray<{ at: Date }>, intervalMs: number): number {
  const times = calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, s = 0; i < times.length; i++) {
    while (times[s]! <= times[i]! - intervalMs) s++;
    peak = Math.max(peak, i - s + 1);
  }
  return peak;
}

const rightCount = (fake: CountingFake, ids: string[]) =>
  ids.filter(
    (id, i) => fake.state.getContact(PORTAL, id)?.properties.journey_stage === (i % 2 ? 'consideration' : 'purchase'),
  ).length;

/**
 * The scale-out measurement: the same burst of new contacts (creation events stored as
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
    await budgetFresh(fake);
    const mark = fake.calls.length;
    const started = Date.now();
    // Stored as the intake stores a request (the workers expand it).
    const storeInbox = inboxWriter(t.db);
    for (let i = 0; i < CONTACTS; i += BATCH) {
      await storeInbox(creationEvents(ids.slice(i, i + BATCH)), new Date());
    }
    for (;;) {
      const left = (
        await t.db.query<{ n: number }>(
          `select (select count(*) from webhook_inbox) + (select count(*) from webhook_events where processed_at is null) as n`,
        )
      ).rows[0]!.n;
      if (left === 0) break;
      await sleep(50);
    }
    return measured(fake, mark, started, ids);
  } finally {
    await Promise.all(workers.map((w) => killHard(w)));
    await fake.close();
    await t.drop();
  }
}

/**
 * The same burst as a new user runs it: one process (web and worker) on PGlite, the events
 * POSTed to its webhook endpoint, signed, 10 requests in flight; done when the stand-in holds
 * every contact's stage.
 */
async function burstPglite(): Promise<Result> {
  const fake = await startCountingFake(PORTAL, LIMIT);
  const dir = mkdtempSync(join(tmpdir(), 'journey-scale-'));
  const port = BENCH_PORTS.scaleOut;
  const child = spawn(process.execPath, ['src/main.ts', '--role=all'], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      HUBSPOT_API_BASE: fake.url,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_ACCESS_TOKEN: fake.state.issueStaticToken(PORTAL),
      HUBSPOT_PORTAL_ID: PORTAL,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    while (
      !(await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      await sleep(100);
    // Provisioning (properties, account details) and the first start's backfill done, then a
    // fresh budget (the first start also backfills the portal's contacts: the burst's are created after it).
    while (!fake.calls.some((c) => c.path.includes('/properties/'))) await sleep(100);
    await budgetFresh(fake);
    const ids = Array.from({ length: CONTACTS }, (_, i) =>
      fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'customer' }),
    );
    const uri = `http://localhost:${port}/webhooks/hubspot`;
    const bodies = Array.from({ length: CONTACTS / BATCH }, (_, b) =>
      JSON.stringify(creationEvents(ids.slice(b * BATCH, (b + 1) * BATCH))),
    );
    const mark = fake.calls.length;
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const headers = signHubSpotV3({ secret: SECRET, method: 'POST', uri, body, timestamp: Date.now() });
          const res = await fetch(`${base}/webhooks/hubspot`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body,
          });
          if (res.status !== 204) throw new Error(`[bench] intake answered ${res.status}`);
        }
      }),
    );
    while (rightCount(fake, ids) < CONTACTS) await sleep(50);
    return measured(fake, mark, started, ids);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor: 3 calls per 100 contacts, the first interval's budget at once, then one budget per interval. */
const FLOOR_MS = (Math.ceil((3 * CONTACTS) / BATCH / LIMIT.max) - 1) * LIMIT.intervalMs;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const b = `scale-out (${CONTACTS} new contacts in ${BATCH}-event batches, stand-in ${LIMIT.max} calls / ${LIMIT.intervalMs / 1000} s; floor ${FLOOR_MS / 1000} s = 3 calls per 100 contacts)`;
  const value = (r: Result) =>
    `${(r.ms / 1000).toFixed(1)} s = ${(r.ms / FLOOR_MS).toFixed(2)}x floor / ${r.calls} / ${r.limited} / ${r.peak} (${r.right}/${CONTACTS} right)`;
  const single = await burstPglite();
  rows.push({
    benchmark: b,
    metric:
      'PGlite, one process (web and worker), signed POSTs 10 in flight: time / calls / 429s / peak calls in any 10 s',
    value: value(single),
    goal: `≤ 1.2x floor, 429s < 1 %, peak ≤ ${LIMIT.max}`,
    met: single.ms <= 1.2 * FLOOR_MS && single.limited < 0.01 * single.calls && single.peak <= LIMIT.max,
  });
  for (const n of [1, 2, 4]) {
    const r = await burst(n);
    rows.push({
      benchmark: b,
      metric: `PostgreSQL, ${n} worker process${n > 1 ? 'es' : ''}: time / calls / 429s / peak calls in any 10 s`,
      value: value(r),
      goal: `≤ 1.0x floor, 429s < 1 %, peak ≤ ${LIMIT.max}`,
      met: r.ms <= FLOOR_MS && r.limited < 0.01 * r.calls && r.peak <= LIMIT.max,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
