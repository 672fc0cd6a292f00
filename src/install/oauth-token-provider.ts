import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { PortalInactiveError, TokenUnavailableError, type TokenProvider } from '../sync/token-provider.ts';
import { RefreshRefusedError, type OAuthClient, type Tokens } from './oauth-client.ts';
import type { TokenCipher } from './token-cipher.ts';
import { claimRefresh, hasTokens, loadTokens, refreshFailed, releaseRefresh, saveTokens } from './token-store.ts';
import { portalInstallState } from '../store/portal-store.ts';
import { refreshRefused } from '../store/token-checks.ts';
import { markUninstalled } from './uninstall.ts';

/** What became of a token refresh (`journey_token_refreshes_total{outcome}`). */
export type RefreshOutcome = 'refreshed' | 'failed' | 'refused_active' | 'uninstalled';
export type OutcomeCounter<O extends string> = { inc(labels: { outcome: O }): void };

/**
 * Installed portals' access tokens. A token is refreshed before it expires (by `expires_in`,
 * not on a 401: docs/hubspot.md, OAuth), here and nowhere else, and once per portal even with many
 * processes: a process claims the refresh with a short lease in one statement (no transaction
 * stays open while HubSpot answers), re-reads the row it claimed and uses a token another
 * process refreshed meanwhile; within a process, concurrent callers share one refresh.
 * A refresh that fails (5xx, 429, timeout) is not tried again by any process before its
 * backoff, and the current token stays in use until it actually expires. A refused refresh
 * (400/401) means the app was uninstalled only when HubSpot's introspection says the refresh
 * token is no longer active; otherwise the tokens stay, the refusal is recorded for the doctor,
 * and the refresh is tried again after the same backoff (docs/install.md, "Refused refreshes").
 */
export function createOAuthTokenProvider(o: {
  db: Db;
  cipher: TokenCipher;
  client: OAuthClient;
  now: () => Date;
  log: Logger;
  marginMs?: number;
  /** How long a claimed refresh may take before another process may claim it. */
  claimMs?: number;
  refreshes?: OutcomeCounter<RefreshOutcome>;
}): TokenProvider {
  const count = (outcome: RefreshOutcome) => o.refreshes?.inc({ outcome });
  const margin = o.marginMs ?? 5 * 60_000;
  const claimMs = o.claimMs ?? 60_000;
  const cache = new Map<string, Tokens>();
  const inflight = new Map<string, Promise<string>>();
  const fresh = (t: Tokens) => t.expiresAt.getTime() - o.now().getTime() > margin;
  const unexpired = (t: Tokens) => t.expiresAt.getTime() > o.now().getTime();

  async function assertActive(portalId: string): Promise<void> {
    if ((await portalInstallState(o.db, portalId)) === 'inactive') throw new PortalInactiveError(portalId);
  }

  /**
   * `stale`: the token the caller holds and wants replaced. `forced` (after a 401): that token
   * is refused, so it is no fallback when the refresh cannot happen now.
   */
  async function refreshNow(portalId: string, stale: Tokens, forced: boolean): Promise<string> {
    const fallback = (why: string, retryAt?: Date): string => {
      if (!forced && unexpired(stale)) return stale.accessToken;
      throw new TokenUnavailableError(portalId, why, retryAt);
    };
    const now = o.now();
    const claimed = await claimRefresh(o.db, o.cipher, portalId, now, new Date(now.getTime() + claimMs));
    if (!claimed) {
      const stored = await loadTokens(o.db, o.cipher, portalId);
      if (!stored) throw new PortalInactiveError(portalId);
      // Another process refreshed since the caller read the row.
      if (stored.accessToken !== stale.accessToken && unexpired(stored)) {
        if (fresh(stored)) cache.set(portalId, stored);
        return stored.accessToken;
      }
      return fallback('another process is refreshing it, or the last refresh failed and waits for its retry time');
    }
    if (claimed.accessToken !== stale.accessToken && fresh(claimed)) {
      await releaseRefresh(o.db, portalId);
      cache.set(portalId, claimed);
      return claimed.accessToken;
    }
    let next: Tokens;
    try {
      next = await o.client.refresh(claimed.refreshToken);
    } catch (err) {
      if (err instanceof RefreshRefusedError) return refused(portalId, claimed, err, fallback);
      count('failed');
      const retryAt = await refreshFailed(o.db, portalId, o.now());
      o.log.warn(
        {
          portalId,
          err: coerceError(err),
          retryAt: retryAt?.toISOString(),
          expiresAt: claimed.expiresAt.toISOString(),
        },
        "refreshing the portal's access token failed; the current token stays in use until it expires",
      );
      return fallback(`the refresh failed: ${coerceError(err).message}`, retryAt);
    }
    await saveTokens(o.db, o.cipher, portalId, next, o.now());
    count('refreshed');
    cache.set(portalId, next);
    o.log.info({ portalId, expiresAt: next.expiresAt.toISOString() }, "refreshed the portal's access token");
    return next.accessToken;
  }

  /**
   * A refresh HubSpot refused: introspect the refresh token. Only `active: false` is an
   * uninstall; an active token, or an introspection that fails, keeps the tokens and backs off.
   */
  async function refused(
    portalId: string,
    claimed: Tokens,
    err: RefreshRefusedError,
    fallback: (why: string, retryAt?: Date) => string,
  ): Promise<string> {
    const active = await o.client.refreshTokenActive(claimed.refreshToken).catch((e: unknown) => coerceError(e));
    if (active === false) {
      o.log.warn(
        { portalId },
        'HubSpot refused the refresh and says the refresh token is no longer active: the app was uninstalled; the portal is now inactive',
      );
      count('uninstalled');
      await markUninstalled(o.db, portalId, o.now());
      throw new PortalInactiveError(portalId);
    }
    const introspection =
      active === true ? 'the refresh token is still active' : `introspection failed: ${active.message}`;
    const retryAt = await refreshRefused(o.db, portalId, o.now(), `${err.message}; ${introspection}`);
    count('refused_active');
    o.log.warn(
      { portalId, err: coerceError(err), introspection, retryAt: retryAt?.toISOString() },
      'HubSpot refused the refresh but not the install: the tokens stay and the refresh is tried again later; npm run doctor lists such portals',
    );
    return fallback(`HubSpot refused the refresh (${err.message}); ${introspection}`, retryAt);
  }

  function refreshOnce(portalId: string, stale: Tokens, forced: boolean): Promise<string> {
    const running = inflight.get(portalId);
    if (running) return running;
    const work = refreshNow(portalId, stale, forced)
      .catch((err) => {
        cache.delete(portalId);
        throw err;
      })
      .finally(() => inflight.delete(portalId));
    inflight.set(portalId, work);
    return work;
  }

  return {
    async get(portalId) {
      const cached = cache.get(portalId);
      if (cached && fresh(cached)) return cached.accessToken;
      await assertActive(portalId);
      const stored = await loadTokens(o.db, o.cipher, portalId);
      if (!stored) throw new PortalInactiveError(portalId);
      if (fresh(stored)) {
        cache.set(portalId, stored);
        return stored.accessToken;
      }
      return refreshOnce(portalId, stored, false);
    },
    async refresh(portalId) {
      await assertActive(portalId);
      const held = cache.get(portalId) ?? (await loadTokens(o.db, o.cipher, portalId));
      if (!held) throw new PortalInactiveError(portalId);
      return refreshOnce(portalId, held, true);
    },
    installed: (portalId) => hasTokens(o.db, portalId),
  };
}
