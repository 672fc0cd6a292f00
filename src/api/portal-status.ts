import type { Queryable } from '../store/db.ts';
import { HttpError } from '../http/http-error.ts';
import { PortalInactiveError, type TokenProvider } from '../sync/token-provider.ts';

export type PortalStatus = 'active' | 'uninstalled' | 'unknown';

/**
 * Whether the app is installed in a portal, from what the service already holds: a portal
 * marked inactive was uninstalled; otherwise it is installed when the token provider has a
 * token for it (an OAuth install, the single-portal token, the sandbox's). Reads only: a
 * request for a portal that is not installed must leave no row behind (issue 12).
 */
export function portalStatus(db: Queryable, tokens: TokenProvider): (portalId: string) => Promise<PortalStatus> {
  const uninstalled = async (portalId: string) =>
    (await db.query<{ status: string }>('select status from portals where portal_id = $1', [portalId])).rows[0]
      ?.status === 'inactive';
  return async (portalId) => {
    if (await uninstalled(portalId)) return 'uninstalled';
    try {
      await tokens.get(portalId);
      return 'active';
    } catch (err) {
      if (err instanceof PortalInactiveError) return (await uninstalled(portalId)) ? 'uninstalled' : 'unknown';
      throw err;
    }
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
