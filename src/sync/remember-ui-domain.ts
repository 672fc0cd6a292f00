import type { Db } from '../store/db.ts';
import type { HubSpotApi } from './hubspot-api.ts';
import { saveUiDomain, storedUiDomain } from '../store/portal-store.ts';

/**
 * Reads and stores where the portal's account is hosted, once (it does not move): the card
 * and the home page build record links on it. Part of provisioning, so a failure is retried
 * with it and an answer never waits on HubSpot.
 */
export async function rememberUiDomain(db: Db, api: Pick<HubSpotApi, 'readUiDomain'>, portalId: string): Promise<void> {
  // No row (not installed) or already read: nothing to do.
  if ((await storedUiDomain(db, portalId)) !== null) return;
  await saveUiDomain(db, portalId, await api.readUiDomain(portalId));
}

/** The stored app domain of a portal, or undefined before provisioning has read it. */
export async function portalUiDomain(db: Pick<Db, 'query'>, portalId: string): Promise<string | undefined> {
  return (await storedUiDomain(db, portalId)) ?? undefined;
}
