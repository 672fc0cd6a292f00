import express, { type Router } from 'express';
import type { Journey } from '@journey-stages/contract/journey';
import { MAX_TICKET_CONTACTS, type TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import { HttpError } from '../http/http-error.ts';
import type { Logger } from '../log.ts';
import { HubSpotError } from '../sync/hubspot-error.ts';
import type { TicketContact } from '../sync/hubspot-api.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { loadJourney } from './load-journey.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

/** HubSpot's label for the primary association ("Primary"; docs/cards.md). */
const isPrimary = (c: TicketContact) => c.labels.some((label) => label.trim().toLowerCase() === 'primary');

/**
 * The ticket's contacts, primary first (HubSpot's order otherwise), at most MAX_TICKET_CONTACTS,
 * each contact once.
 */
export function orderTicketContacts(contacts: readonly TicketContact[]): TicketContact[] {
  const seen = new Set<string>();
  const unique = contacts.filter((c) => !seen.has(c.contactId) && seen.add(c.contactId));
  return [...unique.filter(isPrimary), ...unique.filter((c) => !isPrimary(c))];
}

/**
 * GET /api/journey/tickets/:ticketId?portalId=… (v3-signed, like the contact endpoint) — what the
 * help desk card fetches: the journeys of the ticket's contacts (docs/cards.md). The contacts come
 * from HubSpot (the ticket, then its associations, paged, through the shared rate budget); each
 * journey from what is stored, a contact never seen before derived on demand as the contact GET
 * does. 404 when HubSpot has no such ticket. A HubSpot fault is the card's "unavailable", never
 * a 5xx: for the whole list when the ticket's contacts cannot be read, for one contact when
 * deriving it fails.
 */
export function ticketJourneysRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps; log: Logger }): Router {
  const { sync, log } = deps;
  const router = express.Router();
  router.get('/api/journey/tickets/:ticketId', ...requireSignature(deps.signature), async (req, res) => {
    const ticketId = String(req.params.ticketId);
    if (!/^\d+$/.test(ticketId))
      throw new HttpError(400, 'invalid_ticket', 'ticketId must be a HubSpot record id (digits)');
    const portalId = res.locals.portalId as string;
    let contacts: TicketContact[];
    try {
      if (!(await sync.api.ticketExists(portalId, ticketId)))
        throw new HttpError(404, 'ticket_not_found', `HubSpot has no ticket ${ticketId} in portal ${portalId}`);
      contacts = orderTicketContacts(await sync.api.readTicketContacts(portalId, ticketId));
    } catch (err) {
      if (!(err instanceof HubSpotError)) throw err;
      log.warn({ portalId, status: err.status, err: err.message }, "HubSpot did not give a ticket's contacts");
      const unavailable: TicketJourneys = { ticketId, contacts: [], unavailable: true };
      res.set('cache-control', 'no-store').json(unavailable);
      return;
    }
    const shown = contacts.slice(0, MAX_TICKET_CONTACTS);
    const journeys = await Promise.all(shown.map((c) => journeyOrUnavailable(sync, log, portalId, c.contactId)));
    const answer: TicketJourneys = {
      ticketId,
      contacts: shown.flatMap((c, i) => {
        const found = journeys[i];
        if (found === null || found === undefined) return []; // erased, deleted or merged away: not a contact any more
        return [{ contactId: c.contactId, primary: isPrimary(c), ...found }];
      }),
      total: contacts.length,
    };
    res.set('cache-control', 'no-store').json(answer);
  });
  return router;
}

async function journeyOrUnavailable(
  sync: SyncDeps,
  log: Logger,
  portalId: string,
  contactId: string,
): Promise<{ journey: Journey | null; unavailable?: true } | null> {
  try {
    const journey = await loadJourney(sync, portalId, contactId);
    return journey === null ? null : { journey };
  } catch (err) {
    if (!(err instanceof HubSpotError)) throw err;
    log.warn({ portalId, status: err.status, err: err.message }, "HubSpot failed while a ticket's contact was derived");
    return { journey: null, unavailable: true };
  }
}
