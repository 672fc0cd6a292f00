-- Tasks for owners when a contact stalls (docs/owner-tasks.md).

-- A portal's alert settings. Off until an admin turns them on; *_since is when each was last
-- turned on: only health changes after it make a task (no backlog flood).
create table portal_alerts (
  portal_id      text        not null,
  behind_task    boolean     not null default false,
  stuck_task     boolean     not null default false,
  behind_since   timestamptz,
  stuck_since    timestamptz,
  max_per_day    integer     not null default 200 check (max_per_day between 1 and 5000),
  -- The last refusal HubSpot gave a task create (missing scope, validation): shown on the settings page.
  refused_at     timestamptz,
  refused_reason text,
  primary key (portal_id)
);

-- One row per stay and level that should have a task: stored in the same transaction as the
-- health change that calls for it, so a retried job never plans a second one (the key), and
-- sent by the 'owner-tasks' job. state: pending (to send), sending (a create may be under way:
-- the contact's tasks are checked for the marker before creating again), created (task_id
-- set), capped (over the portal's daily cap), refused (HubSpot refused it; not retried),
-- skipped (the contact is gone from HubSpot).
create table owner_tasks (
  portal_id        text        not null,
  contact_id       text        not null,
  stay_entered_at  timestamptz not null,
  level            text        not null check (level in ('behind', 'stuck')),
  id               text        not null,     -- the marker in the task body and its objectWriteTraceId
  state            text        not null default 'pending'
                     check (state in ('pending', 'sending', 'created', 'capped', 'refused', 'skipped')),
  stage            text        not null,
  p75_days         double precision,
  crossed_at       timestamptz not null,
  day              date        not null,     -- the UTC day of the crossing: the daily cap counts per day
  attempts         integer     not null default 0,
  task_id          text,
  reason           text,
  primary key (portal_id, contact_id, stay_entered_at, level)
);
create index owner_tasks_to_send on owner_tasks (portal_id, crossed_at) where state in ('pending', 'sending');
create index owner_tasks_per_day on owner_tasks (portal_id, day, state);
