import { Router } from 'express';
import type { FunnelReader } from '../../store/funnel-rows.ts';
import { cohortPeriod } from '../analytics/cohort-period.ts';
import { computeCohorts } from '../analytics/compute-cohorts.ts';
import { computeStalled } from '../analytics/compute-stalled.ts';
import type { FunnelModel } from '../funnel/compute-funnel.ts';
import { funnelAnswer } from '../funnel/funnel-answer.ts';
import { FunnelQuery } from '@journey-stages/contract/funnel-schema';
import { DEFAULT_PERIOD_DAYS, resolvePeriod } from '../funnel/resolve-period.ts';
import { renderFunnelPage } from './render-funnel-page.ts';
import { renderMessagePage } from './render-message-page.ts';

const DAY_MS = 86_400_000;
/** The stuck contacts the page lists: the longest-waiting ones, as the home page does. */
const STALLED_SHOWN = 20;

/**
 * `GET /preview/funnel?portalId=…[&days=30|90|365 | &from=…&to=…][&segment=PROPERTY]`: the
 * app home page as a page, for people without a HubSpot account (served where the timeline
 * preview is: the sandbox, or with PREVIEWS=on). Same figures as the signed endpoints.
 */
export function funnelPreviewRouter(deps: {
  db: FunnelReader;
  now: () => Date;
  modelFor: (portalId: string) => Promise<FunnelModel>;
  enabled: boolean;
}): Router {
  const router = Router();
  if (!deps.enabled) return router;
  router.get('/preview/funnel', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const bad = (message: string) =>
      res
        .status(400)
        .type('html')
        .send(renderMessagePage('Bad request', message, 400));
    const portalId =
      typeof req.query.portalId === 'string' && /^\d+$/.test(req.query.portalId) ? req.query.portalId : null;
    if (portalId === null) return void bad('Add ?portalId=<the portal id> to the URL.');
    const query = FunnelQuery.safeParse({ from: req.query.from, to: req.query.to, segment: req.query.segment });
    if (!query.success) return void bad(query.error.issues.map((i) => i.message).join('; '));
    const periodDays =
      typeof req.query.days === 'string' && /^(30|90|365)$/.test(req.query.days) ? Number(req.query.days) : undefined;
    const now = deps.now();
    const period = resolvePeriod(query.data, now);
    if (!period.success) return void bad(period.errors.join('; '));
    const range =
      periodDays === undefined
        ? period.data
        : { from: new Date(period.data.to.getTime() - periodDays * DAY_MS), to: period.data.to };
    const model = await deps.modelFor(portalId);
    const funnel = await funnelAnswer(deps.db, { portalId, model, ...range, now }, query.data.segment);
    const stalled = await computeStalled(deps.db, {
      portalId,
      modelId: model.id,
      health: 'stuck',
      limit: STALLED_SHOWN,
      now,
    });
    const months = cohortPeriod({}, now);
    const cohorts = months.success ? await computeCohorts(deps.db, { portalId, model, ...months.data }) : [];
    res.type('html').send(
      renderFunnelPage({
        funnel,
        stalled,
        cohorts,
        periodDays: periodDays ?? (query.data.from || query.data.to ? undefined : DEFAULT_PERIOD_DAYS),
      }),
    );
  });
  return router;
}
