import { z } from 'zod';

import { Journey } from './journey.ts';

/** At most this many of a ticket's contacts are answered, the primary one first. */
export const MAX_TICKET_CONTACTS = 5;

/**
 * `GET /api/journey/tickets/:ticketId` (docs/cards.md): the journeys of the ticket's contacts.
 * `journey` is null (with `unavailable`) when HubSpot failed while a contact never seen before
 * was being derived; `unavailable` on the answer means HubSpot could not list the ticket's
 * contacts at all (its fault, not ours: the card says so and offers a retry).
 */
export const TicketJourneys = z.object({
  ticketId: z.string().optional(),
  contacts: z.array(
    z.object({
      contactId: z.string(),
      primary: z.boolean().optional(),
      journey: Journey.nullable(),
      unavailable: z.boolean().optional(),
    }),
  ),
  /** How many contacts the ticket has in all (more than the answer holds past MAX_TICKET_CONTACTS). */
  total: z.int().nonnegative().optional(),
  unavailable: z.boolean().optional(),
});
export type TicketJourneys = z.infer<typeof TicketJourneys>;
export type TicketContactJourney = TicketJourneys['contacts'][number];
