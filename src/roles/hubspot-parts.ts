import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { createHubSpotTransport } from '../sync/hubspot-transport.ts';
import { createHubSpotApi, type HubSpotApi } from '../sync/hubspot-api.ts';
import { MARKETPLACE_LIMIT, type RateLimit } from '../sync/rate-limit.ts';
import { staticTokens, type TokenProvider } from '../sync/token-provider.ts';
import { portalModels } from '../sync/portal-models.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { createTokenCipher, type TokenCipher } from '../install/token-cipher.ts';
import { createOAuthClient, type OAuthClient } from '../install/oauth-client.ts';
import { createOAuthTokenProvider } from '../install/oauth-token-provider.ts';

export type OAuthParts = { cipher: TokenCipher; client: OAuthClient };

export type HubSpotParts = { oauth: OAuthParts | undefined; tokens: TokenProvider; api: HubSpotApi; sync: SyncDeps };

export type HubSpotPartsDeps = {
  config: Config;
  db: Db;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  defaultModel: StageModel;
  tokens?: TokenProvider | undefined;
  rateLimit?: RateLimit | undefined;
  hubspotTimeoutMs?: number | undefined;
};

/**
 * What both roles need to reach HubSpot: where tokens come from (OAuth, the single-portal
 * token, or the caller's), the paced transport, and the sync's dependencies. Opens nothing.
 */
export function createHubSpotParts(deps: HubSpotPartsDeps): HubSpotParts {
  const { config, db, log, metrics, now } = deps;
  const oauth =
    config.mode === 'oauth' && config.clientId && config.clientSecret && config.tokenEncryptionKey
      ? {
          cipher: createTokenCipher({ current: config.tokenEncryptionKey, previous: config.previousTokenKeys }),
          client: createOAuthClient({
            apiBase: config.hubspotApiBase,
            clientId: config.clientId,
            clientSecret: config.clientSecret,
            redirectUri: `${config.publicBaseUrl}/oauth/callback`,
            now,
          }),
        }
      : undefined;
  const tokens =
    deps.tokens ??
    (oauth
      ? createOAuthTokenProvider({
          db,
          cipher: oauth.cipher,
          client: oauth.client,
          now,
          log: log.child({ part: 'oauth' }),
          refreshes: metrics.tokenRefreshes,
        })
      : undefined) ??
    staticTokens(config.singlePortal ? { [config.singlePortal.portalId]: config.singlePortal.accessToken } : {});
  const transport = createHubSpotTransport({
    baseUrl: config.hubspotApiBase,
    tokens,
    db,
    log: log.child({ part: 'hubspot' }),
    metrics,
    now,
    rateLimit: deps.rateLimit ?? MARKETPLACE_LIMIT,
    ...(deps.hubspotTimeoutMs ? { timeoutMs: deps.hubspotTimeoutMs } : {}),
  });
  const api = createHubSpotApi(transport);
  const sync: SyncDeps = {
    db,
    api,
    log: log.child({ part: 'sync' }),
    now,
    modelFor: portalModels(db, deps.defaultModel, 5_000, (err) => {
      log.error({ portalId: err.portalId, errors: err.errors.slice(0, 5) }, err.message);
      metrics.invalidStoredModels.inc();
    }),
    metrics,
    reconcileIntervalMs: config.reconcileIntervalMs,
  };
  return { oauth, tokens, api, sync };
}
