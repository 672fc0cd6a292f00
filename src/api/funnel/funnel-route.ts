import express, { type Router } from 'express';
import type { Queryable } from '../../store/db.ts';
import { HttpError } from '../../http/http-error.ts';
import { requireSignature, type RequireSignatureDeps } from '../require-signature.ts';
import { computeFunnel, type FunnelModel } from './compute-funnel.ts';
import { FunnelQuery } from './funnel-schema.ts';
import { resolvePeriod } from './resolve-period.ts';

export type FunnelRouteDeps = RequireSignatureDeps & {
  db: Queryable;
  /** The portal's active stage model (its settings, or the service's STAGE_MODEL). */
  modelFor: (portalId: string) => Promise<FunnelModel>;
};

/**
 * GET /api/journey/funnel?portalId=…&from=…&to=… for the app home page (CONTRACT.md §3):
 * v3-signed through hubspot.fetch, answered only for the portal in the signed request.
 */
export function funnelRouter(deps: FunnelRouteDeps): Router {
  const router = express.Router();
  router.get('/api/journey/funnel', ...requireSignature(deps), async (req, res) => {
    const query = FunnelQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_period', query.error.issues.map((i) => i.message).join('; '));
    const period = resolvePeriod(query.data, deps.now());
    if (!period.success) throw new HttpError(400, 'invalid_period', period.errors.join('; '));
    const portalId = res.locals.portalId as string;
    const model = await deps.modelFor(portalId);
    res.json(await computeFunnel(deps.db, { portalId, model, ...period.data }));
  });
  return router;
}
