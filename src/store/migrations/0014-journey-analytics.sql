-- The funnel and analytics endpoints (docs/api.md; src/api/funnel, src/api/analytics).

-- Per contact and model: when its journey began (its first entry) and, for each stage it
-- ever entered, how soon after that it first did: within 30, 60 or 90 days, or later (0).
-- The cohorts (GET /api/journey/cohorts) group contacts by the month their journey began and
-- count by (stages, windows), a few hundred distinct pairs, whatever the number of contacts;
-- without this table, finding each contact's first entry is a scan of every entry the portal
-- ever had. Kept by a statement trigger, like the walk of migration 0004. Windows are in
-- hours (720, 1440, 2160): day arithmetic would follow the session's time zone.
create table journey_starts (
  portal_id  text        not null,
  model_id   text        not null,
  contact_id text        not null,
  started_at timestamptz not null,
  -- parallel arrays, sorted by stage id: stages[i] was first entered within windows[i] days
  stages     text[]      not null,
  windows    smallint[]  not null,
  primary key (portal_id, contact_id, model_id)
);
create index journey_starts_cohorts on journey_starts (portal_id, model_id, started_at) include (contact_id, stages, windows);
-- The cohorts group by (month, stages, windows): a few hundred groups. Without these
-- statistics the planner guesses one per row and sorts every contact instead of hashing.
create statistics journey_starts_shapes (ndistinct) on (date_trunc('month', started_at at time zone 'UTC')), stages, windows from journey_starts;

create function refresh_journey_starts(p_portal text, p_contacts text[]) returns void language sql as $$
  delete from journey_starts where portal_id = p_portal and contact_id = any(p_contacts);
  insert into journey_starts (portal_id, model_id, contact_id, started_at, stages, windows)
  select p_portal, f.model_id, f.contact_id, min(f.started_at), array_agg(f.stage order by f.stage),
       array_agg(case when f.first_at <= f.started_at + interval '720 hours' then 30
                      when f.first_at <= f.started_at + interval '1440 hours' then 60
                      when f.first_at <= f.started_at + interval '2160 hours' then 90 else 0 end::smallint order by f.stage)
  from (select e.model_id, e.contact_id, e.stage, min(e.entered_at) as first_at,
               min(min(e.entered_at)) over (partition by e.model_id, e.contact_id) as started_at
          from timeline_entries e
         where e.portal_id = p_portal and e.contact_id = any(p_contacts)
         group by e.model_id, e.contact_id, e.stage) f
 group by f.model_id, f.contact_id;
$$;

create function timeline_entries_starts() returns trigger language plpgsql as $$
declare
  r record;
begin
  -- The walk (0004) updates entries in place; only the stage and time matter here.
  if tg_op = 'UPDATE' and pg_trigger_depth() > 1 then return null; end if;
  if tg_op = 'INSERT' then
    for r in select portal_id, array_agg(distinct contact_id) as contacts from new_rows group by portal_id loop
      perform refresh_journey_starts(r.portal_id, r.contacts);
    end loop;
  elsif tg_op = 'DELETE' then
    for r in select portal_id, array_agg(distinct contact_id) as contacts from old_rows group by portal_id loop
      perform refresh_journey_starts(r.portal_id, r.contacts);
    end loop;
  else
    for r in select portal_id, array_agg(distinct contact_id) as contacts
               from (select portal_id, contact_id from new_rows union select portal_id, contact_id from old_rows) k
              group by portal_id loop
      perform refresh_journey_starts(r.portal_id, r.contacts);
    end loop;
  end if;
  return null;
end
$$;

-- Every portal at once, in one pass (refresh_journey_starts with every contact in its array
-- would compare each entry with the whole array): for the entries stored before this
-- migration, and for bulk loads that run with the triggers off (bench/funnel-bench.ts).
create function rebuild_journey_starts() returns void language sql as $$
  delete from journey_starts;
insert into journey_starts (portal_id, model_id, contact_id, started_at, stages, windows)
select f.portal_id, f.model_id, f.contact_id, min(f.started_at), array_agg(f.stage order by f.stage),
       array_agg(case when f.first_at <= f.started_at + interval '720 hours' then 30
                      when f.first_at <= f.started_at + interval '1440 hours' then 60
                      when f.first_at <= f.started_at + interval '2160 hours' then 90 else 0 end::smallint order by f.stage)
  from (select e.portal_id, e.model_id, e.contact_id, e.stage, min(e.entered_at) as first_at,
               min(min(e.entered_at)) over (partition by e.portal_id, e.model_id, e.contact_id) as started_at
          from timeline_entries e
         group by e.portal_id, e.model_id, e.contact_id, e.stage) f
 group by f.portal_id, f.model_id, f.contact_id;
$$;
select rebuild_journey_starts();

create trigger timeline_entries_starts_insert after insert on timeline_entries
  referencing new table as new_rows for each statement execute function timeline_entries_starts();
create trigger timeline_entries_starts_update after update on timeline_entries
  referencing old table as old_rows new table as new_rows for each statement execute function timeline_entries_starts();
create trigger timeline_entries_starts_delete after delete on timeline_entries
  referencing old table as old_rows for each statement execute function timeline_entries_starts();

-- Entries in a period now also give the stays that began in it (the Kaplan–Meier
-- percentiles need left_at): the same index with left_at, so the funnel stays index-only.
drop index if exists timeline_entries_flow;
create index timeline_entries_begun on timeline_entries (portal_id, model_id, entered_at)
  include (stage, contact_id, left_at, prev_same_at, stages_after);

-- Stuck and behind contacts (migration 0008's health): the funnel's `stuck` counts and the
-- stalled list, longest first, for all stages or one.
create index contacts_stalled on contacts (portal_id, model_id, health, stage_entered_at)
  include (contact_id, stage) where not deleted and health in ('stuck', 'behind');
create index contacts_stalled_stage on contacts (portal_id, model_id, health, stage, stage_entered_at)
  include (contact_id) where not deleted and health in ('stuck', 'behind');
