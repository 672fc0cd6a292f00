-- The segmented funnel (GET /api/journey/funnel?segment=PROPERTY) counts each stay in the
-- value the contact had when the stay began (migration 0019's dated values). Joining every stay
-- of the period to the value ranges at query time took seconds at a million timelines, so each
-- stay now carries those values, kept here whoever writes the stays or the values.
--
-- One jsonb per row, not a column per property: the funnel's property is a request parameter
-- (any contact property, src/api/funnel/compute-segments.ts), and the sync's segment properties
-- (SEGMENT_PROPERTIES) can grow without a migration. Its keys: each property the contact has
-- dated values of, with the value in force at the stay's start ('' = no value then, including
-- a stay that began before the contact's first dated value). A property without dated values
-- has no key: the funnel then reads the contact's stored evidence (its current value), as before.
--
-- timeline_entries.segment_values: at entered_at, for the period's stays.
-- contacts.segment_values: at stage_entered_at, for the current stays (`current`, `stuck`),
-- which the funnel reads from the contact_segment_counts ledger below, not per contact.
alter table timeline_entries add column segment_values jsonb not null default '{}';
alter table contacts add column segment_values jsonb not null default '{}';

-- The values contact p_contact's dated values give at instant p_at (see above).
create function segment_values_at(p_portal text, p_contact text, p_at timestamptz) returns jsonb
language sql stable as $$
  select coalesce(jsonb_object_agg(v.property, v.value), '{}'::jsonb) from (
    select distinct on (s.property) s.property, case when s.since <= p_at then s.value else '' end as value
      from contact_segment_values s
     where s.portal_id = p_portal and s.contact_id = p_contact
     order by s.property, s.since <= p_at desc, s.since desc
  ) v
$$;

-- Recomputes both columns for the given contacts, writing only the rows that change: after
-- their dated values changed (a value that arrives late, with a `since` before stays already
-- stored, moves those stays to it).
create function refresh_segment_values(p_portal text, p_contacts text[]) returns void language sql as $$
  update timeline_entries t set segment_values = x.v
    from (select e.contact_id, e.seq, segment_values_at(p_portal, e.contact_id, e.entered_at) as v
            from timeline_entries e where e.portal_id = p_portal and e.contact_id = any(p_contacts)) x
   where t.portal_id = p_portal and t.contact_id = x.contact_id and t.seq = x.seq and t.segment_values <> x.v;
  update contacts c set segment_values = x.v
    from (select k.contact_id, segment_values_at(p_portal, k.contact_id, k.stage_entered_at) as v
            from contacts k where k.portal_id = p_portal and k.contact_id = any(p_contacts)) x
   where c.portal_id = p_portal and c.contact_id = x.contact_id and c.segment_values <> x.v;
$$;

-- Every row at once, in one pass over the value ranges (a lookup per row would cost a minute
-- at a million timelines): for the rows stored before this migration, and for bulk loads that
-- run with the triggers off (bench/funnel-bench.ts). A range: a value in force from its `since`
-- to the next one's, the first reaching back to '-infinity' (before its `since`: '').
create function rebuild_segment_values() returns void language sql as $$
  update timeline_entries t set segment_values = x.v from (
    select e.portal_id, e.contact_id, e.seq,
           jsonb_object_agg(r.property, case when e.entered_at < r.since then '' else r.value end) as v
      from timeline_entries e
      join (select v.portal_id, v.contact_id, v.property, v.value, v.since,
                   case when lag(v.since) over w is null then '-infinity' else v.since end as reach,
                   lead(v.since, 1, 'infinity') over w as until
              from contact_segment_values v
            window w as (partition by v.portal_id, v.contact_id, v.property order by v.since)) r
        on r.portal_id = e.portal_id and r.contact_id = e.contact_id and e.entered_at >= r.reach and e.entered_at < r.until
     group by e.portal_id, e.contact_id, e.seq
  ) x
   where t.portal_id = x.portal_id and t.contact_id = x.contact_id and t.seq = x.seq and t.segment_values <> x.v;
  update contacts c set segment_values = x.v from (
    select k.portal_id, k.contact_id,
           jsonb_object_agg(r.property, case when k.stage_entered_at < r.since then '' else r.value end) as v
      from contacts k
      join (select v.portal_id, v.contact_id, v.property, v.value, v.since,
                   case when lag(v.since) over w is null then '-infinity' else v.since end as reach,
                   lead(v.since, 1, 'infinity') over w as until
              from contact_segment_values v
            window w as (partition by v.portal_id, v.contact_id, v.property order by v.since)) r
        on r.portal_id = k.portal_id and r.contact_id = k.contact_id
       and k.stage_entered_at >= r.reach and k.stage_entered_at < r.until
     group by k.portal_id, k.contact_id
  ) x
   where c.portal_id = x.portal_id and c.contact_id = x.contact_id and c.segment_values <> x.v;
$$;

-- Rows stored before this migration. Only segment_values changes: the walk (0004), journey
-- starts (0014) and stage counts (0022) triggers would recompute every contact for nothing.
alter table timeline_entries disable trigger timeline_entries_walk_update;
alter table timeline_entries disable trigger timeline_entries_starts_update;
alter table contacts disable trigger contacts_stage_counts_update;
select rebuild_segment_values();
alter table timeline_entries enable trigger timeline_entries_walk_update;
alter table timeline_entries enable trigger timeline_entries_starts_update;
alter table contacts enable trigger contacts_stage_counts_update;

-- `current` and `stuck` per segment value, as migration 0022 keeps them for all contacts: a
-- ledger of deltas per portal, model, stage, health ('' = none), segment property and value
-- ('' = no value) of the contacts that are not deleted, one row set per statement that writes
-- contacts; folded by compactSegmentCounts (src/store/stage-counts.ts). Only the properties a
-- contact has a key for in segment_values: the funnel reads the others' evidence, and only when
-- this ledger counts fewer contacts for the property than contact_stage_counts. No contact id.
create table contact_segment_counts (
  portal_id text   not null,
  model_id  text   not null,
  property  text   not null,
  value     text   not null,
  stage     text   not null,
  health    text   not null,
  id        bigserial,
  n         bigint not null,
  primary key (portal_id, model_id, property, value, stage, health, id)
);

create function contacts_segment_counts() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into contact_segment_counts (portal_id, model_id, property, value, stage, health, n)
    select r.portal_id, r.model_id, s.key, s.value, r.stage, coalesce(r.health, ''), count(*)
      from new_rows r cross join jsonb_each_text(r.segment_values) s where not r.deleted
     group by 1, 2, 3, 4, 5, 6;
  elsif tg_op = 'DELETE' then
    insert into contact_segment_counts (portal_id, model_id, property, value, stage, health, n)
    select r.portal_id, r.model_id, s.key, s.value, r.stage, coalesce(r.health, ''), -count(*)
      from old_rows r cross join jsonb_each_text(r.segment_values) s where not r.deleted
     group by 1, 2, 3, 4, 5, 6;
  else
    insert into contact_segment_counts (portal_id, model_id, property, value, stage, health, n)
    select d.portal_id, d.model_id, d.property, d.value, d.stage, d.health, sum(d.n) from (
      select r.portal_id, r.model_id, s.key as property, s.value, r.stage, coalesce(r.health, '') as health, 1 as n
        from new_rows r cross join jsonb_each_text(r.segment_values) s where not r.deleted
      union all
      select r.portal_id, r.model_id, s.key, s.value, r.stage, coalesce(r.health, ''), -1
        from old_rows r cross join jsonb_each_text(r.segment_values) s where not r.deleted
    ) d group by 1, 2, 3, 4, 5, 6 having sum(d.n) <> 0;
  end if;
  return null;
end
$$;

insert into contact_segment_counts (portal_id, model_id, property, value, stage, health, n)
select c.portal_id, c.model_id, s.key, s.value, c.stage, coalesce(c.health, ''), count(*)
  from contacts c cross join jsonb_each_text(c.segment_values) s where not c.deleted
 group by 1, 2, 3, 4, 5, 6;

create trigger contacts_segment_counts_insert after insert on contacts
  referencing new table as new_rows for each statement execute function contacts_segment_counts();
create trigger contacts_segment_counts_update after update on contacts
  referencing old table as old_rows new table as new_rows for each statement execute function contacts_segment_counts();
create trigger contacts_segment_counts_delete after delete on contacts
  referencing old table as old_rows for each statement execute function contacts_segment_counts();

-- A stay written (appended, re-derived, moved by a merge) takes the values in force when it
-- began, whoever writes it; so does a contact's current stay when its start changes.
create function timeline_entries_segment_values() returns trigger language plpgsql as $$
begin
  new.segment_values := segment_values_at(new.portal_id, new.contact_id, new.entered_at);
  return new;
end
$$;
create trigger timeline_entries_segment_values before insert or update of portal_id, contact_id, entered_at
  on timeline_entries for each row execute function timeline_entries_segment_values();

create function contacts_segment_values() returns trigger language plpgsql as $$
begin
  new.segment_values := segment_values_at(new.portal_id, new.contact_id, new.stage_entered_at);
  return new;
end
$$;
create trigger contacts_segment_values before insert or update of portal_id, contact_id, stage_entered_at
  on contacts for each row execute function contacts_segment_values();

-- Dated values written (src/store/segment-values.ts, erasure, merges): the contacts' stays
-- move to them in the same statement, a value that arrives late included. Statement-level
-- with transition tables, like the walk: one recompute per batch. The updates it makes fire
-- the walk, starts and counts triggers one level down, where they have nothing to do.
create function contact_segment_values_stays() returns trigger language plpgsql as $$
declare
  r record;
begin
  if tg_op = 'INSERT' then
    for r in select portal_id, array_agg(distinct contact_id) as contacts from new_rows group by portal_id loop
      perform refresh_segment_values(r.portal_id, r.contacts);
    end loop;
  elsif tg_op = 'DELETE' then
    for r in select portal_id, array_agg(distinct contact_id) as contacts from old_rows group by portal_id loop
      perform refresh_segment_values(r.portal_id, r.contacts);
    end loop;
  else
    for r in select portal_id, array_agg(distinct contact_id) as contacts
               from (select portal_id, contact_id from new_rows union select portal_id, contact_id from old_rows) k
              group by portal_id loop
      perform refresh_segment_values(r.portal_id, r.contacts);
    end loop;
  end if;
  return null;
end
$$;
create trigger contact_segment_values_stays_insert after insert on contact_segment_values
  referencing new table as new_rows for each statement execute function contact_segment_values_stays();
create trigger contact_segment_values_stays_update after update on contact_segment_values
  referencing old table as old_rows new table as new_rows for each statement execute function contact_segment_values_stays();
create trigger contact_segment_values_stays_delete after delete on contact_segment_values
  referencing old table as old_rows for each statement execute function contact_segment_values_stays();

-- The segmented funnel reads the stays of a period with their values, index-only, as the
-- funnel does without segments: 0014's and 0023's indexes with segment_values included.
drop index timeline_entries_begun;
create index timeline_entries_begun on timeline_entries (portal_id, model_id, entered_at)
  include (stage, contact_id, left_at, prev_same_at, stages_after, segment_values);
drop index timeline_entries_stays;
create index timeline_entries_stays on timeline_entries (portal_id, model_id, stage, left_at)
  include (entered_at, contact_id, segment_values) where left_at is not null;
drop index timeline_entries_movers;
create index timeline_entries_movers on timeline_entries (portal_id, model_id, stage, left_at)
  include (entered_at, contact_id, segment_values) where left_forward;
