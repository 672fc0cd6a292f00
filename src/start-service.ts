import type { Router } from 'express';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openDb } from './store/open-db.ts';
import { migrate } from './store/migrate.ts';
import type { Db } from './store/db.ts';
import type { RunningServer } from './http/listening.ts';
import type { TaskHandler, Worker } from './queue/create-worker.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { HubSpotApi } from './sync/hubspot-api.ts';
import type { RateLimit } from './sync/rate-limit.ts';
import type { TokenProvider } from './sync/token-provider.ts';
import type { SyncDeps } from './sync/sync-deps.ts';
import { createHubSpotParts } from './roles/hubspot-parts.ts';
import { bootstrapSinglePortal } from './roles/single-portal-bootstrap.ts';
import { startWorkerRole, type QueueTuning, type WorkerRole } from './roles/worker-role.ts';
import { serveWorkerHealth } from './roles/worker-health-port.ts';
import { startWebRole } from './roles/web-role.ts';
import { startWebhooksRole } from './roles/webhooks-role.ts';

/** `webhooks` is a web process that serves the webhook intake only (src/roles/webhooks-role.ts). */
export type Role = 'all' | 'web' | 'worker' | 'webhooks';

export type ServiceParts = { db: Db; metrics: Metrics; api: HubSpotApi; sync: SyncDeps; worker: Worker | undefined };

export type ServiceDeps = {
  config: Config;
  role: Role;
  log: Logger;
  now: () => Date;
  /** The service's default stage model (STAGE_MODEL, loaded by main.ts). */
  defaultModel: StageModel;
  /** Where HubSpot tokens come from; default: the single-portal token of the config. */
  tokens?: TokenProvider;
  rateLimit?: RateLimit;
  /** Where the admin's browser is sent to consent (default app.hubspot.com; the sandbox and tests use the stand-in). */
  oauthAuthorizeBase?: string;
  /** Transport tuning (tests shorten the timeout). */
  hubspotTimeoutMs?: number;
  /** More task handlers, beside the sync's. */
  handlers?: (parts: Omit<ServiceParts, 'worker'>) => Record<string, TaskHandler>;
  /** More routes (journey API, OAuth, preview) built from the service's parts. */
  routers?: (parts: ServiceParts) => Router[];
  workerId?: string;
  /**
   * Queue tuning (tests shorten the lease or lengthen the poll). Defaults: the config's
   * JOB_LEASE_MS, DRAIN_TIMEOUT_MS and JOB_POLL_MS; what is given here wins.
   */
  queue?: QueueTuning;
  /** How often the worker looks at PGlite's statistics (tests shorten it; src/store/embedded-statistics.ts). */
  statisticsEveryMs?: number;
  /** An already open, migrated database (tests); the service then leaves closing it to the caller. */
  db?: Db;
};

export type Service = ServiceParts & { url: string | undefined; stop(): Promise<void> };

/**
 * Opens and migrates the database, then composes the roles the process runs: the web role
 * (HTTP), the worker role (jobs, with its own health port when it runs alone) or both, after
 * the single-portal bootstrap when that mode is configured. stop() drains: the server stops
 * taking requests, the worker finishes the jobs in hand, then the database closes.
 */
export async function startService(deps: ServiceDeps): Promise<Service> {
  const { config, log, now } = deps;
  const metrics = createMetrics();
  const ownsDb = deps.db === undefined;
  const db = deps.db ?? (await openDb(config.database));
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ applied }, 'database migrated');

  const parts = createHubSpotParts({
    config,
    db,
    log,
    metrics,
    now,
    defaultModel: deps.defaultModel,
    tokens: deps.tokens,
    rateLimit: deps.rateLimit,
    hubspotTimeoutMs: deps.hubspotTimeoutMs,
  });
  const { api, sync } = parts;
  if (config.singlePortal) await bootstrapSinglePortal(db, config.singlePortal.portalId, now());

  const workerRole: WorkerRole | undefined =
    deps.role === 'web' || deps.role === 'webhooks'
      ? undefined
      : await startWorkerRole({
          config,
          db,
          log,
          metrics,
          now,
          parts,
          workerId: deps.workerId,
          queue: deps.queue,
          statisticsEveryMs: deps.statisticsEveryMs,
          handlers: deps.handlers?.({ db, metrics, api, sync }),
        });
  const worker = workerRole?.worker;

  // The card's reads get connections of their own: webhook batches arriving ten at a time hold
  // the main pool's connections for their transactions, and a GET queued behind them missed
  // its p99. PGlite has one connection in-process: nothing to separate.
  const apiDb =
    (deps.role === 'web' || deps.role === 'all') && ownsDb && config.database.kind === 'postgres'
      ? await openDb({ ...config.database, poolSize: 4 })
      : db;
  const closeApiDb = () => (apiDb === db ? Promise.resolve() : apiDb.close());
  let server: RunningServer;
  try {
    server =
      deps.role === 'worker'
        ? await serveWorkerHealth({ config, log, metrics, db })
        : deps.role === 'webhooks'
          ? await startWebhooksRole({ config, db, log, metrics, now })
          : await startWebRole({
              config,
              db,
              apiDb,
              log,
              metrics,
              now,
              parts,
              oauthAuthorizeBase: deps.oauthAuthorizeBase,
              // What was stored is a webhook request: its expansion's loop wakes, the others need not.
              onStored: () => workerRole?.wakeExpansion(),
              routers: deps.routers?.({ db, metrics, api, sync, worker }),
            });
  } catch (err) {
    await workerRole?.stop();
    await closeApiDb();
    if (ownsDb) await db.close();
    throw err;
  }

  return {
    url: server.url,
    db,
    metrics,
    api,
    sync,
    worker,
    async stop() {
      await server.close();
      await workerRole?.stop();
      await closeApiDb();
      if (ownsDb) await db.close();
    },
  };
}
