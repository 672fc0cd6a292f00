import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendValidation } from './hubspot-errors.ts';
import { batchReadObjects, getObject, listObjects } from './object-reads.ts';
import { batchUpdateObjects } from './object-writes.ts';
import type { ObjectKind } from './records.ts';
import { objectKindOf, portalOf } from './request-context.ts';
import type { FakeState } from './state.ts';

const SearchBody = z.object({
  after: z.string(),
  filterGroups: z.array(z.unknown()),
  limit: z.number().int(),
  properties: z.array(z.string()),
  sorts: z.array(z.unknown()),
});

type HandlerFactory = (state: FakeState, kind: ObjectKind) => (req: Request, res: Response) => void;

/** Contacts and deals: list, read one, batch read, batch update (the objects endpoints the service calls). */
export function crmObjectsRouter(state: FakeState): Router {
  const router = Router();
  const base = `/crm/objects/${SERVED_VERSIONS.objects}/:objectType`;
  const forKind = (factory: HandlerFactory) => (req: Request, res: Response) => {
    const param = String(req.params.objectType);
    const kind = objectKindOf(param);
    if (kind === undefined) return sendValidation(res, `Unable to infer object type from: ${param}`);
    return factory(state, kind)(req, res);
  };
  router.get(base, forKind(listObjects));
  router.post(`${base}/batch/read`, forKind(batchReadObjects));
  router.post(`${base}/batch/update`, forKind(batchUpdateObjects));
  // Search, only as far as the service uses it: the total (limit 0 or 1, no filters). The
  // spec's PublicObjectSearchRequest requires after, filterGroups, limit, properties and sorts.
  router.post(
    `${base}/search`,
    forKind((s, kind) => (req, res) => {
      const parsed = SearchBody.safeParse(req.body);
      if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
      const portal = portalOf(s, res);
      const total = [...portal.records[kind].values()].filter((r) => !r.archived).length;
      res.json({ total, results: [] });
    }),
  );
  router.get(`${base}/:objectId`, forKind(getObject));
  return router;
}
