import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import type { FunnelModel } from '../funnel/compute-funnel.ts';
import type { Cohort } from './analytics-schema.ts';

export const WINDOWS = [30, 60, 90] as const;

/**
 * Per contact whose journey (under the model) began in [from, to): its month, and the
 * furthest stage (model index) it reached within 30, 60 and 90 days of that first entry,
 * counted per combination (hours, not days: day arithmetic would follow the session's time
 * zone). journey_starts (migration 0014) holds each contact's first
 * entry into each stage, so this is one index range scan; deleted contacts left out.
 */
export const COHORTS_SQL = `
with stages as materialized (
  select s.id, s.idx::int as idx from unnest($3::text[]) with ordinality as s(id, idx)
)
select to_char(date_trunc('month', j.started_at at time zone 'UTC'), 'YYYY-MM-DD') as start, m.r30, m.r60, m.r90, count(*)::int as n
  from journey_starts j
 cross join lateral (
   select max(s.idx) filter (where f.at <= j.started_at + interval '720 hours') as r30,
          max(s.idx) filter (where f.at <= j.started_at + interval '1440 hours') as r60,
          max(s.idx) filter (where f.at <= j.started_at + interval '2160 hours') as r90
     from unnest(j.stages, j.firsts) as f(stage, at) join stages s on s.id = f.stage
 ) m
 where j.portal_id = $1 and j.model_id = $2 and j.started_at >= $4 and j.started_at < $5
   and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = j.contact_id and d.deleted)
 group by 1, 2, 3, 4`;

const Row = z.object({ start: z.string(), r30: z.int().nullable(), r60: z.int().nullable(), r90: z.int().nullable(), n: z.int() });

export type CohortsOptions = { portalId: string; model: FunnelModel; from: Date; to: Date };

/**
 * Contacts grouped by the UTC month of their first stage entry (CONTRACT.md §8), one row per
 * month that overlaps [from, to), empty months included; for every stage after the model's
 * first, the share of the cohort that reached it or a later stage (skips count) within 30,
 * 60 and 90 days. Shares are over the whole cohort: a young cohort's 90-day share can still grow.
 *
 * @example
 * const cohorts = await computeCohorts(db, { portalId: '62515', model, from, to });
 */
export async function computeCohorts(db: Queryable, options: CohortsOptions): Promise<Cohort[]> {
  const { portalId, model, from, to } = options;
  const result = await db.query(COHORTS_SQL, [portalId, model.id, model.stages.map((s) => s.id), from.toISOString(), to.toISOString()]);
  const rows = z.array(Row).parse(result.rows);
  const later = model.stages.slice(1).map((s, i) => ({ id: s.id, idx: i + 2 }));
  return months(from, to).map((start) => {
    const mine = rows.filter((r) => r.start === start);
    const size = mine.reduce((n, r) => n + r.n, 0);
    const share = (idx: number, reached: (r: z.infer<typeof Row>) => number | null) =>
      size === 0 ? null : Math.round((mine.reduce((n, r) => n + ((reached(r) ?? 0) >= idx ? r.n : 0), 0) / size) * 1e4) / 1e4;
    const reached = Object.fromEntries(later.map(({ id, idx }) => [id, { '30': share(idx, (r) => r.r30), '60': share(idx, (r) => r.r60), '90': share(idx, (r) => r.r90) }]));
    return { start, size, reached };
  });
}

/** The first days (YYYY-MM-DD) of the UTC months that overlap [from, to). */
export function months(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let m = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1); m < to.getTime(); ) {
    const d = new Date(m);
    out.push(d.toISOString().slice(0, 10));
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}
