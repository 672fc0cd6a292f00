import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { createTokenCipher } from '../../src/install/token-cipher.ts';
import { saveTokens } from '../../src/install/token-store.ts';

// HubSpot's token endpoint answers 503 (an outage); the rest of its API is out of reach too.
const BASE = 'https://api.hubapi.test';
const PORTAL = '62515';
const KEY = randomBytes(32);
const MIN = 60_000;

describe.each(dbKinds)('card, home page and settings while HubSpot cannot refresh tokens (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  afterEach(async () => {
    await svc?.stop();
    await t?.drop();
    nock.cleanAll();
  });

  it('answer 200 from what is stored, with a refresh due, and leave the token endpoint alone', async () => {
    t = await createTestDb(kind);
    const now = Date.now();
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    // Two minutes left: inside the 5-minute margin, so a refresh is due.
    await saveTokens(
      t.db,
      createTokenCipher({ current: KEY }),
      PORTAL,
      { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: new Date(now + 2 * MIN), scopes: [] },
      new Date(now - 28 * MIN),
    );
    await seedPath(t.db, {
      portalId: PORTAL,
      contactId: '101',
      start: new Date(now - 90 * 86_400_000),
      path: [
        ['awareness', 0],
        ['consideration', 30],
      ],
    });
    const tokenCalls: string[] = [];
    nock(BASE)
      .persist()
      .post(/\/oauth\/.*token/)
      .reply(() => {
        tokenCalls.push('token');
        return [503, { status: 'error', message: 'Service Unavailable' }];
      });
    nock(BASE)
      .persist()
      .post(/\/crm\//)
      .reply(503, { status: 'error', message: 'Service Unavailable' });
    svc = await startTestService(t, {
      role: 'web',
      env: {
        HUBSPOT_API_BASE: BASE,
        HUBSPOT_CLIENT_ID: 'client-id-1',
        TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
      },
    });
    for (let round = 0; round < 3; round++) {
      const card = await getSigned(svc, `/api/journey/contacts/101?portalId=${PORTAL}`);
      expect(card.status).toBe(200);
      expect(((await card.json()) as { current: { stage: string } }).current.stage).toBe('consideration');
      expect((await getSigned(svc, `/api/journey/funnel?portalId=${PORTAL}`)).status).toBe(200);
      expect((await getSigned(svc, `/api/settings?portalId=${PORTAL}`)).status).toBe(200);
    }
    // The card's touchpoints may need a token: one refresh was tried, then it backs off.
    expect(tokenCalls.length).toBeLessThanOrEqual(1);
  });
});
