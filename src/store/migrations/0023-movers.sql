-- Health for every stage (docs/health.md). Kaplan–Meier quantiles of time in a stage do not
-- exist when fewer than 90 % of its stays ever end, which is the normal case for a lead stage,
-- so health thresholds now come from the stays that ended by moving forward (the movers), and
-- the forecast from a Kaplan–Meier curve with moving forward as the event.

-- Whether the stay ended by moving forward: the next entry on the contact's path (same model)
-- is an advance. null while the stay lasts; false when a regression ended it.
alter table timeline_entries add column left_forward boolean;

create or replace function refresh_timeline_walk(p_portal text, p_contacts text[]) returns void language sql as $$
  update timeline_entries t
     set left_at = w.left_at, prev_same_at = w.prev_same_at, stages_after = w.stages_after,
         left_forward = w.left_forward
    from (
      select contact_id, seq, left_at, prev_same_at, left_forward,
             array(select distinct s from unnest(after) as s order by s) as stages_after
        from (
          select e.contact_id, e.seq,
                 lead(e.entered_at) over path as left_at,
                 lead(e.direction) over path = 'advance' as left_forward,
                 lag(e.entered_at) over (partition by e.contact_id, e.model_id, e.stage order by e.entered_at, e.seq) as prev_same_at,
                 array_agg(e.stage) over (path rows between 1 following and unbounded following) as after
            from timeline_entries e
           where e.portal_id = p_portal and e.contact_id = any(p_contacts)
          window path as (partition by e.contact_id, e.model_id order by e.entered_at, e.seq)
        ) x
    ) w
   where t.portal_id = p_portal and t.contact_id = w.contact_id and t.seq = w.seq
     and (t.left_at, t.prev_same_at, t.stages_after, t.left_forward)
         is distinct from (w.left_at, w.prev_same_at, w.stages_after, w.left_forward)
$$;

-- Entries stored before this migration; the update trigger would walk them a second time.
alter table timeline_entries disable trigger timeline_entries_walk_update;
select refresh_timeline_walk(portal_id, array_agg(distinct contact_id)) from timeline_entries group by portal_id;
alter table timeline_entries enable trigger timeline_entries_walk_update;

-- The movers of a stage in a period (health thresholds, the funnel's `movers`).
create index timeline_entries_movers on timeline_entries (portal_id, model_id, stage, left_at)
  include (entered_at, contact_id) where left_forward;

-- stage_dwell's p50/p75/p90 are now the movers' quantiles and basis their count (written by
-- src/analytics/compute-stage-dwell.ts). Beside them, per stage, the Kaplan–Meier curve of the
-- forecast: one row per distinct stay length (to the hour), the stays at least that long
-- (at risk) and S(days), the share of stays expected to last longer than `days` without
-- moving forward (regressions and ongoing stays censored).
create table stage_survival (
  portal_id text             not null,
  model_id  text             not null,
  stage     text             not null,
  days      double precision not null,
  at_risk   integer          not null,
  survival  double precision not null,
  primary key (portal_id, model_id, stage, days)
);

-- Every portal computed so far recomputes at once under the new definition: one pass that
-- re-classifies its contacts and writes only those whose status changes.
insert into jobs (portal_id, task, key, run_at)
select portal_id, 'stage-dwell', 'dwell', now() from stage_dwell_runs group by portal_id
on conflict (portal_id, task, key) where state = 'pending' do update set run_at = least(jobs.run_at, excluded.run_at);
