import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendValidation } from './hubspot-errors.ts';
import { batchReadObjects, getObject, listObjects } from './object-reads.ts';
import { batchUpdateObjects } from './object-writes.ts';
import { searchObjects } from './search-objects.ts';
import type { ObjectKind } from './records.ts';
import { objectKindOf } from './request-context.ts';
import type { FakeState } from './state.ts';

type HandlerFactory = (state: FakeState, kind: ObjectKind) => (req: Request, res: Response) => void;

/** Contacts and deals: list, read one, batch read, batch update, search (the objects endpoints the service calls). */
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
  router.post(`${base}/search`, forKind(searchObjects));
  router.get(`${base}/:objectId`, forKind(getObject));
  return router;
}
