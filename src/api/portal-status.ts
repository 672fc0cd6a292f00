import type { Queryable } from '../store/db.ts';
import { HttpError } from '../http/http-error.ts';
import { PortalInactiveError, type TokenProvider } from '../sync/token-provider.ts';
import { portalInstallState } from '../store/portal-store.ts';

export type PortalStatus = 'active' | 'uninstalled' | 'unknown';

/**
 * Whether the app is installed in a portal, from what the service already holds: a portal
 * marked inactive was uninstalled; otherwise it is installed when a token is held for it (an
 * OAuth install, the single-portal token, the sandbox's). Reads only: no HubSpot call (a due
 * token refresh is not this answer's business), and a request for a portal that is not
 * installed leaves no row behind.
 */
export function portalStatus(db: Queryable, tokens: TokenProvider): (portalId: string) => Promise<PortalStatus> {
  return async (portalId) => {
    if ((await portalInstallState(db, portalId)) === 'inactive') return 'uninstalled';
    return (await tokens.installed(portalId)) ? 'active' : 'unknown';
  };
}

/** A portal uninstalled while the request ran (the signature guard checks before): 403, never a 500. */
export function portalInactiveAsHttpError(err: unknown): HttpError | undefined {
  if (!(err instanceof PortalInactiveError)) return undefined;
  return new HttpError(
    403,
    'portal_uninstalled',
    `Journey Stages is not installed in portal ${err.portalId}: install it again to use it`,
  );
}
