import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import type { FakeState } from './state.ts';
import type { GrantFailure, TokenInfo } from './token-store.ts';

export type OAuthClient = { clientId: string; clientSecret: string };

/*
 * The dated token endpoint answers errors in the 2026-03 spec's Error shape, `{ category,
 * correlationId, message }` with optional links, and no `status` or `error` code (oauth.json,
 * components.schemas.Error; the reference page's example is a 400 VALIDATION_ERROR). Which
 * grant failed is only in the message, so clients must decide from the HTTP status.
 */
const GRANT_MESSAGES: Readonly<Record<GrantFailure | 'BAD_CLIENT_ID' | 'BAD_GRANT_TYPE', string>> = {
  BAD_AUTH_CODE: 'missing or unknown auth code',
  BAD_REDIRECT_URI: 'redirect_uri does not match the one the code was issued for',
  BAD_REFRESH_TOKEN: 'missing or invalid refresh token',
  BAD_CLIENT_ID: 'missing or unknown client id, or wrong client secret',
  BAD_GRANT_TYPE: 'grant_type must be authorization_code or refresh_token',
};

function refuse(res: Response, reason: keyof typeof GRANT_MESSAGES): void {
  res.status(400).json({ category: 'VALIDATION_ERROR', correlationId: randomUUID(), message: GRANT_MESSAGES[reason] });
}

function field(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The dated endpoints take form-encoded bodies only (OAuth v3 guide: "parameters are included in the request body"). */
function formOnly(req: Request, res: Response): boolean {
  if (req.is('application/x-www-form-urlencoded') !== false) return true;
  res.status(415).json({
    category: 'VALIDATION_ERROR',
    correlationId: randomUUID(),
    message: 'Send the parameters form-encoded (application/x-www-form-urlencoded).',
  });
  return false;
}

/** Spec 2026-03: PublicAccessTokenInfoResponse (with its required signed_access_token) or PublicRefreshTokenInfoResponse. */
function introspection(info: TokenInfo, token: string, appId: number, clientId: string, now: Date) {
  const hubId = Number(info.portalId);
  const common = {
    active: true,
    token,
    app_id: appId,
    client_id: clientId,
    hub_id: hubId,
    user_id: info.userId,
    scopes: info.scopes,
    hub_domain: `sandbox-${info.portalId}.hubspot.com`,
  };
  if (info.use === 'refresh_token') return { ...common, token_use: 'refresh_token', token_type: 'refresh' };
  const signed = {
    appId,
    hubId,
    userId: info.userId,
    installingUserId: info.userId,
    appInstallId: `${appId}-${hubId}`,
    audience: 'public-api',
    hublet: 'na1',
    expiresAt: now.getTime() + info.expiresInSeconds * 1000,
    isPrivateDistribution: false,
    isServiceAccount: false,
    isUserLevel: false,
    scopes: info.scopes.join(','),
    scopeToScopeGroupPks: '',
    trialScopes: '',
    trialScopeToScopeGroupPks: '',
    signature: 'sandbox',
    newSignature: 'sandbox',
  };
  return {
    ...common,
    token_use: 'access_token',
    token_type: 'access',
    expires_in: info.expiresInSeconds,
    is_private_distribution: false,
    signed_access_token: signed,
  };
}

/** Token exchange and refresh, introspection, and a stand-in for app.hubspot.com's consent page. */
export function oauthRouter(state: FakeState, client: OAuthClient): Router {
  const router = Router();
  const knownClient = (req: Request) =>
    field(req, 'client_id') === client.clientId && field(req, 'client_secret') === client.clientSecret;

  router.post(`/oauth/${SERVED_VERSIONS.oauth}/token`, (req, res) => {
    if (!formOnly(req, res)) return;
    if (!knownClient(req)) return refuse(res, 'BAD_CLIENT_ID');
    const grantType = field(req, 'grant_type');
    const result =
      grantType === 'authorization_code'
        ? state.tokens.exchangeCode(field(req, 'code') ?? '', field(req, 'redirect_uri'))
        : grantType === 'refresh_token'
          ? state.tokens.refresh(field(req, 'refresh_token') ?? '')
          : undefined;
    if (result === undefined) return refuse(res, 'BAD_GRANT_TYPE');
    if (!result.success) return refuse(res, result.errors);
    res.json(result.data);
  });

  router.post(`/oauth/${SERVED_VERSIONS.oauth}/token/introspect`, (req, res) => {
    if (!formOnly(req, res)) return;
    if (!knownClient(req)) return refuse(res, 'BAD_CLIENT_ID');
    const token = field(req, 'token') ?? '';
    const info = state.tokens.introspect(token);
    // RFC 7662 §2.2: an unknown, expired or revoked token is just { active: false }.
    res.json(
      info === undefined ? { active: false } : introspection(info, token, state.appId, client.clientId, state.now()),
    );
  });

  // Not HubSpot's API host: what https://app.hubspot.com/oauth/authorize does once an admin consents.
  router.get('/oauth/authorize', (req, res) => {
    const query = req.query as Record<string, unknown>;
    const redirectUri = typeof query.redirect_uri === 'string' ? query.redirect_uri : undefined;
    const portalId = typeof query.portalId === 'string' ? query.portalId : state.portalIds()[0];
    if (
      query.client_id !== client.clientId ||
      redirectUri === undefined ||
      portalId === undefined ||
      !state.hasPortal(portalId)
    ) {
      res
        .status(400)
        .type('text/plain')
        .send('Unknown client_id or portal, or no redirect_uri: the sandbox cannot authorize this app.');
      return;
    }
    const list = (value: unknown) => (typeof value === 'string' ? value.split(/[ +]/).filter((s) => s !== '') : []);
    // HubSpot grants an optional scope when the account's subscription has it; the sandbox's always does.
    const scopes = [...list(query.scope), ...list(query.optional_scope)];
    const target = new URL(redirectUri);
    target.searchParams.set('code', state.issueAuthCode(portalId, scopes, redirectUri));
    if (typeof query.state === 'string') target.searchParams.set('state', query.state);
    res.redirect(302, target.toString());
  });
  return router;
}
