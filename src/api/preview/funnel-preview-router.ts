import { Router } from 'express';
import type { Queryable } from '../../store/db.ts';
import { computeFunnel, type FunnelModel } from '../funnel/compute-funnel.ts';
import { resolvePeriod } from '../funnel/resolve-period.ts';
import { renderFunnelPage } from './render-funnel-page.ts';
import { renderMessagePage } from './render-message-page.ts';

/**
 * `GET /preview/funnel?portalId=…[&from=…&to=…]`: the funnel as a page, for people without a
 * HubSpot account (served where the timeline preview is: the sandbox, or with PREVIEWS=on).
 */
export function funnelPreviewRouter(deps: { db: Queryable; now: () => Date; modelFor: (portalId: string) => Promise<FunnelModel>; enabled: boolean }): Router {
  const router = Router();
  if (!deps.enabled) return router;
  router.get('/preview/funnel', async (req, res) => {
    res.set({ 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' });
    const portalId = typeof req.query.portalId === 'string' && /^\d+$/.test(req.query.portalId) ? req.query.portalId : null;
    const period = resolvePeriod({ from: req.query.from as string | undefined, to: req.query.to as string | undefined }, deps.now());
    if (portalId === null || !period.success) {
      res.status(400).type('html').send(renderMessagePage('Bad request', portalId === null ? 'Add ?portalId=<the portal id> to the URL.' : period.success ? '' : period.errors.join('; '), 400));
      return;
    }
    const funnel = await computeFunnel(deps.db, { portalId, model: await deps.modelFor(portalId), ...period.data, now: deps.now() });
    res.type('html').send(renderFunnelPage(funnel));
  });
  return router;
}
