import express, { type Router } from 'express';
import { HttpError } from '../http/http-error.ts';
import type { Logger } from '../log.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { loadTicketJourneys } from './load-ticket-journeys.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

/**
 * GET /api/journey/tickets/:ticketId?portalId=… (v3-signed, like the contact endpoint) — what the
 * help desk card fetches: the journeys of the ticket's contacts, primary first, at most five
 * (docs/cards.md). 404 when HubSpot has no such ticket; a HubSpot fault answers 200 with
 * `unavailable`, never a 5xx.
 */
export function ticketJourneysRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps; log: Logger }): Router {
  const router = express.Router();
  router.get('/api/journey/tickets/:ticketId', ...requireSignature(deps.signature), async (req, res) => {
    const ticketId = String(req.params.ticketId);
    if (!/^\d+$/.test(ticketId))
      throw new HttpError(400, 'invalid_ticket', 'ticketId must be a HubSpot record id (digits)');
    const portalId = res.locals.portalId as string;
    const answer = await loadTicketJourneys(deps.sync, deps.log, portalId, ticketId);
    if (answer === 'not-found')
      throw new HttpError(404, 'ticket_not_found', `HubSpot has no ticket ${ticketId} in portal ${portalId}`);
    res.set('cache-control', 'no-store').json(answer);
  });
  return router;
}
