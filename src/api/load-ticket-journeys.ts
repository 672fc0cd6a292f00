import type { Journey } from '@journey-stages/contract/journey';
import { MAX_TICKET_CONTACTS, type TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import type { Logger } from '../log.ts';
import { HubSpotError } from '../sync/hubspot-error.ts';
import type { TicketContact } from '../sync/hubspot-api.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { loadJourney } from './load-journey.ts';

/** HubSpot's label for the primary association ("Primary"; docs/cards.md). */
const isPrimary = (c: TicketContact) => c.labels.some((label) => label.trim().toLowerCase() === 'primary');

/** The ticket's contacts, the primary one first (HubSpot's order otherwise), each once. */
export function orderTicketContacts(contacts: readonly TicketContact[]): TicketContact[] {
  const seen = new Set<string>();
  const unique = contacts.filter((c) => !seen.has(c.contactId) && seen.add(c.contactId));
  return [...unique.filter(isPrimary), ...unique.filter((c) => !isPrimary(c))];
}

/**
 * The journeys of a ticket's contacts (docs/cards.md): the contacts from HubSpot (the ticket, then
 * its associations, paged, through the shared rate budget), at most MAX_TICKET_CONTACTS, each
 * journey from what is stored or derived on demand as the contact GET does. 'not-found' when
 * HubSpot has no such ticket. A HubSpot fault is "unavailable", for the whole answer when the
 * contacts cannot be listed, for one contact when deriving it fails; never an error.
 */
export async function loadTicketJourneys(
  deps: SyncDeps,
  log: Logger,
  portalId: string,
  ticketId: string,
): Promise<TicketJourneys | 'not-found'> {
  let contacts: TicketContact[];
  try {
    if (!(await deps.api.ticketExists(portalId, ticketId))) return 'not-found';
    contacts = orderTicketContacts(await deps.api.readTicketContacts(portalId, ticketId));
  } catch (err) {
    if (!(err instanceof HubSpotError)) throw err;
    log.warn({ portalId, status: err.status, err: err.message }, "HubSpot did not give a ticket's contacts");
    return { ticketId, contacts: [], unavailable: true };
  }
  const shown = contacts.slice(0, MAX_TICKET_CONTACTS);
  const journeys = await Promise.all(shown.map((c) => journeyOrUnavailable(deps, log, portalId, c.contactId)));
  return {
    ticketId,
    contacts: shown.flatMap((c, i) => {
      const found = journeys[i];
      // Erased, deleted or merged away since: not one of the ticket's contacts any more.
      if (found === null || found === undefined) return [];
      return [{ contactId: c.contactId, primary: isPrimary(c), ...found }];
    }),
    total: contacts.length,
  };
}

async function journeyOrUnavailable(
  deps: SyncDeps,
  log: Logger,
  portalId: string,
  contactId: string,
): Promise<{ journey: Journey | null; unavailable?: true } | null> {
  try {
    const journey = await loadJourney(deps, portalId, contactId);
    return journey === null ? null : { journey };
  } catch (err) {
    if (!(err instanceof HubSpotError)) throw err;
    log.warn({ portalId, status: err.status, err: err.message }, "HubSpot failed while a ticket's contact was derived");
    return { journey: null, unavailable: true };
  }
}
