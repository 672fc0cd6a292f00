import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, TEST_APP_ID, type TestService } from '../helpers/start-test-service.ts';
import { contactCreation, contactPropertyChange } from '../helpers/webhook-events.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';

const count = async (t: TestDb, table: string) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

describe.each(dbKinds)('POST /webhooks/hubspot (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    svc = await startTestService(t);
  });
  afterEach(async () => {
    await svc.stop();
    await t.drop();
  });

  it('a signed batch with duplicates, a malformed event and valid events answers 204, stores each valid event once and quarantines the malformed one', async () => {
    const a = contactCreation(101);
    const b = contactPropertyChange({ objectId: 101, propertyValue: 'customer' });
    const c = contactPropertyChange({ objectId: 102 });
    const malformed = { ...contactPropertyChange({ objectId: 103 }), objectId: 'not-a-number' };
    const res = await postSigned(svc, '/webhooks/hubspot', JSON.stringify([a, b, a, c, malformed, b]));
    expect(res.status).toBe(204);
    expect(await count(t, 'webhook_events')).toBe(3);
    const q = await t.db.query<{ reason: string; portal_id: string; raw: { objectId: unknown } }>('select reason, portal_id, raw from quarantined_events');
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]!.reason).toMatch(/objectId/);
    expect(q.rows[0]!.portal_id).toBe('62515');
    expect(q.rows[0]!.raw.objectId).toBe('not-a-number');
  });

  it('the same batch delivered twice (HubSpot retry) stores each event once and makes no new job', async () => {
    const body = JSON.stringify([contactCreation(201), contactPropertyChange({ objectId: 202 })]);
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    const jobsAfterFirst = await count(t, 'jobs');
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    expect(await count(t, 'webhook_events')).toBe(2);
    expect(await count(t, 'jobs')).toBe(jobsAfterFirst);
  });

  it('a burst of 50 events for one contact makes one pending job', async () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      contactPropertyChange({ objectId: 301, propertyName: 'hs_feedback_last_nps_rating', propertyValue: String(i % 11), occurredAt: 1_760_000_000_000 + i }),
    );
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(events.slice(0, 25)))).status).toBe(204);
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(events.slice(25)))).status).toBe(204);
    expect(await count(t, 'webhook_events')).toBe(50);
    const jobs = await t.db.query('select task, key, state from jobs');
    expect(jobs.rows).toEqual([{ task: 'contact-changed', key: '301', state: 'pending' }]);
  });

  it('our own writes echoed back (changeSource INTEGRATION, sourceId = our app) store nothing and make no job', async () => {
    const echo = contactPropertyChange({ objectId: 401, propertyName: 'journey_stage', propertyValue: 'purchase', changeSource: 'INTEGRATION', sourceId: TEST_APP_ID });
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify([echo]))).status).toBe(204);
    expect(await count(t, 'webhook_events')).toBe(0);
    expect(await count(t, 'jobs')).toBe(0);
  });

  describe('rejections store nothing', () => {
    const body = JSON.stringify([contactCreation(501)]);
    const cases: Array<[string, () => Promise<Response>, number]> = [
      ['no signature headers', () => fetch(svc.url + '/webhooks/hubspot', { method: 'POST', body, headers: { 'content-type': 'application/json' } }), 401],
      ['a signature made with another secret', () => postSigned(svc, '/webhooks/hubspot', body, { secret: 'someone-else' }), 401],
      ['a timestamp older than 5 minutes', () => postSigned(svc, '/webhooks/hubspot', body, { timestamp: Date.now() - 5 * 60_000 - 1_000 }), 401],
      ['a body changed after signing', () => {
        const headers = signHubSpotV3({ secret: 'test-client-secret-5f0c', method: 'POST', uri: svc.config.publicBaseUrl + '/webhooks/hubspot', body, timestamp: Date.now() });
        return fetch(svc.url + '/webhooks/hubspot', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: body.replace('501', '502') });
      }, 401],
      ['a signed body that is not JSON', () => postSigned(svc, '/webhooks/hubspot', 'not json'), 400],
      ['a signed JSON object instead of an array', () => postSigned(svc, '/webhooks/hubspot', JSON.stringify({ events: [] })), 400],
      ['a body over 1 MiB', () => postSigned(svc, '/webhooks/hubspot', JSON.stringify([{ pad: 'x'.repeat(1024 * 1024) }])), 413],
    ];
    it.each(cases)('%s', async (_name, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(await count(t, 'webhook_events')).toBe(0);
      expect(await count(t, 'quarantined_events')).toBe(0);
      expect(await count(t, 'jobs')).toBe(0);
    });
  });
});
