import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { errorHandler, type ErrorTranslator } from './http-error.ts';
import { bearerMatches } from './bearer-matches.ts';

export type AppDeps = {
  log: Logger;
  metrics: Metrics;
  /** Resolves true once the database is migrated and webhooks can be stored. */
  ready: () => boolean;
  /** METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  routers: Router[];
  /** Domain errors with an HTTP answer of their own (see ErrorTranslator). */
  errorTranslators?: readonly ErrorTranslator[];
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
  app.get('/metrics', async (req, res) => {
    if (deps.metricsToken !== undefined && !bearerMatches(req.get('authorization'), deps.metricsToken)) {
      res
        .status(401)
        .set('www-authenticate', 'Bearer')
        .json({ error: 'unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
      return;
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  for (const r of deps.routers) app.use(r);
  app.use(errorHandler(deps.log, deps.errorTranslators));
  return app;
}
