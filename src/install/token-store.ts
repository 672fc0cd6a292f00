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
       expires_at = excluded.expires_at, scopes = excluded.scopes, updated_at = excluded.updated_at`,
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

/** The portal's tokens; `lock` takes the row lock (inside a transaction) so one process refreshes. */
export async function loadTokens(
  db: Queryable,
  cipher: TokenCipher,
  portalId: string,
  lock = false,
): Promise<Tokens | undefined> {
  const r = await db.query<{
    access_token: string;
    refresh_token: string;
    expires_at: Date | string;
    scopes: string[];
  }>(
    `select access_token, refresh_token, expires_at, scopes from portal_tokens where portal_id = $1${lock ? ' for update' : ''}`,
    [portalId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    accessToken: cipher.decrypt(row.access_token),
    refreshToken: cipher.decrypt(row.refresh_token),
    expiresAt: new Date(row.expires_at),
    scopes: row.scopes,
  };
}
