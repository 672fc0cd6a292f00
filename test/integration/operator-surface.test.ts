import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { startBackfill, backfillStatus } from '../../src/sync/backfill.ts';

const PORTAL = '62515';
const TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url, METRICS_TOKEN: TOKEN },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    for (let i = 0; i < 5; i++) fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await startBackfill(svc.db, PORTAL, new Date());
    await vi.waitFor(async () => expect((await backfillStatus(svc.db, PORTAL, new Date()))?.state).toBe('done'), {
      timeout: 20_000,
    });
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('with METRICS_TOKEN set, answers 401 without the bearer token or with another one', async () => {
    expect((await fetch(`${svc.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${svc.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
  });

  it('after a backfill, carries its counts but no portal id', async () => {
    const res = await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(PORTAL);
    expect(text).toMatch(/journey_backfill_contacts_total 5/);
    expect(text).toMatch(/journey_hubspot_calls_total\{/);
  });
});

describe('HTML previews', () => {
  let t: TestDb;
  afterAll(async () => t.drop());
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });

  it.each([
    ['single-portal mode without NODE_ENV', 404, {}],
    ['single-portal mode with PREVIEWS=on', 200, { PREVIEWS: 'on' }],
  ])('%s: GET /preview/funnel answers %s', async (_name, status, env) => {
    const svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_ACCESS_TOKEN: 'pat-x', HUBSPOT_PORTAL_ID: PORTAL, ...env },
    });
    try {
      expect((await fetch(`${svc.url}/preview/funnel?portalId=${PORTAL}`)).status).toBe(status);
    } finally {
      await svc.stop();
    }
  });
});
