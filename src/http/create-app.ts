import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { errorHandler } from './http-error.ts';

export type AppDeps = {
  log: Logger;
  metrics: Metrics;
  /** Resolves true once the database is migrated and webhooks can be stored. */
  ready: () => boolean;
  routers: Router[];
};

/** The express app from its parts; main.ts listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.get('/healthz', (_req, res) => {
    if (deps.ready()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  for (const r of deps.routers) app.use(r);
  app.use(errorHandler(deps.log));
  return app;
}
