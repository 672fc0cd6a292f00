import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { waitFor } from '../helpers/wait-for.ts';

const PORTAL = '62515';
const SECRET = 'connection-loss-secret';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A derivation runs in one transaction that first takes the contact's advisory lock
 * (src/store/lock-contacts.ts). Holding that lock from here parks the service's transaction
 * on a known statement, so its backend can be terminated mid-transaction on purpose.
 */
async function holdDerivationLock(url: string, contactId: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`select pg_advisory_lock(hashtext('journey-derivation'), hashtext($1))`, [`${PORTAL}:${contactId}`]);
  return c;
}

/** Terminates the backend of `app` that waits on an advisory lock inside a transaction. */
async function terminateWaitingBackend(admin: pg.Client, app: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await admin.query(
          `select pg_terminate_backend(pid) as done from pg_stat_activity
            where application_name = $1 and wait_event_type = 'Lock' and wait_event = 'advisory'
              and xact_start is not null`,
          [app],
        )
      ).rows.some((r) => r.done === true),
    { what: `a backend of ${app} waiting on the derivation lock` },
  );
}

describe('PostgreSQL ends a connection while a transaction holds it', () => {
  let fake: RunningFake | undefined;
  let testDb: TestDb | undefined;
  const children: ChildProcess[] = [];
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const c of clients.splice(0)) await c.end().catch(() => {});
    await fake?.close();
    await testDb?.drop();
  });

  it('the web request and the worker job in it fail, both processes stay up and answer the next request', async () => {
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    const contactId = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
    testDb = await createTestDb('postgres');
    const url = testDb.url!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    clients.push(admin);
    const locker = await holdDerivationLock(url, contactId);
    clients.push(locker);

    const [webPort, workerPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${webPort}`;
    const start = (role: string, app: string) => {
      const child = spawn(process.execPath, ['src/main.ts', `--role=${role}`], {
        env: {
          ...process.env,
          LOG_LEVEL: 'fatal',
          DATABASE_URL: `${url}?application_name=${app}`,
          PORT: String(webPort),
          WORKER_PORT: String(workerPort),
          PUBLIC_BASE_URL: base,
          HUBSPOT_API_BASE: fake!.url,
          HUBSPOT_CLIENT_SECRET: SECRET,
          HUBSPOT_ACCESS_TOKEN: fake!.state.issueStaticToken(PORTAL),
          HUBSPOT_PORTAL_ID: PORTAL,
        },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      children.push(child);
      return child;
    };
    const web = start('web', 'journey-web');
    const worker = start('worker', 'journey-worker');
    const answers = async (u: string) => (await fetch(u).catch(() => undefined))?.status === 200;
    await waitFor(() => answers(`${base}/healthz`), { what: 'the web process to listen' });
    await waitFor(() => answers(`http://127.0.0.1:${workerPort}/healthz`), { what: 'the worker process to listen' });

    // Web: the card asks for a contact never seen, derived on demand in one transaction.
    const path = `/api/journey/contacts/${contactId}?portalId=${PORTAL}`;
    const card = () =>
      fetch(base + path, {
        headers: signHubSpotV3({ secret: SECRET, method: 'GET', uri: base + path, body: '', timestamp: Date.now() }),
      });
    const inFlight = card();
    await terminateWaitingBackend(admin, 'journey-web');
    // Worker: the single-portal start backfills every contact, this one too, in a job.
    await terminateWaitingBackend(admin, 'journey-worker');
    expect((await inFlight).status).toBe(500);
    await waitFor(async () => (await admin.query(`select 1 from jobs where last_error is not null`)).rows.length > 0, {
      what: "the worker to record its job's failure",
    });

    await locker.query(`select pg_advisory_unlock_all()`);
    expect(web.exitCode).toBeNull();
    expect(worker.exitCode).toBeNull();
    const again = await card();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { current: { stage: string } }).current.stage).toBe('purchase');
    expect(await answers(`http://127.0.0.1:${workerPort}/healthz`)).toBe(true);
    // The worker's failed job was kept with its error and retried, not lost: it finishes.
    await waitFor(
      async () => (await admin.query(`select 1 from jobs where last_error is not null`)).rows.length === 0,
      { what: 'the failed job to be retried and finished' },
    );
    expect(web.exitCode).toBeNull();
    expect(worker.exitCode).toBeNull();
  }, 120_000); // two real process starts, each bounded by its own wait above
});
