import { randomBytes, randomUUID } from 'node:crypto';

/*
 * OAuth grants of the fake: one-time authorization codes, refresh tokens that stay valid
 * until the app is uninstalled, and access tokens that expire after `expires_in` (1800 s,
 * HubSpot's 30 minutes). Refreshing issues a new access token; old ones live until expiry.
 */

type AccessGrant = { portalId: string; scopes: string[]; userId: number; expiresAt: Date | null; revoked: boolean };
type RefreshGrant = { portalId: string; scopes: string[]; userId: number; revoked: boolean };
type AuthCode = { portalId: string; scopes: string[]; redirectUri?: string; used: boolean };

export type TokenPair = {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'bearer';
  token_use: 'access_token';
  hub_id: number;
  user_id: number;
  scopes: string[];
};

export type GrantFailure = 'BAD_AUTH_CODE' | 'BAD_REDIRECT_URI' | 'BAD_REFRESH_TOKEN';
export type GrantResult = { success: true; data: TokenPair } | { success: false; errors: GrantFailure };
export type AuthResult =
  | { success: true; data: { portalId: string; scopes: string[] } }
  | { success: false; errors: { reason: 'unknown' } | { reason: 'expired'; secondsAgo: number } };
export type TokenInfo =
  | { use: 'access_token'; portalId: string; scopes: string[]; userId: number; expiresInSeconds: number }
  | { use: 'refresh_token'; portalId: string; scopes: string[]; userId: number };

const SANDBOX_USER_ID = 1_000_001;

export function createTokenStore(options: { now: () => Date; accessTokenSeconds: number }) {
  const codes = new Map<string, AuthCode>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const accessTokens = new Map<string, AccessGrant>();

  function issueAccess(portalId: string, scopes: string[], refreshToken: string): TokenPair {
    // Real access tokens are opaque and up to ~300 characters; ours are ~66.
    const token = `CO${randomBytes(48).toString('base64url')}`;
    const expiresAt = new Date(options.now().getTime() + options.accessTokenSeconds * 1000);
    accessTokens.set(token, { portalId, scopes, userId: SANDBOX_USER_ID, expiresAt, revoked: false });
    return {
      access_token: token,
      refresh_token: refreshToken,
      expires_in: options.accessTokenSeconds,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: Number(portalId),
      user_id: SANDBOX_USER_ID,
      scopes,
    };
  }

  return {
    issueAuthCode(portalId: string, scopes: readonly string[], redirectUri?: string): string {
      const code = randomUUID();
      codes.set(code, {
        portalId,
        scopes: [...scopes],
        ...(redirectUri === undefined ? {} : { redirectUri }),
        used: false,
      });
      return code;
    },
    exchangeCode(code: string, redirectUri: string | undefined): GrantResult {
      const grant = codes.get(code);
      if (grant === undefined || grant.used) return { success: false, errors: 'BAD_AUTH_CODE' };
      if (grant.redirectUri !== undefined && grant.redirectUri !== redirectUri)
        return { success: false, errors: 'BAD_REDIRECT_URI' };
      grant.used = true;
      const refreshToken = `na1-${randomUUID()}`;
      refreshTokens.set(refreshToken, {
        portalId: grant.portalId,
        scopes: grant.scopes,
        userId: SANDBOX_USER_ID,
        revoked: false,
      });
      return { success: true, data: issueAccess(grant.portalId, grant.scopes, refreshToken) };
    },
    refresh(refreshToken: string): GrantResult {
      const grant = refreshTokens.get(refreshToken);
      if (grant === undefined || grant.revoked) return { success: false, errors: 'BAD_REFRESH_TOKEN' };
      return { success: true, data: issueAccess(grant.portalId, grant.scopes, refreshToken) };
    },
    /** A token that never expires, like a static-auth or private app token (single-portal mode). */
    issueStaticToken(portalId: string, token = `pat-na1-${randomUUID()}`, scopes: readonly string[] = []): string {
      accessTokens.set(token, {
        portalId,
        scopes: [...scopes],
        userId: SANDBOX_USER_ID,
        expiresAt: null,
        revoked: false,
      });
      return token;
    },
    authenticate(token: string): AuthResult {
      const grant = accessTokens.get(token);
      if (grant === undefined || grant.revoked) return { success: false, errors: { reason: 'unknown' } };
      const left = grant.expiresAt === null ? Infinity : grant.expiresAt.getTime() - options.now().getTime();
      if (left <= 0) return { success: false, errors: { reason: 'expired', secondsAgo: Math.floor(-left / 1000) } };
      return { success: true, data: { portalId: grant.portalId, scopes: grant.scopes } };
    },
    introspect(token: string): TokenInfo | undefined {
      const refresh = refreshTokens.get(token);
      if (refresh !== undefined && !refresh.revoked) return { use: 'refresh_token', ...refresh };
      const access = accessTokens.get(token);
      if (access === undefined || access.revoked) return undefined;
      const left =
        access.expiresAt === null
          ? 315_360_000
          : Math.floor((access.expiresAt.getTime() - options.now().getTime()) / 1000);
      return left > 0
        ? {
            use: 'access_token',
            portalId: access.portalId,
            scopes: access.scopes,
            userId: access.userId,
            expiresInSeconds: left,
          }
        : undefined;
    },
    /** Uninstalling revokes every grant of the portal: refreshes answer BAD_REFRESH_TOKEN, calls 401. */
    uninstall(portalId: string): void {
      for (const grant of [...refreshTokens.values(), ...accessTokens.values()]) {
        if (grant.portalId === portalId) grant.revoked = true;
      }
      for (const code of codes.values()) if (code.portalId === portalId) code.used = true;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
