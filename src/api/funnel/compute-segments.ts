import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { computeFunnelStages, type ComputeFunnelOptions } from './compute-funnel.ts';

/** At most this many values get a funnel of their own (the most frequent ones). */
export const MAX_SEGMENTS = 20;

/**
 * Values of the property among the portal's current contacts, most frequent first. Read
 * from contacts.evidence, the HubSpot values the last derivation read: the sync reads only
 * the properties the stage model uses, so a property it does not read shows every contact
 * under '' (no value). A contact counts in the segment it is in now, not the one it had
 * when it entered a stage (that needs the sync to store the property's changes with dates).
 */
const VALUES_SQL = `
select coalesce(c.evidence->'contact'->'properties'->>$3::text, '') as value, count(*)::int as n
  from contacts c
 where c.portal_id = $1 and c.model_id = $2 and not c.deleted
 group by 1 order by n desc, value limit $4`;

const ValueRow = z.object({ value: z.string(), n: z.int() });

/**
 * The funnel of each value of a contact property (CONTRACT.md §8, `?segment=PROPERTY`).
 * Labels: the property's options are not stored, so a value is its own label; '' (no value)
 * is labelled "(no value)".
 *
 * @example
 * const segments = await computeSegments(db, { portalId, model, from, to, now }, 'lifecyclestage');
 */
export async function computeSegments(db: Queryable, options: Omit<ComputeFunnelOptions, 'segment'>, property: string): Promise<NonNullable<Funnel['segments']>> {
  const result = await db.query(VALUES_SQL, [options.portalId, options.model.id, property, MAX_SEGMENTS]);
  const values = z.array(ValueRow).parse(result.rows);
  const segments: NonNullable<Funnel['segments']> = [];
  // One at a time: a single connection (PGlite) answers them in turn anyway.
  for (const { value } of values)
    segments.push({ value, label: value === '' ? '(no value)' : value, stages: await computeFunnelStages(db, { ...options, segment: { property, value } }) });
  return segments;
}
