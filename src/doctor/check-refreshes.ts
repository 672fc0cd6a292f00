import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { refusedRefreshes } from '../store/token-checks.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';

/**
 * Installed portals whose token refresh HubSpot refuses while their refresh token is still
 * active (docs/install.md, "Refused refreshes"): the service keeps their tokens and retries
 * with backoff, and once the current access token expires it can call nothing for them.
 */
export async function checkRefreshes(config: Config, db: Db | undefined): Promise<CheckResult> {
  if (config.mode !== 'oauth') return skip('refreshes', `not checked: ${config.mode} mode stores no OAuth tokens`);
  if (!db) return skip('refreshes', 'not checked: the database does not answer');
  const refused = await refusedRefreshes(db);
  if (refused.length === 0) return ok('refreshes', 'HubSpot refuses no installed portal its token refresh');
  const lines = refused.map(
    (r) => `portal ${r.portalId} since ${r.refusedAt.toISOString()} (${r.failures} tries; ${r.reason})`,
  );
  return fail(
    'refreshes',
    `HubSpot refuses the token refresh of ${lines.join('; ')}. Their refresh tokens are still active, so the portals stay installed and the refresh is retried; check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET, then HubSpot's status page`,
  );
}
