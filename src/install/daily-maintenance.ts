import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import { purgeUninstalled } from './uninstall.ts';
import { reencryptTokens } from './reencrypt-tokens.ts';
import type { TokenCipher } from './token-cipher.ts';

/** The daily purge: erases the data of portals uninstalled longer than the grace period. */
export async function purgeExpiredPortals(deps: { db: Db; log: Logger; now: () => Date; graceDays?: number }) {
  const purged = await purgeUninstalled(deps.db, {
    now: deps.now(),
    ...(deps.graceDays ? { graceDays: deps.graceDays } : {}),
  });
  if (purged.length > 0)
    deps.log.info({ portals: purged }, 'erased the data of portals uninstalled past the grace period');
}

/**
 * Key rotation's second half, daily: tokens still sealed with a previous key are sealed again.
 * Without OAuth (single-portal mode) there are no stored tokens and nothing to do.
 */
export async function resealTokens(deps: { db: Db; log: Logger; cipher?: TokenCipher | undefined }) {
  if (!deps.cipher) return;
  const resealed = await reencryptTokens(deps.db, deps.cipher);
  if (resealed > 0)
    deps.log.info({ tokens: resealed }, 're-encrypted stored tokens with the current TOKEN_ENCRYPTION_KEY');
}
