-- The funnel's `current` and `stuck` (src/api/funnel/compute-funnel.ts) are counts of the
-- contacts now in each stage: a scan of every contact of the portal per request (170 ms at a
-- million contacts, most of the 300 ms budget of issue 14). Kept here instead, exact, in the
-- same transaction as the contact writes: per portal, model, stage and health ('' = none),
-- the change in contacts that are not deleted. No contact id, so nothing to erase on a privacy
-- deletion.
--
-- A ledger, insert only: each statement that writes contacts adds its deltas as new rows and
-- the funnel sums them. An upsert of one counter row per stage would make every derivation of
-- a portal wait for the others' commits (the row lock is held to commit) and could deadlock two
-- workers whose transactions write contacts in several statements. The rows of a portal are
-- folded into one per key by compactStageCounts (src/store/stage-counts.ts), after the daily
-- dwell recomputation; folding deletes rows and inserts their sum in one statement, so it is
-- exact beside concurrent writers and concurrent foldings.
create table contact_stage_counts (
  portal_id text   not null,
  model_id  text   not null,
  stage     text   not null,
  health    text   not null,
  id        bigserial,
  n         bigint not null,
  primary key (portal_id, model_id, stage, health, id)
);

-- Statement-level with transition tables, like the walk (0004): one insert per batch of
-- contacts written, whoever writes them (derivations, health refreshes, deletions, merges,
-- erasure); a statement that changes no counted column adds no row.
create function contacts_stage_counts() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into contact_stage_counts (portal_id, model_id, stage, health, n)
    select portal_id, model_id, stage, coalesce(health, ''), count(*) from new_rows where not deleted
     group by 1, 2, 3, 4;
  elsif tg_op = 'DELETE' then
    insert into contact_stage_counts (portal_id, model_id, stage, health, n)
    select portal_id, model_id, stage, coalesce(health, ''), -count(*) from old_rows where not deleted
     group by 1, 2, 3, 4;
  else
    insert into contact_stage_counts (portal_id, model_id, stage, health, n)
    select d.portal_id, d.model_id, d.stage, d.health, sum(d.n) from (
      select portal_id, model_id, stage, coalesce(health, '') as health, 1 as n from new_rows where not deleted
      union all
      select portal_id, model_id, stage, coalesce(health, ''), -1 from old_rows where not deleted
    ) d group by 1, 2, 3, 4 having sum(d.n) <> 0;
  end if;
  return null;
end
$$;

insert into contact_stage_counts (portal_id, model_id, stage, health, n)
select portal_id, model_id, stage, coalesce(health, ''), count(*) from contacts where not deleted group by 1, 2, 3, 4;

create trigger contacts_stage_counts_insert after insert on contacts
  referencing new table as new_rows for each statement execute function contacts_stage_counts();
create trigger contacts_stage_counts_update after update on contacts
  referencing old table as old_rows new table as new_rows for each statement execute function contacts_stage_counts();
create trigger contacts_stage_counts_delete after delete on contacts
  referencing old table as old_rows for each statement execute function contacts_stage_counts();
