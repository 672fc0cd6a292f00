import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { StandardError } from './spec-schemas.ts';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendBatch, sendValidation } from './hubspot-errors.ts';
import { associatedIds, findRecord } from './portal.ts';
import type { ObjectKind } from './records.ts';
import { objectKindOf, portalOf } from './request-context.ts';
import type { FakeState } from './state.ts';

// Up to 1,000 inputs since 2025-02-10 (changelog "Bug Fix: Batch Read Limit for HubSpot Associations API").
const ASSOCIATIONS_BATCH_LIMIT = 1_000;
/** Not stated by the spec; large enough that the demo portal never pages unless a test asks it to. */
export const ASSOCIATIONS_PAGE_SIZE = 500;
/** HUBSPOT_DEFINED type ids: contact→deal 4, deal→contact 3. */
const TYPE_ID: Readonly<Record<ObjectKind, number>> = { contact: 4, deal: 3 };

const Body = z.object({ inputs: z.array(z.object({ id: z.string(), after: z.string().optional() })) });

/*
 * An input without associations (or that does not exist) is not in `results` but in
 * `errors`, one per input, with subCategory crm.associations.NO_ASSOCIATIONS_FOUND (recorded
 * answers of the v4 batch read, which the dated API continues). The 2026-09 spec folds
 * `errors` into the 200 answer; there is no 207 any more.
 */
function noAssociations(from: ObjectKind, to: ObjectKind, id: string): StandardError {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${to} is associated with ${from} ${id}.`,
    context: { fromObjectId: [id], fromObjectType: [from], toObjectType: [to] },
    errors: [],
    links: {},
  };
}

/**
 * One page of an input's associations. HubSpot pages an input's associations and names the
 * next page in `paging.next.after`, which the caller sends back as that input's `after`
 * (spec: PublicAssociationMultiWithLabel.paging, PublicFetchAssociationsBatchRequest.after).
 * The spec states no page size; the stand-in's is configurable so tests can page with a few.
 */
function page(linked: readonly string[], after: string | undefined, pageSize: number) {
  const start = after === undefined ? 0 : Math.max(0, Number(after) || 0);
  const end = start + pageSize;
  return { ids: linked.slice(start, end), next: end < linked.length ? String(end) : undefined };
}

export function associationsRouter(state: FakeState, pageSize = ASSOCIATIONS_PAGE_SIZE): Router {
  const router = Router();
  router.post(
    `/crm/associations/${SERVED_VERSIONS.associations}/:fromType/:toType/batch/read`,
    (req: Request, res: Response) => {
      const started = state.now();
      const from = objectKindOf(String(req.params.fromType));
      const to = objectKindOf(String(req.params.toType));
      if (from === undefined || to === undefined || from === to) {
        return sendValidation(
          res,
          `Unsupported association: ${String(req.params.fromType)} to ${String(req.params.toType)}`,
        );
      }
      const parsed = Body.safeParse(req.body);
      if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
      if (parsed.data.inputs.length > ASSOCIATIONS_BATCH_LIMIT) {
        return sendValidation(
          res,
          `Batch input of ${parsed.data.inputs.length} exceeds the limit of ${ASSOCIATIONS_BATCH_LIMIT} inputs`,
        );
      }
      const portal = portalOf(state, res);
      const results: unknown[] = [];
      const errors: StandardError[] = [];
      for (const { id, after } of parsed.data.inputs) {
        const record = findRecord(portal, from, id);
        const linked =
          record === undefined ? [] : [...associatedIds(portal, from, record.id)].sort((a, b) => Number(a) - Number(b));
        if (linked.length === 0) {
          errors.push(noAssociations(from, to, id));
          continue;
        }
        const { ids, next } = page(linked, after, pageSize);
        results.push({
          from: { id },
          to: ids.map((toObjectId) => ({
            toObjectId,
            associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: TYPE_ID[from], label: null }],
          })),
          ...(next === undefined ? {} : { paging: { next: { after: next } } }),
        });
      }
      sendBatch(res, started, state.now(), results, errors);
    },
  );
  return router;
}
