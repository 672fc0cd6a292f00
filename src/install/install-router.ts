import express, { type Router } from 'express';
import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { authorizeUrl, HUBSPOT_APP_BASE } from '../sync/hubspot-paths.ts';
import { consumeState, issueState, STATE_TTL_MS } from './oauth-state.ts';
import { clearStateCookie, stateCookie, stateCookieMatches } from './state-cookie.ts';
import type { OAuthClient } from './oauth-client.ts';
import type { TokenCipher } from './token-cipher.ts';
import { saveTokens } from './token-store.ts';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from './scopes.ts';
import { renderInstallPage, type InstallPage } from './render-install-page.ts';
import { describeAuthorizationError } from './authorization-error.ts';
import { markInstalled } from '../store/portal-store.ts';

export type InstallDeps = {
  db: Db;
  /** Undefined when HUBSPOT_CLIENT_ID is not set: both routes then answer 404 and say so. */
  oauth: { client: OAuthClient; clientId: string; redirectUri: string; authorizeBase?: string } | undefined;
  cipher: TokenCipher | undefined;
  now: () => Date;
  log: Logger;
  /** Sets the portal up: properties, backfill. Returns lines for the page. */
  onInstalled: (portalId: string) => Promise<string[]>;
};

const START_AGAIN = 'Start the install again from the App Marketplace.';
const secure = (redirectUri: string) => redirectUri.startsWith('https:');
const NOT_CONFIGURED: InstallPage = {
  status: 404,
  title: 'OAuth is not configured',
  lines: [
    'This service has no HubSpot app credentials: set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY to install it in many portals.',
  ],
};

/** GET /oauth/install and GET /oauth/callback: an admin installs the app from the Marketplace. */
export function installRouter(deps: InstallDeps): Router {
  const router = express.Router();
  const send = (res: express.Response, page: InstallPage) =>
    res.status(page.status).set('cache-control', 'no-store').type('html').send(renderInstallPage(page));
  const refuse = (res: express.Response, title: string, line: string) =>
    send(res, { status: 400, title, lines: [line, START_AGAIN] });

  router.get('/oauth/install', async (req, res) => {
    if (!deps.oauth) return send(res, NOT_CONFIGURED);
    const state = await issueState(deps.db, deps.now(), req.ip ?? '');
    res.set(
      'set-cookie',
      stateCookie(state, { secure: secure(deps.oauth.redirectUri), maxAgeSeconds: STATE_TTL_MS / 1000 }),
    );
    res.redirect(
      302,
      authorizeUrl({
        clientId: deps.oauth.clientId,
        redirectUri: deps.oauth.redirectUri,
        scopes: REQUIRED_SCOPES,
        optionalScopes: OPTIONAL_SCOPES,
        state,
        ...(deps.oauth.authorizeBase ? { base: deps.oauth.authorizeBase } : {}),
      }),
    );
  });

  router.get('/oauth/callback', async (req, res) => {
    const { oauth, cipher } = deps;
    if (!oauth || !cipher) return send(res, NOT_CONFIGURED);
    const q = req.query as Record<string, unknown>;
    // The admin declined, or HubSpot refused the request: it redirects with error (and error_description).
    if (q.error !== undefined) return refuse(res, 'The app was not installed', describeAuthorizationError(q.error));
    if (typeof q.state !== 'string') return refuse(res, 'This install link has expired', 'HubSpot sent no state.');
    // The state must come back to the browser that started the install, before it is used up.
    if (!stateCookieMatches(req.get('cookie'), q.state))
      return refuse(
        res,
        'The install was started in another browser',
        'Start the install and consent in the same browser (its cookie for this site must be allowed).',
      );
    res.append('set-cookie', clearStateCookie(secure(oauth.redirectUri)));
    if (!(await consumeState(deps.db, q.state, deps.now())))
      return refuse(
        res,
        'This install link has expired',
        'The install request is unknown, used already or older than ten minutes.',
      );
    if (typeof q.code !== 'string')
      return refuse(res, 'The app was not installed', 'HubSpot sent no authorization code.');

    let portalId: string;
    try {
      const tokens = await oauth.client.exchangeCode(q.code);
      portalId = (await oauth.client.introspect(tokens.accessToken)).portalId;
      await deps.db.transaction(async (tx) => {
        await saveTokens(tx, cipher, portalId, tokens, deps.now());
        await markInstalled(tx, portalId, deps.now());
      });
    } catch (err) {
      deps.log.error({ err: coerceError(err) }, 'install failed: the authorization code could not be exchanged');
      return refuse(res, 'The app was not installed', `${coerceError(err).message}.`);
    }
    deps.log.info({ portalId }, 'app installed');
    const link = {
      href: new URL(`/contacts/${portalId}`, oauth.authorizeBase ?? HUBSPOT_APP_BASE).toString(),
      label: 'Open your HubSpot contacts',
    };
    try {
      const done = await deps.onInstalled(portalId);
      send(res, {
        status: 200,
        title: 'Journey Stages is installed',
        lines: [`Portal ${portalId} is connected.`, ...done],
        link,
      });
    } catch (err) {
      // The tokens are stored and the portal is active; the set-up is idempotent, so installing again retries it.
      deps.log.error({ portalId, err: coerceError(err) }, 'set-up after install failed');
      send(res, {
        status: 500,
        title: 'Installed, but the set-up failed',
        lines: [
          `Portal ${portalId} is connected, but its set-up failed: ${coerceError(err).message}.`,
          'Install the app again to retry the set-up; nothing is lost.',
        ],
        link,
      });
    }
  });
  return router;
}
