import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { TaskHandler } from '../queue/create-worker.ts';
import { enqueue } from '../queue/sql/enqueue.ts';
import { purgeUninstalled } from './uninstall.ts';
import { reencryptTokens } from './reencrypt-tokens.ts';
import type { TokenCipher } from './token-cipher.ts';

export const PURGE_TASK = 'purge-uninstalled';
const DAY = 86_400_000;

/**
 * Once a day (a job, so one process does it): erase portals uninstalled longer than the grace
 * period, drop old processed events, re-seal tokens after a key rotation.
 */
export async function schedulePurge(db: Db, now: Date): Promise<void> {
  await enqueue(
    db,
    [{ portalId: '', task: PURGE_TASK, key: 'daily', runAt: new Date(now.getTime() + 60 * 60_000) }],
    now,
  );
}

export function purgeHandler(deps: {
  db: Db;
  log: Logger;
  now: () => Date;
  graceDays?: number;
  cipher?: TokenCipher;
}): TaskHandler {
  return async () => {
    // Key rotation's second half: tokens still sealed with a previous key are sealed again.
    if (deps.cipher) {
      const resealed = await reencryptTokens(deps.db, deps.cipher);
      if (resealed > 0)
        deps.log.info({ tokens: resealed }, 're-encrypted stored tokens with the current TOKEN_ENCRYPTION_KEY');
    }
    // Processed events are kept past HubSpot's 24 h of retries (so a late duplicate still
    // dedupes), then dropped; quarantined ones stay a month for someone to look at.
    const day = 86_400_000;
    await deps.db.query('delete from webhook_events where processed_at < $1', [
      new Date(deps.now().getTime() - 3 * day).toISOString(),
    ]);
    await deps.db.query('delete from quarantined_events where received_at < $1', [
      new Date(deps.now().getTime() - 30 * day).toISOString(),
    ]);
    const purged = await purgeUninstalled(deps.db, {
      now: deps.now(),
      ...(deps.graceDays ? { graceDays: deps.graceDays } : {}),
    });
    if (purged.length > 0)
      deps.log.info({ portals: purged }, 'erased the data of portals uninstalled past the grace period');
    await enqueue(
      deps.db,
      [{ portalId: '', task: PURGE_TASK, key: 'daily', runAt: new Date(deps.now().getTime() + DAY) }],
      deps.now(),
    );
  };
}
