-- Per-portal settings and lifecycle (OAuth installs, single-portal mode, the sandbox).
create table portals (
  portal_id        text        not null,
  model_id         text,                  -- null: the service's STAGE_MODEL
  custom_model     jsonb,                 -- a custom stage model stored for this portal
  provisioned_hash text,                  -- hash of the property definitions last written to HubSpot
  status           text        not null default 'active' check (status in ('active', 'inactive')),
  installed_at     timestamptz not null default now(),
  uninstalled_at   timestamptz,
  primary key (portal_id)
);

-- One row per contact we derived: the current stage, and what we last wrote to HubSpot
-- (a write happens only when the two differ).
create table contacts (
  portal_id          text        not null,
  contact_id         text        not null,
  model_id           text        not null,
  stage              text        not null,
  stage_entered_at   timestamptz not null,
  written_stage      text,
  written_entered_at timestamptz,
  write_error        text,                -- a per-record refusal (validation rule), not retried
  next_change_at     timestamptz,
  -- The HubSpot values the last derivation read (stage-related properties of the contact
  -- and its deals, no names or emails): time-based rules and the journey API re-derive
  -- from it without another HubSpot call.
  evidence           jsonb       not null,
  deleted            boolean     not null default false,
  updated_at         timestamptz not null,
  primary key (portal_id, contact_id)
);
create index contacts_stage on contacts (portal_id, stage) where not deleted;

-- The append-only stage history. seq orders entries of one contact as they were appended.
create table timeline_entries (
  portal_id  text        not null,
  contact_id text        not null,
  seq        integer     not null,
  stage      text        not null,
  entered_at timestamptz not null,
  direction  text        not null check (direction in ('advance', 'regression')),
  model_id   text        not null,
  entry      jsonb       not null,        -- the journey JSON entry: reason, evidence, flags
  primary key (portal_id, contact_id, seq)
);
create index timeline_entries_period on timeline_entries (portal_id, model_id, stage, entered_at);

-- Deal-to-contact links we have seen: deal events reach their contacts even after the deal is gone.
create table deal_contacts (
  portal_id  text not null,
  deal_id    text not null,
  contact_id text not null,
  primary key (portal_id, deal_id, contact_id)
);
create index deal_contacts_by_contact on deal_contacts (portal_id, contact_id);

-- Merged contacts: the old ids and the record they now belong to.
create table contact_aliases (
  portal_id  text not null,
  old_id     text not null,
  new_id     text not null,
  primary key (portal_id, old_id)
);

-- Privacy deletions: everything about the contact is erased; this row only says "never again".
-- It keeps no data but the id, which HubSpot will never reuse.
create table erased_contacts (
  portal_id  text        not null,
  contact_id text        not null,
  erased_at  timestamptz not null,
  primary key (portal_id, contact_id)
);

-- Deal pipelines per portal, cached; refreshed when an unknown stage appears.
create table pipelines (
  portal_id  text        not null,
  pipelines  jsonb       not null,
  fetched_at timestamptz not null,
  primary key (portal_id)
);

-- The portal's HubSpot API budget, shared by every process: calls per one-second slot.
create table api_budget (
  portal_id text    not null,
  slot      bigint  not null,
  used      integer not null,
  primary key (portal_id, slot)
);
