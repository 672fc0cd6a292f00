import type { Queryable } from './db.ts';

/**
 * The health_snoozes table's statements: a rep's snooze of a contact's health flag
 * (docs/health.md). Other modules read it joined with the contact (stored-journey,
 * owner-task-store) and the privacy erasure deletes it with the rest of the person.
 */

/** Snoozes the contact's flag until `until`, replacing a snooze it had; `snoozedBy` is the rep's user id. */
export async function saveSnooze(
  db: Queryable,
  s: { portalId: string; contactId: string; until: Date; reason: string; snoozedBy: string | null; now: Date },
): Promise<void> {
  await db.query(
    `insert into health_snoozes (portal_id, contact_id, until_at, reason, snoozed_by, created_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (portal_id, contact_id) do update set until_at = excluded.until_at, reason = excluded.reason,
       snoozed_by = excluded.snoozed_by, created_at = excluded.created_at`,
    [s.portalId, s.contactId, s.until.toISOString(), s.reason, s.snoozedBy, s.now.toISOString()],
  );
}

/** Lifts the contact's snooze (nothing when it has none). */
export async function liftSnooze(db: Queryable, portalId: string, contactId: string): Promise<void> {
  await db.query('delete from health_snoozes where portal_id = $1 and contact_id = $2', [portalId, contactId]);
}
