import type { Queryable } from '../store/db.ts';
import type { TokenCipher } from './token-cipher.ts';

/**
 * Key rotation, second half: re-seals every stored token that an older key sealed with the
 * current TOKEN_ENCRYPTION_KEY, so the old key can then leave TOKEN_ENCRYPTION_KEYS_PREVIOUS.
 * Each row is swapped only if it still holds what was read (a refresh in between wins), so
 * it is safe to run while other processes refresh. Returns how many portals were re-sealed.
 */
export async function reencryptTokens(db: Queryable, cipher: TokenCipher): Promise<number> {
  const rows = await db.query<{ portal_id: string; access_token: string; refresh_token: string }>(
    'select portal_id, access_token, refresh_token from portal_tokens',
  );
  let count = 0;
  for (const row of rows.rows) {
    if (!cipher.isStale(row.access_token) && !cipher.isStale(row.refresh_token)) continue;
    const r = await db.query(
      `update portal_tokens set access_token = $2, refresh_token = $3
        where portal_id = $1 and access_token = $4 and refresh_token = $5`,
      [
        row.portal_id,
        cipher.encrypt(cipher.decrypt(row.access_token)),
        cipher.encrypt(cipher.decrypt(row.refresh_token)),
        row.access_token,
        row.refresh_token,
      ],
    );
    count += r.rowCount;
  }
  return count;
}
