/**
 * Every task name the queue knows, in one place: a job row carries one of these, and a
 * worker has one handler per name. A job's key is the contact or deal id for the object
 * tasks, a fixed word for the once-per-portal ones.
 */
export const TASKS = {
  /** Parse and store the events of one webhook request as received (key: its webhook_inbox id). */
  webhookInbox: 'webhook-inbox',
  contactChanged: 'contact-changed',
  dealChanged: 'deal-changed',
  contactTimer: 'contact-timer',
  provisionPortal: 'provision-portal',
  backfillPage: 'backfill-page',
  /** Daily, service-wide: erase portals uninstalled past the grace period (key 'daily'). */
  purgeUninstalled: 'purge-uninstalled',
  /** Daily, service-wide: re-seal tokens a previous TOKEN_ENCRYPTION_KEY sealed (key 'daily'). */
  resealTokens: 'reseal-tokens',
  /** Daily, service-wide: introspect every installed portal's refresh token, to see idle uninstalls (key 'daily'). */
  checkInstalls: 'check-installs',
  /** Daily, service-wide: drop processed events past HubSpot's retries and old quarantine (key 'daily'). */
  pruneEvents: 'prune-events',
  /** A contact's health crosses p75 or p90 (docs/health.md): key = contact id. */
  contactHealth: 'contact-health',
  /** Recompute a portal's dwell quantiles and re-classify its contacts: key 'dwell'. */
  stageDwell: 'stage-dwell',
  /** Read the option labels of the segment properties again (a day old): key 'labels'. */
  segmentLabels: 'segment-labels',
  /** Send the portal's planned tasks for owners of stalled contacts: key 'tasks'. */
  ownerTasks: 'owner-tasks',
  /** One page of the portal's reconciliation sweep, and the next sweep (docs/reconciliation.md): key 'sweep'. */
  reconcile: 'reconcile',
} as const;

export type TaskName = (typeof TASKS)[keyof typeof TASKS];

/** The tasks keyed by a contact id: a privacy deletion drops their pending jobs. */
export const CONTACT_TASKS: readonly TaskName[] = [TASKS.contactChanged, TASKS.contactTimer, TASKS.contactHealth];

/** The task that handles an object's pending webhook events; its key is the object id. */
export const OBJECT_TASKS = { contact: TASKS.contactChanged, deal: TASKS.dealChanged } as const;
