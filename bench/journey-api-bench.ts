import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDb } from '../test/helpers/test-db.ts';
import { signHubSpotV3 } from '../test/helpers/sign-hubspot-v3.ts';
import type { BenchRow } from './bench-row.ts';
import { spawnIntakeLoad } from './spawn-intake-load.ts';
import { BENCH_PORTS } from './ports.ts';

const SECRET = 'bench-secret';
const PORT = BENCH_PORTS.journeyApi;
/** The `--role=webhooks` process of the split setup (docs/scaling.md). */
const WEBHOOKS_PORT = BENCH_PORTS.journeyApiWebhooks;
const PORTAL = '62515';
const CONTACTS = 10_000;
const RATE = 200;
const SECONDS = 10;

/**
 * GET /api/journey/contacts/:id from stored state (no HubSpot call) at a steady 200
 * signed requests per second, open loop (requests are sent on schedule, whatever the
 * answers' pace), against the service in its own process on PostgreSQL.
 */
type Send = (n: number) => Promise<number>;

/**
 * Requests sent on schedule (open loop), whatever the answers' pace: latencies at p50 and p99
 * of those answered. A request that fails (on a machine too busy to answer in time, the
 * connections pile up past HTTP_LIMITS.maxConnections and are reset) is counted, not timed.
 */
async function measure(send: Send): Promise<{ p99: number; failed: number; text: string }> {
  const latencies: number[] = [];
  let failed = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(
      send(i).then(
        (ms) => void latencies.push(ms),
        () => void failed++,
      ),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const failures = failed > 0 ? `, ${failed} of ${RATE * SECONDS} failed` : '';
  return { p99: p(0.99), failed, text: `${p(0.5).toFixed(1)} ms / ${p(0.99).toFixed(1)} ms${failures}` };
}

/** `npm start -- --role=<role>` on PORT, against the bench's database; resolves once /healthz answers. */
async function startProcess(role: 'web' | 'webhooks', port: number, databaseUrl: string): Promise<ChildProcess> {
  // A process left on the port (another run of this benchmark) would answer in our process's place.
  if (
    await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`[bench] journey API: port ${port} is already in use`);
  const child = spawn(process.execPath, ['src/main.ts', `--role=${role}`], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      // Both processes sit behind one public address, as behind a load balancer: HubSpot signs it.
      PUBLIC_BASE_URL: `http://localhost:${PORT}`,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_ACCESS_TOKEN: 'unused',
      HUBSPOT_PORTAL_ID: PORTAL,
      HUBSPOT_API_BASE: 'http://127.0.0.1:9',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (
    let i = 0;
    !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null || i > 300) {
      await stopProcess(child);
      throw new Error(`[bench] journey API: --role=${role} did not start`);
    }
    await sleep(100);
  }
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function run(): Promise<BenchRow[]> {
  const t = await createTestDb('postgres');
  await t.db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, written_stage, written_entered_at, evidence, updated_at)
     select $1, i::text, 'classic-5', 'purchase', now() - interval '10 days', 'purchase', now() - interval '10 days',
            jsonb_build_object('contact', jsonb_build_object('id', i::text, 'properties', '{}'::jsonb), 'deals', '[]'::jsonb), now()
       from generate_series(1, $2) as i`,
    [PORTAL, CONTACTS],
  );
  await t.db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
     select $1, i::text, s.seq, s.stage, now() - (40 - s.seq * 10) * interval '1 day', 'advance', 'classic-5',
            jsonb_build_object('stage', s.stage, 'enteredAt', to_char((now() - (40 - s.seq * 10) * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               'direction', 'advance', 'reason', 'bench', 'evidence', '[]'::jsonb, 'model', 'classic-5')
       from generate_series(1, $2) as i,
            (values (0, 'awareness'), (1, 'consideration'), (2, 'purchase')) as s(seq, stage)`,
    [PORTAL, CONTACTS],
  );
  // Touchpoints from the cache (docs/touchpoints.md): a dozen engagements per contact, read just now.
  await t.db.query(
    `insert into contact_touchpoints (portal_id, contact_id, items, failed, read_at)
     select $1, i::text, (select jsonb_agg(jsonb_build_object('type', (array['email','call','meeting','ticket','form'])[1 + k % 5], 'id', (i * 100 + k)::text,
                           'at', to_char((now() - (38 - k * 3) * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'title', 'Touchpoint ' || k))
                          from generate_series(0, 11) as k), '[]'::jsonb, now()
       from generate_series(1, $2) as i`,
    [PORTAL, CONTACTS],
  );
  const children: ChildProcess[] = [];
  try {
    children.push(await startProcess('web', PORT, t.url!));
    const base = `http://127.0.0.1:${PORT}`;
    const send = async (n: number) => {
      const path = `/api/journey/contacts/${(n % CONTACTS) + 1}?portalId=${PORTAL}`;
      const headers = signHubSpotV3({
        secret: SECRET,
        method: 'GET',
        uri: `http://localhost:${PORT}${path}`,
        body: '',
        timestamp: Date.now(),
      });
      const started = performance.now();
      const res = await fetch(base + path, { headers });
      const body = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`[bench] journey API answered ${res.status}`);
      if (n < 200 && (JSON.parse(body) as { touchpointsStatus?: string }).touchpointsStatus !== 'ok')
        throw new Error('[bench] journey API: touchpoints did not come from the cache');
      return ms;
    };
    for (let i = 0; i < 200; i++) await send(i); // warm-up
    const alone = await measure(send);
    const uri = `http://localhost:${PORT}/webhooks/hubspot`;
    // The same, while webhooks arrive: at the intake's goal (20,000 events/s), then as fast as
    // the service answers them (10 in flight, the intake benchmark's closed loop); sent to the
    // same process, or to a `--role=webhooks` process of their own (the split, docs/scaling.md).
    const underLoad = async (rate: number, webhooksBase = base) => {
      const load = spawnIntakeLoad({ base: webhooksBase, uri, secret: SECRET, portal: PORTAL, rate, seconds: SECONDS });
      // Held until measured: a load that fails meanwhile must not end this process before the services are stopped.
      const intake = load.then(
        (r) => ({ ok: true as const, r }),
        (err: unknown) => ({ ok: false as const, err }),
      );
      const latency = await measure(send);
      const loaded = await intake;
      if (!loaded.ok) throw loaded.err;
      const intakeResult = loaded.r;
      return {
        latency,
        eventsPerSecond: Math.round((intakeResult.requests * 100) / SECONDS),
        ackP99: intakeResult.p99,
        webhooksFailed: intakeResult.failed,
      };
    };
    const paced = await underLoad(200);
    const saturated = await underLoad(0);
    // The split: the load balancer's path rule sends /webhooks/hubspot to the webhooks
    // process, everything else to the web process; here each client sends to its process.
    children.push(await startProcess('webhooks', WEBHOOKS_PORT, t.url!));
    const webhooksBase = `http://127.0.0.1:${WEBHOOKS_PORT}`;
    const splitPaced = await underLoad(200, webhooksBase);
    const splitSaturated = await underLoad(0, webhooksBase);
    const benchmark = 'journey API from stored state, touchpoints from cache (PostgreSQL)';
    const split = 'journey API on a `--role=web` process, webhooks on a `--role=webhooks` process of their own';
    const loadedRow = (what: string, r: typeof paced, setup = ''): BenchRow => ({
      benchmark,
      metric: `${setup}latency p50 / p99 at ${RATE} req/s, ${SECONDS} s, while ${what} (another process sends them)`,
      value: `${r.latency.text} (${r.eventsPerSecond.toLocaleString('en-US')} events/s stored meanwhile, their ack p99 ${r.ackP99.toFixed(1)} ms${r.webhooksFailed > 0 ? `, ${r.webhooksFailed} webhook requests failed` : ''})`,
      goal: 'p99 < 20 ms',
      met: r.latency.p99 < 20 && r.latency.failed === 0 && r.webhooksFailed === 0,
    });
    return [
      {
        benchmark,
        metric: `latency p50 / p99 at ${RATE} req/s, ${SECONDS} s`,
        value: alone.text,
        goal: 'p99 < 20 ms',
        met: alone.p99 < 20 && alone.failed === 0,
      },
      loadedRow('webhooks arrive at 20,000 events/s (100-event batches, 200 requests/s)', paced),
      loadedRow('webhooks arrive as fast as answered (100-event batches, 10 in flight)', saturated),
      loadedRow('webhooks arrive at 20,000 events/s (100-event batches, 200 requests/s)', splitPaced, `${split}: `),
      loadedRow('webhooks arrive as fast as answered (100-event batches, 10 in flight)', splitSaturated, `${split}: `),
    ];
  } finally {
    for (const child of children) await stopProcess(child);
    await t.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
