import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, TEST_POSTGRES_URL, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';

const status = async (url: string) => (await fetch(url)).status;

describe('/healthz, /readyz and /livez while PostgreSQL is unreachable', () => {
  let t: TestDb | undefined;
  let admin: pg.Client | undefined;
  const services: TestService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
    await admin?.end();
    await t?.drop();
  });

  it('readiness answers 503 and liveness 200 on the web and the worker port, and readiness is 200 again once it is back', async () => {
    t = await createTestDb('postgres');
    const name = new URL(t.url!).pathname.slice(1);
    const web = await startTestService(t, { role: 'web' });
    const worker = await startTestService(t, { role: 'worker' });
    services.push(web, worker);
    admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    const urls = [web.url, worker.url];
    for (const u of urls) expect(await status(`${u}/healthz`)).toBe(200);

    // The database refuses new connections, and the ones open are ended.
    await admin.query(`alter database ${name} with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    for (const u of urls) {
      await waitFor(async () => (await status(`${u}/healthz`)) === 503, { what: `${u}/healthz to answer 503` });
      expect(await status(`${u}/readyz`)).toBe(503);
      expect(await status(`${u}/livez`)).toBe(200);
    }
    const body = (await (await fetch(`${web.url}/readyz`)).json()) as { status: string };
    expect(body.status).toBe('database_unavailable');

    await admin.query(`alter database ${name} with allow_connections true`);
    for (const u of urls)
      await waitFor(async () => (await status(`${u}/readyz`)) === 200, { what: `${u}/readyz to answer 200` });
  }, 60_000);
});
