import type { Queryable } from '../store/db.ts';
import {
  claimTokenRefresh,
  releaseTokenRefresh,
  saveSealedTokens,
  type SealedTokens,
  sealedTokens,
  tokenRefreshFailed,
  tokensStored,
} from '../store/portal-tokens.ts';
import type { TokenCipher } from './token-cipher.ts';
import type { Tokens } from './oauth-client.ts';

/** Tokens at rest are sealed with the cipher; nothing in clear ever reaches the database. */
export async function saveTokens(
  db: Queryable,
  cipher: TokenCipher,
  portalId: string,
  t: Tokens,
  now: Date,
): Promise<void> {
  await saveSealedTokens(
    db,
    portalId,
    {
      accessToken: cipher.encrypt(t.accessToken),
      refreshToken: cipher.encrypt(t.refreshToken),
      expiresAt: t.expiresAt,
      scopes: t.scopes,
    },
    now,
  );
}

function opened(cipher: TokenCipher, sealed: SealedTokens): Tokens {
  return {
    accessToken: cipher.decrypt(sealed.accessToken),
    refreshToken: cipher.decrypt(sealed.refreshToken),
    expiresAt: sealed.expiresAt,
    scopes: sealed.scopes,
  };
}

/** The portal's tokens as stored. */
export async function loadTokens(db: Queryable, cipher: TokenCipher, portalId: string): Promise<Tokens | undefined> {
  const sealed = await sealedTokens(db, portalId);
  return sealed ? opened(cipher, sealed) : undefined;
}

/**
 * Claims the portal's refresh until `leaseUntil`, in one statement: undefined when another
 * process holds the claim or a failed refresh is still waiting for its retry time. The
 * claim ends with saveTokens, refreshFailed or releaseRefresh, or when its lease runs out.
 */
export async function claimRefresh(
  db: Queryable,
  cipher: TokenCipher,
  portalId: string,
  now: Date,
  leaseUntil: Date,
): Promise<Tokens | undefined> {
  const sealed = await claimTokenRefresh(db, portalId, now, leaseUntil);
  return sealed ? opened(cipher, sealed) : undefined;
}

/** Ends a claim that refreshed nothing (another process had already refreshed). */
export async function releaseRefresh(db: Queryable, portalId: string): Promise<void> {
  await releaseTokenRefresh(db, portalId);
}

/**
 * Ends a claim whose refresh failed: no process tries again before the returned time
 * (5 s after the first failure, doubling, at most 5 minutes).
 */
export async function refreshFailed(db: Queryable, portalId: string, now: Date): Promise<Date | undefined> {
  return tokenRefreshFailed(db, portalId, now);
}

/** Whether tokens are stored for the portal (installed by OAuth), without decrypting them. */
export async function hasTokens(db: Queryable, portalId: string): Promise<boolean> {
  return tokensStored(db, portalId);
}
