import express, { type Router } from 'express';
import type { Queryable } from '../../store/db.ts';
import { HttpError } from '../../http/http-error.ts';
import { requireSignature, type RequireSignatureDeps } from '../require-signature.ts';
import { sendTable } from '../send-table.ts';
import { portalUiDomain } from '../../sync/remember-ui-domain.ts';
import { computeFunnel, type FunnelModel } from './compute-funnel.ts';
import { computeSegments } from './compute-segments.ts';
import { segmentLabels } from './segment-labels.ts';
import { funnelCsv } from './funnel-csv.ts';
import { FunnelQuery } from './funnel-schema.ts';
import { resolvePeriod } from './resolve-period.ts';

export type FunnelRouteDeps = RequireSignatureDeps & {
  db: Queryable;
  /** The portal's active stage model (its settings, or the service's STAGE_MODEL). */
  modelFor: (portalId: string) => Promise<FunnelModel>;
};

/**
 * GET /api/journey/funnel?portalId=…&from=…&to=…[&segment=PROPERTY] for the app home page
 * (CONTRACT.md §3, §6 and §8): v3-signed through hubspot.fetch, answered only for the portal
 * in the signed request; JSON, or CSV with `Accept: text/csv`.
 */
export function funnelRouter(deps: FunnelRouteDeps): Router {
  const router = express.Router();
  router.get('/api/journey/funnel', ...requireSignature(deps), async (req, res) => {
    const query = FunnelQuery.safeParse(req.query);
    if (!query.success) {
      const code = query.error.issues.some((i) => i.path[0] === 'segment') ? 'invalid_segment' : 'invalid_period';
      throw new HttpError(400, code, query.error.issues.map((i) => i.message).join('; '));
    }
    const now = deps.now();
    const period = resolvePeriod(query.data, now);
    if (!period.success) throw new HttpError(400, 'invalid_period', period.errors.join('; '));
    const portalId = res.locals.portalId as string;
    const options = { portalId, model: await deps.modelFor(portalId), ...period.data, now };
    const funnel = await computeFunnel(deps.db, options);
    const segment = query.data.segment;
    const uiDomain = await portalUiDomain(deps.db, portalId);
    const withDomain = uiDomain ? { ...funnel, uiDomain } : funnel;
    const answer = segment === undefined ? withDomain : {
      ...withDomain, segment,
      segments: await computeSegments(deps.db, options, segment, await segmentLabels(deps.db, portalId, segment, now)),
    };
    sendTable(req, res, answer, () => funnelCsv(answer));
  });
  return router;
}
