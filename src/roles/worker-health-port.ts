import type { Config } from '../config.ts';
import type { Queryable } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { createApp } from '../http/create-app.ts';
import { serve, type RunningServer } from '../http/listening.ts';
import { pingDatabase } from '../store/db.ts';

/**
 * A worker-only process answers its platform's health check and Prometheus' scrape, and
 * nothing else: no webhooks, no API. Its own port (WORKER_PORT), so a web process
 * on the same host keeps PORT.
 */
export function serveWorkerHealth(deps: {
  config: Config;
  log: Logger;
  metrics: Metrics;
  db: Queryable;
}): Promise<RunningServer> {
  const { config, log, metrics, db } = deps;
  const app = createApp({
    log,
    metrics,
    metricsToken: config.metricsToken,
    ready: () => true,
    probeDatabase: () => pingDatabase(db),
    routers: [],
  });
  return serve(app, config.workerPort, "the worker's health and metrics port, WORKER_PORT");
}
