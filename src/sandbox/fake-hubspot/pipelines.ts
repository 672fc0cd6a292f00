import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendNotFound } from './hubspot-errors.ts';
import { objectKindOf, portalOf } from './request-context.ts';
import type { FakeState } from './state.ts';

/** GET /crm/pipelines/{version}/deals[/{pipelineId}]. Other object types have no pipelines here. */
export function pipelinesRouter(state: FakeState): Router {
  const router = Router();
  const base = `/crm/pipelines/${SERVED_VERSIONS.pipelines}/:objectType`;
  router.get(base, (req: Request, res: Response) => {
    const isDeals = objectKindOf(String(req.params.objectType)) === 'deal';
    res.json({ results: isDeals ? portalOf(state, res).pipelines : [] });
  });
  router.get(`${base}/:pipelineId`, (req: Request, res: Response) => {
    const isDeals = objectKindOf(String(req.params.objectType)) === 'deal';
    const pipeline = isDeals ? portalOf(state, res).pipelines.find((p) => p.id === req.params.pipelineId) : undefined;
    if (pipeline === undefined) return sendNotFound(res, `Unable to find pipeline ${String(req.params.pipelineId)}`);
    res.json(pipeline);
  });
  return router;
}
