import type { Queryable } from './db.ts';

/**
 * portal_tokens' refusal and daily-check columns (migration 0029): a refresh HubSpot refused
 * while the refresh token stayed active, and when each installed portal's refresh token was
 * last introspected (docs/install.md, "Refused refreshes"). The tokens themselves are written
 * by src/store/portal-tokens.ts, which clears a refusal with the next good refresh.
 */

/**
 * Ends a refresh claim HubSpot refused with the token still active: the tokens stay, the
 * refusal is remembered, and no process tries again before the returned time (the same
 * backoff as a failed refresh: 5 s, doubling, at most 5 minutes).
 */
export async function refreshRefused(
  db: Queryable,
  portalId: string,
  now: Date,
  reason: string,
): Promise<Date | undefined> {
  const r = await db.query<{ refresh_retry_at: Date | string }>(
    `update portal_tokens
        set refresh_claimed_until = null, refresh_failures = refresh_failures + 1,
            refresh_retry_at = $2::timestamptz + least(300, 5 * power(2, least(refresh_failures, 10))) * interval '1 second',
            refresh_refused_at = $2, refresh_refusal = $3
      where portal_id = $1
      returning refresh_retry_at`,
    [portalId, now.toISOString(), reason],
  );
  return r.rows[0] ? new Date(r.rows[0].refresh_retry_at) : undefined;
}

export type RefusedRefresh = { portalId: string; refusedAt: Date; reason: string; failures: number };

/** Installed portals whose last refresh HubSpot refused though their refresh token is active. */
export async function refusedRefreshes(db: Queryable): Promise<RefusedRefresh[]> {
  const r = await db.query<{
    portal_id: string;
    refresh_refused_at: Date | string;
    refresh_refusal: string;
    refresh_failures: number;
  }>(
    `select t.portal_id, t.refresh_refused_at, t.refresh_refusal, t.refresh_failures
       from portal_tokens t join portals p using (portal_id)
      where p.status = 'active' and t.refresh_refused_at is not null
      order by t.portal_id`,
  );
  return r.rows.map((row) => ({
    portalId: row.portal_id,
    refusedAt: new Date(row.refresh_refused_at),
    reason: row.refresh_refusal,
    failures: row.refresh_failures,
  }));
}

/** Installed portals whose refresh token was not introspected since `before`, the longest unchecked first. */
export async function portalsToIntrospect(db: Queryable, before: Date, limit: number): Promise<string[]> {
  const r = await db.query<{ portal_id: string }>(
    `select t.portal_id from portal_tokens t join portals p using (portal_id)
      where p.status = 'active' and (t.introspected_at is null or t.introspected_at < $1)
      order by t.introspected_at nulls first, t.portal_id limit $2`,
    [before.toISOString(), limit],
  );
  return r.rows.map((row) => row.portal_id);
}

/** HubSpot's introspection said the portal's refresh token is active. */
export async function markIntrospected(db: Queryable, portalId: string, at: Date): Promise<void> {
  await db.query('update portal_tokens set introspected_at = $2 where portal_id = $1', [portalId, at.toISOString()]);
}
