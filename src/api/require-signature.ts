import type { RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';
import { rawBody } from '../http/raw-body.ts';
import { verifySignature } from '../http/verify-signature.ts';
import type { PortalStatus } from './portal-status.ts';

export type RequireSignatureDeps = {
  secrets: string[];
  publicBaseUrl: string;
  now: () => Date;
  /** HUBSPOT_APP_ID: a signed `appId` in the query must be this one. */
  appId?: string | undefined;
  /** Whether the app is installed in the signed portal (start-service wires portalStatus()). */
  portalStatus?: (portalId: string) => Promise<PortalStatus>;
};

/**
 * The query parameters HubSpot appends to every `hubspot.fetch` request it signs (docs/cards.md,
 * "Signed requests"). Each must come once: the extensions never send them, so a second value
 * came from someone else, and reading "the first" would let a caller choose which one counts.
 */
const APPENDED = ['portalId', 'userId', 'userEmail', 'appId'] as const;
type Appended = Partial<Record<(typeof APPENDED)[number], string>>;

function appendedParameters(query: Record<string, unknown>): Appended {
  const found: Appended = {};
  for (const name of APPENDED) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new HttpError(
        400,
        'repeated_parameter',
        `${name} appears more than once in the query: HubSpot appends portalId, userId, userEmail and appId to each signed request itself, so the caller must not send them`,
      );
    found[name] = value;
  }
  return found;
}

/**
 * Guards the endpoints the card and app pages call through `hubspot.fetch`, which signs
 * with v3 like webhooks. HubSpot adds `userId`, `portalId`, `userEmail` and `appId` to the
 * query of the URL it signs ("Fetching data", section "Headers and metadata":
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data),
 * each once, so after this check `res.locals.portalId` is the portal HubSpot vouches for
 * (`res.locals.userId` / `userEmail` the user, when signed), and a signed `appId` must be ours:
 * a request signed for another app of the same developer never reaches our data.
 * The portal must have the app installed: 404 if it never was, 403 once uninstalled.
 */
export function requireSignature(deps: RequireSignatureDeps): RequestHandler[] {
  const check: RequestHandler = async (req, res, next) => {
    const verdict = verifySignature({
      secrets: deps.secrets,
      method: req.method,
      uri: deps.publicBaseUrl + req.originalUrl,
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      timestamp: req.get('x-hubspot-request-timestamp'),
      signature: req.get('x-hubspot-signature-v3'),
      now: deps.now(),
    });
    if (!verdict.ok) throw new HttpError(401, 'invalid_signature', `signature check failed: ${verdict.reason}`);
    const { portalId, appId, userId, userEmail } = appendedParameters(req.query);
    if (portalId === undefined || !/^\d+$/.test(portalId))
      throw new HttpError(400, 'invalid_portal', 'portalId query parameter is required (the HubSpot portal id)');
    if (appId !== undefined && deps.appId !== undefined && appId !== deps.appId)
      throw new HttpError(
        403,
        'wrong_app',
        `the request was signed for app ${appId}, not this app (HUBSPOT_APP_ID ${deps.appId})`,
      );
    const status = deps.portalStatus ? await deps.portalStatus(portalId) : 'active';
    if (status === 'unknown')
      throw new HttpError(
        404,
        'portal_not_installed',
        `Journey Stages is not installed in portal ${portalId}: install it from /oauth/install`,
      );
    if (status === 'uninstalled')
      throw new HttpError(
        403,
        'portal_uninstalled',
        `Journey Stages was uninstalled from portal ${portalId}: install it again to use it`,
      );
    res.locals.portalId = portalId;
    // The user HubSpot vouches for (absent on requests signed without one, as in tests).
    res.locals.userId = userId !== undefined && /^\d+$/.test(userId) ? userId : undefined;
    res.locals.userEmail = userEmail;
    next();
  };
  return [...rawBody(), check];
}
