import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { SANDBOX_APP } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { createOAuthClient } from '../../src/install/oauth-client.ts';
import { createOAuthTokenProvider } from '../../src/install/oauth-token-provider.ts';
import { createTokenCipher } from '../../src/install/token-cipher.ts';
import { loadTokens, saveTokens } from '../../src/install/token-store.ts';
import { REQUIRED_SCOPES } from '../../src/install/scopes.ts';
import { PortalInactiveError } from '../../src/sync/token-provider.ts';
import { TASKS } from '../../src/queue/tasks.ts';

vi.setConfig({ testTimeout: 120_000 });

const PORTAL = '62515';
const KEY = randomBytes(32);
const MIN = 60_000;
const DAY = 86_400_000;
const REDIRECT = 'https://journey.example.com/oauth/callback';

/*
 * A refused token refresh is an uninstall only when HubSpot's introspection says the refresh
 * token is inactive (docs/install.md, "Refused refreshes"), against the stand-in's dated OAuth
 * endpoints: a 400 for any other reason keeps the install; an idle portal's uninstall is seen
 * by the daily check.
 */
describe.each(dbKinds)('refused token refreshes (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService | undefined;
  let clock = Date.now();
  const now = () => new Date(clock);
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
    await fake?.close();
    await t?.drop();
  });

  /** A portal installed as the OAuth callback leaves it: the code exchanged, tokens sealed, no job. */
  async function installed() {
    t = await createTestDb(kind);
    clock = Date.now();
    fake = await startFakeHubSpot({ portalIds: [PORTAL], now });
    const client = createOAuthClient({ apiBase: fake.url, ...fake.client, redirectUri: REDIRECT, now });
    const tokens = await client.exchangeCode(fake.state.issueAuthCode(PORTAL, REQUIRED_SCOPES, REDIRECT));
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    await saveTokens(t.db, createTokenCipher({ current: KEY }), PORTAL, tokens, now());
    const { log } = captureLog();
    fake.calls.length = 0; // the code exchange is not a refresh
    const provider = createOAuthTokenProvider({
      db: t.db,
      cipher: createTokenCipher({ current: KEY }),
      client,
      now,
      log,
    });
    return { client, provider, tokens };
  }
  const tokenCalls = () => fake.calls.filter((c) => c.path === '/oauth/2026-03/token').length;
  const introspections = () => fake.calls.filter((c) => c.path === '/oauth/2026-03/token/introspect').length;
  const settled = `select id from jobs where state = 'running' or (state = 'pending' and run_at <= $1)`;
  const status = async () =>
    (await t.db.query<{ status: string }>('select status from portals where portal_id = $1', [PORTAL])).rows[0]?.status;

  it('a 400 on the refresh while the refresh token is active keeps the tokens and refreshes after the backoff', async () => {
    const { provider, tokens } = await installed();
    clock += 26 * MIN; // inside the refresh margin: a refresh is due
    fake.faults.add({ path: /^\/oauth\/2026-03\/token$/, status: 400, times: 1 });
    expect(await provider.get(PORTAL)).toBe(tokens.accessToken); // the current token, still valid
    expect(await status()).toBe('active');
    expect((await loadTokens(t.db, createTokenCipher({ current: KEY }), PORTAL))?.refreshToken).toBe(
      tokens.refreshToken,
    );
    expect(introspections()).toBe(1);
    expect(tokenCalls()).toBe(1);
    // Within the backoff nothing asks HubSpot again; after it the refresh succeeds.
    await provider.get(PORTAL);
    expect(tokenCalls()).toBe(1);
    clock += 5_000;
    const next = await provider.get(PORTAL);
    expect(next).not.toBe(tokens.accessToken);
    expect(tokenCalls()).toBe(2);
  });

  it('a refused refresh whose refresh token introspects inactive marks the portal uninstalled, its data kept for the grace period', async () => {
    const { provider } = await installed();
    fake.state.uninstall(PORTAL);
    clock += 26 * MIN;
    await expect(provider.get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    expect(introspections()).toBe(1);
    const row = await t.db.query<{ status: string; uninstalled_at: Date | null }>(
      'select status, uninstalled_at from portals where portal_id = $1',
      [PORTAL],
    );
    expect(row.rows).toEqual([{ status: 'inactive', uninstalled_at: now() }]);
    expect((await t.db.query('select 1 from portal_tokens')).rows).toEqual([]);
  });

  it('the daily check sees an idle portal uninstalled within a day, and the daily purge erases it after the grace period', async () => {
    await installed();
    svc = await startTestService(t, {
      role: 'all',
      now,
      // An idle portal: no job needs its token. The reconciliation sweep would (every interval),
      // and would then find the uninstall through a refused refresh; here the daily check must.
      handlers: () => ({ [TASKS.reconcile]: async () => {} }),
      env: {
        HUBSPOT_API_BASE: fake.url,
        HUBSPOT_CLIENT_ID: SANDBOX_APP.clientId,
        HUBSPOT_CLIENT_SECRET: SANDBOX_APP.clientSecret,
        HUBSPOT_APP_ID: String(SANDBOX_APP.appId),
        TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
      },
    });
    const running = svc;
    fake.state.uninstall(PORTAL); // no job needs a token: nothing would ever refresh it
    clock += DAY;
    running.worker?.wake();
    // The service's clock moves on while we wait, 5 s a look: a daily job that fails once
    // (a lock or a connection under load) is retried after a backoff dated by this clock.
    await waitFor(
      async () => {
        clock += 5_000;
        running.worker?.wake();
        return (await status()) === 'inactive';
      },
      { what: 'the portal marked uninstalled by the daily check', timeout: 60_000 },
    );
    expect(tokenCalls()).toBe(0); // seen by introspection alone
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/journey_token_introspections_total\{outcome="inactive"\} 1/);

    // The month passes only once the queue is idle up to now: a daily purge still running (it
    // read its cutoff from the old clock) would otherwise be rescheduled a day past the jump.
    await waitFor(async () => (await t.db.query(settled, [now()])).rows.length === 0, {
      what: 'no job running or due before the month passes',
    });
    clock += 31 * DAY;
    await waitFor(
      async () => {
        clock += 5_000;
        running.worker?.wake();
        return (await status()) === undefined;
      },
      { what: 'the portal purged', timeout: 60_000 },
    );
  });
});
