import { z } from 'zod';
import type { Queryable } from './db.ts';
import { parseRow } from './parse-row.ts';

/**
 * The webhook_inbox table's statements: webhook requests as received, one row per portal they
 * name, each expanded into stored events by a job (src/intake/inbox-writer.ts writes them,
 * src/intake/expand-inbox.ts expands and deletes them).
 */

type Reader = Pick<Queryable, 'query'>;

/** One row to store: the events of one request that name one portal, as JSON, or quarantined whole with a reason. */
export type NewInboxRow = { portalId: string; events: string; receivedAt: Date; quarantineReason: string | null };

/**
 * The insert of some inbox rows, for the queue's insertWithJobs (which queues a job per row in
 * the same statement): it returns `portal_id, id as key`. Each row binds its own four
 * parameters: a request's events (25 kB of JSON) bound inside a text array were escaped into an
 * array literal and parsed back, four times the cost of the insert itself on PGlite
 * (docs/performance.md, "PGlite intake"). inbox-writer.ts puts at most 10,200 rows
 * in one statement, 40,800 parameters (PostgreSQL allows 65,535).
 */
export function inboxRowsInsert(rows: readonly NewInboxRow[]): { sql: string; params: unknown[] } {
  const values = rows.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}::timestamptz, $${4 * i + 4})`);
  return {
    sql: `insert into webhook_inbox (portal_id, events, received_at, quarantine_reason)
     values ${values.join(', ')} returning portal_id, id as key`,
    params: rows.flatMap((row) => [row.portalId, row.events, row.receivedAt.toISOString(), row.quarantineReason]),
  };
}

/** A stored inbox row: its events still as JSON text. */
export type InboxRow = { events: string; receivedAt: Date; quarantineReason: string | null };

const StoredInboxRow = z.object({
  events: z.string(),
  received_at: z.union([z.date(), z.string()]).transform((v) => new Date(v)),
  quarantine_reason: z.string().nullable(),
});

/** The inbox row, or undefined once it was expanded (deleted). */
export async function inboxRow(db: Reader, portalId: string, id: string): Promise<InboxRow | undefined> {
  const r = await db.query(
    'select events, received_at, quarantine_reason from webhook_inbox where portal_id = $1 and id = $2',
    [portalId, id],
  );
  if (r.rows[0] === undefined) return undefined;
  const row = parseRow(StoredInboxRow, r.rows[0], {
    table: 'webhook_inbox',
    column: 'events, received_at, quarantine_reason',
    portalId,
    key: `id ${id}`,
  });
  return { events: row.events, receivedAt: row.received_at, quarantineReason: row.quarantine_reason };
}

/** Deletes the inbox row; false when it was gone already (another worker expanded it). */
export async function deleteInboxRow(db: Reader, portalId: string, id: string): Promise<boolean> {
  const r = await db.query('delete from webhook_inbox where portal_id = $1 and id = $2', [portalId, id]);
  return r.rowCount > 0;
}
