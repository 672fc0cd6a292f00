import express, { type Router } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { loadJourney } from './load-journey.ts';
import { singleFlight } from './single-flight.ts';
import type { Journey } from '@journey-stages/contract/journey';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';
import { createTouchpointsForJourney, type TouchpointOptions } from '../touchpoints/touchpoints-for-journey.ts';

/**
 * GET /api/journey/contacts/:contactId?portalId=… — what the card fetches through
 * `hubspot.fetch` (v3-signed; the portal is the one in the signed query). The stage comes
 * first: touchpoints are added from the cache, or from HubSpot within a short bound
 * (docs/api.md), and their failure never fails the answer.
 */
export function journeyRouter(deps: {
  sync: SyncDeps;
  signature: RequireSignatureDeps;
  touchpoints?: TouchpointOptions;
}): Router {
  const router = express.Router();
  const flight = singleFlight<Journey | null>();
  const touchpoints = createTouchpointsForJourney({
    ...deps.touchpoints,
    db: deps.sync.db,
    api: deps.sync.api,
    log: deps.sync.log,
    now: deps.sync.now,
    metrics: deps.sync.metrics,
  });
  router.get('/api/journey/contacts/:contactId', ...requireSignature(deps.signature), async (req, res) => {
    const contactId = String(req.params.contactId);
    if (!/^\d+$/.test(contactId))
      throw new HttpError(400, 'invalid_contact', 'contactId must be a HubSpot record id (digits)');
    const portalId = res.locals.portalId as string;
    const journey = await flight(`${portalId}:${contactId}`, () => loadJourney(deps.sync, portalId, contactId));
    if (journey === null)
      throw new HttpError(
        404,
        'contact_not_found',
        `HubSpot has no contact ${contactId} in portal ${res.locals.portalId}`,
      );
    res.set('cache-control', 'no-store').json({ ...journey, ...(await touchpoints.forJourney(journey)) });
  });
  return router;
}
