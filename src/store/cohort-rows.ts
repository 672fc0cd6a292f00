import { z } from 'zod';
import type { Queryable } from './db.ts';

/**
 * Contacts whose journey (under the model) began in [from, to), counted per month and per
 * (stages entered, window of each first entry): journey_starts (migration 0014) keeps both
 * per contact, so this is one index range scan per month (UTC) of the period that returns a few
 * dozen groups: the month is the range's, not a date_trunc of every journey (a sixth less
 * time at a million timelines). The model's stage order is applied to them afterwards.
 * Deleted contacts left out.
 */
export const COHORTS_SQL = `
select to_char(m.month, 'YYYY-MM-DD') as start, g.stages, g.windows, g.n
  from generate_series(date_trunc('month', $3::timestamptz at time zone 'UTC'), $4::timestamptz at time zone 'UTC',
                       interval '1 month') as m(month)
 cross join lateral (
   select j.stages, j.windows, count(*)::int as n
     from journey_starts j
    where j.portal_id = $1 and j.model_id = $2
      and j.started_at >= greatest($3::timestamptz, m.month at time zone 'UTC')
      and j.started_at < least($4::timestamptz, (m.month + interval '1 month') at time zone 'UTC')
      and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = j.contact_id and d.deleted)
    group by j.stages, j.windows
 ) g`;

export const CohortRow = z.object({
  start: z.string(),
  stages: z.array(z.string()),
  windows: z.array(z.int()),
  n: z.int(),
});
export type CohortRow = z.infer<typeof CohortRow>;

/** The cohort groups of the model's journeys that began in [from, to) (src/api/analytics/compute-cohorts.ts). */
export async function readCohortRows(
  db: Queryable,
  portalId: string,
  modelId: string,
  from: Date,
  to: Date,
): Promise<CohortRow[]> {
  const result = await db.query(COHORTS_SQL, [portalId, modelId, from.toISOString(), to.toISOString()]);
  return z.array(CohortRow).parse(result.rows);
}
