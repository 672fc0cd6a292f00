import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { markIntrospected, portalsToIntrospect } from '../store/token-checks.ts';
import type { OAuthClient } from './oauth-client.ts';
import type { OutcomeCounter } from './oauth-token-provider.ts';
import type { TokenCipher } from './token-cipher.ts';
import { loadTokens } from './token-store.ts';
import { markUninstalled } from './uninstall.ts';

/** What one daily introspection found (`journey_token_introspections_total{outcome}`). */
export type IntrospectionOutcome = 'active' | 'inactive' | 'failed';

/** A portal checked within this long counts as checked today (the daily job may run a little early). */
const CHECKED_WITHIN_MS = 20 * 3_600_000;
const BATCH = 500;

/**
 * Daily: introspects every installed portal's refresh token, so an idle portal (no job needs a
 * token, so nothing refreshes) is seen uninstalled within a day and purged on schedule
 * (docs/install.md, "Refused refreshes"). `active: false` marks it uninstalled; an active token
 * is marked checked; a failed introspection changes nothing and is tried at the next run.
 * The OAuth endpoints are outside the CRM rate budget; one call per portal.
 */
export async function checkInstalls(deps: {
  db: Db;
  cipher: TokenCipher;
  client: Pick<OAuthClient, 'refreshTokenActive'>;
  log: Logger;
  now: () => Date;
  introspections?: OutcomeCounter<IntrospectionOutcome>;
}): Promise<void> {
  const { db, log, now } = deps;
  const count = (outcome: IntrospectionOutcome) => deps.introspections?.inc({ outcome });
  const started = now();
  const tried = new Set<string>();
  for (;;) {
    const due = (await portalsToIntrospect(db, new Date(started.getTime() - CHECKED_WITHIN_MS), BATCH)).filter(
      (p) => !tried.has(p),
    );
    if (due.length === 0) return;
    for (const portalId of due) {
      tried.add(portalId);
      const tokens = await loadTokens(db, deps.cipher, portalId);
      if (!tokens) continue;
      let active: boolean;
      try {
        active = await deps.client.refreshTokenActive(tokens.refreshToken);
      } catch (err) {
        count('failed');
        log.warn(
          { portalId, err: coerceError(err) },
          'introspecting the refresh token failed; tried again at the next daily check',
        );
        continue;
      }
      if (active) {
        count('active');
        await markIntrospected(db, portalId, now());
        continue;
      }
      count('inactive');
      log.warn(
        { portalId },
        'HubSpot says the refresh token is no longer active: the app was uninstalled; the portal is now inactive',
      );
      await markUninstalled(db, portalId, now());
    }
  }
}
