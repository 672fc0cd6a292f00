import { z } from 'zod';
import type { Db, Queryable } from './db.ts';

/**
 * The funnel's statements over the stored timelines (docs/api.md, "Funnel"): one query per
 * answer, per stage in model order, optionally per value of a segment property. The API
 * (src/api/funnel/compute-funnel.ts) shapes the rows into the funnel JSON.
 */

const FunnelRow = z.object({
  segment: z.string(),
  stage: z.string(),
  current: z.int(),
  entered: z.int(),
  converted: z.int(),
  median_days: z.number().nullable(),
  p50_days: z.number().nullable(),
  p75_days: z.number().nullable(),
  p90_days: z.number().nullable(),
  stuck: z.int(),
  movers: z.int(),
  movers_p50: z.number().nullable(),
  movers_p75: z.number().nullable(),
  movers_p90: z.number().nullable(),
});
export type FunnelRow = z.infer<typeof FunnelRow>;

/** The segment a row is counted in: a value expression over a row of timeline_entries or contacts. */
type Segmenter = (alias: string) => string;

const ALL_CONTACTS: Segmenter = () => `''`;

/**
 * The value of contact property $7 a stay began in: the row's segment_values (migration 0033,
 * written with the stay and moved by a dated value that arrives late), the values in force at
 * its start ('' if it began before the contact's first dated value). A contact with no dated
 * value of $7 at all (stored before the sync kept them, or a property the sync does not read)
 * counts in the value its stored evidence has now (coalesce reads it only for those).
 */
const BY_VALUE_AT_ENTRY: Segmenter = (alias) => `coalesce(${alias}.segment_values->>$7::text,
    (select sc.evidence->'contact'->'properties'->>$7::text from contacts sc
      where sc.portal_id = $1 and sc.contact_id = ${alias}.contact_id), '')`;

/**
 * One statement, all aggregation in the database, per segment value (one '' without $7) and
 * stage. Each timeline entry carries what came next on its contact's path (left_at,
 * prev_same_at, stages_after: migration 0004), so:
 * - entered: entries in the period that are the contact's first into the stage in it
 *   (prev_same_at before `from`), one per contact without a distinct;
 * - converted: those of them followed, at any time since, by an entry into a later stage;
 * - median: stays (entry → next entry) that ended in the period, per stage;
 * - p50/p75/p90 (Kaplan–Meier): stays that began in the period, those still going
 *   censored at `now` (their length so far); see kaplanMeierSql;
 * - current: the contacts table, where a regression already left the contact lower;
 * - stuck: contacts now in the stage whose health (migration 0008) is stuck;
 * - movers: stays that ended in the period by moving forward (migration 0023), their count and
 *   the quantiles of their length (percentile_disc, as the health thresholds: docs/health.md).
 * Entries of other models and deleted contacts are left out. Segmented (a contact property
 * $7), every stay counts in the value the contact had when it began (BY_VALUE_AT_ENTRY): a
 * contact's current stay at its stage_entered_at, an entry at its entered_at.
 */
const SEGMENT_VALUES = 'select segment from now_counts union select segment from begun union select segment from stays';

const funnelSql = (seg: Segmenter) => `
with stages as materialized (
  select s.id, s.idx::int as idx from unnest($3::text[]) with ordinality as s(id, idx)
),
-- current and stuck: the counts kept by triggers (a few rows, not a scan of every contact):
-- unsegmented, migration 0022's; per value, migration 0033's of the contacts that have a dated
-- value of $7. Those that have none (stored before the sync kept them, or a property it does not
-- read) count in their evidence's value: read by one pass over the contacts, made only when
-- the segment counts hold fewer contacts than the stage counts.
now_counts as (${
  seg === ALL_CONTACTS
    ? `
  select '' as segment, k.stage, sum(k.n) as current, sum(k.n) filter (where k.health = 'stuck') as stuck
    from contact_stage_counts k where k.portal_id = $1 and k.model_id = $2 group by k.stage`
    : `
  select n.segment, n.stage, sum(n.current) as current, sum(n.stuck) as stuck from (
  select k.value as segment, k.stage, sum(k.n) as current, sum(k.n) filter (where k.health = 'stuck') as stuck
    from contact_segment_counts k where k.portal_id = $1 and k.model_id = $2 and k.property = $7::text
   group by k.value, k.stage having sum(k.n) <> 0
  union all
  select x.segment, x.stage, count(*) as current, count(*) filter (where x.health = 'stuck') as stuck from (
    select c.stage, c.health, ${seg('c')} as segment from contacts c
     where c.portal_id = $1 and c.model_id = $2 and not c.deleted and not c.segment_values ? $7::text
       and (select coalesce(sum(k.n), 0) from contact_stage_counts k where k.portal_id = $1 and k.model_id = $2)
        <> (select coalesce(sum(k.n), 0) from contact_segment_counts k
             where k.portal_id = $1 and k.model_id = $2 and k.property = $7::text)
  ) x group by x.segment, x.stage
  ) n group by n.segment, n.stage`
}
),
-- The entries that began in the period, read once and reduced at once to a few thousand
-- groups (no materialized copy of every entry): per stage, whether the entry is the
-- contact's first into the stage in the period, whether a later stage of the model ($3)
-- followed it, and its length to a tenth of a day (see begun). The last three are packed in
-- one integer key k (tenths * 4 + first * 2 + converted; >> and & unpack it, negative lengths
-- included): one narrow key hashes faster than three, and the planner, which estimates the
-- groups from the keys, then hashes them in work_mem instead of sorting every entry on disk.
period_groups as (
  select g.segment, g.stage, (g.k & 2) <> 0 as first, (g.k & 1) <> 0 as converted, (g.k >> 2)::float8 / 10 as days,
         g.ended, g.n from (
    select e.segment, e.stage, e.k, count(*) filter (where e.ended) as ended, count(*) as n from (
      select t.stage,
             round(date_part('epoch', coalesce(t.left_at, $6::timestamptz) - t.entered_at) / 8640)::bigint * 4
             + case when t.prev_same_at is null or t.prev_same_at < $4 then
                 -- most stays of a recent period still last: nothing after them, no slice to build
                 2 + case when cardinality(t.stages_after) = 0 then 0
                          else coalesce(t.stages_after && ($3::text[])[array_position($3::text[], t.stage) + 1:], false)::int end
               else 0 end as k,
             t.left_at is not null as ended,
             ${seg('t')} as segment
        from timeline_entries t
       where t.portal_id = $1 and t.model_id = $2 and t.entered_at >= $4 and t.entered_at < $5
         and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
      -- a fence: the groups are estimated from these columns, not from every contact id the
      -- segment's fallback refers to
      offset 0
    ) e group by 1, 2, 3
  ) g
),
flow as (
  select g.segment, s.idx, sum(g.n) filter (where g.first) as entered, sum(g.n) filter (where g.converted) as converted
    from stages s join period_groups g on g.stage = s.id
   group by g.segment, s.idx
),
-- The stays that ended in the period, per stage, read once (migration 0034's index holds them
-- with left_forward) for two figures:
-- - the median of all of them: percentile_cont(0.5) of their lengths in days, as PostgreSQL
--   computes it (orderedsetaggs.c: the values at 0-based rows floor and ceil of (n - 1) / 2 of
--   the sorted lengths, lo + 0.5 * (hi - lo) in float8), but the lengths are sorted as intervals
--   (same order) and only those two are turned into days: the numeric day count of every stay
--   cost more than the sort;
-- - the movers, those that ended by moving forward (migration 0023): their count and the
--   quantiles of their length as percentile_disc(q) gives them (orderedsetaggs.c: the value at
--   1-based row ceil(q * n), computed in float8, of the sorted lengths).
-- One read instead of a second one of the movers' partial index: it read most of the same stays.
stays as (
  select s.idx, m.segment, m.lo + 0.5::float8 * (m.hi - m.lo) as median_days,
         m.movers, m.movers_p50, m.movers_p75, m.movers_p90 from stages s join lateral (
    select a.segment, a.stage, (extract(epoch from a.lengths[(a.n - 1) / 2 + 1]) / 86400)::float8 as lo,
           (extract(epoch from a.lengths[a.n / 2 + 1]) / 86400)::float8 as hi, a.movers,
           (extract(epoch from a.forward[ceil(0.5::float8 * a.movers)::int]) / 86400)::float8 as movers_p50,
           (extract(epoch from a.forward[ceil(0.75::float8 * a.movers)::int]) / 86400)::float8 as movers_p75,
           (extract(epoch from a.forward[ceil(0.9::float8 * a.movers)::int]) / 86400)::float8 as movers_p90 from (
      select e.segment, e.stage, array_agg(e.length order by e.length) as lengths, count(*)::int as n,
             array_agg(e.length order by e.length) filter (where e.left_forward) as forward,
             count(*) filter (where e.left_forward)::int as movers from (
        select t.stage, t.left_at - t.entered_at as length, t.left_forward,
               ${seg('t')} as segment
          from timeline_entries t
         where t.portal_id = $1 and t.model_id = $2 and t.stage = s.id
           and t.left_at >= $4 and t.left_at < $5
           and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
      ) e group by e.segment, e.stage
    ) a
  ) m on true
),
  -- Kaplan–Meier as in src/analytics/kaplan-meier.ts: per distinct length, the stays that
  -- ended then and those at risk (every stay at least that long, censored ones included, so
  -- at equal lengths ended stays count first); S(t) = product of (1 - ended / at risk), summed
  -- as logarithms (float8: numeric logarithms cost seconds at a million timelines); a
  -- quantile q is the first length where S(t) <= 1 - q. Lengths are taken to a tenth of a day,
  -- the precision of the answer: a few thousand groups per stage instead of one per stay.
  begun as (
    select g.segment, g.stage, g.days, sum(g.ended) as ended, sum(g.n) as n
      from period_groups g group by g.segment, g.stage, g.days
  ),
  at_risk as (
    select b.segment, b.stage, b.days, b.ended,
           (sum(b.n) over (partition by b.segment, b.stage order by b.days desc rows unbounded preceding))::float8
             as at_risk
      from begun b
  ),
  survival as (
    select r.segment, r.stage, r.days,
           bool_or(r.ended = r.at_risk) over w as zero,
           sum(case when r.ended < r.at_risk then ln(1 - r.ended / r.at_risk) else 0 end) over w as log_s
      from at_risk r where r.ended > 0
    window w as (partition by r.segment, r.stage order by r.days rows unbounded preceding)
  ),
  quantiles as (
    select v.segment, v.stage,
           min(v.days) filter (where v.zero or exp(v.log_s) <= 0.5 + 1e-10) as p50,
           min(v.days) filter (where v.zero or exp(v.log_s) <= 0.25 + 1e-10) as p75,
           min(v.days) filter (where v.zero or exp(v.log_s) <= 0.1 + 1e-10) as p90
      from survival v group by v.segment, v.stage
  ),
  -- every value a contact is counted in (now, or for a stay of the period); only '' unsegmented
  segments as (
    ${seg === ALL_CONTACTS ? `select '' as segment` : SEGMENT_VALUES}
  )
  select g.segment, s.id as stage, coalesce(c.current, 0)::int as current, coalesce(f.entered, 0)::int as entered,
         coalesce(f.converted, 0)::int as converted, st.median_days::float8 as median_days,
         q.p50::float8 as p50_days, q.p75::float8 as p75_days, q.p90::float8 as p90_days, coalesce(c.stuck, 0)::int as stuck,
         coalesce(st.movers, 0)::int as movers, st.movers_p50, st.movers_p75, st.movers_p90
    from segments g cross join stages s
    left join now_counts c on c.segment = g.segment and c.stage = s.id
    left join flow f on f.segment = g.segment and f.idx = s.idx
    left join stays st on st.segment = g.segment and st.idx = s.idx
    left join quantiles q on q.segment = g.segment and q.stage = s.id
   order by g.segment, s.idx`;

/** The funnel of all contacts: $1 portal, $2 model, $3 stage ids, $4 from, $5 to, $6 now. */
export const FUNNEL_SQL = funnelSql(ALL_CONTACTS);
/** The same per value of contact property $7, each stay in the value in force when it began. */
export const SEGMENT_FUNNEL_SQL = funnelSql(BY_VALUE_AT_ENTRY);

/** What reads the funnel: a database that can open a transaction for the statement's settings. */
export type FunnelReader = Queryable & Pick<Db, 'transaction'>;

/**
 * The statement's own planner settings, local to its transaction (set_config(…, true) is SET
 * LOCAL), measured at a million timelines (docs/performance.md, "What the 2026-12-07 funnel
 * figures show"):
 * - no JIT: the segmented statement's estimate (the evidence fallback of every stay counted as
 *   one lookup each) passes jit_above_cost and jit_optimize_above_cost by far, and compiling
 *   its expressions took longer than the work (3.4 s of CPU instead of 0.85 s);
 * - parallel workers for the reads of the period's stays: with the default setup and tuple
 *   costs the planner keeps one process for them.
 */
const STATEMENT_SETTINGS = `select set_config('jit', 'off', true), set_config('parallel_setup_cost', '100', true),
  set_config('parallel_tuple_cost', '0.01', true)`;

/**
 * The funnel's rows: $1 portal, $2 model, $3 stage ids, $4 from, $5 to, $6 now, per value of
 * contact property `property`, or of all contacts under '' when it is null.
 */
export async function readFunnelRows(
  db: FunnelReader,
  params: { portalId: string; modelId: string; stageIds: readonly string[]; from: Date; to: Date; now: Date },
  property: string | null,
): Promise<FunnelRow[]> {
  const values = [
    params.portalId,
    params.modelId,
    params.stageIds,
    params.from.toISOString(),
    params.to.toISOString(),
    params.now.toISOString(),
  ];
  const result = await db.transaction(async (tx) => {
    await tx.query(STATEMENT_SETTINGS);
    return property === null ? tx.query(FUNNEL_SQL, values) : tx.query(SEGMENT_FUNNEL_SQL, [...values, property]);
  });
  return z.array(FunnelRow).parse(result.rows);
}
