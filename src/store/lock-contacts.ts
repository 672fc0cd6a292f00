import type { Queryable } from './db.ts';

/**
 * Takes the derivation lock of each contact until the caller's transaction ends: one
 * derivation per contact at a time across every process (the card's on-demand derivation
 * and the worker's), so two never append the same timeline position (duplicate key
 * timeline_entries_pkey). Sorted, so two batches that share contacts cannot deadlock.
 * Transaction-scoped advisory locks need no cleanup and work on PGlite too.
 */
export async function lockContacts(tx: Queryable, portalId: string, contactIds: string[]): Promise<void> {
  const keys = [...new Set(contactIds)].sort().map((id) => `${portalId}:${id}`);
  if (keys.length === 0) return;
  // The two-key form keeps these apart from single-key locks (the migration lock).
  await tx.query(
    `select pg_advisory_xact_lock(hashtext('journey-derivation'), hashtext(k)) from unnest($1::text[]) with ordinality as x(k, n) order by n`,
    [keys],
  );
}
