-- The funnel (GET /api/journey/funnel, src/api/funnel/compute-funnel.ts) reads, for each
-- timeline entry, what happened next on the contact's path under the same model. Kept here
-- at write time so the funnel over a period is an index range scan, not a window over every
-- contact's history. A contact's path: its entries of one model ordered by (entered_at, seq).
alter table timeline_entries
  -- entered_at of the next entry on the path: the stay in this stage ended then; null while it lasts
  add column left_at timestamptz,
  -- entered_at of the previous entry into the same stage on the path; null for the first one
  add column prev_same_at timestamptz,
  -- the distinct stages of the entries after this one on the path
  add column stages_after text[] not null default '{}';

-- Recomputes the three columns for the given contacts; writes only the rows that change.
create function refresh_timeline_walk(p_portal text, p_contacts text[]) returns void language sql as $$
  update timeline_entries t
     set left_at = w.left_at, prev_same_at = w.prev_same_at, stages_after = w.stages_after
    from (
      select contact_id, seq, left_at, prev_same_at,
             array(select distinct s from unnest(after) as s order by s) as stages_after
        from (
          select e.contact_id, e.seq,
                 lead(e.entered_at) over path as left_at,
                 lag(e.entered_at) over (partition by e.contact_id, e.model_id, e.stage order by e.entered_at, e.seq) as prev_same_at,
                 array_agg(e.stage) over (path rows between 1 following and unbounded following) as after
            from timeline_entries e
           where e.portal_id = p_portal and e.contact_id = any(p_contacts)
          window path as (partition by e.contact_id, e.model_id order by e.entered_at, e.seq)
        ) x
    ) w
   where t.portal_id = p_portal and t.contact_id = w.contact_id and t.seq = w.seq
     and (t.left_at, t.prev_same_at, t.stages_after) is distinct from (w.left_at, w.prev_same_at, w.stages_after)
$$;

-- Statement-level with transition tables: one recompute per batch, whoever writes the entries
-- (appends, re-derivations, merges, erasure). https://www.postgresql.org/docs/current/plpgsql-trigger.html
create function timeline_entries_walk() returns trigger language plpgsql as $$
declare
  r record;
begin
  if tg_op = 'UPDATE' then
    -- Our own update of the walk columns fires this trigger again: nothing left to do then.
    if pg_trigger_depth() > 1 then return null; end if;
    for r in select portal_id, array_agg(distinct contact_id) as contacts
               from (select portal_id, contact_id from new_rows union select portal_id, contact_id from old_rows) k
              group by portal_id loop
      perform refresh_timeline_walk(r.portal_id, r.contacts);
    end loop;
  elsif tg_op = 'INSERT' then
    for r in select portal_id, array_agg(distinct contact_id) as contacts from new_rows group by portal_id loop
      perform refresh_timeline_walk(r.portal_id, r.contacts);
    end loop;
  else
    for r in select portal_id, array_agg(distinct contact_id) as contacts from old_rows group by portal_id loop
      perform refresh_timeline_walk(r.portal_id, r.contacts);
    end loop;
  end if;
  return null;
end
$$;

-- Entries stored before this migration (run before the triggers exist, so only once).
select refresh_timeline_walk(portal_id, array_agg(distinct contact_id)) from timeline_entries group by portal_id;

create trigger timeline_entries_walk_insert after insert on timeline_entries
  referencing new table as new_rows for each statement execute function timeline_entries_walk();
create trigger timeline_entries_walk_update after update on timeline_entries
  referencing old table as old_rows new table as new_rows for each statement execute function timeline_entries_walk();
create trigger timeline_entries_walk_delete after delete on timeline_entries
  referencing old table as old_rows for each statement execute function timeline_entries_walk();

-- Entries in a period: `entered` and `conversionToNext` (index-only scan).
create index timeline_entries_flow on timeline_entries (portal_id, model_id, entered_at)
  include (stage, contact_id, prev_same_at, stages_after);
-- Stays that ended in a period, per stage: `medianDaysInStage` (index-only scan).
create index timeline_entries_stays on timeline_entries (portal_id, model_id, stage, left_at)
  include (entered_at, contact_id) where left_at is not null;
-- `current`: contacts per stage now (index-only scan), and the few deleted ones to leave out.
create index contacts_current on contacts (portal_id, model_id, stage) where not deleted;
create index contacts_deleted on contacts (portal_id, contact_id) where deleted;
