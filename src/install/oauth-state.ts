import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';

/** How long an install may take from /oauth/install to the callback. */
export const STATE_TTL_MS = 10 * 60_000;

/**
 * States kept at once. /oauth/install answers anyone without a signature, so each request's
 * row is bounded: a client (its address) keeps its newest few, and all clients together the
 * newest `total`. An install whose state was pushed out starts again; nothing grows without end.
 */
export const STATE_LIMITS = { perClient: 5, total: 10_000 };

/** A new one-time `state` for the authorize URL (CSRF protection of the callback). */
export async function issueState(
  db: Queryable,
  now: Date,
  client: string,
  limits: { perClient: number; total: number } = STATE_LIMITS,
): Promise<string> {
  const state = randomBytes(32).toString('base64url');
  await db.query(`delete from oauth_states where portal_id = '' and expires_at < $1`, [now.toISOString()]);
  await db.query(`insert into oauth_states (portal_id, state, expires_at, client) values ('', $1, $2, $3)`, [
    state,
    new Date(now.getTime() + STATE_TTL_MS).toISOString(),
    client,
  ]);
  // The new state stays; the others are kept newest first up to the bounds.
  await db.query(
    `delete from oauth_states where portal_id = '' and state in (
       select state from oauth_states where portal_id = '' and client = $1 and state <> $2
        order by expires_at desc offset $3)`,
    [client, state, limits.perClient - 1],
  );
  await db.query(
    `delete from oauth_states where portal_id = '' and state in (
       select state from oauth_states where portal_id = '' and state <> $1 order by expires_at desc offset $2)`,
    [state, limits.total - 1],
  );
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
