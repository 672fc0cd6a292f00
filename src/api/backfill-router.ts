import express, { type Router } from 'express';
import type { Db } from '../store/db.ts';
import { HttpError } from '../http/http-error.ts';
import { backfillStatus } from '../sync/backfill.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

/** GET /api/backfill?portalId=… (v3-signed): the portal's backfill progress for the settings page. */
export function backfillRouter(deps: { db: Db; signature: RequireSignatureDeps; now: () => Date }): Router {
  const router = express.Router();
  router.get('/api/backfill', ...requireSignature(deps.signature), async (_req, res) => {
    const status = await backfillStatus(deps.db, res.locals.portalId as string, deps.now());
    if (!status) throw new HttpError(404, 'no_backfill', 'no backfill has run for this portal yet');
    res.set('cache-control', 'no-store').json(status);
  });
  return router;
}
