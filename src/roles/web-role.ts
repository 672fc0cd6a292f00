import type { Router } from 'express';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import { createApp } from '../http/create-app.ts';
import { serve, type RunningServer } from '../http/listening.ts';
import { intakeRouter } from '../intake/route.ts';
import { journeyRouter } from '../api/journey-router.ts';
import { snoozeRouter } from '../api/snooze-router.ts';
import { ticketJourneysRouter } from '../api/ticket-journeys-router.ts';
import { backfillRouter } from '../api/backfill-router.ts';
import { funnelRouter } from '../api/funnel/funnel-route.ts';
import { analyticsRouter } from '../api/analytics/analytics-router.ts';
import { settingsRouter } from '../api/settings-router.ts';
import { modelPreviewRouter } from '../api/model-preview/model-preview-router.ts';
import { loadJourney } from '../api/load-journey.ts';
import { previewRouter } from '../api/preview/preview-router.ts';
import { funnelPreviewRouter } from '../api/preview/funnel-preview-router.ts';
import { compactPreviewRouter } from '../api/preview/compact-preview-router.ts';
import { loadTicketJourneys } from '../api/load-ticket-journeys.ts';
import { portalInactiveAsHttpError, portalStatus } from '../api/portal-status.ts';
import { invalidRowAsHttpError } from '../api/invalid-row.ts';
import { installRouter } from '../install/install-router.ts';
import { setUpPortal } from '../install/set-up-portal.ts';
import { createTouchpointsForJourney } from '../touchpoints/touchpoints-for-journey.ts';
import type { HubSpotParts } from './hubspot-parts.ts';
import { pingDatabase } from '../store/db.ts';

export type WebRoleDeps = {
  config: Config;
  db: Db;
  /** The card's reads (journey GET, signed portal checks): a pool of their own on PostgreSQL, else db. */
  apiDb: Db;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  parts: HubSpotParts;
  /** Called once a webhook batch is stored: wakes the worker of this process, if it runs one. */
  onStored: () => void;
  /** Routers that come first, so a test can stand in for a built-in one. */
  routers?: Router[] | undefined;
  /** Where the admin's browser is sent to consent (default app.hubspot.com). */
  oauthAuthorizeBase?: string | undefined;
};

/**
 * The web role: webhooks (stored and enqueued, never worked on here), the signed API for the
 * card, home and settings, OAuth install, /healthz and /metrics, and the previews when on.
 */
export function startWebRole(deps: WebRoleDeps): Promise<RunningServer> {
  const {
    config,
    db,
    apiDb,
    log,
    metrics,
    now,
    parts: { oauth, tokens, sync },
  } = deps;
  const intake = intakeRouter({
    db,
    secrets: config.clientSecret ? [config.clientSecret] : [],
    publicBaseUrl: config.publicBaseUrl,
    now,
    log: log.child({ route: 'webhooks' }),
    metrics,
    onStored: deps.onStored,
  });
  const previews = config.previews;
  // The preview shows what the card shows, touchpoints included (from the same cache).
  const previewTouchpoints = createTouchpointsForJourney({ db, api: sync.api, log: sync.log, now, metrics });
  const previewJourney = async (portalId: string, contactId: string) => {
    const journey = await loadJourney(sync, portalId, contactId);
    return journey === null ? null : { ...journey, ...(await previewTouchpoints.forJourney(journey)) };
  };
  const signature = {
    secrets: config.clientSecret ? [config.clientSecret] : [],
    publicBaseUrl: config.publicBaseUrl,
    now,
    appId: config.appId,
    portalStatus: portalStatus(apiDb, tokens),
  };
  const app = createApp({
    log,
    metrics,
    metricsToken: config.metricsToken,
    ready: () => true,
    probeDatabase: () => pingDatabase(db),
    errorTranslators: [portalInactiveAsHttpError, invalidRowAsHttpError(log, metrics)],
    routers: [
      intake,
      ...(deps.routers ?? []),
      installRouter({
        db,
        now,
        log: log.child({ route: 'oauth' }),
        cipher: oauth?.cipher,
        oauth:
          oauth && config.clientId
            ? {
                client: oauth.client,
                clientId: config.clientId,
                redirectUri: `${config.publicBaseUrl}/oauth/callback`,
                ...(deps.oauthAuthorizeBase ? { authorizeBase: deps.oauthAuthorizeBase } : {}),
              }
            : undefined,
        onInstalled: (portalId) => setUpPortal(sync, portalId),
      }),
      journeyRouter({ sync: { ...sync, db: apiDb }, signature }),
      snoozeRouter({ sync, signature }),
      ticketJourneysRouter({ sync: { ...sync, db: apiDb }, signature, log: log.child({ route: 'ticket-journeys' }) }),
      backfillRouter({ db, signature, now }),
      funnelRouter({ db, ...signature, modelFor: sync.modelFor }),
      analyticsRouter({ db, ...signature, modelFor: sync.modelFor }),
      settingsRouter({ sync, signature }),
      modelPreviewRouter({ db, now, log: log.child({ route: 'settings-preview' }), signature }),
      previewRouter({ loadJourney: previewJourney, now, enabled: previews }),
      funnelPreviewRouter({ db, now, modelFor: sync.modelFor, enabled: previews }),
      compactPreviewRouter({
        loadJourney: previewJourney,
        loadTicket: (portalId, ticketId) =>
          loadTicketJourneys(sync, log.child({ route: 'preview' }), portalId, ticketId),
        now,
        enabled: previews,
      }),
    ],
  });
  return serve(app, config.port, 'the service', config.queue.drainMs);
}
