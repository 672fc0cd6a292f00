import express, { type RequestHandler } from 'express';
import { HttpError } from '../http/http-error.ts';
import { verifySignature } from '../intake/verify-signature.ts';

export type RequireSignatureDeps = { secrets: string[]; publicBaseUrl: string; now: () => Date };

/**
 * Guards the endpoints the card and app pages call through `hubspot.fetch`, which signs
 * with v3 like webhooks. The portalId in the query is covered by the signature, so after
 * this check `res.locals.portalId` is the portal HubSpot vouches for.
 */
export function requireSignature(deps: RequireSignatureDeps): RequestHandler[] {
  const check: RequestHandler = (req, res, next) => {
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
    // hubspot.fetch appends portalId (with userId, userEmail, appId) to the URL itself, so a
    // caller that also sends it gives the same value twice: one distinct value is fine.
    const values = [req.query.portalId].flat();
    const portalId = new Set(values).size === 1 ? values[0] : undefined;
    if (typeof portalId !== 'string' || !/^\d+$/.test(portalId))
      throw new HttpError(400, 'invalid_portal', 'portalId query parameter is required (the HubSpot portal id)');
    res.locals.portalId = portalId;
    next();
  };
  return [express.raw({ type: () => true, limit: 1024 * 1024 }), check];
}
