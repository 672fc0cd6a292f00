import type { Db } from '../store/db.ts';
import type { HubSpotApi } from './hubspot-api.ts';

/**
 * Reads and stores where the portal's account is hosted, once (it does not move): the card
 * and the home page build record links on it. Part of provisioning, so a failure is retried
 * with it and an answer never waits on HubSpot.
 */
export async function rememberUiDomain(db: Db, api: Pick<HubSpotApi, 'readUiDomain'>, portalId: string): Promise<void> {
  const r = await db.query<{ ui_domain: string | null }>('select ui_domain from portals where portal_id = $1', [
    portalId,
  ]);
  if (r.rows.length === 0 || r.rows[0]!.ui_domain !== null) return;
  const uiDomain = await api.readUiDomain(portalId);
  await db.query('update portals set ui_domain = $2 where portal_id = $1', [portalId, uiDomain]);
}

/** The stored app domain of a portal, or undefined before provisioning has read it. */
export async function portalUiDomain(db: Pick<Db, 'query'>, portalId: string): Promise<string | undefined> {
  const r = await db.query<{ ui_domain: string | null }>('select ui_domain from portals where portal_id = $1', [
    portalId,
  ]);
  return r.rows[0]?.ui_domain ?? undefined;
}
