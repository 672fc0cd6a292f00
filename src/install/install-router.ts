import express, { type Router } from 'express';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { authorizeUrl } from '../sync/hubspot-paths.ts';
import { renderMessagePage } from '../api/preview/render-message-page.ts';
import { consumeState, issueState } from './oauth-state.ts';
import type { OAuthClient } from './oauth-client.ts';
import type { TokenCipher } from './token-cipher.ts';
import { saveTokens } from './token-store.ts';
import { REQUIRED_SCOPES } from './scopes.ts';

export type InstallDeps = {
  db: Db;
  oauth: { client: OAuthClient; clientId: string; redirectUri: string; authorizeBase?: string } | undefined;
  cipher: TokenCipher | undefined;
  now: () => Date;
  log: Logger;
  /** Sets the portal up: properties, backfill. Returns lines for the page. */
  onInstalled: (portalId: string) => Promise<string[]>;
};

/** GET /oauth/install and GET /oauth/callback: an admin installs the app from the Marketplace. */
export function installRouter(deps: InstallDeps): Router {
  const router = express.Router();
  const page = (res: express.Response, status: number, title: string, message: string) =>
    res.status(status).type('html').send(renderMessagePage(title, message, status));

  router.get('/oauth/install', async (_req, res) => {
    if (!deps.oauth) return page(res, 404, 'OAuth is not configured', 'Set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY to install the app in many portals.');
    const state = await issueState(deps.db, deps.now());
    res.redirect(302, authorizeUrl({
      clientId: deps.oauth.clientId, redirectUri: deps.oauth.redirectUri, scopes: REQUIRED_SCOPES, state,
      ...(deps.oauth.authorizeBase ? { base: deps.oauth.authorizeBase } : {}),
    }));
  });

  router.get('/oauth/callback', async (req, res) => {
    const { oauth, cipher } = deps;
    if (!oauth || !cipher) return page(res, 404, 'OAuth is not configured', 'Set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY.');
    const q = req.query as Record<string, unknown>;
    if (typeof q.error === 'string')
      return page(res, 400, 'The app was not installed', `HubSpot said: ${typeof q.error_description === 'string' ? q.error_description : q.error}. Start again from the App Marketplace.`);
    if (typeof q.state !== 'string' || !(await consumeState(deps.db, q.state, deps.now())))
      return page(res, 400, 'This install link has expired', 'The install request is unknown, used already or older than ten minutes. Start the install again from the App Marketplace.');
    if (typeof q.code !== 'string') return page(res, 400, 'The app was not installed', 'HubSpot sent no authorization code. Start the install again.');
    try {
      const tokens = await oauth.client.exchangeCode(q.code);
      const { portalId } = await oauth.client.introspect(tokens.accessToken);
      await deps.db.transaction(async (tx) => {
        await saveTokens(tx, cipher, portalId, tokens, deps.now());
        await tx.query(
          `insert into portals (portal_id, status, installed_at) values ($1, 'active', $2)
           on conflict (portal_id) do update set status = 'active', installed_at = excluded.installed_at, uninstalled_at = null`,
          [portalId, deps.now().toISOString()],
        );
      });
      deps.log.info({ portalId }, 'app installed');
      const done = await deps.onInstalled(portalId);
      page(res, 200, 'Journey Stages is installed', [`Portal ${portalId} is connected.`, ...done].join(' '));
    } catch (err) {
      deps.log.error({ err: coerceError(err) }, 'install failed');
      page(res, 400, 'The app was not installed', `${coerceError(err).message}. Start the install again from the App Marketplace.`);
    }
  });
  return router;
}
