import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Journey } from '@journey-stages/contract/journey';
import type { TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import { wordsFor } from '@journey-stages/contract/words';
import { isTimeZone } from '../../engine/format-day.ts';
import { renderSidebarPage, renderTicketPage } from './render-compact-pages.ts';
import { renderMessagePage } from './render-message-page.ts';

export type CompactPreviewDeps = {
  loadJourney: (portalId: string, contactId: string) => Promise<Journey | null>;
  loadTicket: (portalId: string, ticketId: string) => Promise<TicketJourneys | 'not-found'>;
  now: () => Date;
  /** config.previews: the sandbox, or PREVIEWS=on. */
  enabled: boolean;
};

const numericId = z.string().regex(/^\d+$/);
const Query = z.object({
  portalId: numericId,
  timeZone: z.string().refine(isTimeZone).optional(),
  /** A HubSpot user locale (de-de, pt-br, …): the words and dates the user would see. */
  locale: z.string().max(35).optional(),
});

const headers = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

/**
 * The cards where space is short, as pages for people without HubSpot (docs/cards.md):
 * `GET /preview/contacts/:contactId/sidebar` (the record sidebar and preview panel) and
 * `GET /preview/tickets/:ticketId` (the help desk), each `?portalId=…[&timeZone=…][&locale=…]`.
 * Disabled, it registers nothing.
 */
export function compactPreviewRouter(deps: CompactPreviewDeps): Router {
  const router = Router();
  if (!deps.enabled) return router;
  const parse = (query: unknown, id: unknown, res: Response) => {
    const q = Query.safeParse(query);
    if (!q.success) {
      sendMessage(res, 400, 'Portal ID or time zone not understood', 'Add ?portalId=62515 (and an IANA timeZone).');
      return undefined;
    }
    if (!numericId.safeParse(id).success) {
      sendMessage(res, 400, 'Not a record ID', 'HubSpot record IDs are numbers; check the address.');
      return undefined;
    }
    return { ...q.data, id: String(id), words: wordsFor({ locale: q.data.locale, timeZone: q.data.timeZone }) };
  };

  router.get('/preview/contacts/:contactId/sidebar', async (req, res) => {
    const q = parse(req.query, req.params.contactId, res);
    if (!q) return;
    const journey = await deps.loadJourney(q.portalId, q.id);
    if (journey === null)
      return sendMessage(res, 404, 'Contact not found', `Portal ${q.portalId} has no contact with ID ${q.id}.`);
    res
      .status(200)
      .set(headers)
      .type('html')
      .send(renderSidebarPage(journey, q.words, deps.now()));
  });

  router.get('/preview/tickets/:ticketId', async (req, res) => {
    const q = parse(req.query, req.params.ticketId, res);
    if (!q) return;
    const answer = await deps.loadTicket(q.portalId, q.id);
    if (answer === 'not-found')
      return sendMessage(res, 404, 'Ticket not found', `Portal ${q.portalId} has no ticket with ID ${q.id}.`);
    res
      .status(200)
      .set(headers)
      .type('html')
      .send(renderTicketPage(answer, q.words, deps.now()));
  });
  return router;
}

function sendMessage(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .set(headers)
    .type('html')
    .send(renderMessagePage(title, message, status));
}
