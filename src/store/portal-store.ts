import type { Queryable } from './db.ts';

/** Every statement here is one query: a transaction's handle or the pool both serve. */
type Reader = Pick<Queryable, 'query'>;

/**
 * The `portals` table: one row per portal that installed the app (or that a single-portal
 * start, a settings change or provisioning named), its install state, its chosen stage model,
 * the hash of what was provisioned in HubSpot and where its account is hosted.
 */

export type PortalInstallState = 'active' | 'inactive';

/** The portal's install state, or undefined when no row exists. */
export async function portalInstallState(db: Reader, portalId: string): Promise<PortalInstallState | undefined> {
  const r = await db.query<{ status: string }>('select status from portals where portal_id = $1', [portalId]);
  const status = r.rows[0]?.status;
  return status === 'active' || status === 'inactive' ? status : undefined;
}

/** An OAuth install (or a reinstall): the portal is active again from `at`. */
export async function markInstalled(db: Reader, portalId: string, at: Date): Promise<void> {
  await db.query(
    `insert into portals (portal_id, status, installed_at) values ($1, 'active', $2)
     on conflict (portal_id) do update set status = 'active', installed_at = excluded.installed_at, uninstalled_at = null`,
    [portalId, at.toISOString()],
  );
}

/** Creates the portal's row, active, unless it exists; true when it was created. */
export async function ensurePortal(db: Reader, portalId: string): Promise<boolean> {
  const r = await db.query('insert into portals (portal_id) values ($1) on conflict do nothing returning portal_id', [
    portalId,
  ]);
  return r.rows.length > 0;
}

/** Every installed portal (OAuth or single-portal), for the per-portal recurring jobs. */
export async function activePortals(db: Reader): Promise<string[]> {
  const r = await db.query<{ portal_id: string }>(
    `select portal_id from portals where status = 'active' order by portal_id`,
  );
  return r.rows.map((row) => row.portal_id);
}

/** Installed portals that hold OAuth tokens, the latest installed first. */
export async function installedPortalsWithTokens(db: Reader, limit: number): Promise<string[]> {
  const r = await db.query<{ portal_id: string }>(
    `select p.portal_id from portals p join portal_tokens t using (portal_id)
      where p.status = 'active' order by p.installed_at desc limit $1`,
    [limit],
  );
  return r.rows.map((row) => row.portal_id);
}

/** The stage model the portal's admin chose: a preset id, a custom model (unparsed), or neither. */
export async function chosenModel(
  db: Reader,
  portalId: string,
): Promise<{ modelId: string | null; customModel: unknown } | undefined> {
  const r = await db.query<{ model_id: string | null; custom_model: unknown }>(
    'select model_id, custom_model from portals where portal_id = $1',
    [portalId],
  );
  const row = r.rows[0];
  return row && { modelId: row.model_id, customModel: row.custom_model };
}

/** Stores the admin's choice: a preset id, with the custom model's JSON when it is one. */
export async function saveChosenModel(
  db: Reader,
  portalId: string,
  modelId: string,
  customModelJson: string | null,
): Promise<void> {
  await db.query(
    `insert into portals (portal_id, model_id, custom_model) values ($1, $2, $3)
     on conflict (portal_id) do update set model_id = excluded.model_id, custom_model = excluded.custom_model`,
    [portalId, modelId, customModelJson],
  );
}

/** The hash of the property definitions last provisioned in HubSpot for the portal. */
export async function provisionedHash(db: Reader, portalId: string): Promise<string | null | undefined> {
  const r = await db.query<{ provisioned_hash: string | null }>(
    'select provisioned_hash from portals where portal_id = $1',
    [portalId],
  );
  return r.rows[0]?.provisioned_hash;
}

export async function saveProvisionedHash(db: Reader, portalId: string, hash: string): Promise<void> {
  await db.query(
    `insert into portals (portal_id, provisioned_hash) values ($1, $2)
     on conflict (portal_id) do update set provisioned_hash = excluded.provisioned_hash`,
    [portalId, hash],
  );
}

/** The portal's HubSpot app domain: a string, null before it was read, undefined without a row. */
export async function storedUiDomain(db: Reader, portalId: string): Promise<string | null | undefined> {
  const r = await db.query<{ ui_domain: string | null }>('select ui_domain from portals where portal_id = $1', [
    portalId,
  ]);
  return r.rows.length === 0 ? undefined : (r.rows[0]?.ui_domain ?? null);
}

export async function saveUiDomain(db: Reader, portalId: string, uiDomain: string): Promise<void> {
  await db.query('update portals set ui_domain = $2 where portal_id = $1', [portalId, uiDomain]);
}

/** The app was uninstalled from the portal at `at`: the portal is inactive from then on. */
export async function markUninstalledAt(db: Reader, portalId: string, at: Date): Promise<void> {
  await db.query(
    `insert into portals (portal_id, status, uninstalled_at) values ($1, 'inactive', $2)
     on conflict (portal_id) do update set status = 'inactive', uninstalled_at = excluded.uninstalled_at`,
    [portalId, at.toISOString()],
  );
}

/** Portals uninstalled before `cutoff` and not installed again since. */
export async function portalsUninstalledBefore(db: Reader, cutoff: Date): Promise<string[]> {
  const r = await db.query<{ portal_id: string }>(
    `select portal_id from portals where status = 'inactive' and uninstalled_at < $1`,
    [cutoff.toISOString()],
  );
  return r.rows.map((row) => row.portal_id);
}

/** Deletes the portals' rows (the last step of erasing them: src/store/portal-rows.ts erases the rest first). */
export async function deletePortals(db: Reader, portalIds: readonly string[]): Promise<void> {
  await db.query('delete from portals where portal_id = any($1::text[])', [portalIds]);
}

/** Those of the portals that are installed. */
export async function activePortalsAmong(db: Reader, portalIds: readonly string[]): Promise<string[]> {
  if (portalIds.length === 0) return [];
  const r = await db.query<{ portal_id: string }>(
    `select portal_id from portals where status = 'active' and portal_id = any($1::text[])`,
    [portalIds],
  );
  return r.rows.map((row) => row.portal_id);
}
