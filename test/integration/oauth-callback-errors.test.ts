import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';

describe('GET /oauth/install and GET /oauth/callback?error=… from anyone', () => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_CLIENT_ID: 'client-1', TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  const page = async (query: Record<string, string>) => {
    const res = await fetch(`${svc.url}/oauth/callback?${new URLSearchParams(query)}`);
    return { status: res.status, text: await res.text() };
  };
  const PHISH = 'Your account is locked: call +1 555 0100 to unlock it';

  it.each([
    ['access_denied', /declined on the HubSpot consent screen/],
    ['invalid_scope', /did not accept the permissions/],
    ['temporarily_unavailable', /try again in a few minutes/],
  ])('with the known code %s says what happened in our words, never the error_description', async (error, words) => {
    const { status, text } = await page({ error, error_description: PHISH });
    expect(status).toBe(400);
    expect(text).toMatch(words);
    expect(text).not.toContain('555');
    expect(text).not.toContain('HubSpot said');
  });

  it('with an unknown code shows neither the code nor the description', async () => {
    const { status, text } = await page({ error: 'call_555_0100_now', error_description: PHISH });
    expect(status).toBe(400);
    expect(text).toContain('HubSpot did not complete the install.');
    expect(text).not.toContain('555');
  });

  it('GET /oauth/install 50 times from one client keeps 5 states, not 50', async () => {
    for (let i = 0; i < 50; i++)
      expect((await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' })).status).toBe(302);
    expect((await t.db.query('select 1 from oauth_states')).rows).toHaveLength(5);
  });
});
