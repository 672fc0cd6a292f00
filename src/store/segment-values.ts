import type { Queryable } from './db.ts';

/**
 * The contact_segment_values table's statements (migration 0019): each contact's segment
 * properties (persona, owner, source) as dated values, read by the funnel's segments
 * (src/store/funnel-rows.ts) and decided by src/sync/record-segment-values.ts.
 */
export type SegmentValueRow = {
  contact_id: string;
  property: string;
  value: string;
  /** When HubSpot says the value changed, when known. */
  changed_at: string | null;
  /** When the value was read. */
  observed_at: string;
};

/**
 * Inserts each value that differs from the contact's latest stored one for that property, in
 * one statement: since `changed_at`, else `observed_at`, never before the latest stored date;
 * a contact's first value without a change time holds since '-infinity'. A value that arrives
 * late (since before stays already stored) moves the stays that began at or after it, and the
 * contact's current stay, in the same statement (migration 0033's trigger on this table).
 */
export async function insertSegmentValues(
  db: Queryable,
  portalId: string,
  rows: readonly SegmentValueRow[],
): Promise<void> {
  await db.query(
    `with x as (
       select * from jsonb_to_recordset($2::jsonb)
         as x(contact_id text, property text, value text, changed_at timestamptz, observed_at timestamptz)
     ),
     latest as (
       select distinct on (v.contact_id, v.property) v.contact_id, v.property, v.value, v.since
         from contact_segment_values v
        where v.portal_id = $1 and v.contact_id in (select contact_id from x)
        order by v.contact_id, v.property, v.since desc
     )
     insert into contact_segment_values (portal_id, contact_id, property, value, since)
     select $1, x.contact_id, x.property, x.value,
            case when l.since is null then coalesce(x.changed_at, '-infinity')
                 else greatest(coalesce(x.changed_at, x.observed_at), l.since) end
       from x left join latest l on l.contact_id = x.contact_id and l.property = x.property
      where l.value is distinct from x.value
     on conflict (portal_id, contact_id, property, since) do update set value = excluded.value`,
    [portalId, JSON.stringify(rows)],
  );
}
