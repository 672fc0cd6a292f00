import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createOAuthTokenProvider } from '../../../src/install/oauth-token-provider.ts';
import { RefreshRefusedError, type OAuthClient, type Tokens } from '../../../src/install/oauth-client.ts';
import { createTokenCipher } from '../../../src/install/token-cipher.ts';
import { loadTokens, saveTokens } from '../../../src/install/token-store.ts';
import { refusedRefreshes } from '../../../src/store/token-checks.ts';
import { PortalInactiveError, TokenUnavailableError } from '../../../src/sync/token-provider.ts';

const PORTAL = '62515';
const MIN = 60_000;
const t0 = new Date('2026-11-22T10:00:00.000Z').getTime();

/** A HubSpot OAuth stand-in at the client's seam: counts refreshes, answers after a tick. */
function fakeClient(clock: () => number) {
  let n = 0;
  const state = {
    refreshes: 0,
    refuse: false,
    fail: false,
    /** What introspecting the refresh token says: active, inactive, or an error (HubSpot down). */
    tokenActive: true as boolean | 'error',
    introspections: 0,
    /** Runs while HubSpot is "answering": what the database looks like meanwhile. */
    during: undefined as (() => Promise<void>) | undefined,
  };
  const client: OAuthClient = {
    exchangeCode: async () => {
      throw new Error('not used');
    },
    introspect: async () => {
      throw new Error('not used');
    },
    async refreshTokenActive() {
      state.introspections += 1;
      if (state.tokenActive === 'error') throw new Error('HubSpot OAuth /oauth/2026-03/token/introspect answered 503');
      return state.tokenActive;
    },
    async refresh(refreshToken) {
      state.refreshes += 1;
      await new Promise((r) => setTimeout(r, 5));
      await state.during?.();
      if (state.refuse) throw new RefreshRefusedError('HubSpot refused the grant: BAD_REFRESH_TOKEN');
      if (state.fail) throw new Error('HubSpot OAuth /oauth/2026-03/token answered 502');
      n += 1;
      return { accessToken: `access-${n}`, refreshToken, expiresAt: new Date(clock() + 30 * MIN), scopes: ['oauth'] };
    },
  };
  return { client, state };
}

describe('createOAuthTokenProvider', () => {
  let t: TestDb;
  let clock = t0;
  const key = randomBytes(32);
  const cipher = createTokenCipher({ current: key });
  const first: Tokens = {
    accessToken: 'access-0',
    refreshToken: 'refresh-0',
    expiresAt: new Date(t0 + 30 * MIN),
    scopes: ['oauth'],
  };

  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  beforeEach(async () => {
    clock = t0;
    await t.db.exec('delete from portal_tokens; delete from portals; delete from jobs;');
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    await saveTokens(t.db, cipher, PORTAL, first, new Date(t0));
  });
  afterAll(async () => {
    await t.drop();
  });

  const setup = () => {
    const fake = fakeClient(() => clock);
    const { log, lines } = captureLog();
    /** What /metrics counts as journey_token_refreshes_total{outcome}. */
    const outcomes: string[] = [];
    const provider = createOAuthTokenProvider({
      db: t.db,
      cipher,
      client: fake.client,
      now: () => new Date(clock),
      log,
      refreshes: { inc: ({ outcome }) => outcomes.push(outcome) },
    });
    return { provider, fake, lines, outcomes };
  };

  it('get() returns the stored token without refreshing while more than 5 minutes are left', async () => {
    const { provider, fake } = setup();
    clock = t0 + 24 * MIN;
    expect(await provider.get(PORTAL)).toBe('access-0');
    expect(fake.state.refreshes).toBe(0);
  });

  it('get() within 5 minutes of expiry refreshes once for many concurrent callers and stores the new token', async () => {
    const { provider, fake } = setup();
    clock = t0 + 26 * MIN;
    const all = await Promise.all([provider.get(PORTAL), provider.get(PORTAL), provider.get(PORTAL)]);
    expect(all).toEqual(['access-1', 'access-1', 'access-1']);
    expect(fake.state.refreshes).toBe(1);
    expect((await loadTokens(t.db, cipher, PORTAL))?.accessToken).toBe('access-1');
  });

  it('get() in a second process finds the token the first one refreshed and does not refresh again', async () => {
    const a = setup();
    const b = setup();
    clock = t0 + 26 * MIN;
    expect(await a.provider.get(PORTAL)).toBe('access-1');
    expect(await b.provider.get(PORTAL)).toBe('access-1');
    expect(a.fake.state.refreshes + b.fake.state.refreshes).toBe(1);
  });

  it('refresh() after a 401 forces one refresh even though the token has time left', async () => {
    const { provider, fake } = setup();
    expect(await provider.get(PORTAL)).toBe('access-0');
    const [x, y] = await Promise.all([provider.refresh(PORTAL), provider.refresh(PORTAL)]);
    expect([x, y]).toEqual(['access-1', 'access-1']);
    expect(fake.state.refreshes).toBe(1);
  });

  it('a refused refresh whose refresh token introspects inactive marks the portal inactive; later get() throws without calling HubSpot', async () => {
    const { provider, fake, lines, outcomes } = setup();
    await t.db.query(`insert into jobs (portal_id, task, key) values ($1, 'backfill-page', 'backfill')`, [PORTAL]);
    fake.state.refuse = true;
    fake.state.tokenActive = false;
    clock = t0 + 31 * MIN;
    await expect(provider.get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    expect((await t.db.query('select status, uninstalled_at from portals')).rows).toEqual([
      { status: 'inactive', uninstalled_at: new Date(clock) },
    ]);
    expect((await t.db.query('select 1 from portal_tokens')).rows).toHaveLength(0);
    expect((await t.db.query('select 1 from jobs')).rows).toHaveLength(0);
    expect(lines().join('\n')).toMatch(/uninstalled/);
    expect(outcomes).toEqual(['uninstalled']);

    await expect(provider.get(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    await expect(setup().provider.refresh(PORTAL)).rejects.toBeInstanceOf(PortalInactiveError);
    expect(fake.state.refreshes).toBe(1);
  });

  it.each([
    ['is still active', true],
    ['cannot be introspected (HubSpot down)', 'error'],
  ] as const)(
    'a refused refresh (400) whose refresh token %s keeps the tokens, backs off, is listed for the doctor, and recovers',
    async (_what, tokenActive) => {
      const { provider, fake, lines, outcomes } = setup();
      fake.state.refuse = true;
      fake.state.tokenActive = tokenActive;
      clock = t0 + 26 * MIN;
      // The current token stays in use while it lasts.
      expect(await provider.get(PORTAL)).toBe('access-0');
      expect((await t.db.query('select status from portals')).rows).toEqual([{ status: 'active' }]);
      expect((await loadTokens(t.db, cipher, PORTAL))?.refreshToken).toBe('refresh-0');
      expect(fake.state.introspections).toBe(1);
      expect(await refusedRefreshes(t.db)).toEqual([
        expect.objectContaining({ portalId: PORTAL, failures: 1, reason: expect.stringMatching(/refused the grant/) }),
      ]);
      expect(lines().join('\n')).toMatch(/the tokens stay/);
      // No retry storm: nothing calls HubSpot again within the backoff.
      expect(await Promise.all([provider.get(PORTAL), setup().provider.get(PORTAL)])).toEqual(['access-0', 'access-0']);
      expect(fake.state.refreshes).toBe(1);
      // Past the backoff the refresh is tried again, and a success clears the refusal.
      fake.state.refuse = false;
      clock += 5_000;
      expect(await provider.get(PORTAL)).toBe('access-1');
      expect(fake.state.refreshes).toBe(2);
      expect(await refusedRefreshes(t.db)).toEqual([]);
      expect(outcomes).toEqual(['refused_active', 'refreshed']);
    },
  );

  it('a refresh that fails for another reason (HubSpot 502) leaves the portal active and keeps the current token until the backoff has passed', async () => {
    const { provider, fake } = setup();
    fake.state.fail = true;
    clock = t0 + 26 * MIN;
    expect(await provider.get(PORTAL)).toBe('access-0');
    expect((await t.db.query('select status from portals')).rows).toEqual([{ status: 'active' }]);
    // Every request in the backoff uses the current token and leaves HubSpot alone.
    expect(await Promise.all([provider.get(PORTAL), setup().provider.get(PORTAL)])).toEqual(['access-0', 'access-0']);
    expect(fake.state.refreshes).toBe(1);
    fake.state.fail = false;
    clock += 5_000;
    expect(await provider.get(PORTAL)).toBe('access-1');
    expect(fake.state.refreshes).toBe(2);
  });

  it('failed refreshes back off exponentially; once the token has expired get() throws TokenUnavailableError', async () => {
    const { provider, fake } = setup();
    fake.state.fail = true;
    clock = t0 + 26 * MIN;
    await provider.get(PORTAL);
    clock += 5_000;
    await provider.get(PORTAL);
    clock += 5_000; // the second failure waits 10 s
    await provider.get(PORTAL);
    expect(fake.state.refreshes).toBe(2);
    clock = t0 + 31 * MIN;
    const err = await provider.get(PORTAL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenUnavailableError);
    expect(fake.state.refreshes).toBe(3);
    expect((await t.db.query('select status from portals')).rows).toEqual([{ status: 'active' }]);
  });

  it('refresh() after a 401 that cannot refresh now throws instead of returning the refused token', async () => {
    const { provider, fake } = setup();
    fake.state.fail = true;
    await expect(provider.refresh(PORTAL)).rejects.toBeInstanceOf(TokenUnavailableError);
  });

  it('two processes due at once call HubSpot once; the one that did not refresh keeps the valid token', async () => {
    const a = setup();
    const b = setup();
    clock = t0 + 26 * MIN;
    const [x, y] = await Promise.all([a.provider.get(PORTAL), b.provider.get(PORTAL)]);
    expect([x, y].sort()).toEqual(expect.arrayContaining(['access-1']));
    expect(a.fake.state.refreshes + b.fake.state.refreshes).toBe(1);
  });

  it('installed() answers from what is stored, with no refresh even when one is due', async () => {
    const { provider, fake } = setup();
    clock = t0 + 40 * MIN;
    expect(await provider.installed(PORTAL)).toBe(true);
    expect(await provider.installed('999')).toBe(false);
    expect(fake.state.refreshes).toBe(0);
  });

  it('never logs a token', async () => {
    const { provider, lines } = setup();
    clock = t0 + 26 * MIN;
    await provider.get(PORTAL);
    const logged = lines().join('\n');
    for (const secret of ['access-0', 'access-1', 'refresh-0']) expect(logged).not.toContain(secret);
  });
});

describe('createOAuthTokenProvider on PostgreSQL', () => {
  it('holds no transaction open while HubSpot answers the refresh', async () => {
    const t = await createTestDb('postgres');
    try {
      const cipher = createTokenCipher({ current: randomBytes(32) });
      await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
      await saveTokens(
        t.db,
        cipher,
        PORTAL,
        { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: new Date(t0 + 30 * MIN), scopes: [] },
        new Date(t0),
      );
      const fake = fakeClient(() => t0);
      const open: number[] = [];
      fake.state.during = async () => {
        const r = await t.db.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and state like 'idle in transaction%'`,
        );
        open.push(r.rows[0]!.n);
      };
      const { log } = captureLog();
      const provider = createOAuthTokenProvider({
        db: t.db,
        cipher,
        client: fake.client,
        now: () => new Date(t0 + 26 * MIN),
        log,
      });
      expect(await provider.get(PORTAL)).toBe('access-1');
      expect(open).toEqual([0]);
    } finally {
      await t.drop();
    }
  });
});
