import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import {
  getSigned,
  sendSigned,
  startTestService,
  TEST_APP_ID,
  type TestService,
} from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { noteNewStays } from '../../src/sync/note-new-stays.ts';
import { presets } from '../../src/engine/presets/index.ts';
import type { Fetcher } from '@journey-stages/extension-kit/signed-fetch';
import { fetchJourney } from '../../app-card/src/app/cards/hooks/fetchJourney.ts';
import { liftSnooze, snoozeFlag } from '../../app-card/src/app/cards/hooks/snoozeApi.ts';

const PORTAL = '62515';
const DAY = 86_400_000;
const T = new Date('2026-12-01T00:00:00.000Z');

// The card's own requests (fetchJourney, snoozeFlag, liftSnooze), sent to the real service with
// real v3 signatures, as hubspot.fetch sends them: the body serialised as JSON, the URL signed.
// 20 consideration stays moved on after 1..20 days (p75 15, p90 18); the target has been in
// consideration for 16 days at T: behind, the flag a rep snoozes.
describe.each(dbKinds)('the card snoozes and lifts a health flag through the signed endpoints (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let target: string;
  const clock = () => T;

  /**
   * hubspot.fetch as the card sees it: it appends the portal, the user and the app to the query
   * (docs/cards.md, "Signed requests"), then signs method + URL + JSON body + timestamp.
   */
  const hubspotFetch: Fetcher = async (url, options) => {
    const target = new URL(url);
    for (const [name, value] of Object.entries({
      portalId: PORTAL,
      userId: '77',
      userEmail: 'rep@example.com',
      appId: TEST_APP_ID,
    }))
      target.searchParams.append(name, value);
    const path = target.pathname + target.search;
    if (options.method === 'GET') return getSigned(svc, path, { timestamp: T.getTime() });
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    return sendSigned(svc, options.method, path, body, { timestamp: T.getTime() });
  };

  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
      now: clock,
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    for (let d = 1; d <= 20; d++) {
      const id = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
      await seedPath(svc.db, {
        portalId: PORTAL,
        contactId: id,
        start: new Date(T.getTime() - 60 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
    }
    target = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await seedPath(svc.db, {
      portalId: PORTAL,
      contactId: target,
      start: new Date(T.getTime() - 16 * DAY),
      path: [['consideration', 0]],
    });
    await noteNewStays(svc.db, PORTAL, 'classic-5', 21, T);
    await vi.waitFor(
      async () => {
        const r = await svc.db.query('select 1 from stage_dwell where portal_id = $1 and stage = $2', [
          PORTAL,
          'consideration',
        ]);
        expect(r.rows).toHaveLength(1);
      },
      { timeout: 30_000, interval: 50 },
    );
  });
  afterEach(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('Snooze stores the reason and date (and the rep hubspot.fetch names), the journey shows it; Lift snooze removes it', async () => {
    const card = { baseUrl: svc.url, contactId: target, fetcher: hubspotFetch };
    const journey = async () => {
      const r = await fetchJourney({ ...card, timeoutMs: 10_000 }, hubspotFetch);
      if (!r.success) throw new Error(`journey: ${JSON.stringify(r.error)}`);
      return r.data;
    };
    expect((await journey()).health).toMatchObject({ status: 'behind' });
    expect((await journey()).health?.snoozed).toBeUndefined();

    const until = new Date(T.getTime() + 30 * DAY);
    const snoozed = await snoozeFlag(card, until, 'Budget decision in January');
    expect(snoozed).toEqual({
      success: true,
      data: { snoozed: { until: until.toISOString(), reason: 'Budget decision in January' } },
    });
    expect((await journey()).health).toMatchObject({
      status: 'behind',
      snoozed: { until: until.toISOString(), reason: 'Budget decision in January' },
    });
    const by = await svc.db.query('select snoozed_by from health_snoozes where portal_id = $1', [PORTAL]);
    expect(by.rows).toEqual([{ snoozed_by: '77' }]);

    expect(await liftSnooze(card)).toEqual({ success: true, data: undefined });
    expect((await journey()).health?.snoozed).toBeUndefined();
  });

  it("a date past 365 days comes back as the service's refusal in words, nothing stored", async () => {
    const card = { baseUrl: svc.url, contactId: target, fetcher: hubspotFetch };
    await fetchJourney({ ...card, timeoutMs: 10_000 }, hubspotFetch);
    const refused = await snoozeFlag(card, new Date(T.getTime() + 400 * DAY), 'Next year');
    expect(refused).toEqual({
      success: false,
      error: { kind: 'refused', message: 'until must be within 365 days', errors: [] },
    });
    const rows = await svc.db.query('select 1 from health_snoozes where portal_id = $1', [PORTAL]);
    expect(rows.rows).toEqual([]);
  });

  it('a snooze whose signed query names two users is refused (400), not stored under the first one (#25)', async () => {
    const until = new Date(T.getTime() + 30 * DAY).toISOString();
    const res = await sendSigned(
      svc,
      'POST',
      `/api/journey/contacts/${target}/snooze?portalId=${PORTAL}&userId=77&userId=78&appId=${TEST_APP_ID}`,
      JSON.stringify({ until, reason: 'Budget decision in January' }),
      { timestamp: T.getTime() },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('repeated_parameter');
    const rows = await svc.db.query('select 1 from health_snoozes where portal_id = $1', [PORTAL]);
    expect(rows.rows).toEqual([]);
  });
});
