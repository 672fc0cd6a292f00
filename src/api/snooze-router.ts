import express, { type Router } from 'express';
import { z } from 'zod';
import { Instant, plainText } from '@journey-stages/contract/edge-input';
import { HttpError } from '../http/http-error.ts';
import { isStoredContact } from '../store/contact-store.ts';
import { liftSnooze, saveSnooze } from '../store/health-snoozes.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

const DAY = 86_400_000;
/** A snooze longer than this is a flag switched off, not a snooze. */
const MAX_SNOOZE_DAYS = 365;

const SnoozeRequest = z
  .object({
    until: Instant,
    reason: plainText(500).trim().min(1),
  })
  .strict();

/**
 * POST /api/journey/contacts/:contactId/snooze {until, reason} — a rep snoozes the contact's
 * health flag: it stays what it is (so "stuck" keeps its meaning in HubSpot and the funnel),
 * and the card shows it as snoozed, with why and until when (journey JSON `health.snoozed`).
 * DELETE lifts it. v3-signed; only for the portal in the signed request.
 */
export function snoozeRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps }): Router {
  const { sync } = deps;
  const router = express.Router();
  const path = '/api/journey/contacts/:contactId/snooze';

  const knownContact = async (req: express.Request, portalId: string): Promise<string> => {
    const contactId = String(req.params.contactId);
    if (!/^\d+$/.test(contactId))
      throw new HttpError(400, 'invalid_contact', 'contactId must be a HubSpot record id (digits)');
    if (!(await isStoredContact(sync.db, portalId, contactId)))
      throw new HttpError(
        404,
        'contact_not_found',
        `no journey is stored for contact ${contactId} in portal ${portalId}: open its card first`,
      );
    return contactId;
  };

  router.post(path, ...requireSignature(deps.signature), async (req, res) => {
    const portalId = res.locals.portalId as string;
    let body: unknown;
    try {
      body = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'the body must be JSON: {"until": "<ISO date>", "reason": "…"}');
    }
    const parsed = SnoozeRequest.safeParse(body);
    if (!parsed.success)
      throw new HttpError(
        400,
        'invalid_snooze',
        `send {"until": "<ISO date-time>", "reason": "<1 to 500 characters>"}: ${parsed.error.issues[0]?.path.join('.') || 'body'} ${parsed.error.issues[0]?.message}`,
      );
    const now = sync.now();
    const until = parsed.data.until;
    if (until.getTime() <= now.getTime()) throw new HttpError(400, 'invalid_snooze', 'until must be in the future');
    if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * DAY)
      throw new HttpError(400, 'invalid_snooze', `until must be within ${MAX_SNOOZE_DAYS} days`);
    const contactId = await knownContact(req, portalId);
    const userId = (res.locals.userId as string | undefined) ?? null;
    await saveSnooze(sync.db, { portalId, contactId, until, reason: parsed.data.reason, snoozedBy: userId, now });
    res.set('cache-control', 'no-store').json({ snoozed: { until: until.toISOString(), reason: parsed.data.reason } });
  });

  router.delete(path, ...requireSignature(deps.signature), async (req, res) => {
    const portalId = res.locals.portalId as string;
    const contactId = await knownContact(req, portalId);
    await liftSnooze(sync.db, portalId, contactId);
    res.status(204).end();
  });
  return router;
}
