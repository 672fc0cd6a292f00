import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, on a registry of its own (no global state). No label
 * carries a portal id: which companies use the app is not for whoever can scrape /metrics
 *; per-portal detail lives in the logs and GET /api/backfill.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhookRequests: new Counter({
      name: 'journey_webhook_requests_total',
      help: 'Webhook requests by HTTP status answered',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: 'journey_webhook_events_total',
      help: "Webhook events by outcome: stored, duplicate, quarantined, ignored, own_write, not_installed (dropped: the portal is not installed), touchpoints_expired (an association with a ticket, email, call or meeting: the contact's touchpoint cache expired)",
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookAckSeconds: new Histogram({
      name: 'journey_webhook_ack_seconds',
      help: 'Time from request to 2xx, including the durable write',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'journey_jobs_total',
      help: 'Jobs by task and outcome: done, failed (will retry), dead (dead-letter)',
      labelNames: ['task', 'outcome'] as const,
      registers: [registry],
    }),
    backfillContacts: new Counter({
      name: 'journey_backfill_contacts_total',
      help: 'Contacts derived and written by backfills, all portals together',
      registers: [registry],
    }),
    reconciledContacts: new Counter({
      name: 'journey_reconciled_contacts_total',
      help: 'Contacts the reconciliation sweeps found stale and queued for re-derivation, all portals together',
      registers: [registry],
    }),
    invalidStoredModels: new Counter({
      name: 'journey_invalid_stored_models_total',
      help: "Reads of a portal's stored custom stage model that no longer parses (its jobs wait until an admin picks a model again)",
      registers: [registry],
    }),
    invalidRows: new Counter({
      name: 'journey_invalid_rows_total',
      help: 'Stored jsonb values (event payloads, evidence, timeline entries, pipelines) that no longer parse; the work they belong to fails',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
    hubspotCalls: new Counter({
      name: 'journey_hubspot_calls_total',
      help: 'HubSpot API calls by endpoint family and HTTP status',
      labelNames: ['endpoint', 'status'] as const,
      registers: [registry],
    }),
    tokenRefreshes: new Counter({
      name: 'journey_token_refreshes_total',
      help: 'OAuth token refreshes by outcome: refreshed, failed (5xx, 429, timeout; retried), refused_active (HubSpot refused the refresh but its introspection did not say the token is inactive: tokens kept, retried with backoff), uninstalled (the refresh token is no longer active)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    tokenIntrospections: new Counter({
      name: 'journey_token_introspections_total',
      help: "The daily check of installed portals' refresh tokens by outcome: active, inactive (marked uninstalled), failed (tried again the next day)",
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    ownerTasks: new Counter({
      name: 'journey_owner_tasks_total',
      help: 'Tasks for owners of stalled contacts by outcome: created, refused (by HubSpot; not retried), skipped (contact gone), capped (over the daily cap)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
