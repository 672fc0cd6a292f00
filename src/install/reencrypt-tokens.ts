import type { Queryable } from '../store/db.ts';
import { everySealedTokenPair, resealTokens } from '../store/portal-tokens.ts';
import type { TokenCipher } from './token-cipher.ts';

/**
 * Key rotation, second half: re-seals every stored token that an older key sealed with the
 * current TOKEN_ENCRYPTION_KEY, so the old key can then leave TOKEN_ENCRYPTION_KEYS_PREVIOUS.
 * Each row is swapped only if it still holds what was read (a refresh in between wins), so
 * it is safe to run while other processes refresh. Returns how many portals were re-sealed.
 */
export async function reencryptTokens(db: Queryable, cipher: TokenCipher): Promise<number> {
  let count = 0;
  for (const was of await everySealedTokenPair(db)) {
    if (!cipher.isStale(was.accessToken) && !cipher.isStale(was.refreshToken)) continue;
    const next = {
      accessToken: cipher.encrypt(cipher.decrypt(was.accessToken)),
      refreshToken: cipher.encrypt(cipher.decrypt(was.refreshToken)),
    };
    if (await resealTokens(db, was.portalId, was, next)) count += 1;
  }
  return count;
}
