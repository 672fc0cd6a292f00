import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import type { EngagementStore } from './engagements.ts';
import { sendNotFound, sendValidation } from './hubspot-errors.ts';
import { findRecord } from './portal.ts';
import { portalIdOf, portalOf } from './request-context.ts';
import type { FakeState } from './state.ts';

/** HUBSPOT_DEFINED ticket → contact (HubSpot's association type table). */
export const TICKET_TO_CONTACT = 16;
/** The spec's default page size for an object's associations (`limit`, default 500). */
const DEFAULT_LIMIT = 500;

/**
 * A ticket and its contacts, as the specs give them:
 * GET /crm/objects/2026-09/tickets/{ticketId} (PublicApiSpecs/CRM/Tickets/…/2026-09: 404 in the
 * Error shape for an unknown id) and GET /crm/objects/2026-03/tickets/{ticketId}/associations/contacts
 * (PublicApiSpecs/CRM/Associations/…/2026-03, absent from 2026-09: CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
 * `limit` default 500, `after` from `paging.next.after`). The list answers an empty page for a
 * ticket it does not know, as the spec gives it only a 200.
 */
export function ticketsRouter(state: FakeState, store: EngagementStore): Router {
  const router = Router();
  const base = `/crm/objects/${SERVED_VERSIONS.objects}/tickets/:ticketId`;

  router.get(base, (req: Request, res: Response) => {
    const id = String(req.params.ticketId);
    const ticket = store.get(portalIdOf(res), 'tickets', id);
    if (ticket === undefined)
      return sendNotFound(res, `Object not found.  objectId are usually numeric.`, { objectId: [id] });
    const wanted = [
      'hs_object_id',
      'hs_createdate',
      ...String(req.query.properties ?? '')
        .split(',')
        .filter(Boolean),
    ];
    res.json({
      id: ticket.id,
      properties: Object.fromEntries(
        wanted.filter((name) => name in ticket.properties).map((name) => [name, ticket.properties[name]!]),
      ),
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.createdAt.toISOString(),
      archived: false,
    });
  });

  router.get(
    `/crm/objects/${SERVED_VERSIONS.objectAssociationsRead}/tickets/:ticketId/associations/:toObjectType`,
    (req: Request, res: Response) => {
      const to = String(req.params.toObjectType);
      if (to !== 'contacts' && to !== '0-1') return sendValidation(res, `Unsupported association: tickets to ${to}`);
      const limit = req.query.limit === undefined ? DEFAULT_LIMIT : Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1) return sendValidation(res, `limit must be a positive integer`);
      const portalId = portalIdOf(res);
      const ticket = store.get(portalId, 'tickets', String(req.params.ticketId));
      // Deleting a contact removes its associations; a merged-away id answers as the merged record.
      const portal = portalOf(state, res);
      const linked = (
        ticket ? [{ contactId: ticket.contactId, label: ticket.label }, ...(ticket.moreContacts ?? [])] : []
      )
        .filter((c) => {
          const record = findRecord(portal, 'contact', c.contactId);
          return record !== undefined && !record.archived;
        })
        .map((c) => ({ ...c, contactId: state.resolveContactId(portalId, c.contactId) }));
      const start = Math.max(0, Number(req.query.after ?? 0) || 0);
      const page = linked.slice(start, start + limit);
      res.json({
        results: page.map((c) => ({
          toObjectId: c.contactId,
          associationTypes: [
            { category: 'HUBSPOT_DEFINED', typeId: TICKET_TO_CONTACT, ...(c.label ? { label: c.label } : {}) },
          ],
        })),
        ...(start + limit < linked.length ? { paging: { next: { after: String(start + limit) } } } : {}),
      });
    },
  );
  return router;
}
