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

/** The one value of a query parameter, undefined when absent; a repeated parameter must repeat the same value. */
function single(value: unknown, name: string): string | undefined {
  const values = [value].flat().filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  if (new Set(values).size !== 1 || typeof values[0] !== 'string')
    throw new HttpError(400, `invalid_${name.toLowerCase()}`, `${name} appears more than once with different values`);
  return values[0];
}

/**
 * Guards the endpoints the card and app pages call through `hubspot.fetch`, which signs
 * with v3 like webhooks. HubSpot adds `userId`, `portalId`, `userEmail` and `appId` to the
 * query of the URL it signs ("Fetching data", section "Headers and metadata":
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data),
 * so after this check
 * `res.locals.portalId` is the portal HubSpot vouches for, and a signed `appId` must be ours:
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
    // A caller that also sends portalId gives the same value twice: one distinct value is fine.
    const portalId = single(req.query.portalId, 'portalId');
    if (portalId === undefined || !/^\d+$/.test(portalId))
      throw new HttpError(400, 'invalid_portal', 'portalId query parameter is required (the HubSpot portal id)');
    const appId = single(req.query.appId, 'appId');
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
    next();
  };
  return [...rawBody(), check];
}
