import type { Queryable } from '../store/db.ts';
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
  await db.query(
    `insert into portal_tokens (portal_id, access_token, refresh_token, expires_at, scopes, updated_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (portal_id) do update set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
       expires_at = excluded.expires_at, scopes = excluded.scopes, updated_at = excluded.updated_at,
       refresh_claimed_until = null, refresh_failures = 0, refresh_retry_at = null,
       refresh_refused_at = null, refresh_refusal = null`,
    [
      portalId,
      cipher.encrypt(t.accessToken),
      cipher.encrypt(t.refreshToken),
      t.expiresAt.toISOString(),
      t.scopes,
      now.toISOString(),
    ],
  );
}

type TokenRow = { access_token: string; refresh_token: string; expires_at: Date | string; scopes: string[] };

function toTokens(cipher: TokenCipher, row: TokenRow): Tokens {
  return {
    accessToken: cipher.decrypt(row.access_token),
    refreshToken: cipher.decrypt(row.refresh_token),
    expiresAt: new Date(row.expires_at),
    scopes: row.scopes,
  };
}

/** The portal's tokens as stored. */
export async function loadTokens(db: Queryable, cipher: TokenCipher, portalId: string): Promise<Tokens | undefined> {
  const r = await db.query<TokenRow>(
    'select access_token, refresh_token, expires_at, scopes from portal_tokens where portal_id = $1',
    [portalId],
  );
  return r.rows[0] ? toTokens(cipher, r.rows[0]) : undefined;
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
  const r = await db.query<TokenRow>(
    `update portal_tokens set refresh_claimed_until = $3
      where portal_id = $1
        and (refresh_claimed_until is null or refresh_claimed_until <= $2)
        and (refresh_retry_at is null or refresh_retry_at <= $2)
      returning access_token, refresh_token, expires_at, scopes`,
    [portalId, now.toISOString(), leaseUntil.toISOString()],
  );
  return r.rows[0] ? toTokens(cipher, r.rows[0]) : undefined;
}

/** Ends a claim that refreshed nothing (another process had already refreshed). */
export async function releaseRefresh(db: Queryable, portalId: string): Promise<void> {
  await db.query('update portal_tokens set refresh_claimed_until = null where portal_id = $1', [portalId]);
}

/**
 * Ends a claim whose refresh failed: no process tries again before the returned time
 * (5 s after the first failure, doubling, at most 5 minutes).
 */
export async function refreshFailed(db: Queryable, portalId: string, now: Date): Promise<Date | undefined> {
  const r = await db.query<{ refresh_retry_at: Date | string }>(
    `update portal_tokens
        set refresh_claimed_until = null, refresh_failures = refresh_failures + 1,
            refresh_retry_at = $2::timestamptz + least(300, 5 * power(2, least(refresh_failures, 10))) * interval '1 second'
      where portal_id = $1
      returning refresh_retry_at`,
    [portalId, now.toISOString()],
  );
  return r.rows[0] ? new Date(r.rows[0].refresh_retry_at) : undefined;
}

/** Whether tokens are stored for the portal (installed by OAuth), without decrypting them. */
export async function hasTokens(db: Queryable, portalId: string): Promise<boolean> {
  return (await db.query('select 1 from portal_tokens where portal_id = $1', [portalId])).rows.length > 0;
}
