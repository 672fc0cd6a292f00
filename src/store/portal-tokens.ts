import { z } from 'zod';
import type { Queryable } from './db.ts';
import { parseRow } from './parse-row.ts';

/**
 * portal_tokens' tokens and refresh claim: each installed portal's OAuth tokens, sealed
 * (src/install/token-store.ts seals and opens them; nothing here ever sees a token in clear),
 * and the lease and backoff that keep its refresh to one process at a time. The refusal and
 * daily-check columns are src/store/token-checks.ts's.
 */

type Reader = Pick<Queryable, 'query'>;

/** A portal's tokens as stored: both tokens sealed. */
export type SealedTokens = { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] };

const TokenRow = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_at: z.union([z.date(), z.string()]).transform((v) => new Date(v)),
  scopes: z.array(z.string()),
});

function toSealed(portalId: string, row: unknown): SealedTokens {
  const t = parseRow(TokenRow, row, {
    table: 'portal_tokens',
    column: 'access_token, refresh_token, expires_at, scopes',
    portalId,
    key: "the portal's tokens",
  });
  return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: t.expires_at, scopes: t.scopes };
}

/** Stores the portal's tokens, read at `now`, and ends any refresh claim, backoff or refusal. */
export async function saveSealedTokens(db: Reader, portalId: string, t: SealedTokens, now: Date): Promise<void> {
  await db.query(
    `insert into portal_tokens (portal_id, access_token, refresh_token, expires_at, scopes, updated_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (portal_id) do update set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
       expires_at = excluded.expires_at, scopes = excluded.scopes, updated_at = excluded.updated_at,
       refresh_claimed_until = null, refresh_failures = 0, refresh_retry_at = null,
       refresh_refused_at = null, refresh_refusal = null`,
    [portalId, t.accessToken, t.refreshToken, t.expiresAt.toISOString(), t.scopes, now.toISOString()],
  );
}

/** The portal's sealed tokens, or undefined when none are stored. */
export async function sealedTokens(db: Reader, portalId: string): Promise<SealedTokens | undefined> {
  const r = await db.query(
    'select access_token, refresh_token, expires_at, scopes from portal_tokens where portal_id = $1',
    [portalId],
  );
  return r.rows[0] ? toSealed(portalId, r.rows[0]) : undefined;
}

/**
 * Claims the portal's refresh until `leaseUntil`, in one statement, and returns the tokens it
 * claimed: undefined when another process holds the claim or a failed refresh still waits
 * for its retry time.
 */
export async function claimTokenRefresh(
  db: Reader,
  portalId: string,
  now: Date,
  leaseUntil: Date,
): Promise<SealedTokens | undefined> {
  const r = await db.query(
    `update portal_tokens set refresh_claimed_until = $3
      where portal_id = $1
        and (refresh_claimed_until is null or refresh_claimed_until <= $2)
        and (refresh_retry_at is null or refresh_retry_at <= $2)
      returning access_token, refresh_token, expires_at, scopes`,
    [portalId, now.toISOString(), leaseUntil.toISOString()],
  );
  return r.rows[0] ? toSealed(portalId, r.rows[0]) : undefined;
}

/** Ends the portal's refresh claim without a new token. */
export async function releaseTokenRefresh(db: Reader, portalId: string): Promise<void> {
  await db.query('update portal_tokens set refresh_claimed_until = null where portal_id = $1', [portalId]);
}

/**
 * Ends a claim whose refresh failed: no process may claim again before the returned time
 * (5 s after the first failure, doubling, at most 5 minutes).
 */
export async function tokenRefreshFailed(db: Reader, portalId: string, now: Date): Promise<Date | undefined> {
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

/** Whether tokens are stored for the portal. */
export async function tokensStored(db: Reader, portalId: string): Promise<boolean> {
  return (await db.query('select 1 from portal_tokens where portal_id = $1', [portalId])).rows.length > 0;
}

/** Every portal's sealed tokens, as they are (key rotation reads them all). */
export async function everySealedTokenPair(
  db: Reader,
): Promise<Array<{ portalId: string; accessToken: string; refreshToken: string }>> {
  const r = await db.query<{ portal_id: string; access_token: string; refresh_token: string }>(
    'select portal_id, access_token, refresh_token from portal_tokens',
  );
  return r.rows.map((row) => ({
    portalId: row.portal_id,
    accessToken: row.access_token,
    refreshToken: row.refresh_token,
  }));
}

/**
 * Swaps the portal's sealed tokens for `next` only if the row still holds `was` (a refresh in
 * between wins); whether it did.
 */
export async function resealTokens(
  db: Reader,
  portalId: string,
  was: { accessToken: string; refreshToken: string },
  next: { accessToken: string; refreshToken: string },
): Promise<boolean> {
  const r = await db.query(
    `update portal_tokens set access_token = $2, refresh_token = $3
      where portal_id = $1 and access_token = $4 and refresh_token = $5`,
    [portalId, next.accessToken, next.refreshToken, was.accessToken, was.refreshToken],
  );
  return r.rowCount > 0;
}

/** Drops the portal's tokens (an uninstall). */
export async function dropTokens(db: Reader, portalId: string): Promise<void> {
  await db.query('delete from portal_tokens where portal_id = $1', [portalId]);
}
