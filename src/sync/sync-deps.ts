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
};

/** Task names of the queue; a job's key is the contact or deal id. */
export const TASKS = {
  contactChanged: 'contact-changed',
  dealChanged: 'deal-changed',
  contactTimer: 'contact-timer',
  provisionPortal: 'provision-portal',
  /** A contact's health crosses p75 or p90 (CONTRACT.md §8): key = contact id. */
  contactHealth: 'contact-health',
  /** Recompute a portal's dwell quantiles and re-classify its contacts: key 'dwell'. */
  stageDwell: 'stage-dwell',
} as const;
