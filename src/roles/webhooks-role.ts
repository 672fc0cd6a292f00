import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import { createApp } from '../http/create-app.ts';
import { serve, type RunningServer } from '../http/listening.ts';
import { intakeRouter } from '../intake/route.ts';
import { pingDatabase } from '../store/db.ts';

/**
 * The webhooks role (`--role=webhooks`): a web process that serves POST /webhooks/hubspot,
 * /healthz, /livez, /readyz and /metrics, and nothing else. Behind a load balancer that routes
 * `/webhooks/hubspot` to these processes, the `web` processes keep their CPU for the card's
 * and home page's reads while a burst arrives (docs/scaling.md, the webhook split). It stores
 * each request as received and leaves the rest to the workers, as the web role does.
 */
export function startWebhooksRole(deps: {
  config: Config;
  db: Db;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
}): Promise<RunningServer> {
  const { config, db, log, metrics, now } = deps;
  const app = createApp({
    log,
    metrics,
    metricsToken: config.metricsToken,
    ready: () => true,
    probeDatabase: () => pingDatabase(db),
    routers: [
      intakeRouter({
        db,
        secrets: config.clientSecret ? [config.clientSecret] : [],
        publicBaseUrl: config.publicBaseUrl,
        now,
        log: log.child({ route: 'webhooks' }),
        metrics,
      }),
    ],
  });
  return serve(app, config.port, 'the webhook intake', config.queue.drainMs);
}
