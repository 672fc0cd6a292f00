import type { Queryable } from './db.ts';

/**
 * Marks contacts' cached touchpoints stale (table `contact_touchpoints`, whose reads and saves
 * live in src/store/contact-touchpoints.ts): a webhook said a ticket, email, call or meeting
 * was associated with the contact or taken off it. No HubSpot call here; the next card view
 * reads them again (docs/touchpoints.md, "Webhooks"). Contacts with nothing cached are skipped.
 */
export async function expireTouchpoints(
  db: Queryable,
  contacts: ReadonlyArray<{ portalId: string; contactId: string }>,
): Promise<void> {
  if (contacts.length === 0) return;
  await db.query(
    `update contact_touchpoints c set read_at = 'epoch'
       from unnest($1::text[], $2::text[]) as x(portal_id, contact_id)
      where c.portal_id = x.portal_id and c.contact_id = x.contact_id`,
    [contacts.map((c) => c.portalId), contacts.map((c) => c.contactId)],
  );
}
