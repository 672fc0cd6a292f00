import type { Db } from '../store/db.ts';
import { listWriteErrors } from '../store/write-errors.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';

/** How many refused contacts the line names; the count says how many more there are. */
const LISTED = 10;

/**
 * Contacts whose stage or health HubSpot refused to take (a validation rule of the portal, a
 * contact deleted meanwhile): each was tried alone once and is not tried again before it
 * changes (docs/hubspot.md, "Refused writes"), so only a person can fix it.
 */
export async function checkWriteErrors(db: Db | undefined): Promise<CheckResult> {
  if (db === undefined) return skip('writes', 'not checked: no database to read');
  const { total, contacts } = await listWriteErrors(db, LISTED);
  if (total === 0) return ok('writes', 'HubSpot took every contact write (no contact carries a write error)');
  const listed = contacts.map((c) => `portal ${c.portalId} contact ${c.contactId}: ${c.error}`).join('; ');
  const more = total > contacts.length ? `; and ${total - contacts.length} more` : '';
  return fail(
    'writes',
    `HubSpot refused our write for ${total} contact${total === 1 ? '' : 's'} (${listed}${more}). Each card says why; ` +
      "fix the portal's validation rule for the Journey Stages properties (or the contact): the contact's next change writes it again",
  );
}
