import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Journey } from '@journey-stages/contract/journey';
import { renderJourneyPage } from './render-journey-page.ts';
import { renderMessagePage } from './render-message-page.ts';
import { isTimeZone } from '../../engine/format-day.ts';

export type PreviewRouterDeps = {
  /** The stored journey, or null when there is no such contact. */
  loadJourney: (portalId: string, contactId: string) => Promise<Journey | null>;
  now: () => Date;
  /** config.previews: the sandbox, or PREVIEWS=on (never a guess from NODE_ENV). */
  enabled: boolean;
};

const numericId = z.string().regex(/^\d+$/);
const PreviewQuery = z.object({
  portalId: numericId,
  timeZone: z.string().refine(isTimeZone).optional(),
});

// Content-Security-Policy and the other security headers come from the app (http/security-headers.ts).
const securityHeaders = {
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/**
 * `GET /preview/contacts/:contactId?portalId=…[&timeZone=…]`: the journey as an HTML page
 * for people without a HubSpot account. Disabled, it registers nothing, so the path
 * answers the same 404 as any path that does not exist.
 */
export function previewRouter(deps: PreviewRouterDeps): Router {
  const router = Router();
  if (!deps.enabled) return router;
  router.get('/preview/contacts/:contactId', async (req, res, next) => {
    try {
      const query = PreviewQuery.safeParse(req.query);
      if (!query.success) {
        const badZone = query.error.issues.some((issue) => issue.path[0] === 'timeZone');
        return sendPage(
          res,
          400,
          badZone
            ? [
                'Unknown time zone',
                'timeZone must be an IANA time zone name such as Europe/Berlin or America/New_York.',
              ]
            : [
                'Portal ID missing or not a number',
                'Add the numeric HubSpot portal ID to the address, for example ?portalId=62515.',
              ],
        );
      }
      const contactId = req.params.contactId;
      if (!numericId.safeParse(contactId).success) {
        return sendPage(res, 400, ['Not a contact ID', 'HubSpot contact IDs are numbers; check the address.']);
      }
      const journey = await deps.loadJourney(query.data.portalId, contactId);
      if (journey === null) {
        return sendPage(res, 404, [
          'Contact not found',
          `Portal ${query.data.portalId} has no contact with ID ${contactId}, or Journey Stages has not seen it yet.`,
        ]);
      }
      res
        .status(200)
        .set(securityHeaders)
        .type('html')
        .send(renderJourneyPage(journey, { now: deps.now(), timeZone: query.data.timeZone }));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

function sendPage(res: Response, status: number, [title, message]: [string, string]): void {
  res
    .status(status)
    .set(securityHeaders)
    .type('html')
    .send(renderMessagePage(title, message, status));
}
