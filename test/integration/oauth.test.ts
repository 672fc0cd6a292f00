import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { SANDBOX_APP } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { createOAuthTokenProvider } from '../../src/install/oauth-token-provider.ts';
import { createOAuthClient } from '../../src/install/oauth-client.ts';
import { createTokenCipher } from '../../src/install/token-cipher.ts';
import { purgeUninstalled } from '../../src/install/uninstall.ts';
import { PortalInactiveError } from '../../src/sync/token-provider.ts';
import { openDb } from '../../src/store/open-db.ts';
import { captureLog } from '../helpers/capture-log.ts';

const PORTAL = '62515';
const KEY = randomBytes(32);

/** Every table as text: what someone with a database dump would read. */
async function dump(t: TestDb): Promise<string> {
  const tables = await t.db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = current_schema()`);
  let text = '';
  for (const { table_name } of tables.rows) text += JSON.stringify((await t.db.query(`select * from "${table_name}"`)).rows);
  return text;
}

describe.each(dbKinds)('OAuth install for many portals (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let clock = Date.now();
  afterEach(async () => {
    await svc?.stop();
    await fake?.close();
    await t?.drop();
  });

  async function start() {
    t = await createTestDb(kind);
    clock = Date.now();
    fake = await startFakeHubSpot({ portalIds: [PORTAL], now: () => new Date(clock) });
    svc = await startTestService(t, {
      role: 'web',
      now: () => new Date(clock),
      env: {
        HUBSPOT_API_BASE: fake.url, HUBSPOT_CLIENT_ID: SANDBOX_APP.clientId, HUBSPOT_CLIENT_SECRET: SANDBOX_APP.clientSecret,
        HUBSPOT_APP_ID: String(SANDBOX_APP.appId), TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
      },
      oauthAuthorizeBase: fake.url,
    });
  }

  async function install(): Promise<Response> {
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const consent = await fetch(first.headers.get('location')!, { redirect: 'manual' }); // the admin consents
    const callback = new URL(consent.headers.get('location')!);
    return fetch(`${svc.url}/oauth/callback${callback.search}`);
  }

  it('install redirects with the exact scopes and a state; the callback stores encrypted tokens, creates the properties and starts the backfill', async () => {
    await start();
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const url = new URL(first.headers.get('location')!);
    expect(url.searchParams.get('scope')!.split(' ')).toEqual(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.schemas.contacts.read', 'crm.schemas.contacts.write']);
    expect(url.searchParams.get('redirect_uri')).toBe(`${svc.config.publicBaseUrl}/oauth/callback`);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(40);

    const res = await install();
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Portal 62515 is connected[\s\S]*backfill/);
    const props = await fetch(`${fake.url}/crm/properties/2026-03/contacts/journey_stage`, { headers: { authorization: `Bearer ${fake.state.issueStaticToken(PORTAL)}` } });
    expect(props.status).toBe(200);
    expect((await t.db.query(`select 1 from backfills where portal_id = $1`, [PORTAL])).rows).toHaveLength(1);

    // No token in clear anywhere: not in the database, not in the logs.
    const tokens = await t.db.query<{ access_token: string }>('select access_token from portal_tokens');
    const clear = createTokenCipher({ current: KEY }).decrypt(tokens.rows[0]!.access_token);
    expect(clear.length).toBeGreaterThan(10);
    const everything = await dump(t);
    expect(everything).not.toContain(clear);
    expect(svc.logLines().join('\n')).not.toContain(clear);
  });

  it('a replayed or unknown state is refused with 400 and stores nothing', async () => {
    await start();
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const consent = await fetch(first.headers.get('location')!, { redirect: 'manual' });
    const search = new URL(consent.headers.get('location')!).search;
    expect((await fetch(`${svc.url}/oauth/callback${search}`)).status).toBe(200);
    expect((await fetch(`${svc.url}/oauth/callback${search}`)).status).toBe(400);
    expect((await fetch(`${svc.url}/oauth/callback?code=x&state=forged`)).status).toBe(400);
    expect((await fetch(`${svc.url}/oauth/callback?error=access_denied&error_description=The+user+declined`)).status).toBe(400);
  });

  it('refreshes before expiry, once for many concurrent callers; an uninstall makes the portal inactive and the purge erases it', async () => {
    await start();
    expect((await install()).status).toBe(200);
    const { log } = captureLog();
    const client = createOAuthClient({ apiBase: fake.url, clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret, redirectUri: 'x', now: () => new Date(clock) });
    const provider = () => createOAuthTokenProvider({ db: t.db, cipher: createTokenCipher({ current: KEY }), client, now: () => new Date(clock), log });
    const a = provider();
    const before = await a.get(PORTAL);
    const refreshes = () => fake.calls.filter((c) => c.path.includes('/oauth/2026-03/token') && !c.path.includes('introspect')).length;
    const baseline = refreshes();

    clock += 26 * 60_000; // 4 minutes left of 30: inside the refresh margin
    const results = await Promise.all([a.get(PORTAL), a.get(PORTAL), a.get(PORTAL), provider().get(PORTAL)]);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(before);
    expect(refreshes() - baseline).toBe(1);

    if (kind === 'postgres') {
      // Two processes (two pools) refreshing at once: still one refresh.
      clock += 26 * 60_000;
      const other = await openDb({ kind: 'postgres', url: t.url!, poolSize: 2 });
      try {
        const b = createOAuthTokenProvider({ db: other, cipher: createTokenCipher({ current: KEY }), client, now: () => new Date(clock), log });
        const n = refreshes();
        const both = await Promise.all([provider().get(PORTAL), b.get(PORTAL)]);
        expect(both[0]).toBe(both[1]);
        expect(refreshes() - n).toBe(1);
      } finally {
        await other.close();
      }
    }

    fake.state.uninstall(PORTAL);
    clock += 26 * 60_000;
    await expect(provider().get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    const calls = fake.calls.length;
    await expect(provider().get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    expect(fake.calls.length).toBe(calls);
    expect((await t.db.query(`select status from portals where portal_id = $1`, [PORTAL])).rows).toEqual([{ status: 'inactive' }]);

    expect(await purgeUninstalled(t.db, { now: new Date(clock + 29 * 86_400_000) })).toEqual([]);
    expect(await purgeUninstalled(t.db, { now: new Date(clock + 31 * 86_400_000) })).toEqual([PORTAL]);
    expect(await dump(t)).not.toContain(`"portal_id":"${PORTAL}"`);
  });
});
