import type { Queryable } from './db.ts';

/**
 * The segment_option_labels table's statements (migration 0020): the option labels of the
 * segment properties as last read from HubSpot, so the funnel's segments show names.
 */

/** The stored options of a contact property and when they were read; undefined before the first read. */
export async function storedOptionLabels(
  db: Queryable,
  portalId: string,
  property: string,
): Promise<{ options: unknown; readAt: Date } | undefined> {
  const r = await db.query<{ options: unknown; read_at: Date | string }>(
    'select options, read_at from segment_option_labels where portal_id = $1 and property = $2',
    [portalId, property],
  );
  const row = r.rows[0];
  return row && { options: row.options, readAt: new Date(row.read_at) };
}

/** Replaces the stored options of a contact property, read from HubSpot at `now`. */
export async function saveOptionLabels(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  property: string,
  options: ReadonlyArray<{ value: string; label: string }>,
  now: Date,
): Promise<void> {
  await db.query(
    `insert into segment_option_labels (portal_id, property, options, read_at) values ($1, $2, $3, $4)
     on conflict (portal_id, property) do update set options = excluded.options, read_at = excluded.read_at`,
    [portalId, property, JSON.stringify(options), now.toISOString()],
  );
}
