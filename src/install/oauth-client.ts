import type { z } from 'zod';
import { hubspotPaths } from '../sync/hubspot-paths.ts';
import { OAuthErrorBody, OAuthTokenResponse, TokenIntrospection } from '../sync/hubspot-api-schemas.ts';

export type Tokens = { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] };

/**
 * HubSpot refused a refresh_token grant (400 or 401). Not by itself an uninstall: the token
 * provider asks the introspection endpoint whether the refresh token is still active
 * (docs/install.md, "Refused refreshes").
 */
export class RefreshRefusedError extends Error {}

/** The code, whichever error shape HubSpot answered in (2026-03 spec, v1, or OAuth 2.0). */
function refusalCode(body: unknown): string {
  const e = OAuthErrorBody.safeParse(body);
  if (!e.success) return '';
  return [
    e.data.status,
    e.data.error,
    e.data.category,
    typeof e.data.subCategory === 'string' ? e.data.subCategory : undefined,
  ]
    .filter((c) => typeof c === 'string' && c !== '')
    .join(' ');
}

function describeRefusal(body: unknown): string {
  const e = OAuthErrorBody.safeParse(body);
  const code = refusalCode(body) || 'no error code';
  const detail = e.success ? (e.data.message ?? e.data.error_description) : undefined;
  return detail ? `${code} (${detail})` : code;
}

/**
 * A refresh_token grant answered 400 or 401 is a refusal of this portal's refresh: the 2026-03
 * answer is `{ category, correlationId, message }` with no code of its own, so the status
 * decides. A body that blames the client (BAD_CLIENT_ID, invalid_client, a message about the
 * client id or secret: a wrong HUBSPOT_CLIENT_SECRET) is our misconfiguration, a plain failure.
 * 429 and 5xx are retried.
 */
function isRefusedRefresh(status: number, body: unknown): boolean {
  if (status !== 400 && status !== 401) return false;
  const e = OAuthErrorBody.safeParse(body);
  return !/client/i.test(`${refusalCode(body)} ${e.success ? (e.data.message ?? '') : ''}`);
}

/**
 * HubSpot's dated OAuth endpoints (POST /oauth/2026-03/token and …/introspect), form-encoded.
 * Plain fetch: @hubspot/api-client's OAuth helpers still call the v1 endpoints, removed on
 * 2027-02-16. These endpoints are not counted in the CRM rate budget.
 */
export function createOAuthClient(o: {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  now: () => Date;
  timeoutMs?: number;
}) {
  async function post<S extends z.ZodType>(path: string, form: Record<string, string>, schema: S): Promise<z.infer<S>> {
    const res = await fetch(o.apiBase + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: o.clientId, client_secret: o.clientSecret, ...form }),
      // Never wait on HubSpot forever: a refresh's claim on the token row lasts a minute (oauth-token-provider.ts).
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) return schema.parse(json);
    const message = `HubSpot refused the ${form.grant_type ?? 'token'} request (${res.status}): ${describeRefusal(json)}`;
    if (form.grant_type === 'refresh_token' && isRefusedRefresh(res.status, json))
      throw new RefreshRefusedError(message);
    throw new Error(message);
  }
  const toTokens = (t: z.infer<typeof OAuthTokenResponse>): Tokens => ({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: new Date(o.now().getTime() + t.expires_in * 1000),
    scopes: t.scopes ?? [],
  });
  return {
    exchangeCode: async (code: string) =>
      toTokens(
        await post(
          hubspotPaths.oauthToken(),
          { grant_type: 'authorization_code', code, redirect_uri: o.redirectUri },
          OAuthTokenResponse,
        ),
      ),
    refresh: async (refreshToken: string) =>
      toTokens(
        await post(
          hubspotPaths.oauthToken(),
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          OAuthTokenResponse,
        ),
      ),
    /**
     * Whether HubSpot still honours a refresh token: POST /oauth/2026-03/token/introspect with
     * token_type_hint refresh_token answers `active` (spec PublicRefreshTokenInfoResponse; an
     * unknown or revoked token is `{ "active": false }`, RFC 7662). Any other answer throws: it
     * says nothing about the install.
     */
    async refreshTokenActive(refreshToken: string): Promise<boolean> {
      const info = await post(
        hubspotPaths.oauthIntrospect(),
        { token: refreshToken, token_type_hint: 'refresh_token' },
        TokenIntrospection,
      );
      return info.active;
    },
    /** The portal (hub id) an access token belongs to, and its scopes. */
    async introspect(accessToken: string): Promise<{ portalId: string; scopes: string[] }> {
      const info = await post(hubspotPaths.oauthIntrospect(), { token: accessToken }, TokenIntrospection);
      if (!info.active) throw new Error('HubSpot says the new access token is not active');
      return { portalId: String(info.hub_id), scopes: info.scopes };
    },
  };
}

export type OAuthClient = ReturnType<typeof createOAuthClient>;
