import { z } from 'zod';
import { hubspotPaths } from '../sync/hubspot-paths.ts';
import { OAuthErrorBody, OAuthTokenResponse, TokenIntrospection } from '../sync/hubspot-api-schemas.ts';

export type Tokens = { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] };

/** The refresh token was refused: most often the app was uninstalled (HUBSPOT.md, OAuth). */
export class RefreshRefusedError extends Error {}

/**
 * HubSpot's dated OAuth endpoints (POST /oauth/2026-03/token and …/introspect), form-encoded.
 * Plain fetch: @hubspot/api-client's OAuth helpers still call the v1 endpoints, removed on
 * 2027-02-16. These endpoints are not counted in the CRM rate budget.
 */
export function createOAuthClient(o: {
  apiBase: string; clientId: string; clientSecret: string; redirectUri: string; now: () => Date; timeoutMs?: number;
}) {
  async function post<S extends z.ZodType>(path: string, form: Record<string, string>, schema: S): Promise<z.infer<S>> {
    const res = await fetch(o.apiBase + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ client_id: o.clientId, client_secret: o.clientSecret, ...form }),
      // A refresh runs while holding the portal's token row lock: never wait on HubSpot forever.
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.status === 400) {
      const e = OAuthErrorBody.safeParse(json);
      const code = e.success ? (e.data.status ?? e.data.error ?? 'error') : 'error';
      const message = `HubSpot refused the grant: ${code}${e.success && e.data.message ? ` (${e.data.message})` : ''}`;
      if (code === 'BAD_REFRESH_TOKEN' || code === 'invalid_grant') throw new RefreshRefusedError(message);
      throw new Error(message);
    }
    if (!res.ok) throw new Error(`HubSpot OAuth ${path} answered ${res.status}`);
    return schema.parse(json);
  }
  const toTokens = (t: z.infer<typeof OAuthTokenResponse>): Tokens => ({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: new Date(o.now().getTime() + t.expires_in * 1000),
    scopes: t.scopes ?? [],
  });
  return {
    exchangeCode: async (code: string) =>
      toTokens(await post(hubspotPaths.oauthToken(), { grant_type: 'authorization_code', code, redirect_uri: o.redirectUri }, OAuthTokenResponse)),
    refresh: async (refreshToken: string) =>
      toTokens(await post(hubspotPaths.oauthToken(), { grant_type: 'refresh_token', refresh_token: refreshToken }, OAuthTokenResponse)),
    /** The portal (hub id) an access token belongs to, and its scopes. */
    async introspect(accessToken: string): Promise<{ portalId: string; scopes: string[] }> {
      const info = await post(hubspotPaths.oauthIntrospect(), { token: accessToken }, TokenIntrospection);
      if (!info.active) throw new Error('HubSpot says the new access token is not active');
      return { portalId: String(info.hub_id), scopes: info.scopes };
    },
  };
}

export type OAuthClient = ReturnType<typeof createOAuthClient>;
