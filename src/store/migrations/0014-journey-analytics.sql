-- CONTRACT.md section 8, funnel and analytics endpoints (src/api/funnel, src/api/analytics).

-- Per contact and model: when its journey began (its first entry) and when it first entered
-- each stage. The cohorts (GET /api/journey/cohorts) group contacts by the month their
-- journey began; without this, finding the first entry of each contact is a scan of every
-- entry the portal ever had. Kept by a statement trigger, like the walk of migration 0004.
create table journey_starts (
  portal_id  text          not null,
  model_id   text          not null,
  contact_id text          not null,
  started_at timestamptz   not null,
  -- parallel arrays: stages[i] was first entered at firsts[i]
  stages     text[]        not null,
  firsts     timestamptz[] not null,
  primary key (portal_id, contact_id, model_id)
);
create index journey_starts_cohorts on journey_starts (portal_id, model_id, started_at) include (contact_id, stages, firsts);

create function refresh_journey_starts(p_portal text, p_contacts text[]) returns void language sql as $$
  delete from journey_starts where portal_id = p_portal and contact_id = any(p_contacts);
  insert into journey_starts (portal_id, model_id, contact_id, started_at, stages, firsts)
  select p_portal, f.model_id, f.contact_id, min(f.first_at), array_agg(f.stage order by f.stage), array_agg(f.first_at order by f.stage)
    from (select e.model_id, e.contact_id, e.stage, min(e.entered_at) as first_at
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

-- Entries stored before this migration, in one pass (refresh_journey_starts with every
-- contact in its array would compare each entry with the whole array).
insert into journey_starts (portal_id, model_id, contact_id, started_at, stages, firsts)
select f.portal_id, f.model_id, f.contact_id, min(f.first_at), array_agg(f.stage order by f.stage), array_agg(f.first_at order by f.stage)
  from (select portal_id, model_id, contact_id, stage, min(entered_at) as first_at
          from timeline_entries group by portal_id, model_id, contact_id, stage) f
 group by f.portal_id, f.model_id, f.contact_id;

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
