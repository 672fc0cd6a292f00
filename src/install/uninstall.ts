import type { Db } from '../store/db.ts';
import { dropPortalPendingJobs } from '../queue/sql/drop-pending-jobs.ts';
import { erasePortalRows, portalKeyedTables } from '../store/portal-rows.ts';
import { deletePortals, markUninstalledAt, portalsUninstalledBefore } from '../store/portal-store.ts';
import { dropTokens } from '../store/portal-tokens.ts';

/**
 * The app was uninstalled (a refresh answered BAD_REFRESH_TOKEN / invalid_grant): the portal
 * goes inactive at once (no more calls, its tokens and queued work dropped) while its data
 * stays for the grace period, in case the admin reinstalls.
 */
export async function markUninstalled(db: Db, portalId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await markUninstalledAt(tx, portalId, now);
    await dropTokens(tx, portalId);
    await dropPortalPendingJobs(tx, portalId);
  });
}

/**
 * Erases every row of portals uninstalled longer ago than the grace period, from every
 * table keyed by portal (found in the catalog, so a new table is covered without an edit).
 */
export async function purgeUninstalled(db: Db, o: { now: Date; graceDays?: number }): Promise<string[]> {
  const cutoff = new Date(o.now.getTime() - (o.graceDays ?? 30) * 86_400_000);
  const portals = await portalsUninstalledBefore(db, cutoff);
  if (portals.length === 0) return [];
  const tables = await portalKeyedTables(db);
  await db.transaction(async (tx) => {
    for (const table of tables) await erasePortalRows(tx, table, portals);
    await deletePortals(tx, portals);
  });
  return portals;
}
