import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
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

/** What the admin's browser keeps from /oauth/install and sends back to the callback. */
const browserCookie = (installAnswer: Response) => installAnswer.headers.get('set-cookie')!.split(';')[0]!;

/** Every table as text: what someone with a database dump would read. */
async function dump(t: TestDb): Promise<string> {
  const tables = await t.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = current_schema()`,
  );
  let text = '';
  for (const { table_name } of tables.rows)
    text += JSON.stringify((await t.db.query(`select * from "${table_name}"`)).rows);
  return text;
}

/** The portal's tokens in clear, decrypted from what is stored. */
async function storedTokens(t: TestDb): Promise<string[]> {
  const cipher = createTokenCipher({ current: KEY });
  const rows = await t.db.query<{ access_token: string; refresh_token: string }>(
    'select access_token, refresh_token from portal_tokens',
  );
  return rows.rows.flatMap((r) => [cipher.decrypt(r.access_token), cipher.decrypt(r.refresh_token)]);
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
        HUBSPOT_API_BASE: fake.url,
        HUBSPOT_CLIENT_ID: SANDBOX_APP.clientId,
        HUBSPOT_CLIENT_SECRET: SANDBOX_APP.clientSecret,
        HUBSPOT_APP_ID: String(SANDBOX_APP.appId),
        TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
      },
      oauthAuthorizeBase: fake.url,
    });
  }

  async function install(): Promise<Response> {
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const consent = await fetch(first.headers.get('location')!, { redirect: 'manual' }); // the admin consents
    const callback = new URL(consent.headers.get('location')!);
    return fetch(`${svc.url}/oauth/callback${callback.search}`, { headers: { cookie: browserCookie(first) } });
  }

  it('install redirects with the exact scopes and a state; the callback stores encrypted tokens, creates the properties and starts the backfill', async () => {
    await start();
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const url = new URL(first.headers.get('location')!);
    expect(url.searchParams.get('scope')!.split(' ')).toEqual([
      'oauth',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.deals.read',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
      'tickets',
    ]);
    // Owner names need an optional scope: an admin may decline it and the app still installs.
    expect(url.searchParams.get('optional_scope')).toBe('crm.objects.owners.read');
    expect(url.searchParams.get('client_id')).toBe(SANDBOX_APP.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${svc.config.publicBaseUrl}/oauth/callback`);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(40);

    const res = await install();
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/Portal 62515 is connected[\s\S]*Journey stage[\s\S]*backfill/);
    expect(page).toContain(`href="${fake.url}/contacts/62515"`);
    const props = await fetch(`${fake.url}/crm/properties/2026-09/contacts/journey_stage`, {
      headers: { authorization: `Bearer ${fake.state.issueStaticToken(PORTAL)}` },
    });
    expect(props.status).toBe(200);
    expect((await t.db.query(`select 1 from backfills where portal_id = $1`, [PORTAL])).rows).toHaveLength(1);

    // No token in clear anywhere: not in the database, not in the logs.
    const clear = await storedTokens(t);
    expect(clear.every((token) => token.length > 10)).toBe(true);
    const everything = await dump(t);
    const logged = svc.logLines().join('\n');
    for (const token of clear) {
      expect(everything).not.toContain(token);
      expect(logged).not.toContain(token);
    }
  });

  it('without HUBSPOT_CLIENT_ID both OAuth routes answer 404 and say which setting is missing', async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, { role: 'web' });
    for (const path of ['/oauth/install', '/oauth/callback?code=x&state=y']) {
      const res = await fetch(`${svc.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('HUBSPOT_CLIENT_ID');
    }
  });

  it('a replayed or unknown state is refused with 400 and stores nothing', async () => {
    await start();
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const consent = await fetch(first.headers.get('location')!, { redirect: 'manual' });
    const search = new URL(consent.headers.get('location')!).search;
    const headers = { cookie: browserCookie(first) };
    expect((await fetch(`${svc.url}/oauth/callback${search}`, { headers })).status).toBe(200);
    expect((await fetch(`${svc.url}/oauth/callback${search}`, { headers })).status).toBe(400);
    expect((await fetch(`${svc.url}/oauth/callback?code=x&state=forged`)).status).toBe(400);
    const denied = await fetch(`${svc.url}/oauth/callback?error=access_denied&error_description=The+user+declined`);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('The install was declined on the HubSpot consent screen.');
    expect((await t.db.query('select portal_id from portal_tokens')).rows).toHaveLength(1);
  });

  it("a state is bound to the browser that started the install: another browser's callback is refused and stores nothing", async () => {
    await start();
    const attacker = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const victim = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    expect(attacker.headers.get('set-cookie')).toMatch(
      /^journey_oauth_state=[^;]+; Path=\/oauth; Max-Age=600; HttpOnly; SameSite=Lax/,
    );
    const consent = await fetch(attacker.headers.get('location')!, { redirect: 'manual' });
    const search = new URL(consent.headers.get('location')!).search;
    // The attacker's state and code, delivered to the victim's browser (its own cookie) or to one without any.
    for (const headers of [{ cookie: browserCookie(victim) }, {}] as Array<Record<string, string>>) {
      const res = await fetch(`${svc.url}/oauth/callback${search}`, { headers });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('another browser');
    }
    expect((await t.db.query('select 1 from portal_tokens')).rows).toHaveLength(0);
    // The attacker's own browser still completes its install: the refusals did not use the state up.
    expect(
      (await fetch(`${svc.url}/oauth/callback${search}`, { headers: { cookie: browserCookie(attacker) } })).status,
    ).toBe(200);
  });

  it("a callback with a valid state but a bad code shows HubSpot's reason with 400 and stores nothing", async () => {
    await start();
    const first = await fetch(`${svc.url}/oauth/install`, { redirect: 'manual' });
    const state = new URL(first.headers.get('location')!).searchParams.get('state')!;
    const res = await fetch(`${svc.url}/oauth/callback?code=not-a-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie: browserCookie(first) },
    });
    expect(res.status).toBe(400);
    // HubSpot's 2026-03 error body carries no code, only its message.
    expect(await res.text()).toContain('missing or unknown auth code');
    expect((await t.db.query('select 1 from portal_tokens')).rows).toHaveLength(0);
    expect((await t.db.query('select 1 from portals')).rows).toHaveLength(0);
  });

  it('refreshes before expiry, once for many concurrent callers; an uninstall makes the portal inactive and the purge erases it', async () => {
    await start();
    expect((await install()).status).toBe(200);
    const { log, lines } = captureLog();
    const client = createOAuthClient({
      apiBase: fake.url,
      clientId: SANDBOX_APP.clientId,
      clientSecret: SANDBOX_APP.clientSecret,
      redirectUri: 'x',
      now: () => new Date(clock),
    });
    const provider = () =>
      createOAuthTokenProvider({
        db: t.db,
        cipher: createTokenCipher({ current: KEY }),
        client,
        now: () => new Date(clock),
        log,
      });
    const a = provider();
    const before = await a.get(PORTAL);
    const refreshes = () =>
      fake.calls.filter((c) => c.path.includes('/oauth/2026-03/token') && !c.path.includes('introspect')).length;
    const baseline = refreshes();

    clock += 26 * 60_000; // 4 minutes left of 30: inside the refresh margin
    const results = await Promise.all([a.get(PORTAL), a.get(PORTAL), a.get(PORTAL), provider().get(PORTAL)]);
    const [refreshed] = await storedTokens(t);
    expect(refreshed).not.toBe(before);
    // A caller that did not refresh keeps the current token: it is valid until it expires.
    for (const token of results) expect([before, refreshed]).toContain(token);
    expect(await provider().get(PORTAL)).toBe(refreshed);
    expect(refreshes() - baseline).toBe(1);
    const seen = [before, ...(await storedTokens(t))];

    if (kind === 'postgres') {
      // Two processes (two pools) refreshing at once: still one refresh.
      clock += 26 * 60_000;
      const other = await openDb({ kind: 'postgres', url: t.url!, poolSize: 2 });
      try {
        const b = createOAuthTokenProvider({
          db: other,
          cipher: createTokenCipher({ current: KEY }),
          client,
          now: () => new Date(clock),
          log,
        });
        const n = refreshes();
        const [previous] = await storedTokens(t);
        const both = await Promise.all([provider().get(PORTAL), b.get(PORTAL)]);
        const [next] = await storedTokens(t);
        expect(next).not.toBe(previous);
        for (const token of both) expect([previous, next]).toContain(token);
        expect(refreshes() - n).toBe(1);
        seen.push(...(await storedTokens(t)));
      } finally {
        await other.close();
      }
    }

    const everything = await dump(t);
    const logged = [...svc.logLines(), ...lines()].join('\n');
    for (const token of seen) {
      expect(everything).not.toContain(token);
      expect(logged).not.toContain(token);
    }

    fake.state.uninstall(PORTAL);
    clock += 26 * 60_000;
    await expect(provider().get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    const calls = fake.calls.length;
    await expect(provider().get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    expect(fake.calls.length).toBe(calls);
    expect((await t.db.query(`select status from portals where portal_id = $1`, [PORTAL])).rows).toEqual([
      { status: 'inactive' },
    ]);

    expect(await purgeUninstalled(t.db, { now: new Date(clock + 29 * 86_400_000) })).toEqual([]);
    expect(await purgeUninstalled(t.db, { now: new Date(clock + 31 * 86_400_000) })).toEqual([PORTAL]);
    expect(await dump(t)).not.toContain(`"portal_id":"${PORTAL}"`);
  });
});
