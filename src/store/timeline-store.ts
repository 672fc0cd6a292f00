import type { Queryable } from './db.ts';
import { TimelineEntry } from '@journey-stages/contract/journey';
import { parseRow } from './parse-row.ts';

/** Each contact's stage history, in the order it was appended; an entry that no longer parses throws InvalidRowError. */
export async function loadTimelines(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  ids: string[],
): Promise<Map<string, TimelineEntry[]>> {
  const timelines = new Map<string, TimelineEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return timelines;
  const r = await db.query<{ contact_id: string; seq: number; entry: unknown }>(
    `select contact_id, seq, entry from timeline_entries
      where portal_id = $1 and contact_id = any($2::text[]) order by contact_id, seq`,
    [portalId, ids],
  );
  for (const row of r.rows) {
    const entry = parseRow(TimelineEntry, row.entry, {
      table: 'timeline_entries',
      column: 'entry',
      portalId,
      key: `contact ${row.contact_id} seq ${row.seq}`,
    });
    timelines.get(row.contact_id)?.push(entry);
  }
  return timelines;
}

/**
 * Appends entries after those a contact already has. The (portal, contact, seq) key makes
 * a concurrent second append of the same position fail instead of interleaving. Each entry's
 * segment_values (the contact's dated values in force at entered_at, for the segmented funnel)
 * are filled by migration 0033's trigger, whoever inserts the entries.
 */
export async function appendEntries(
  db: Queryable,
  portalId: string,
  appended: Array<{ contactId: string; from: number; entries: TimelineEntry[] }>,
): Promise<void> {
  const rows = appended.flatMap(({ contactId, from, entries }) =>
    entries.map((entry, i) => ({
      contact_id: contactId,
      seq: from + i,
      stage: entry.stage,
      entered_at: entry.enteredAt,
      direction: entry.direction,
      model_id: entry.model ?? '',
      entry,
    })),
  );
  if (rows.length === 0) return;
  await db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
     select $1, x.contact_id, x.seq, x.stage, x.entered_at, x.direction, x.model_id, x.entry
       from jsonb_to_recordset($2::jsonb) as x(contact_id text, seq int, stage text, entered_at timestamptz,
                                               direction text, model_id text, entry jsonb)`,
    [portalId, JSON.stringify(rows)],
  );
}
