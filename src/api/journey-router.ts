import express, { type Router } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { loadJourney } from './load-journey.ts';
import { singleFlight } from './single-flight.ts';
import type { Journey } from '../engine/journey.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

/**
 * GET /api/journey/contacts/:contactId?portalId=… — what the card fetches through
 * `hubspot.fetch` (v3-signed; the portal is the one in the signed query).
 */
export function journeyRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps }): Router {
  const router = express.Router();
  const flight = singleFlight<Journey | null>();
  router.get('/api/journey/contacts/:contactId', ...requireSignature(deps.signature), async (req, res) => {
    const contactId = String(req.params.contactId);
    if (!/^\d+$/.test(contactId)) throw new HttpError(400, 'invalid_contact', 'contactId must be a HubSpot record id (digits)');
    const portalId = res.locals.portalId as string;
    const journey = await flight(`${portalId}:${contactId}`, () => loadJourney(deps.sync, portalId, contactId));
    if (journey === null) throw new HttpError(404, 'contact_not_found', `HubSpot has no contact ${contactId} in portal ${res.locals.portalId}`);
    res.set('cache-control', 'no-store').json(journey);
  });
  return router;
}
