import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { HubSpotError } from '../../../src/sync/hubspot-error.ts';
import type { TokenProvider } from '../../../src/sync/token-provider.ts';

// HubSpot faked at HTTP with nock, with answers shaped like HubSpot's documented ones.
const BASE = 'https://api.hubapi.com';
const PORTAL = '62515';
const stamp = '2026-11-22T10:00:00.000Z';
const record = (id: string, properties: Record<string, string | null>) => ({ id, properties, createdAt: stamp, updatedAt: stamp, archived: false });
const batch = (results: unknown[], errors?: unknown[]) => ({ status: 'COMPLETE', results, ...(errors ? { errors, numErrors: errors.length } : {}), startedAt: stamp, completedAt: stamp });
const rateHeaders = { 'X-HubSpot-RateLimit-Max': '110', 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' };

describe('HubSpot API over the transport (nock)', () => {
  let t: TestDb;
  const waits: number[] = [];
  let refreshes = 0;
  const tokens: TokenProvider = {
    get: async () => (refreshes > 0 ? 'fresh-token' : 'old-token'),
    refresh: async () => (refreshes++, 'fresh-token'),
  };
  // A clock that moves when the transport waits: backoff and rate-limit waits take no real time.
  let clock = Date.parse('2026-11-22T10:00:00.000Z');
  const api = () => createHubSpotApi(createHubSpotTransport({
    baseUrl: BASE, tokens, db: t.db, log: captureLog().log, now: () => new Date(clock), rateLimit: { max: 1000, intervalMs: 10_000 },
    timeoutMs: 200, wait: async (ms) => void (waits.push(ms), (clock += ms)),
  }));

  beforeAll(async () => {
    t = await createTestDb('pglite');
    nock.disableNetConnect();
  });
  afterEach(() => {
    clock += 60_000; // each test starts with a fresh rate window
    waits.length = 0;
    refreshes = 0;
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await t.drop();
  });

  it('readContacts() with a 207 partial answer returns the found contacts; the unknown id is left out', async () => {
    nock(BASE).post('/crm/objects/2026-03/contacts/batch/read', (b) => b.inputs.length === 2 && b.properties.includes('lifecyclestage'))
      .reply(207, batch([record('101', { lifecyclestage: 'lead' })], [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: ['999'] } }]));
    const found = await api().readContacts(PORTAL, ['101', '999'], ['lifecyclestage']);
    expect(found).toEqual([{ id: '101', properties: { lifecyclestage: 'lead' } }]);
  });

  it('a 429 with HubSpot\'s headers waits the interval and retries', async () => {
    nock(BASE).get('/crm/pipelines/2026-03/deals')
      .reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'c1', policyName: 'TEN_SECONDLY_ROLLING' }, rateHeaders)
      .get('/crm/pipelines/2026-03/deals').reply(200, { results: [] });
    expect(await api().readDealPipelines(PORTAL)).toEqual([]);
    expect(waits[0]).toBe(10_000);
  });

  it('5xx answers are retried with backoff, then succeed', async () => {
    nock(BASE).post('/crm/objects/2026-03/contacts/batch/update').reply(502, 'Bad Gateway')
      .post('/crm/objects/2026-03/contacts/batch/update').reply(503, { status: 'error', message: 'unavailable', correlationId: 'c2' })
      .post('/crm/objects/2026-03/contacts/batch/update').reply(200, batch([record('101', { journey_stage: 'purchase' })]));
    expect(await api().updateContacts(PORTAL, [{ id: '101', properties: { journey_stage: 'purchase' } }])).toEqual([]);
    expect(waits).toHaveLength(2);
  });

  it('a timeout is retried; after the last try the error is retryable, so the job keeps its work', async () => {
    nock(BASE).get('/crm/pipelines/2026-03/deals').times(4).delay(1_000).reply(200, { results: [] });
    const err = await api().readDealPipelines(PORTAL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotError);
    expect((err as HubSpotError).retryable).toBe(true);
    expect((err as HubSpotError).message).toMatch(/timed out/);
  });

  it('a 401 refreshes the token once and retries with the new one', async () => {
    nock(BASE).get('/crm/pipelines/2026-03/deals').matchHeader('authorization', 'Bearer old-token')
      .reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: 'c3' })
      .get('/crm/pipelines/2026-03/deals').matchHeader('authorization', 'Bearer fresh-token').reply(200, { results: [] });
    expect(await api().readDealPipelines(PORTAL)).toEqual([]);
    expect(refreshes).toBe(1);
  });

  it('a validation 400 on a one-contact update is that contact\'s failure, not a retry', async () => {
    nock(BASE).post('/crm/objects/2026-03/contacts/batch/update')
      .reply(400, { status: 'error', message: 'Property values were not valid: journey_stage failed the portal\'s validation rule', category: 'VALIDATION_ERROR', correlationId: 'c4' });
    const failures = await api().updateContacts(PORTAL, [{ id: '101', properties: { journey_stage: 'purchase' } }]);
    expect(failures).toEqual([{ id: '101', reason: expect.stringMatching(/validation rule/) }]);
    expect(waits).toEqual([]);
  });
});
