import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, TEST_APP_ID, type TestService } from '../helpers/start-test-service.ts';
import {
  contactCreation,
  contactPropertyChange,
  genericAssociation,
  genericCreation,
} from '../helpers/webhook-events.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { expandInbox } from '../helpers/expand-inbox.ts';
import { request } from 'node:http';

/**
 * Sends the headers and the first KiB of a body announced as almost 1 MiB, and never the rest:
 * resolves with the status once the service answers. A service that reads the body first never does.
 */
function answerBeforeBody(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024 - 1), ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => reject(err));
    req.write(`[${' '.repeat(1023)}`);
  });
}

const count = async (t: TestDb, table: string) =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

describe.each(dbKinds)('POST /webhooks/hubspot (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    // An installed portal: events of portals that are not installed are not kept.
    await t.db.query(`insert into portals (portal_id, status) values ('62515', 'active')`);
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
    await expandInbox(svc);
    expect(await count(t, 'webhook_events')).toBe(3);
    const q = await t.db.query<{ reason: string; portal_id: string; raw: { objectId: unknown } }>(
      'select reason, portal_id, raw from quarantined_events',
    );
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]!.reason).toMatch(/objectId/);
    expect(q.rows[0]!.portal_id).toBe('62515');
    expect(q.rows[0]!.raw.objectId).toBe('not-a-number');
  });

  it('the same batch delivered twice (HubSpot retry) stores each event once and makes no new job', async () => {
    const body = JSON.stringify([contactCreation(201), contactPropertyChange({ objectId: 202 })]);
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    await expandInbox(svc);
    const jobsAfterFirst = await count(t, 'jobs');
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    await expandInbox(svc);
    expect(await count(t, 'webhook_events')).toBe(2);
    expect(await count(t, 'jobs')).toBe(jobsAfterFirst);
  });

  it('a burst of 50 events for one contact makes one pending job', async () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      contactPropertyChange({
        objectId: 301,
        propertyName: 'hs_feedback_last_nps_rating',
        propertyValue: String(i % 11),
        occurredAt: 1_760_000_000_000 + i,
      }),
    );
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(events.slice(0, 25)))).status).toBe(204);
    await expandInbox(svc);
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(events.slice(25)))).status).toBe(204);
    await expandInbox(svc);
    expect(await count(t, 'webhook_events')).toBe(50);
    const jobs = await t.db.query('select task, key, state from jobs');
    expect(jobs.rows).toEqual([{ task: 'contact-changed', key: '301', state: 'pending' }]);
  });

  it('our own writes echoed back (changeSource INTEGRATION, sourceId = our app) store nothing and make no job', async () => {
    const echo = contactPropertyChange({
      objectId: 401,
      propertyName: 'journey_stage',
      propertyValue: 'purchase',
      changeSource: 'INTEGRATION',
      sourceId: TEST_APP_ID,
    });
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify([echo]))).status).toBe(204);
    await expandInbox(svc);
    expect(await count(t, 'webhook_events')).toBe(0);
    expect(await count(t, 'jobs')).toBe(0);
  });

  describe('one event that cannot be stored as it is goes to quarantine; the batch is answered 204 and the good events count', () => {
    const hostile: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a NUL character in propertyValue',
        contactPropertyChange({ objectId: 702, propertyValue: 'a\u0000b' }),
        /propertyValue: .*NUL/,
      ],
      [
        'a lone surrogate in propertyValue',
        contactPropertyChange({ objectId: 702, propertyValue: 'x\ud800y' }),
        /propertyValue: .*surrogate/,
      ],
      ['objectTypeId "constructor"', { ...genericCreation(702), objectTypeId: 'constructor' }, /objectTypeId/],
      ['objectTypeId "__proto__"', { ...genericCreation(702), objectTypeId: '__proto__' }, /objectTypeId/],
      ['objectTypeId "toString"', { ...genericCreation(702), objectTypeId: 'toString' }, /objectTypeId/],
      [
        'toObjectTypeId "constructor" on an association',
        { ...genericAssociation(702, 9001), toObjectTypeId: 'constructor' },
        /toObjectTypeId/,
      ],
      ['occurredAt beyond any valid date', contactCreation(702, 62515, 1e20), /occurredAt/],
      ['occurredAt past the year 9999', contactCreation(702, 62515, 253_402_300_800_000), /occurredAt/],
      [
        'a NUL character in a field name and value we do not use',
        { ...contactCreation(702), 'x\u0000': 'y\u0000\udc00' },
        /.*/,
      ],
    ];
    it.each(hostile)('%s', async (name, bad, reason) => {
      const good = contactCreation(701);
      const res = await postSigned(svc, '/webhooks/hubspot', JSON.stringify([good, bad]));
      expect(res.status).toBe(204);
      await expandInbox(svc);
      const stored = await t.db.query<{ object_id: string }>('select object_id from webhook_events');
      const jobs = await t.db.query<{ key: string }>('select key from jobs');
      const q = await t.db.query<{ reason: string; raw: Record<string, unknown> }>(
        'select reason, raw from quarantined_events',
      );
      if (name.startsWith('a NUL character in a field name')) {
        // Fields we do not read are dropped: the event itself is fine.
        expect(stored.rows.map((r) => r.object_id).sort()).toEqual(['701', '702']);
        return;
      }
      expect(stored.rows.map((r) => r.object_id)).toEqual(['701']);
      expect(jobs.rows.map((r) => r.key)).toEqual(['701']);
      expect(q.rows).toHaveLength(1);
      expect(q.rows[0]!.reason).toMatch(reason);
      expect(q.rows[0]!.raw.portalId).toBe(62515);
    });
  });

  it('events of portals that are not installed (no row, or uninstalled) answer 204, are not kept, and are counted', async () => {
    await t.db.query(`insert into portals (portal_id, status) values ('777', 'inactive')`);
    const unknownMalformed = { ...contactCreation(804, 999), objectId: 'x' };
    const body = [contactCreation(801, 999), contactCreation(802, 777), unknownMalformed, contactCreation(803)];
    expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
    await expandInbox(svc);
    const kept = await t.db.query<{ portal_id: string; object_id: string }>(
      'select portal_id, object_id from webhook_events',
    );
    expect(kept.rows).toEqual([{ portal_id: '62515', object_id: '803' }]);
    expect(await count(t, 'quarantined_events')).toBe(0);
    expect((await t.db.query('select portal_id, key from jobs')).rows).toEqual([{ portal_id: '62515', key: '803' }]);
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    expect(metrics).toMatch(/journey_webhook_events_total\{outcome="not_installed"\} 3\b/);
  });

  describe('association events from either side name the contact and remember the deal link', () => {
    it.each([
      [
        'deal→contact (fromObjectTypeId 0-3)',
        () => genericAssociation(9001, 901, { fromObjectTypeId: '0-3', toObjectTypeId: '0-1' }),
      ],
      [
        'contact→deal (fromObjectTypeId 0-1)',
        () => genericAssociation(901, 9001, { fromObjectTypeId: '0-1', toObjectTypeId: '0-3' }),
      ],
    ])('a new deal associated %s makes work for contact 901', async (_name, association) => {
      const body = [genericCreation(9001, '0-3'), association()];
      expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      await expandInbox(svc);
      const jobs = await t.db.query<{ task: string; key: string }>('select task, key from jobs order by task');
      expect(jobs.rows).toEqual([
        { task: 'contact-changed', key: '901' },
        { task: 'deal-changed', key: '9001' },
      ]);
      const links = await t.db.query('select deal_id, contact_id from deal_contacts');
      expect(links.rows).toEqual([{ deal_id: '9001', contact_id: '901' }]);
    });

    it('a removed association makes work for the contact but remembers no link', async () => {
      const body = [
        genericAssociation(9002, 902, { fromObjectTypeId: '0-3', toObjectTypeId: '0-1', associationRemoved: true }),
      ];
      expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      await expandInbox(svc);
      expect((await t.db.query('select task, key from jobs')).rows).toEqual([{ task: 'contact-changed', key: '902' }]);
      expect(await count(t, 'deal_contacts')).toBe(0);
    });
  });

  describe('headers that already fail are refused with 401 before the body is read', () => {
    const cases: Array<[string, () => Record<string, string>]> = [
      ['no signature headers', () => ({})],
      [
        'a timestamp older than 5 minutes',
        () => ({
          'x-hubspot-signature-v3': 'A'.repeat(44),
          'x-hubspot-request-timestamp': String(Date.now() - 6 * 60_000),
        }),
      ],
      [
        'a timestamp more than 5 minutes ahead',
        () => ({
          'x-hubspot-signature-v3': 'A'.repeat(44),
          'x-hubspot-request-timestamp': String(Date.now() + 6 * 60_000),
        }),
      ],
      [
        'a timestamp that is not a number',
        () => ({ 'x-hubspot-signature-v3': 'A'.repeat(44), 'x-hubspot-request-timestamp': 'soon' }),
      ],
    ];
    it.each(cases)(
      '%s',
      async (_name, headers) => {
        expect(await answerBeforeBody(`${svc.url}/webhooks/hubspot`, headers())).toBe(401);
        expect(await count(t, 'webhook_events')).toBe(0);
      },
      20_000,
    );
  });

  describe('rejections store nothing', () => {
    const body = JSON.stringify([contactCreation(501)]);
    const cases: Array<[string, () => Promise<Response>, number]> = [
      [
        'no signature headers',
        () =>
          fetch(`${svc.url}/webhooks/hubspot`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
          }),
        401,
      ],
      [
        'a signature made with another secret',
        () => postSigned(svc, '/webhooks/hubspot', body, { secret: 'someone-else' }),
        401,
      ],
      [
        'a timestamp older than 5 minutes',
        () => postSigned(svc, '/webhooks/hubspot', body, { timestamp: Date.now() - 5 * 60_000 - 1_000 }),
        401,
      ],
      [
        'a body changed after signing',
        () => {
          const headers = signHubSpotV3({
            secret: 'test-client-secret-5f0c',
            method: 'POST',
            uri: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
            body,
            timestamp: Date.now(),
          });
          return fetch(`${svc.url}/webhooks/hubspot`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: body.replace('501', '502'),
          });
        },
        401,
      ],
      ['a signed body that is not JSON', () => postSigned(svc, '/webhooks/hubspot', 'not json'), 400],
      [
        'a signed JSON object instead of an array',
        () => postSigned(svc, '/webhooks/hubspot', JSON.stringify({ events: [] })),
        400,
      ],
      [
        'a body over 1 MiB',
        () => postSigned(svc, '/webhooks/hubspot', JSON.stringify([{ pad: 'x'.repeat(1024 * 1024) }])),
        413,
      ],
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

describe.each(dbKinds)('POST /webhooks/hubspot in single-portal mode (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    svc = await startTestService(t, { env: { HUBSPOT_ACCESS_TOKEN: 'static-token', HUBSPOT_PORTAL_ID: '555' } });
  });
  afterEach(async () => {
    await svc.stop();
    await t.drop();
  });

  it('the configured portal counts as installed: its events are kept, others are not', async () => {
    const body = JSON.stringify([contactCreation(1, 555), contactCreation(2, 62515)]);
    expect((await postSigned(svc, '/webhooks/hubspot', body)).status).toBe(204);
    await expandInbox(svc);
    const kept = await t.db.query<{ portal_id: string }>('select portal_id from webhook_events');
    expect(kept.rows).toEqual([{ portal_id: '555' }]);
  });
});
