import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { errorHandler, type ErrorTranslator } from './http-error.ts';
import { bearerMatches } from './bearer-matches.ts';
import { healthRouter } from './health-routes.ts';
import { securityHeaders } from './security-headers.ts';

export type AppDeps = {
  log: Logger;
  metrics: Metrics;
  /** True once the database is migrated and webhooks can be stored. */
  ready: () => boolean;
  /** One round trip to the database, for readiness (/healthz, /readyz). */
  probeDatabase?: (() => Promise<unknown>) | undefined;
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
  app.use(securityHeaders());
  app.use(healthRouter({ ready: deps.ready, probeDatabase: deps.probeDatabase }));
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
