import express, { type Application, type NextFunction, type Request, type Response } from 'express';
import { accountInfoRouter } from './account-info.ts';
import { associationsRouter } from './associations.ts';
import { bearerAuth } from './bearer-auth.ts';
import { callLog, type CallLogEntry } from './call-log.ts';
import { crmObjectsRouter } from './crm-objects.ts';
import { engagementsRouter } from './engagements-router.ts';
import { tasksRouter } from './tasks-router.ts';
import { ticketsRouter } from './tickets-router.ts';
import { createFaults, type Faults } from './faults.ts';
import { sendError, sendNotFound, sendValidation } from './hubspot-errors.ts';
import { oauthRouter } from './oauth.ts';
import { ownersRouter } from './owners.ts';
import { pipelinesRouter } from './pipelines.ts';
import { propertiesRouter } from './properties.ts';
import { createRateLimiter, MARKETPLACE_RATE_LIMIT, rateLimit, type RateLimitConfig } from './rate-limit.ts';
import { createFakeState, type FakeState } from './state.ts';
import type { WebhookFormat } from './webhook-events.ts';

export type FakeHubSpotOptions = {
  /** The fake's clock: token expiry, rate-limit window, timestamps of changes. */
  now: () => Date;
  /** Per portal; default 110 requests per 10 s, HubSpot's limit for marketplace apps. */
  rateLimit?: RateLimitConfig;
  appId?: number;
  clientId?: string;
  clientSecret?: string;
  /** Payload format of the events reported to `state.onEvents`; default legacy (`contact.propertyChange`). */
  webhookFormat?: WebhookFormat;
  /** Portals to create at once (numeric strings). */
  portalIds?: readonly string[];
  /** Lifetime of OAuth access tokens; HubSpot's is 1800 s. */
  accessTokenSeconds?: number;
  /** Associations per input and page of a batch read (tests page with a few). */
  associationPageSize?: number;
};

export type FakeHubSpot = {
  /** Listen on it yourself (tests: 127.0.0.1 port 0). */
  app: Application;
  state: FakeState;
  faults: Faults;
  calls: CallLogEntry[];
  client: { appId: number; clientId: string; clientSecret: string };
  rateLimit: RateLimitConfig;
};

export const SANDBOX_APP = {
  appId: 4_200_001,
  clientId: '5a4d2c1e-0000-4000-8000-00000000c11e',
  clientSecret: '7f3b9e2a-0000-4000-8000-0000000005ec',
} as const;

function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const parseFailed = typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed';
  if (parseFailed)
    return sendValidation(res, `Invalid input JSON: ${err instanceof Error ? err.message : 'unreadable body'}`);
  // A failure of the fake itself: say so loudly rather than pass for HubSpot's.
  sendError(res, 500, `[fake-hubspot] ${err instanceof Error ? err.message : String(err)}`, 'INTERNAL_ERROR');
}

/**
 * A local stand-in for the HubSpot endpoints the service calls, with HubSpot's shapes,
 * statuses and per-portal rate limit. Returns the express app (not listening), the state
 * and its mutation API, fault injection and the log of answered calls.
 *
 * @example
 * const fake = createFakeHubSpot({ now: () => clock.now(), portalIds: ['62515'] });
 * const token = fake.state.issueStaticToken('62515');
 * const server = fake.app.listen(0, '127.0.0.1');
 */
export function createFakeHubSpot(options: FakeHubSpotOptions): FakeHubSpot {
  const client = {
    appId: options.appId ?? SANDBOX_APP.appId,
    clientId: options.clientId ?? SANDBOX_APP.clientId,
    clientSecret: options.clientSecret ?? SANDBOX_APP.clientSecret,
  };
  const limits = options.rateLimit ?? MARKETPLACE_RATE_LIMIT;
  const state = createFakeState({
    now: options.now,
    appId: client.appId,
    webhookFormat: options.webhookFormat ?? 'legacy',
    accessTokenSeconds: options.accessTokenSeconds ?? 1800,
  });
  for (const portalId of options.portalIds ?? []) state.addPortal(portalId);
  const calls: CallLogEntry[] = [];
  const faults = createFaults();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(callLog(calls, options.now));
  app.use(faults.middleware);
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(oauthRouter(state, client));
  app.use(bearerAuth(state));
  app.use(rateLimit(createRateLimiter({ ...limits, now: options.now })));
  app.use(express.json({ limit: '10mb' }));
  app.use(
    tasksRouter(state, state.engagements),
    engagementsRouter(state, state.engagements),
    ticketsRouter(state, state.engagements),
    crmObjectsRouter(state),
    associationsRouter(state, options.associationPageSize),
    pipelinesRouter(state),
    propertiesRouter(state),
    accountInfoRouter(state),
    ownersRouter(state),
  );
  app.use((_req: Request, res: Response) => sendNotFound(res));
  app.use(errorHandler);
  return { app, state, faults, calls, client, rateLimit: limits };
}
