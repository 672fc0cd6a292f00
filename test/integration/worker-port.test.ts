import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { waitFor } from '../helpers/wait-for.ts';

vi.setConfig({ testTimeout: 120_000 });

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/*
 * Every process serves /metrics and /healthz. A worker-only process (no web role)
 * listens on its own small port, WORKER_PORT, with those two endpoints and nothing else.
 */
describe('a worker-only process (npm start -- --role=worker)', () => {
  let child: ChildProcess | undefined;
  let t: TestDb | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
    await t?.drop();
    t = undefined;
  });

  it('answers /healthz and /metrics on WORKER_PORT, and nothing else; PORT stays free', async () => {
    t = await createTestDb('postgres');
    const [port, workerPort] = [await freePort(), await freePort()];
    child = spawn(process.execPath, ['src/main.ts', '--role=worker'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: t.url!,
        PORT: String(port),
        WORKER_PORT: String(workerPort),
        HUBSPOT_CLIENT_SECRET: 's',
        HUBSPOT_ACCESS_TOKEN: 'pat',
        HUBSPOT_PORTAL_ID: '62515',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${workerPort}`;
    const health = await waitFor(
      async () => {
        const r = await fetch(`${base}/healthz`).catch(() => null);
        return r?.status === 200 ? r : undefined;
      },
      { what: "the worker's /healthz", timeout: 60_000 },
    );
    expect(await health.json()).toEqual({ status: 'ok' });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^# HELP /m);

    // Only those two: no webhook intake, no API on the worker.
    expect(
      (
        await fetch(`${base}/webhooks/hubspot`, {
          method: 'POST',
          body: '[]',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(404);
    expect((await fetch(`${base}/api/journey?portalId=62515&contactId=1`)).status).toBe(404);
    // The web port is not taken by a worker.
    expect(
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });
});

describe('JOB_LEASE_MS reaches the worker (startService({ queue }) defaults from the settings)', () => {
  let svc: TestService | undefined;
  let t: TestDb | undefined;
  afterEach(async () => {
    await svc?.stop();
    await t?.drop();
    svc = undefined;
    t = undefined;
  });

  it('a claimed job is leased for JOB_LEASE_MS', async () => {
    t = await createTestDb('postgres');
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    svc = await startTestService(t, {
      role: 'worker',
      env: { WORKER_PORT: '0', JOB_LEASE_MS: '120000', JOB_POLL_MS: '20' },
      handlers: () => ({ 'hold-test': async () => held }),
    });
    const before = Date.now();
    await enqueue(svc.db, [{ portalId: '62515', task: 'hold-test', key: 'k' }], new Date());
    svc.worker!.wake();
    const row = await waitFor(
      async () =>
        (
          await svc!.db.query<{ locked_until: Date }>(
            `select locked_until from jobs where task = 'hold-test' and state = 'running'`,
          )
        ).rows[0],
      { what: 'the running job' },
    );
    const lease = new Date(row.locked_until).getTime() - before;
    expect(lease).toBeGreaterThan(100_000);
    expect(lease).toBeLessThan(130_000);
    release();
  });
});
