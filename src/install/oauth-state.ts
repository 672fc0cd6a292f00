import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';

/** How long an install may take from /oauth/install to the callback. */
export const STATE_TTL_MS = 10 * 60_000;

/** A new one-time `state` for the authorize URL (CSRF protection of the callback). */
export async function issueState(db: Queryable, now: Date): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  await db.query(`delete from oauth_states where portal_id = '' and expires_at < $1`, [now.toISOString()]);
  await db.query(`insert into oauth_states (portal_id, state, expires_at) values ('', $1, $2)`, [
    state,
    new Date(now.getTime() + STATE_TTL_MS).toISOString(),
  ]);
  return state;
}

/** True once for a state we issued within ten minutes; consumed atomically, so a replay fails. */
export async function consumeState(db: Queryable, state: string, now: Date): Promise<boolean> {
  const r = await db.query(
    `delete from oauth_states where portal_id = '' and state = $1 and expires_at >= $2 returning state`,
    [state, now.toISOString()],
  );
  return r.rows.length > 0;
}
