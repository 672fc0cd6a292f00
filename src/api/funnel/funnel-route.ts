import express, { type Router } from 'express';
import type { FunnelReader } from '../../store/funnel-rows.ts';
import { HttpError } from '../../http/http-error.ts';
import { requireSignature, type RequireSignatureDeps } from '../require-signature.ts';
import { sendTable } from '../send-table.ts';
import type { FunnelModel } from './compute-funnel.ts';
import { funnelAnswer } from './funnel-answer.ts';
import { funnelCsv } from './funnel-csv.ts';
import { FunnelQuery } from '@journey-stages/contract/funnel-schema';
import { resolvePeriod } from './resolve-period.ts';

export type FunnelRouteDeps = RequireSignatureDeps & {
  db: FunnelReader;
  /** The portal's active stage model (its settings, or the service's STAGE_MODEL). */
  modelFor: (portalId: string) => Promise<FunnelModel>;
};

/**
 * GET /api/journey/funnel?portalId=…&from=…&to=…[&segment=PROPERTY] for the app home page
 * (docs/api.md): v3-signed through hubspot.fetch, answered only for the portal
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
    const answer = await funnelAnswer(deps.db, options, query.data.segment);
    sendTable(req, res, answer, () => funnelCsv(answer));
  });
  return router;
}
