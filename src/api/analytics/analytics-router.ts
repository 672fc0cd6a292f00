import express, { type Router } from 'express';
import type { Queryable } from '../../store/db.ts';
import { HttpError } from '../../http/http-error.ts';
import { requireSignature, type RequireSignatureDeps } from '../require-signature.ts';
import { sendTable } from '../send-table.ts';
import type { FunnelModel } from '../funnel/compute-funnel.ts';
import { CohortsQuery, StalledQuery, type Cohorts, type Stalled } from '@journey-stages/contract/analytics-schema';
import { cohortPeriod } from './cohort-period.ts';
import { computeCohorts, WINDOWS } from './compute-cohorts.ts';
import { computeStalled } from './compute-stalled.ts';
import { portalUiDomain } from '../../sync/remember-ui-domain.ts';

export type AnalyticsRouteDeps = RequireSignatureDeps & {
  db: Queryable;
  /** The portal's active stage model (its settings, or the service's STAGE_MODEL). */
  modelFor: (portalId: string) => Promise<FunnelModel>;
};

const issues = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  error.issues.map((i) => i.message).join('; ');

/**
 * GET /api/journey/cohorts and GET /api/journey/stalled for the app home page (docs/api.md):
 * v3-signed like the funnel, answered only for the signed portal; JSON, or the same
 * rows as CSV with `Accept: text/csv`.
 */
export function analyticsRouter(deps: AnalyticsRouteDeps): Router {
  const router = express.Router();

  router.get('/api/journey/cohorts', ...requireSignature(deps), async (req, res) => {
    const query = CohortsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_period', issues(query.error));
    const period = cohortPeriod(query.data, deps.now());
    if (!period.success) throw new HttpError(400, 'invalid_period', period.errors.join('; '));
    const portalId = res.locals.portalId as string;
    const model = await deps.modelFor(portalId);
    const cohorts = await computeCohorts(deps.db, { portalId, model, ...period.data });
    const answer: Cohorts = {
      portalId,
      from: period.data.from.toISOString(),
      to: period.data.to.toISOString(),
      cohorts,
    };
    const later = model.stages.slice(1).map((s) => s.id);
    sendTable(req, res, answer, () => ({
      header: ['start', 'size', ...later.flatMap((stage) => WINDOWS.map((days) => `${stage}_${days}`))],
      rows: cohorts.map((c) => [
        c.start,
        c.size,
        ...later.flatMap((stage) => WINDOWS.map((days) => c.reached[stage]?.[days] ?? null)),
      ]),
    }));
  });

  router.get('/api/journey/stalled', ...requireSignature(deps), async (req, res) => {
    const query = StalledQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_query', issues(query.error));
    const portalId = res.locals.portalId as string;
    const model = await deps.modelFor(portalId);
    const { stage, health, limit } = query.data;
    if (stage !== undefined && !model.stages.some((s) => s.id === stage))
      throw new HttpError(
        400,
        'invalid_query',
        `stage "${stage}" is not a stage of the portal's model ${model.id} (${model.stages.map((s) => s.id).join(', ')})`,
      );
    const contacts = await computeStalled(deps.db, {
      portalId,
      modelId: model.id,
      health,
      stage,
      limit,
      now: deps.now(),
    });
    const uiDomain = await portalUiDomain(deps.db, portalId);
    const answer: Stalled = { contacts, ...(uiDomain ? { uiDomain } : {}) };
    sendTable(req, res, answer, () => ({
      header: ['contactId', 'stage', 'daysInStage', 'enteredAt'],
      rows: contacts.map((c) => [c.contactId, c.stage, c.daysInStage, c.enteredAt]),
    }));
  });

  return router;
}
