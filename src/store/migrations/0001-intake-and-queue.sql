-- Every table is keyed by portal first, so the data can be sharded by portal.

-- Each webhook event HubSpot delivered, stored before we answer 2xx.
-- dedupe_key is a hash of portal, subscription type, object, occurredAt, property
-- name and value and eventId: eventId alone is not unique (docs/api.md, "Beyond the basic surface").
create table webhook_events (
  portal_id         text        not null,
  dedupe_key        text        not null,
  event_id          text        not null,
  subscription_type text        not null,
  kind              text        not null,
  object_type       text        not null,
  object_id         text        not null,
  occurred_at       timestamptz not null,
  payload           jsonb       not null,
  received_at       timestamptz not null default now(),
  processed_at      timestamptz,
  primary key (portal_id, dedupe_key)
);
-- The worker reads an object's unprocessed events.
create index webhook_events_pending on webhook_events (portal_id, object_type, object_id, occurred_at)
  where processed_at is null;

-- Events that did not parse: kept with their raw JSON and the reason, never applied.
-- portal_id is '' when the event did not even carry a readable portalId.
create table quarantined_events (
  portal_id   text        not null,
  id          bigserial,
  reason      text        not null,
  raw         jsonb       not null,
  received_at timestamptz not null default now(),
  primary key (portal_id, id)
);

-- The durable job queue. A pending job with a key coalesces all work for that key:
-- a burst of events for one contact makes one pending job. Finished jobs are deleted;
-- 'dead' jobs stay with their last error until someone retries or drops them.
create table jobs (
  portal_id    text        not null,
  id           bigserial,
  task         text        not null,
  key          text        not null,
  payload      jsonb       not null default '{}',
  state        text        not null default 'pending' check (state in ('pending', 'running', 'dead')),
  run_at       timestamptz not null default now(),
  attempts     integer     not null default 0,
  max_attempts integer     not null default 12,
  locked_by    text,
  locked_until timestamptz,
  last_error   text,
  created_at   timestamptz not null default now(),
  primary key (portal_id, id)
);
create unique index jobs_one_pending_per_key on jobs (portal_id, task, key) where state = 'pending';
create index jobs_ready on jobs (run_at) where state = 'pending';
create index jobs_expired on jobs (locked_until) where state = 'running';
