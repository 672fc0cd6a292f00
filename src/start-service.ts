import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openDb } from './store/open-db.ts';
import { migrate } from './store/migrate.ts';
import type { Db } from './store/db.ts';
import { createApp } from './http/create-app.ts';
import { listening } from './http/listening.ts';
import { intakeRouter } from './intake/route.ts';
import { createWorker, DEFAULT_LEASE_MS, type TaskHandler, type Worker, type WorkerDeps } from './queue/create-worker.ts';
import { claim } from './queue/sql/claim.ts';
import { complete } from './queue/sql/complete.ts';
import { fail } from './queue/sql/fail.ts';
import { reclaimExpired } from './queue/sql/reclaim.ts';
import { enqueue } from './queue/sql/enqueue.ts';
import { extendLeases } from './queue/sql/extend-leases.ts';
import { listenForJobs, type JobListener } from './queue/listen-for-jobs.ts';
import type { StageModel } from './engine/stage-model.ts';
import { createHubSpotTransport } from './sync/hubspot-transport.ts';
import { createHubSpotApi, type HubSpotApi } from './sync/hubspot-api.ts';
import { MARKETPLACE_LIMIT, type RateLimit } from './sync/rate-limit.ts';
import { staticTokens, type TokenProvider } from './sync/token-provider.ts';
import { portalModels } from './sync/portal-models.ts';
import { syncHandlers } from './sync/sync-handlers.ts';
import { TASKS, type SyncDeps } from './sync/sync-deps.ts';
import { journeyRouter } from './api/journey-router.ts';
import { snoozeRouter } from './api/snooze-router.ts';
import { installRouter } from './install/install-router.ts';
import { createTokenCipher } from './install/token-cipher.ts';
import { createOAuthClient } from './install/oauth-client.ts';
import { createOAuthTokenProvider } from './install/oauth-token-provider.ts';
import { setUpPortal } from './install/set-up-portal.ts';
import { PURGE_TASK, purgeHandler, schedulePurge } from './install/purge-task.ts';
import { backfillRouter } from './api/backfill-router.ts';
import { funnelRouter } from './api/funnel/funnel-route.ts';
import { analyticsRouter } from './api/analytics/analytics-router.ts';
import { settingsRouter } from './api/settings-router.ts';
import { startBackfill } from './sync/backfill.ts';
import { loadJourney } from './api/load-journey.ts';
import { previewRouter } from './api/preview/preview-router.ts';
import { createTouchpointsForJourney } from './touchpoints/touchpoints-for-journey.ts';
import { funnelPreviewRouter } from './api/preview/funnel-preview-router.ts';
import { portalStatus } from './api/portal-status.ts';

export type Role = 'all' | 'web' | 'worker';

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
  queue?: Pick<WorkerDeps, 'leaseMs' | 'pollMs' | 'drainMs' | 'concurrency' | 'batchSize' | 'reclaimEveryMs'>;
  /** An already open, migrated database (tests); the service then leaves closing it to the caller. */
  db?: Db;
};

export type Service = ServiceParts & { url: string | undefined; stop(): Promise<void> };

/**
 * Opens and migrates the database, then runs the web role (HTTP), the worker role
 * (jobs) or both. stop() drains: the server stops taking requests, the worker
 * finishes the jobs in hand, then the database closes.
 */
export async function startService(deps: ServiceDeps): Promise<Service> {
  const { config, log, now } = deps;
  const metrics = createMetrics();
  const ownsDb = deps.db === undefined;
  const db = deps.db ?? (await openDb(config.database));
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ applied }, 'database migrated');

  const oauth = config.mode === 'oauth' && config.clientId && config.clientSecret && config.tokenEncryptionKey
    ? {
        cipher: createTokenCipher({ current: config.tokenEncryptionKey, previous: config.previousTokenKeys }),
        client: createOAuthClient({
          apiBase: config.hubspotApiBase, clientId: config.clientId, clientSecret: config.clientSecret,
          redirectUri: `${config.publicBaseUrl}/oauth/callback`, now,
        }),
      }
    : undefined;
  const tokens = deps.tokens
    ?? (oauth ? createOAuthTokenProvider({ db, cipher: oauth.cipher, client: oauth.client, now, log: log.child({ part: 'oauth' }) }) : undefined)
    ?? staticTokens(config.singlePortal ? { [config.singlePortal.portalId]: config.singlePortal.accessToken } : {});
  const transport = createHubSpotTransport({
    baseUrl: config.hubspotApiBase, tokens, db, log: log.child({ part: 'hubspot' }), metrics, now, rateLimit: deps.rateLimit ?? MARKETPLACE_LIMIT,
    ...(deps.hubspotTimeoutMs ? { timeoutMs: deps.hubspotTimeoutMs } : {}),
  });
  const api = createHubSpotApi(transport);
  const sync: SyncDeps = { db, api, log: log.child({ part: 'sync' }), now, modelFor: portalModels(db, deps.defaultModel, 5_000, (err) => {
    log.error({ portalId: err.portalId, errors: err.errors.slice(0, 5) }, err.message);
    metrics.invalidStoredModels.inc();
  }), metrics };
  if (config.singlePortal) {
    // Single-portal mode: the portal is "installed" at the first start; provisioning runs as a job so
    // HubSpot being down at start delays it instead of stopping the service.
    const portalId = config.singlePortal.portalId;
    const inserted = await db.query('insert into portals (portal_id) values ($1) on conflict do nothing returning portal_id', [portalId]);
    await enqueue(db, [{ portalId, task: TASKS.provisionPortal, key: 'properties' }], now());
    if (inserted.rows.length > 0) await startBackfill(db, portalId, now());
  }

  let worker: Worker | undefined;
  let listener: JobListener | undefined;
  if (deps.role !== 'web') {
    await schedulePurge(db, now());
    const workerId = deps.workerId ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    // A short lease that the running worker extends: a killed worker's jobs run again within seconds.
    const queue = { ...config.queue, ...deps.queue };
    const leaseMs = queue.leaseMs ?? DEFAULT_LEASE_MS;
    const w = createWorker({
      ...queue,
      leaseMs,
      claim: (limit) => claim(db, { workerId, now: now(), limit, lockMs: leaseMs }),
      complete: (jobs) => complete(db, jobs, workerId),
      fail: (failures) => fail(db, failures, workerId, now()),
      reclaim: () => reclaimExpired(db, now()),
      extend: (jobs) => extendLeases(db, jobs, workerId, now(), leaseMs),
      handlers: { ...syncHandlers(sync), [PURGE_TASK]: purgeHandler({ db, log, now, ...(oauth ? { cipher: oauth.cipher } : {}) }), ...deps.handlers?.({ db, metrics, api, sync }) },
      log: log.child({ role: 'worker' }),
      onJobsDone: (task, outcome, count) => metrics.jobs.inc({ task, outcome }, count),
    });
    worker = w;
    // Other processes (web, other workers) enqueue too: on PostgreSQL they notify, and this
    // worker wakes within milliseconds. PGlite lives in one process: the intake's wake() is enough.
    if (db.kind === 'postgres' && config.database.kind === 'postgres')
      listener = await listenForJobs({ url: config.database.url, onWork: () => w.wake(), log: log.child({ role: 'worker' }) });
  }

  let url: string | undefined;
  let closeServer = async () => {};
  let closeApiDb = async () => {};
  if (deps.role === 'worker') {
    // A worker-only process answers its platform's health check and Prometheus' scrape, and
    // nothing else: no webhooks, no API (issue 14). Its own port, so a web process on the same
    // host keeps PORT.
    const app = createApp({ log, metrics, metricsToken: config.metricsToken, ready: () => true, routers: [] });
    const server = app.listen(config.workerPort, '0.0.0.0');
    try {
      await listening(server, 'the worker\'s health and metrics port, WORKER_PORT', config.workerPort);
    } catch (err) {
      await listener?.close();
      await worker?.stop();
      if (ownsDb) await db.close();
      throw err;
    }
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
  } else {
    const intake = intakeRouter({
      db,
      secrets: config.clientSecret ? [config.clientSecret] : [],
      publicBaseUrl: config.publicBaseUrl,
      appId: config.appId,
      now,
      log: log.child({ route: 'webhooks' }),
      metrics,
      onStored: () => worker?.wake(),
    });
    // The card's reads get connections of their own: webhook batches arriving ten at a time hold
    // the main pool's connections for their transactions, and a GET queued behind them missed
    // its p99 (issue 14). PGlite has one connection in-process: nothing to separate.
    const apiDb = ownsDb && config.database.kind === 'postgres' ? await openDb({ ...config.database, poolSize: 4 }) : db;
    if (apiDb !== db) closeApiDb = () => apiDb.close();
    const previews = config.previews;
    // The preview shows what the card shows, touchpoints included (from the same cache).
    const previewTouchpoints = createTouchpointsForJourney({ db, api: sync.api, log: sync.log, now });
    const previewJourney = async (portalId: string, contactId: string) => {
      const journey = await loadJourney(sync, portalId, contactId);
      return journey === null ? null : { ...journey, ...(await previewTouchpoints.forJourney(journey)) };
    };
    const signature = {
      secrets: config.clientSecret ? [config.clientSecret] : [], publicBaseUrl: config.publicBaseUrl, now,
      appId: config.appId, portalStatus: portalStatus(apiDb, tokens),
    };
    const app = createApp({
      log,
      metrics,
      metricsToken: config.metricsToken,
      ready: () => true,
      // Routers given by the caller come first, so a test can stand in for a built-in one.
      routers: [
        intake,
        ...(deps.routers?.({ db, metrics, api, sync, worker }) ?? []),
        installRouter({
          db, now, log: log.child({ route: 'oauth' }), cipher: oauth?.cipher,
          oauth: oauth && config.clientId
            ? { client: oauth.client, clientId: config.clientId, redirectUri: `${config.publicBaseUrl}/oauth/callback`, ...(deps.oauthAuthorizeBase ? { authorizeBase: deps.oauthAuthorizeBase } : {}) }
            : undefined,
          onInstalled: (portalId) => setUpPortal(sync, portalId),
        }),
        journeyRouter({ sync: { ...sync, db: apiDb }, signature }),
        snoozeRouter({ sync, signature }),
        backfillRouter({ db, signature, now }),
        funnelRouter({ db, ...signature, modelFor: sync.modelFor }),
        analyticsRouter({ db, ...signature, modelFor: sync.modelFor }),
        settingsRouter({ sync, signature }),
        previewRouter({ loadJourney: previewJourney, now, enabled: previews }),
        funnelPreviewRouter({ db, now, modelFor: sync.modelFor, enabled: previews }),
      ],
    });
    const server = app.listen(config.port, '0.0.0.0');
    await listening(server, 'the service', config.port);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
  }

  return {
    url,
    db,
    metrics,
    api,
    sync,
    worker,
    async stop() {
      await closeServer();
      await listener?.close();
      await worker?.stop();
      await closeApiDb();
      if (ownsDb) await db.close();
    },
  };
}
