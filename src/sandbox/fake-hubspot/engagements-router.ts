import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StandardError } from './spec-schemas.ts';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendBatch, sendValidation } from './hubspot-errors.ts';
import { CONTACT_TO, isEngagementType, type Engagement, type EngagementStore } from './engagements.ts';
import { BATCH_LIMIT } from './object-reads.ts';
import { portalIdOf } from './request-context.ts';
import type { FakeState } from './state.ts';

/** The spec gives no page size for associations per input; 100 keeps paging exercised. */
export const ASSOCIATION_PAGE = 100;

const AssociationsBody = z.object({
  inputs: z.array(z.object({ id: z.string(), after: z.string().optional() })).max(1_000),
});
/** The spec's BatchReadInputSimplePublicObjectId: inputs, properties and propertiesWithHistory are required. */
const ReadBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()),
  propertiesWithHistory: z.array(z.string()),
  idProperty: z.string().optional(),
});

/**
 * POST /crm/associations/2026-09/contacts/{emails|calls|meetings|tickets}/batch/read, paged per
 * input with `paging.next.after`; POST /crm/objects/2026-09/{emails|calls|meetings|tickets}/batch/read.
 * Anything else falls through to the contact and deal routes.
 */
export function engagementsRouter(state: FakeState, store: EngagementStore): Router {
  const router = Router();
  router.post(
    `/crm/associations/${SERVED_VERSIONS.associations}/:fromType/:toType/batch/read`,
    (req: Request, res: Response, next) => {
      const from = String(req.params.fromType);
      const to = String(req.params.toType);
      if ((from !== 'contacts' && from !== '0-1') || !isEngagementType(to)) return next();
      const started = state.now();
      const parsed = AssociationsBody.safeParse(req.body);
      if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
      const portalId = portalIdOf(res);
      const results: unknown[] = [];
      const errors: StandardError[] = [];
      for (const { id, after } of parsed.data.inputs) {
        const target = state.resolveContactId(portalId, id);
        const all = store.idsOf(portalId, to, (contactId) => state.resolveContactId(portalId, contactId) === target);
        const offset = after === undefined ? 0 : Number(after) || 0;
        const page = all.slice(offset, offset + ASSOCIATION_PAGE);
        if (page.length === 0) {
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
            message: `No ${to} is associated with contacts ${id}.`,
            context: { fromObjectId: [id], fromObjectType: ['contacts'], toObjectType: [to] },
            errors: [],
            links: {},
          });
          continue;
        }
        const more = offset + ASSOCIATION_PAGE < all.length;
        results.push({
          from: { id },
          to: page.map((toObjectId) => ({
            toObjectId,
            associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: CONTACT_TO[to], label: null }],
          })),
          ...(more ? { paging: { next: { after: String(offset + ASSOCIATION_PAGE) } } } : {}),
        });
      }
      sendBatch(res, started, state.now(), results, errors);
    },
  );

  router.post(`/crm/objects/${SERVED_VERSIONS.objects}/:objectType/batch/read`, (req: Request, res: Response, next) => {
    const type = String(req.params.objectType);
    if (!isEngagementType(type)) return next();
    const started = state.now();
    const parsed = ReadBody.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.inputs.length > BATCH_LIMIT)
      return sendValidation(
        res,
        `Batch input of ${parsed.data.inputs.length} exceeds the limit of ${BATCH_LIMIT} inputs`,
      );
    const portalId = portalIdOf(res);
    const found: Engagement[] = [];
    const missing: string[] = [];
    for (const { id } of parsed.data.inputs) {
      const record = store.get(portalId, type, id);
      if (record === undefined) missing.push(id);
      else found.push(record);
    }
    const wanted = ['hs_object_id', 'hs_createdate', ...parsed.data.properties];
    const results = found.map((e) => ({
      id: e.id,
      properties: Object.fromEntries(
        wanted.filter((name) => name in e.properties).map((name) => [name, e.properties[name]!]),
      ),
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.createdAt.toISOString(),
      archived: false,
    }));
    const errors: StandardError[] =
      missing.length === 0
        ? []
        : [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${type.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
              context: { ids: missing },
              errors: [],
              links: {},
            },
          ];
    sendBatch(res, started, state.now(), results, errors);
  });
  return router;
}
