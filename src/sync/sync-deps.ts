import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { ModelFor } from './portal-models.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import type { Metrics } from '../metrics.ts';

/** What the sync's task handlers are built from (main.ts wires the real ones). */
export type SyncDeps = {
  db: Db;
  api: HubSpotApi;
  log: Logger;
  now: () => Date;
  /** The stage model a portal uses now. */
  modelFor: ModelFor;
  metrics?: Metrics;
  /** RECONCILE_INTERVAL_MS: the gap between a portal's reconciliation sweeps (default 15 minutes). */
  reconcileIntervalMs?: number;
};

/** Task names live in the queue's registry; re-exported for the sync's call sites. */
