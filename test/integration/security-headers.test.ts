import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { seedPath } from '../helpers/seed-stays.ts';

const PORTAL = '62515';

describe('security headers on the pages and answers we serve', () => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await seedPath(t.db, {
      portalId: PORTAL,
      contactId: '101',
      start: new Date(Date.now() - 40 * 86_400_000),
      path: [['awareness', 0]],
    });
    svc = await startTestService(t, {
      role: 'web',
      env: { PREVIEWS: 'on' },
      tokens: staticTokens({ [PORTAL]: 'token' }),
    });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  it.each([
    ['the install page', () => fetch(`${svc.url}/oauth/install`)],
    ['an OAuth callback error page', () => fetch(`${svc.url}/oauth/callback?error=access_denied`)],
    ['the timeline preview', () => fetch(`${svc.url}/preview/contacts/101?portalId=${PORTAL}`)],
    ['the funnel preview', () => fetch(`${svc.url}/preview/funnel?portalId=${PORTAL}`)],
    ['the signed journey JSON', () => getSigned(svc, `/api/journey/contacts/101?portalId=${PORTAL}`)],
    ['/healthz', () => fetch(`${svc.url}/healthz`)],
  ])('%s carries Content-Security-Policy, X-Frame-Options and X-Content-Type-Options', async (_name, get) => {
    const res = await get();
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
