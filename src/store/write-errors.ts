import type { Queryable } from './db.ts';

export type WriteError = { portalId: string; contactId: string; error: string };

/**
 * Contacts whose last write HubSpot refused (`contacts.write_error`, set by markWritten and
 * markHealthWritten), erased and deleted ones left out: at most `limit`, with how many there are.
 */
export async function listWriteErrors(
  db: Pick<Queryable, 'query'>,
  limit: number,
): Promise<{ total: number; contacts: WriteError[] }> {
  const r = await db.query<{ portal_id: string; contact_id: string; write_error: string; total: number | string }>(
    `select portal_id, contact_id, write_error, count(*) over () as total from contacts
      where write_error is not null and not deleted
      order by portal_id, contact_id limit $1`,
    [limit],
  );
  return {
    total: Number(r.rows[0]?.total ?? 0),
    contacts: r.rows.map((row) => ({ portalId: row.portal_id, contactId: row.contact_id, error: row.write_error })),
  };
}
