import type { Queryable } from './db.ts';

/**
 * The oauth_states table's statements: the one-time `state` values of installs under way
 * (src/install/oauth-state.ts issues them). Rows belong to no portal yet (portal_id '').
 */

/**
 * Stores a new state, drops expired ones, and keeps the client's newest `perClient` and
 * everyone's newest `total` (the new state always stays).
 */
export async function saveState(
  db: Queryable,
  s: { state: string; client: string; expiresAt: Date; now: Date; limits: { perClient: number; total: number } },
): Promise<void> {
  await db.query(`delete from oauth_states where portal_id = '' and expires_at < $1`, [s.now.toISOString()]);
  await db.query(`insert into oauth_states (portal_id, state, expires_at, client) values ('', $1, $2, $3)`, [
    s.state,
    s.expiresAt.toISOString(),
    s.client,
  ]);
  await db.query(
    `delete from oauth_states where portal_id = '' and state in (
       select state from oauth_states where portal_id = '' and client = $1 and state <> $2
        order by expires_at desc offset $3)`,
    [s.client, s.state, s.limits.perClient - 1],
  );
  await db.query(
    `delete from oauth_states where portal_id = '' and state in (
       select state from oauth_states where portal_id = '' and state <> $1 order by expires_at desc offset $2)`,
    [s.state, s.limits.total - 1],
  );
}

/** Deletes the state if it is stored and not expired at `now`; whether it was. */
export async function takeState(db: Queryable, state: string, now: Date): Promise<boolean> {
  const r = await db.query(
    `delete from oauth_states where portal_id = '' and state = $1 and expires_at >= $2 returning state`,
    [state, now.toISOString()],
  );
  return r.rows.length > 0;
}
