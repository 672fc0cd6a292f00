/**
 * The funnel's statements as they were before each stay carried its segment values (migration
 * 0033), kept verbatim as the reference the stored values must reproduce
 * (test/integration/funnel-stored-segments.test.ts): the segmented one joins every stay to
 * the contact's dated value ranges at query time. Same parameters as src/store/funnel-rows.ts.
 */

/**
 * Segment ranges: each dated value of contact property $7 (migration 0019), in
 * force from `since` until the next one's; a contact's first range reaches back to
 * '-infinity' (`since` stays its own, so a stay that began before it counts in '', no value
 * yet). One window pass over the portal's rows of the property, in primary key order; joined
 * to stays by a hash join on the contact, not a lookup per stay.
 */
const RANGES = `
ranges as materialized (
  select v.contact_id, v.value, v.since,
         case when lag(v.since) over w is null then '-infinity' else v.since end as reach,
         lead(v.since, 1, 'infinity') over w as until
    from contact_segment_values v where v.portal_id = $1 and v.property = $7::text
  window w as (partition by v.contact_id order by v.since)
),`;

/** How a row is put in its segment: a join on the ranges and the value it yields ('' without segments). */
type Segmenter = {
  join(alias: string, contact: string, at: string): string;
  value(alias: string, contact: string, at: string): string;
};

const ALL_CONTACTS: Segmenter = { join: () => '', value: () => `''` };

/**
 * The value contact `contact` had at instant `at`: the range it falls in; a contact with no
 * dated value at all (stored before the sync kept them) counts in the value its stored
 * evidence has now (coalesce reads it only for those).
 */
const BY_VALUE_AT_ENTRY: Segmenter = {
  join: (alias, contact, at) => `left join ranges ${alias}
    on ${alias}.contact_id = ${contact} and ${at} >= ${alias}.reach and ${at} < ${alias}.until`,
  value: (alias, contact, at) => `case when ${at} < ${alias}.since then '' else coalesce(${alias}.value,
    (select coalesce(sc.evidence->'contact'->'properties'->>$7::text, '') from contacts sc
      where sc.portal_id = $1 and sc.contact_id = ${contact}), '') end`,
};

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
 * $7), every stay counts in the value the contact had when it began (RANGES): a
 * contact's current stay at its stage_entered_at, an entry at its entered_at.
 */
const SEGMENT_VALUES = 'select segment from now_counts union select segment from begun union select segment from stays';

const funnelSql = (seg: Segmenter) => `
with ${seg === ALL_CONTACTS ? '' : RANGES} stages as materialized (
  select s.id, s.idx::int as idx from unnest($3::text[]) with ordinality as s(id, idx)
),
-- current and stuck: unsegmented, the counts kept by migration 0022's trigger (a few rows,
-- not a scan of every contact); per segment value, one pass over the contacts now in the model
now_counts as (${
  seg === ALL_CONTACTS
    ? `
  select '' as segment, k.stage, sum(k.n) as current, sum(k.n) filter (where k.health = 'stuck') as stuck
    from contact_stage_counts k where k.portal_id = $1 and k.model_id = $2 group by k.stage`
    : `
  select x.segment, x.stage, count(*) as current, count(*) filter (where x.health = 'stuck') as stuck from (
    select c.stage, c.health, ${seg.value('r', 'c.contact_id', 'c.stage_entered_at')} as segment from contacts c
      ${seg.join('r', 'c.contact_id', 'c.stage_entered_at')}
     where c.portal_id = $1 and c.model_id = $2 and not c.deleted
  ) x group by x.segment, x.stage`
}
),
-- The entries that began in the period, read once and reduced at once to a few thousand
-- groups (no materialized copy of every entry): per stage, whether the entry is the
-- contact's first into the stage in the period, whether a later stage of the model ($3)
-- followed it, and its length to a tenth of a day (see begun).
period_groups as (
  select e.segment, e.stage, e.first, e.first and coalesce(e.converted, false) as converted, e.days,
         count(*) filter (where e.ended) as ended, count(*) as n from (
    select t.stage, t.prev_same_at is null or t.prev_same_at < $4 as first,
           t.stages_after && ($3::text[])[array_position($3::text[], t.stage) + 1:] as converted,
           round(date_part('epoch', coalesce(t.left_at, $6::timestamptz) - t.entered_at) / 8640) / 10 as days,
           t.left_at is not null as ended,
           ${seg.value('r', 't.contact_id', 't.entered_at')} as segment
      from timeline_entries t
      ${seg.join('r', 't.contact_id', 't.entered_at')}
     where t.portal_id = $1 and t.model_id = $2 and t.entered_at >= $4 and t.entered_at < $5
       and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
  ) e group by 1, 2, 3, 4, 5
),
flow as (
  select g.segment, s.idx, sum(g.n) filter (where g.first) as entered, sum(g.n) filter (where g.converted) as converted
    from stages s join period_groups g on g.stage = s.id
   group by g.segment, s.idx
),
-- The median of the stays that ended in the period, per stage: percentile_cont(0.5) of their
-- lengths in days, as PostgreSQL computes it (orderedsetaggs.c: the values at 0-based rows
-- floor and ceil of (n - 1) / 2 of the sorted lengths, lo + 0.5 * (hi - lo) in float8), but
-- the lengths are sorted as intervals (same order) and only those two are turned into days:
-- the numeric day count of every stay cost more than the sort.
stays as (
  select s.idx, m.segment, m.lo + 0.5::float8 * (m.hi - m.lo) as median_days from stages s ${
    // Unsegmented, one index range per stage (lateral); segmented, every stage in one pass so
    // the segment ranges are joined once, not once per stage.
    seg === ALL_CONTACTS ? 'join lateral' : 'join'
  } (
    select a.segment, a.stage, (extract(epoch from a.lengths[(a.n - 1) / 2 + 1]) / 86400)::float8 as lo,
           (extract(epoch from a.lengths[a.n / 2 + 1]) / 86400)::float8 as hi from (
      select e.segment, e.stage, array_agg(e.length order by e.length) as lengths, count(*)::int as n from (
        select t.stage, t.left_at - t.entered_at as length,
               ${seg.value('r', 't.contact_id', 't.entered_at')} as segment
          from timeline_entries t
          ${seg.join('r', 't.contact_id', 't.entered_at')}
         where t.portal_id = $1 and t.model_id = $2 and ${seg === ALL_CONTACTS ? 't.stage = s.id' : 't.stage = any($3::text[])'}
           and t.left_at >= $4 and t.left_at < $5
           and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
      ) e group by e.segment, e.stage
    ) a
  ) m ${seg === ALL_CONTACTS ? 'on true' : 'on m.stage = s.id'}
),
-- The movers: stays that ended in the period by moving forward, per stage (the partial index
-- of migration 0023 holds exactly them).
movers as (
  select s.idx, m.segment, m.n, m.p50, m.p75, m.p90 from stages s ${seg === ALL_CONTACTS ? 'join lateral' : 'join'} (
    select e.segment, e.stage, count(*)::int as n,
           (extract(epoch from percentile_disc(0.5) within group (order by e.length)) / 86400)::float8 as p50,
           (extract(epoch from percentile_disc(0.75) within group (order by e.length)) / 86400)::float8 as p75,
           (extract(epoch from percentile_disc(0.9) within group (order by e.length)) / 86400)::float8 as p90 from (
      select t.stage, t.left_at - t.entered_at as length,
             ${seg.value('r', 't.contact_id', 't.entered_at')} as segment
        from timeline_entries t
        ${seg.join('r', 't.contact_id', 't.entered_at')}
       where t.portal_id = $1 and t.model_id = $2 and ${seg === ALL_CONTACTS ? 't.stage = s.id' : 't.stage = any($3::text[])'}
         and t.left_forward and t.left_at >= $4 and t.left_at < $5
         and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
    ) e group by e.segment, e.stage
  ) m ${seg === ALL_CONTACTS ? 'on true' : 'on m.stage = s.id'}
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
  ${seg === ALL_CONTACTS ? `select '' as segment` : `${SEGMENT_VALUES} union select segment from movers`}
)
select g.segment, s.id as stage, coalesce(c.current, 0)::int as current, coalesce(f.entered, 0)::int as entered,
       coalesce(f.converted, 0)::int as converted, st.median_days::float8 as median_days,
       q.p50::float8 as p50_days, q.p75::float8 as p75_days, q.p90::float8 as p90_days, coalesce(c.stuck, 0)::int as stuck,
       coalesce(m.n, 0)::int as movers, m.p50 as movers_p50, m.p75 as movers_p75, m.p90 as movers_p90
  from segments g cross join stages s
  left join now_counts c on c.segment = g.segment and c.stage = s.id
  left join flow f on f.segment = g.segment and f.idx = s.idx
  left join stays st on st.segment = g.segment and st.idx = s.idx
  left join quantiles q on q.segment = g.segment and q.stage = s.id
  left join movers m on m.segment = g.segment and m.idx = s.idx
 order by g.segment, s.idx`;

/** The funnel of all contacts: $1 portal, $2 model, $3 stage ids, $4 from, $5 to, $6 now. */
export const REFERENCE_FUNNEL_SQL = funnelSql(ALL_CONTACTS);
/** The same per value of contact property $7, each stay in the value in force when it began. */
export const REFERENCE_SEGMENT_FUNNEL_SQL = funnelSql(BY_VALUE_AT_ENTRY);

/** The cohorts' statement before it read the period month by month (src/store/cohort-rows.ts). */
export const REFERENCE_COHORTS_SQL = `
select to_char(m.month, 'YYYY-MM-DD') as start, m.stages, m.windows, m.n from (
  select date_trunc('month', j.started_at at time zone 'UTC') as month, j.stages, j.windows, count(*)::int as n
    from journey_starts j
   where j.portal_id = $1 and j.model_id = $2 and j.started_at >= $3 and j.started_at < $4
     and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = j.contact_id and d.deleted)
   group by 1, 2, 3
) m`;
