import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createFakeHubSpot } from '../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { createHubSpotApi } from '../src/sync/hubspot-api.ts';
import { createHubSpotTransport } from '../src/sync/hubspot-transport.ts';
import { MARKETPLACE_LIMIT } from '../src/sync/rate-limit.ts';
import { staticTokens } from '../src/sync/token-provider.ts';
import { openDb } from '../src/store/open-db.ts';
import { createLogger } from '../src/log.ts';
import { createTestDb } from '../test/helpers/test-db.ts';

/*
 * The rate-limit measurement: several OS processes (2 "web" + 3 "worker") share one PostgreSQL
 * and call one portal of the stand-in, which announces and enforces a limit lower than our
 * default (30 / 10 s). Real time, real HTTP. Prints calls, 429s and the peak in any window.
 * Run: node bench/hubspot-rate-limit-processes.ts [processes=5] [callsPerProcess=30] [inFlight=3] [max=30] [intervalMs=10000]
 */
const PORTAL = '62515';

async function child(): Promise<void> {
  const [baseUrl, dbUrl, token, calls, inFlight] = process.argv.slice(3);
  // (children get the limit from the stand-in's headers, never from the command line)
  const db = await openDb({ kind: 'postgres', url: dbUrl! });
  const api = createHubSpotApi(
    createHubSpotTransport({
      baseUrl: baseUrl!,
      tokens: staticTokens({ [PORTAL]: token! }),
      db,
      log: createLogger({ level: 'error' }),
      now: () => new Date(),
      rateLimit: MARKETPLACE_LIMIT,
      maxWaitMs: 120_000,
    }),
  );
  let left = Number(calls);
  await Promise.all(
    Array.from({ length: Number(inFlight) }, async () => {
      while (left-- > 0) await api.readDealPipelines(PORTAL);
    }),
  );
  await db.close();
}

async function parent(): Promise<void> {
  const [processes = '5', perProcess = '30', inFlight = '3', max = '30', intervalMs = '10000'] = process.argv.slice(2);
  const LIMIT = { max: Number(max), intervalMs: Number(intervalMs) };
  const t = await createTestDb('postgres');
  const fake = createFakeHubSpot({ now: () => new Date(), portalIds: [PORTAL], rateLimit: LIMIT });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = fake.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = fake.state.issueStaticToken(PORTAL);
  const started = Date.now();
  await Promise.all(
    Array.from(
      { length: Number(processes) },
      () =>
        new Promise<void>((resolve, reject) => {
          const c = fork(new URL(import.meta.url), ['--child', baseUrl, t.url!, token, perProcess, inFlight]);
          c.on('error', reject);
          c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
        }),
    ),
  );
  const calls = fake.calls.filter((c) => c.path.startsWith('/crm/'));
  const times = calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, s = 0; i < times.length; i++) {
    while (times[s]! <= times[i]! - LIMIT.intervalMs) s++;
    peak = Math.max(peak, i - s + 1);
  }
  const limited = calls.filter((c) => c.status === 429).length;
  console.log(`| processes | calls | 429s | share | peak in any ${LIMIT.intervalMs / 1000} s | limit | seconds |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${processes} × ${inFlight} in flight | ${calls.length} | ${limited} | ${((100 * limited) / calls.length).toFixed(1)}% | ${peak} | ${LIMIT.max} | ${((Date.now() - started) / 1000).toFixed(1)} |`,
  );
  server.closeAllConnections();
  server.close();
  await t.drop();
}

await (process.argv[2] === '--child' ? child() : parent());
