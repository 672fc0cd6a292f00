import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import type { Funnel } from './funnel-schema.ts';

/** What the funnel reads of a stage model (a StageModel fits). */
export type FunnelModel = {
  id: string;
  label?: string | undefined;
  stages: ReadonlyArray<{ id: string; label: string }>;
};

export type ComputeFunnelOptions = { portalId: string; model: FunnelModel; from: Date; to: Date };

const Row = z.object({
  stage: z.string(),
  current: z.int(),
  entered: z.int(),
  converted: z.int(),
  median_days: z.number().nullable(),
});

/**
 * One statement, all aggregation in the database. Each timeline entry carries what came
 * next on its contact's path (left_at, prev_same_at, stages_after: migration 0003), so:
 * - entered: entries in the period that are the contact's first into the stage in it
 *   (prev_same_at before `from`), one per contact without a distinct;
 * - converted: those of them followed, at any time since, by an entry into a later stage;
 * - median: stays (entry → next entry) that ended in the period, per stage;
 * - current: the contacts table, where a regression already left the contact lower.
 * Entries of other models and deleted contacts are left out.
 */
export const FUNNEL_SQL = `
with stages as materialized (
  select s.id, s.idx::int as idx from unnest($3::text[]) with ordinality as s(id, idx)
),
current_counts as (
  select c.stage, count(*) as n from contacts c
   where c.portal_id = $1 and c.model_id = $2 and not c.deleted
   group by c.stage
),
first_entries as (
  select t.stage, t.stages_after, count(*) as n from timeline_entries t
   where t.portal_id = $1 and t.model_id = $2 and t.entered_at >= $4 and t.entered_at < $5
     and (t.prev_same_at is null or t.prev_same_at < $4)
     and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
   group by t.stage, t.stages_after
),
flow as (
  select s.idx, sum(f.n) as entered,
         sum(f.n) filter (where exists (select 1 from stages l where l.idx > s.idx and l.id = any(f.stages_after))) as converted
    from stages s join first_entries f on f.stage = s.id
   group by s.idx
),
stays as (
  select s.idx, m.median_days from stages s cross join lateral (
    select percentile_cont(0.5) within group (order by extract(epoch from t.left_at - t.entered_at) / 86400) as median_days
      from timeline_entries t
     where t.portal_id = $1 and t.model_id = $2 and t.stage = s.id and t.left_at >= $4 and t.left_at < $5
       and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
  ) m
)
select s.id as stage, coalesce(c.n, 0)::int as current, coalesce(f.entered, 0)::int as entered,
       coalesce(f.converted, 0)::int as converted, st.median_days::float8 as median_days
  from stages s
  left join current_counts c on c.stage = s.id
  left join flow f on f.idx = s.idx
  left join stays st on st.idx = s.idx
 order by s.idx`;

/**
 * The funnel of one portal over the half-open period [from, to), per stage in model order
 * (CONTRACT.md §6), computed from the stored timelines in one query.
 *
 * @example
 * const funnel = await computeFunnel(db, { portalId: '62515', model, from, to });
 */
export async function computeFunnel(db: Queryable, options: ComputeFunnelOptions): Promise<Funnel> {
  const { portalId, model, from, to } = options;
  const result = await db.query(FUNNEL_SQL, [portalId, model.id, model.stages.map((s) => s.id), from.toISOString(), to.toISOString()]);
  const rows = z.array(Row).parse(result.rows);
  const last = model.stages.length - 1;
  return {
    portalId,
    model: { id: model.id, ...(model.label === undefined ? {} : { label: model.label }), stages: model.stages.map(({ id, label }) => ({ id, label })) },
    from: from.toISOString(),
    to: to.toISOString(),
    stages: rows.map((row, index) => ({
      stage: row.stage,
      current: row.current,
      entered: row.entered,
      // null, not 0, when nobody entered: no share can be measured (and the last stage has no next).
      conversionToNext: index === last || row.entered === 0 ? null : round(row.converted / row.entered, 4),
      medianDaysInStage: row.median_days === null ? null : round(row.median_days, 1),
    })),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
