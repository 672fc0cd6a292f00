import express, { type Router } from 'express';

/** A readiness probe's database check gives up after this: a hung database is not ready. */
const DATABASE_PROBE_MS = 2_000;

export type HealthDeps = {
  /** True once the process has started (migrated, roles running). */
  ready: () => boolean;
  /** One round trip to the database (`select 1`); absent where the process holds none. */
  probeDatabase?: (() => Promise<unknown>) | undefined;
};

/**
 * GET /livez: the process is up and serving HTTP (restart it when this fails); it checks
 * nothing else, so a database outage never gets healthy processes restarted.
 * GET /readyz, and /healthz (docs/limits.md, health endpoints: 200 once the database is
 * migrated and the service accepts webhooks): started and the database answers; 503 otherwise, so a load balancer
 * sends no traffic to a process that cannot store it.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  router.get('/livez', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  const readiness: express.RequestHandler = async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (!deps.ready()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    const problem = await databaseProblem(deps.probeDatabase);
    if (problem === undefined) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'database_unavailable', message: problem });
  };
  router.get('/readyz', readiness);
  router.get('/healthz', readiness);
  return router;
}

async function databaseProblem(probe: HealthDeps['probeDatabase']): Promise<string | undefined> {
  if (!probe) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the database did not answer within ${DATABASE_PROBE_MS} ms`), DATABASE_PROBE_MS);
  });
  try {
    return await Promise.race([
      probe().then(
        () => undefined,
        () => 'the database is unreachable',
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
