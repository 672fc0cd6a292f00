import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { PortalInactiveError, type TokenProvider } from '../sync/token-provider.ts';
import { RefreshRefusedError, type OAuthClient, type Tokens } from './oauth-client.ts';
import type { TokenCipher } from './token-cipher.ts';
import { loadTokens, saveTokens } from './token-store.ts';
import { markUninstalled } from './uninstall.ts';

/**
 * Installed portals' access tokens. A token is refreshed before it expires (by
 * `expires_in`, not on a 401: HUBSPOT.md) and once per portal even with many processes:
 * the refresh runs under the token row's lock and re-reads the row first, so a process
 * that waited finds the fresh token instead of refreshing again; within a process,
 * concurrent callers share one refresh. A refused refresh means the app was uninstalled.
 */
export function createOAuthTokenProvider(o: {
  db: Db;
  cipher: TokenCipher;
  client: OAuthClient;
  now: () => Date;
  log: Logger;
  marginMs?: number;
}): TokenProvider {
  const margin = o.marginMs ?? 5 * 60_000;
  const cache = new Map<string, Tokens>();
  const inflight = new Map<string, Promise<string>>();
  const fresh = (t: Tokens) => t.expiresAt.getTime() - o.now().getTime() > margin;

  async function assertActive(portalId: string): Promise<void> {
    const r = await o.db.query<{ status: string }>('select status from portals where portal_id = $1', [portalId]);
    if (r.rows[0]?.status === 'inactive') throw new PortalInactiveError(portalId);
  }

  function refreshOnce(portalId: string, staleToken: string | undefined): Promise<string> {
    const running = inflight.get(portalId);
    if (running) return running;
    const work = o.db
      .transaction(async (tx) => {
        const current = await loadTokens(tx, o.cipher, portalId, true);
        if (!current) throw new PortalInactiveError(portalId);
        // Someone refreshed while we waited for the lock: use theirs.
        if (current.accessToken !== staleToken && fresh(current)) return current;
        const next = await o.client.refresh(current.refreshToken);
        await saveTokens(tx, o.cipher, portalId, next, o.now());
        o.log.info({ portalId, expiresAt: next.expiresAt.toISOString() }, "refreshed the portal's access token");
        return next;
      })
      .then((t) => {
        cache.set(portalId, t);
        return t.accessToken;
      })
      .catch(async (err) => {
        cache.delete(portalId);
        if (err instanceof RefreshRefusedError) {
          o.log.warn(
            { portalId },
            'HubSpot refused the refresh token: the app was uninstalled; the portal is now inactive',
          );
          await markUninstalled(o.db, portalId, o.now());
          throw new PortalInactiveError(portalId);
        }
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
      return refreshOnce(portalId, stored.accessToken);
    },
    async refresh(portalId) {
      await assertActive(portalId);
      return refreshOnce(
        portalId,
        cache.get(portalId)?.accessToken ?? (await loadTokens(o.db, o.cipher, portalId))?.accessToken,
      );
    },
  };
}
