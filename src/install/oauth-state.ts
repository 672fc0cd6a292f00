import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import { saveState, takeState } from '../store/oauth-states.ts';

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
  await saveState(db, { state, client, expiresAt: new Date(now.getTime() + STATE_TTL_MS), now, limits });
  return state;
}

/** True once for a state we issued within ten minutes; consumed atomically, so a replay fails. */
export async function consumeState(db: Queryable, state: string, now: Date): Promise<boolean> {
  return takeState(db, state, now);
}
